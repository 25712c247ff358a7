"""Start page: create a discovery (deal, parties, date, agreed goals) or open an example."""
from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from questions.session import MAX_NAME, MAX_TEXT, Goal
from ui.components import layout
from ui.session import changes, database, resources, state
from ui.present.goals import apply_goal_edits
from ui.present.markdown import escape_markdown

FIELDS = {"name": "Deal name", "supplier": "Supplier organisation",
          "supplier_person": "Supplier person (salesperson)", "client": "Client organisation",
          "client_person": "Client person (prospect)"}
DATE_KEY = "start.date"
GOALS_KEY = "start.goals"
BASE_KEY = "start.goals_base"
GOTO_KEY = "start.goto"


def _key(field: str) -> str:
    return f"start.{field}"


def _fill_form() -> None:
    """Put the current discovery (or blanks) into any form field not already on screen."""
    current = state.session()
    values = {"name": "", "supplier": "", "client": "", "supplier_person": "", "client_person": ""}
    if current is not None:
        values.update(name=current.deal.name, supplier=current.deal.supplier,
                      client=current.deal.client, supplier_person=current.people.supplier,
                      client_person=current.people.client)
    for field, value in values.items():
        if not state.has(_key(field)):
            state.put(_key(field), value)
    if not state.has(DATE_KEY):
        state.put(DATE_KEY, current.deal.date if current and current.deal.date else dt.date.today())
    if not state.has(GOALS_KEY) or not state.has(BASE_KEY):
        state.put(BASE_KEY, list(current.goals) if current else [])


def _clear_form() -> None:
    for key in [*(_key(f) for f in FIELDS), DATE_KEY, GOALS_KEY, BASE_KEY]:
        state.drop(key)
    state.set_errors("start", {})


def _submit() -> None:
    values = {f: (state.get(_key(f)) or "").strip() for f in FIELDS}
    problems: dict[str, str] = {}
    if not values["name"]:
        problems["name"] = "Give the deal a name, e.g. the client and the project."
    goals: list[Goal] = []
    try:
        goals = apply_goal_edits(state.get(BASE_KEY) or [], state.get(GOALS_KEY) or {})
    except ValueError as exc:
        problems["goals"] = f"Goals: {exc}."
    if problems:
        state.set_errors("start", problems)
        return
    date = state.get(DATE_KEY)
    try:
        if state.session() is None:
            changes.new_session(date=date, goals=goals, **values)
            state.put(GOTO_KEY, True)
        else:
            changes.set_deal(date=date, **values)
            changes.set_goals(goals)
            state.set_notice("Details saved.")
    except ValidationError as exc:
        state.set_errors("start", {"form": "; ".join(e["msg"] for e in exc.errors())})
        return
    state.set_errors("start", {})
    state.put(BASE_KEY, goals)
    state.drop(GOALS_KEY)


def _start_over() -> None:
    changes.close_session()
    _clear_form()


def _open_example(index: int) -> None:
    example = resources.examples()[index]
    if example.session is not None:
        changes.open_session(example.session)
        _clear_form()
        state.set_notice(f"Opened the example “{example.title}”.")
        state.put(GOTO_KEY, True)


def _field_error(problems: dict[str, str], field: str) -> None:
    if field in problems:
        st.error(problems[field])


def draw_form() -> None:
    import pandas as pd  # here, not at the top: the page's title paints before pandas loads

    current = state.session()
    _fill_form()
    problems = state.errors("start")
    st.subheader("Discovery details" if current else "New discovery")
    st.text_input(FIELDS["name"] + " *", key=_key("name"), max_chars=MAX_NAME)
    _field_error(problems, "name")
    left, right = st.columns(2)
    with left:
        st.text_input(FIELDS["supplier"], key=_key("supplier"), max_chars=MAX_NAME)
        st.text_input(FIELDS["supplier_person"], key=_key("supplier_person"), max_chars=MAX_NAME)
    with right:
        st.text_input(FIELDS["client"], key=_key("client"), max_chars=MAX_NAME)
        st.text_input(FIELDS["client_person"], key=_key("client_person"), max_chars=MAX_NAME)
    st.date_input("Date of the call", key=DATE_KEY, format="YYYY-MM-DD")
    st.markdown("**Agreed goals**: the outcomes both sides want. Add a row per goal.")
    base = state.get(BASE_KEY) or []
    st.data_editor(pd.DataFrame({"goal": pd.Series([g.text for g in base], dtype="string")}),
                   key=GOALS_KEY, num_rows="dynamic", hide_index=True, width="stretch",
                   column_config={"goal": st.column_config.TextColumn(
                       "Agreed goal", max_chars=MAX_TEXT, width="large")})
    _field_error(problems, "goals")
    _field_error(problems, "form")
    label = "Save details" if current else "Start the discovery"
    st.button(label, type="primary", on_click=_submit, key="start.submit")


def draw_examples() -> None:
    found = resources.examples()
    st.subheader("Or explore an example")
    if not found:
        st.caption("No example sessions found.")
    for index, example in enumerate(found):
        if example.session is None:
            st.warning(f"{escape_markdown(example.title)} cannot be opened: "
                       + escape_markdown("; ".join(example.problems[:3])))
            continue
        st.button(f"Open: {escape_markdown(example.title)}", key=f"start.example.{index}",
                  on_click=_open_example, args=(index,))


if state.get(GOTO_KEY):
    state.drop(GOTO_KEY)
    st.switch_page(layout.QUESTIONNAIRE_PAGE)

st.title("Groundwork")
st.write("A discovery call both sides answer: the salesperson (supplier) and the prospect "
         "(client) each answer structured questions, and the gaps between the two views "
         "become the agenda.")
current = state.session()
if current is not None:
    st.success("Current discovery: " + escape_markdown(current.deal.name))
    go, fresh = st.columns(2)
    if go.button("Continue to the questionnaire", key="start.continue"):
        st.switch_page(layout.QUESTIONNAIRE_PAGE)
    fresh.button("Start a new discovery", key="start.new", on_click=_start_over)
notice = state.notice()
if notice:
    st.info(notice)
draw_form()
st.divider()
draw_examples()
database.require_store()  # after the page is drawn (see app.py): a broken database still says so
