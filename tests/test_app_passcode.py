"""A team passcode keeps the supplier's side of a shared server for the team; client links
never need it, and without the setting nothing is asked."""
from __future__ import annotations

import json
import time

import pytest

from app_support import app_state, ROOT, new_app, open_app, texts
from ui.session import team_passcode
from ui.session.team_passcode import PASSCODE_ENV, passcode_matches

EXAMPLE = ROOT / "examples" / "aligned_partnership.json"
PASSCODE = "correct horse battery staple"


@pytest.fixture
def stored(store, monkeypatch: pytest.MonkeyPatch) -> tuple:
    monkeypatch.setenv(PASSCODE_ENV, PASSCODE)
    team_passcode._process.succeeded()  # AppTests share this process: start unthrottled
    session_id = store.import_json(EXAMPLE.read_text())
    return store, session_id, json.loads(EXAMPLE.read_text())["deal"]["name"]


def test_the_supplier_side_asks_for_the_passcode_and_shows_nothing_else(stored):
    _, session_id, deal = stored
    for query in ({}, {"s": session_id}):
        at = open_app(query)
        assert at.text_input[0].label == "Team passcode"
        page = texts(at)
        assert deal not in page and "Sessions" not in page and "New discovery" not in page


def test_a_wrong_passcode_is_refused_and_the_right_one_opens_the_app(stored):
    _, session_id, deal = stored
    at = open_app({"s": session_id})
    at.text_input[0].input("guess")
    at.button[0].click().run()
    assert any(e.value.startswith("That passcode is not right.") for e in at.error)
    assert deal not in texts(at)
    at.text_input[0].input(PASSCODE)
    at.button[0].click().run()  # at once: refused without being compared, and it says why
    assert any(e.value.startswith("Too many wrong passcodes: wait 1 second") for e in at.error)
    time.sleep(1.05)
    at.text_input[0].input(PASSCODE)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert not at.text_input or at.text_input[0].label != "Team passcode"
    assert app_state(at)["gw.session"].deal.name == deal


def test_a_client_link_needs_no_passcode(stored):
    store, session_id, deal = stored
    client = open_app({"token": store.create_link(session_id)})
    assert all(t.label != "Team passcode" for t in client.text_input)
    assert deal in texts(client)


def test_without_the_setting_nothing_is_asked(monkeypatch):
    monkeypatch.delenv(PASSCODE_ENV, raising=False)
    at = new_app()
    assert all(t.label != "Team passcode" for t in at.text_input)
    assert not at.exception


@pytest.mark.parametrize("given, expected", [("a", "a"), ("", "a"), ("a", "b"), ("ab", "a"),
                                             ("é", "é"), ("é", "e")])
def test_passcode_comparison(given, expected):
    assert passcode_matches(given, expected) is (given == expected)
