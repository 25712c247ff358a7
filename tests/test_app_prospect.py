"""AppTest of the prospect's side on a shared screen and through links: the hand-over shows the
client's page alone and takes the passcode to end; links follow the configured public address;
a loopback link says so; wrong passcodes are slowed down."""
from __future__ import annotations

import json
import re
import time

import pytest

from app_support import app_state, ROOT, hand_over, open_app, take_back, texts
from storage import Store
from ui.present.link_policy import check_public_url, client_link, is_loopback, link_policy, loopback_warning
from ui.present.steps import client_steps, estimate_minutes, shown_total, step_label
from ui.present.throttle import Throttle, refusal, wait_after
from ui.present.visible import shown_answers
from ui.session import team_passcode
from ui.session.team_passcode import PASSCODE_ENV

EXAMPLE = ROOT / "examples" / "conditions_midway.json"
NOTE = "Private margin note, marker-9c1e"
PASSCODE = "handover passcode 42"


@pytest.fixture
def stored(tmp_path, monkeypatch, bank) -> tuple[Store, str]:
    url = f"sqlite:///{tmp_path}/prospect.db"
    monkeypatch.setenv("GROUNDWORK_DATABASE_URL", url)
    monkeypatch.delenv(PASSCODE_ENV, raising=False)
    monkeypatch.delenv("GROUNDWORK_PUBLIC_URL", raising=False)
    team_passcode._process.succeeded()
    data = json.loads(EXAMPLE.read_text())
    data["answers"]["supplier"]["supplier_notes"] = NOTE
    store = Store.open(url, bank)
    return store, store.import_json(json.dumps(data))


def supplier_pages_offered(at) -> bool:
    return any((b.key or "").startswith(("q.", "r.", "share.", "start.", "sessions."))
               for b in at.button)


def test_handed_over_the_screen_shows_the_clients_page_alone_until_taken_back(stored, bank, monkeypatch):
    store, session_id = stored
    monkeypatch.setenv(PASSCODE_ENV, PASSCODE)
    at = open_app({"s": session_id})
    at.text_input[0].input(PASSCODE)
    at.button[0].click().run()
    at.switch_page("ui/pages/questionnaire.py").run()
    hand_over(at)
    for page in ("ui/pages/review.py", "ui/pages/results.py", "ui/pages/sessions.py"):
        with pytest.raises(ValueError, match="Known pages: .*client.py'\\]"):
            at.switch_page(page)  # the navigation holds the client's page alone
    assert at.selectbox(key="w.c.area") and not supplier_pages_offered(at)
    assert NOTE not in texts(at)
    assert "supplier_notes" not in app_state(at)["gw.session"].answers["supplier"]

    take_back(at, "wrong guess")
    assert at.selectbox(key="w.c.area")  # still the client's
    assert any("That passcode is not right" in i.value for i in at.info)
    time.sleep(1.05)
    take_back(at, PASSCODE)
    assert app_state(at)["gw.viewer"] == "supplier"
    assert app_state(at)["gw.session"].answers["supplier"]["supplier_notes"] == NOTE
    assert at.button(key="q.handover")  # back on the supplier's questionnaire


def test_a_reload_during_the_hand_over_stays_with_the_client(stored):
    _, session_id = stored
    at = open_app({"s": session_id}, "ui/pages/questionnaire.py")
    hand_over(at)
    again = open_app({"s": session_id, "handover": "1"})  # a new browser session, same URL
    assert again.selectbox(key="w.c.area") and not supplier_pages_offered(again)
    assert NOTE not in texts(again)


def test_no_hand_over_in_blind_mode(stored):
    store, session_id = stored
    store.request_mode(session_id, "blind", "supplier")
    at = open_app({"s": session_id}, "ui/pages/questionnaire.py")
    assert "q.handover" not in [b.key for b in at.button]


def create_link(session_id: str) -> str:
    at = open_app({"s": session_id}, "ui/pages/review.py")
    at.checkbox(key="share.unprotected_ok").check().run()
    at.button(key="share.create").click().run()
    assert not at.exception, at.exception
    return at


def test_the_client_link_follows_the_public_address(stored, monkeypatch):
    store, session_id = stored
    monkeypatch.setenv("GROUNDWORK_PUBLIC_URL", "https://groundwork.example.com/acme/")
    monkeypatch.setenv(PASSCODE_ENV, PASSCODE)  # reachable from other machines: needs one
    at = open_app({"s": session_id})
    at.text_input[0].input(PASSCODE)
    at.button[0].click().run()
    at.switch_page("ui/pages/review.py").run()
    at.button(key="share.create").click().run()
    link = at.code[0].value
    assert re.fullmatch(r"https://groundwork\.example\.com/acme/\?token=[\w-]{40,}", link), link
    assert not [w for w in at.warning if "points at this computer" in w.value]
    assert store.resolve_link(link.split("token=")[1]) == (session_id, "client")


def test_a_loopback_link_carries_the_warning(stored):
    _, session_id = stored
    at = create_link(session_id)
    link = at.code[0].value
    assert link.startswith(("http://localhost", "http://127.")), link
    assert any("points at this computer" in w.value for w in at.warning)


def test_a_public_address_reachable_from_elsewhere_needs_the_passcode(stored, monkeypatch):
    _, session_id = stored
    monkeypatch.setenv("GROUNDWORK_PUBLIC_URL", "https://groundwork.example.com")
    at = open_app({"s": session_id}, "ui/pages/review.py")
    assert at.button(key="share.create").disabled
    assert any("need a team passcode" in e.value for e in at.error)


@pytest.mark.parametrize("server, public, passcode, allowed, consent", [
    ("127.0.0.1", None, False, True, True),
    ("127.0.0.1", "http://localhost:8501", False, True, True),
    ("127.0.0.1", "https://gw.example.com", False, False, False),  # a proxy in front of loopback
    ("0.0.0.0", None, False, False, False),
    ("0.0.0.0", "https://gw.example.com", True, True, False),
])
def test_link_policy(server, public, passcode, allowed, consent):
    policy = link_policy(passcode, server, public)
    assert (policy.allowed, policy.needs_consent) == (allowed, consent)


def test_link_words():
    assert client_link("https://a.example/x/", "T") == "https://a.example/x/?token=T"
    assert loopback_warning("http://127.0.0.1:8501/?token=T") is not None
    assert loopback_warning("https://a.example/?token=T") is None
    assert is_loopback("[::1]") and is_loopback("localhost") and not is_loopback("10.0.0.5")
    assert check_public_url("ftp://x") and check_public_url("https://x/?a=1")
    assert check_public_url("https://groundwork.example.com/team") is None


def test_wrong_guesses_wait_longer_each_time():
    assert [wait_after(n) for n in range(9)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]
    throttle = Throttle()
    assert throttle.remaining(100.0) == 0
    assert throttle.failed(100.0) == 1 and throttle.remaining(100.5) == 0.5
    assert throttle.failed(101.0) == 2 and throttle.remaining(101.0) == 2
    throttle.succeeded()
    assert throttle.remaining(101.0) == 0
    assert "wait 3 seconds" in refusal(2.6) and "wait 1 second " in refusal(0.2)


def test_the_process_throttle_slows_fresh_sessions_too(monkeypatch):
    monkeypatch.setenv(PASSCODE_ENV, PASSCODE)
    team_passcode._process.succeeded()
    first = open_app({})
    first.text_input[0].input("guess one")
    first.button[0].click().run()
    second = open_app({})  # a fresh browser session: the process still says wait
    second.text_input[0].input(PASSCODE)
    second.button[0].click().run()
    assert any(e.value.startswith("Too many wrong passcodes") for e in second.error)
    team_passcode._process.succeeded()


def test_steps_show_their_marks_and_the_time(bank):
    session = json.loads(EXAMPLE.read_text())
    from questions import load_session
    loaded = load_session(json.dumps(session), bank)
    answers = shown_answers(bank, loaded)
    plan = client_steps(bank, loaded, answers)
    assert plan[0].kind == "welcome" and plan[-1].kind == "finish"
    labels = [step_label(plan, i) for i in range(len(plan))]
    assert all(re.search(r" · (done ✓|\d+ of \d+ answered)$", label) for label in labels[1:-1])
    control = next(label for label in labels if "Working together" in label)
    assert "Control and respect" not in " ".join(labels) and control.startswith("6. ")
    assert estimate_minutes(shown_total(bank, "client", answers)) in range(10, 25)


def test_every_edit_button_on_the_review_page_has_its_own_name(stored):
    _, session_id = stored
    at = open_app({"s": session_id}, "ui/pages/review.py")
    labels = [b.label for b in at.button if (b.key or "").startswith("r.edit.")]
    assert len(labels) > 20 and len(set(labels)) == len(labels), labels[:5]
    assert all(re.fullmatch(r"Edit \d+\.\d+ \((supplier|client)\)", label) for label in labels)
