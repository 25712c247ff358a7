"""The questionnaire's step is a fragment: an answer or a move to another step reruns the step
alone, as a browser asks for it; what changes the rest of the page asks for the whole page
(handing the screen over, a save that must be told). AppTest always reruns the whole page, so
these run the step as a browser does (bench/apptest.py), which checks that helper too."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_support import app_state, new_app, texts
from bench.apptest import fragment_ids, fragment_run

QUESTION = "goal_measurable"
KEY = f"w.q.supplier.{QUESTION}"


def opened() -> tuple[AppTest, str]:
    """The first example open on the questionnaire, and the id of its step's fragment."""
    with fragment_ids() as ids:
        at = new_app()
        at.button(key="start.example.0").click().run()
    assert not at.exception, at.exception
    assert "Discovery: " in texts(at)  # the whole page: the header is outside the step
    return at, ids["step"]


def other(at: AppTest) -> int:
    return 2 if at.radio(key=KEY).value != 2 else 3


def test_an_answer_reruns_the_step_alone_and_is_saved(open_store):
    at, step = opened()
    value = other(at)
    with fragment_run(step):
        at.radio(key=KEY).set_value(value).run()
    assert not at.exception, at.exception
    assert "Discovery: " not in texts(at)  # the step alone was drawn
    assert at.radio(key=KEY).value == value
    stored = open_store().load_session(app_state(at)["gw.session_id"])
    assert stored.answers["supplier"][QUESTION] == value  # saved before the step redrew


def test_next_reruns_the_step_alone(open_store, bank):
    at, step = opened()
    with fragment_run(step):
        at.button(key="q.next").click().run()
    assert not at.exception, at.exception
    assert at.header[0].value == f"2. {bank.areas[1].title}"
    assert "Discovery: " not in texts(at)


def test_handing_the_screen_over_asks_for_the_whole_page(open_store):
    at, step = opened()
    with fragment_run(step):
        at.button(key="q.handover").click().run()
    assert not at.exception, at.exception
    assert app_state(at)["gw.viewer"] == "client"
    at.button(key="c.takeback")  # the client's page (raises if absent), not the step
    assert not [b for b in at.button if b.key == "q.handover"]


def test_an_answer_that_cannot_be_saved_asks_for_the_whole_page_to_say_so(open_store):
    at, step = opened()
    open_store().delete(app_state(at)["gw.session_id"])  # gone from under the page
    with fragment_run(step):
        at.radio(key=KEY).set_value(other(at)).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Discovery: " in shown  # the whole page, with what it says about saving
    assert "Not saved yet" in shown
