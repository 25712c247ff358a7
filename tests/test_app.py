"""AppTest: the app's pages, a complete discovery walk, conditional questions, a broken bank."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from questions import PARTIES
from scoring import score
from ui.present.results import verdict_text
from answers_support import HOSTILE, valid_value
from app_support import app_state, answer_screen, hand_over, new_app, plain, set_widget, take_back

PAGES = ["ui/pages/start.py", "ui/pages/questionnaire.py", "ui/pages/review.py",
         "ui/pages/results.py"]
DEAL = {"start.name": "Acme data platform", "start.supplier": "Northwind Consulting",
        "start.supplier_person": "Sam Seller", "start.client": "Acme Ltd",
        "start.client_person": "Cleo Client"}


def create_discovery(at, goals=("Cut churn from 12% to 7%", HOSTILE), **changes):
    for key, value in (DEAL | {f"start.{k}": v for k, v in changes.items()}).items():
        at.text_input(key=key).input(value)
    at.date_input(key="start.date").set_value(dt.date(2026, 11, 23))
    at.run()
    at.text_area(key="start.goals").input("\n".join(goals)).run()
    at.button(key="start.submit").click().run()
    if not goals:
        at.button(key="start.no_goals").click().run()
    assert not at.exception, at.exception
    return at


def current(at):
    return app_state(at)["gw.session"]


@pytest.mark.parametrize("page_path", PAGES)
def test_each_page_renders_without_a_discovery(page_path):
    at = new_app()
    at.switch_page(page_path).run()
    assert not at.exception
    assert not at.error
    if page_path != "ui/pages/start.py":
        assert "No discovery yet" in at.info[0].value


@pytest.mark.parametrize("page_path", PAGES)
def test_each_page_renders_with_a_discovery(page_path, bank, model):
    at = create_discovery(new_app())
    at.switch_page(page_path).run()
    assert not at.exception
    assert not [e.value for e in at.error]
    if page_path.endswith("results.py"):  # nothing answered yet: no verdict, and it says so
        report = score(bank, current(at), model)
        assert report.recommendation == "not_enough_answers"
        assert plain(at.info[0].value).startswith(f"**{verdict_text(report, model)}**")
        assert "not available" in [m.value for m in at.metric]
    assert at.title or at.header


def test_deal_name_is_required_and_nothing_is_lost():
    at = new_app()
    at.text_input(key="start.client").input("Acme Ltd").run()
    at.button(key="start.submit").click().run()
    assert "Give the deal a name" in at.error[0].value
    assert "gw.session" not in app_state(at)
    assert at.text_input(key="start.client").value == "Acme Ltd"
    at.text_input(key="start.name").input("Acme pilot").run()
    at.button(key="start.submit").click().run()
    assert "gw.session" not in app_state(at)  # no goals: a warning first, nothing started
    assert "No agreed goals yet" in at.warning[0].value
    at.button(key="start.no_goals").click().run()
    assert current(at).deal.name == "Acme pilot"
    assert current(at).deal.client == "Acme Ltd"
    assert not at.error


def test_complete_walk_then_edit_one_answer_in_review(bank):
    at = create_discovery(new_app())
    session = current(at)
    assert session.deal.model_dump() == {"name": "Acme data platform",
                                         "supplier": "Northwind Consulting",
                                         "client": "Acme Ltd", "date": dt.date(2026, 11, 23),
                                         "country": None}
    assert (session.people.supplier, session.people.client) == ("Sam Seller", "Cleo Client")
    assert [(g.id, g.text) for g in session.goals] == [("g1", "Cut churn from 12% to 7%"),
                                                       ("g2", HOSTILE)]
    assert at.header[0].value.endswith(bank.areas[0].title)  # the start page moved on

    expected = {p: {} for p in PARTIES}
    dont_know: list[str] = []
    for index, area in enumerate(bank.areas):
        assert at.header[0].value == f"{index + 1}. {area.title}"
        answer_screen(at, bank, "supplier", expected, dont_know)
        if index + 1 < len(bank.areas):
            at.button(key="q.next").click().run()
    hand_over(at)
    assert at.title[0].value.startswith("Welcome")
    at.button(key="c.begin").click().run()
    while at.title[0].value != "Finish":
        answer_screen(at, bank, "client", expected, dont_know, scope="c")
        at.button(key="c.next").click().run()
    assert "Every question is answered." in [m.value for m in at.markdown]
    take_back(at)
    assert dont_know, "the walk should answer one non-scale question with don't know"
    assert current(at).answers == expected
    assert at.progress[0].proto.value == 100

    at.button(key="q.review").click().run()
    assert not at.exception
    assert at.title[0].value == "Review the answers"
    assert not [w for w in at.warning if "no answer yet" in w.value]  # nothing unanswered
    question = bank.question("commitment")
    old = expected["supplier"]["commitment"]
    new = 1 if old != 1 else 5
    at.button(key="r.edit.supplier.commitment").click().run()
    set_widget(at, question, "w.r.supplier.commitment", new)
    at.button(key="r.done.supplier.commitment").click().run()
    expected["supplier"]["commitment"] = new
    assert current(at).answers == expected
    assert "r.done.supplier.commitment" not in [b.key for b in at.button]
    shown = [plain(m.value) for m in at.markdown]
    assert ("1 of 5 (Strongly disagree)" if new == 1 else "5 of 5 (Strongly agree)") in shown


def test_user_text_is_never_rendered_as_html_or_markdown(bank):
    at = create_discovery(new_app(), client_person="**Eve** <b>x</b>")
    assert app_state(at)["gw.session"].people.client == "**Eve** <b>x</b>"
    label = at.button(key="q.handover").label
    assert "\\*\\*Eve\\*\\* \\<b\\>x\\</b\\> \\(Acme Ltd\\)" in label
    at.switch_page("ui/pages/review.py").run()
    assert any("\\<script\\>" in m.value for m in at.markdown)
    assert not any(m.proto.allow_html for m in at.markdown)
    assert not any("<script>" in m.value for m in at.markdown)


def test_conditional_question_shows_hides_and_keeps_its_answer(bank):
    at = hand_over(create_discovery(new_app()))
    at.button(key="c.begin").click().run()
    follow_up = "w.c.client.goal_metric"
    assert follow_up not in [w.key for w in at.text_area]
    at.radio(key="w.c.client.goal_measurable").set_value(4).run()
    at.text_area(key=follow_up).input("Churn 12% today, 7% by June").run()
    at.radio(key="w.c.client.goal_measurable").set_value(2).run()
    assert follow_up not in [w.key for w in at.text_area]
    assert current(at).answers["client"]["goal_metric"] == "Churn 12% today, 7% by June"
    at.radio(key="w.c.client.goal_measurable").set_value(5).run()
    assert at.text_area(key=follow_up).value == "Churn 12% today, 7% by June"


def test_answers_survive_leaving_and_returning_to_an_area(bank):
    at = create_discovery(new_app())
    first = bank.for_party("supplier", bank.areas[0].id)[0]
    value = valid_value(first, 1)
    set_widget(at, first, f"w.q.supplier.{first.id}", value)
    at.button(key="q.next").click().run()
    at.switch_page("ui/pages/review.py").run()
    at.switch_page("ui/pages/questionnaire.py").run()
    at.button(key="q.back").click().run()
    assert at.radio(key=f"w.q.supplier.{first.id}").value == value


def test_the_apps_own_keys_take_one_session_state_entry(bank):
    """Streamlit copies every session-state key for each radio and select box it draws, so the
    app keeps its own keys (gw.*) in one entry; widget keys stay beside it."""
    at = create_discovery(new_app())
    first = bank.for_party("supplier", bank.areas[0].id)[0]
    set_widget(at, first, f"w.q.supplier.{first.id}", valid_value(first, 1))
    at.button(key="q.next").click().run()
    keys = set(at.session_state.keys())
    assert "gw" in keys and not [k for k in keys if k.startswith("gw.")]
    assert {"gw.session", "gw.session_id", "gw.area"} <= set(app_state(at))
    assert any(k.startswith("w.q.supplier.") for k in keys)  # the step's widgets, beside it


def test_jump_to_an_area_and_hand_over_to_the_client(bank):
    at = create_discovery(new_app())
    last = len(bank.areas) - 1
    at.selectbox(key="w.q.area").set_value(last).run()
    assert at.header[0].value == f"{last + 1}. {bank.areas[last].title}"
    assert "Cleo Client" in at.button(key="q.handover").label
    hand_over(at)
    assert app_state(at)["gw.viewer"] == "client"
    assert at.title[0].value == "Welcome, Cleo Client"  # nothing answered yet: the welcome first


def test_open_an_example_when_examples_exist(bank):
    at = new_app()
    buttons = [b for b in at.button if b.key and b.key.startswith("start.example.")]
    if not buttons:
        pytest.skip("no examples/*.json yet")
    buttons[0].click().run()
    assert not at.exception
    assert current(at).deal.name in buttons[0].label


BROKEN = {
    "01_bad.yaml": "# broken on purpose\narea:\n  id: goals\n  title: [unclosed\n",
}


@pytest.mark.parametrize("page_path", PAGES)
def test_broken_bank_shows_the_located_problem_on_every_page(page_path, tmp_path: Path, monkeypatch):
    for name, text in BROKEN.items():
        (tmp_path / name).write_text(text)
    monkeypatch.setenv("GROUNDWORK_BANK_DIR", str(tmp_path))
    at = new_app()
    at.switch_page(page_path).run()
    assert not at.exception
    message = plain(at.error[0].value)
    assert "could not be loaded" in message
    assert "01_bad.yaml:5" in message
    assert "YAML syntax error" in message


def test_broken_question_names_file_line_question_and_field(tmp_path: Path, monkeypatch):
    source = Path(__file__).resolve().parent.parent / "questions" / "bank" / "01_goals.yaml"
    text = source.read_text().replace("type: likert", "type: slider", 1)
    (tmp_path / "01_goals.yaml").write_text(text)
    monkeypatch.setenv("GROUNDWORK_BANK_DIR", str(tmp_path))
    at = new_app()
    assert not at.exception
    message = plain(at.error[0].value)
    line = text.splitlines().index("    type: slider") + 1
    assert f"01_goals.yaml:{line}" in message
    assert "question 'goal_measurable'" in message and "field 'type'" in message


def test_the_bank_is_read_once_not_on_every_rerun(tmp_path: Path, monkeypatch):
    source = Path(__file__).resolve().parent.parent / "questions" / "bank"
    for path in source.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    monkeypatch.setenv("GROUNDWORK_BANK_DIR", str(tmp_path))
    at = create_discovery(new_app())
    areas_before = at.selectbox(key="w.q.area").options
    for path in tmp_path.glob("*.yaml"):
        path.unlink()  # were the files read again, the app would now report an empty bank
    at.button(key="q.next").click().run()
    assert not at.exception and not at.error
    assert at.selectbox(key="w.q.area").options == areas_before
