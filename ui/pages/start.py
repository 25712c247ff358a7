"""Start page: create a discovery (deal, parties, date, agreed goals) or open an example."""
from __future__ import annotations

import streamlit as st

from questions.session import MAX_NAME
from ui.actions import start as actions
from ui.actions.start import COUNTRY_KEY, DATE_KEY, FIELDS, GOALS_KEY, GOTO_KEY, field_key
from ui.components import browser, layout
from ui.present.markdown import escape_markdown
from ui.session import database, resources, state


def _field_error(problems: dict[str, str], field: str) -> None:
    if field in problems:
        st.error(problems[field])


def draw_form() -> None:
    current = state.session()
    actions.fill_form()
    problems = state.errors("start")
    st.header("Discovery details" if current else "New discovery")
    # The date sits beside the name, so its calendar opens over the organisation fields and
    # never over the goals; the page script closes it when the date is typed (Enter or Tab).
    name, date = st.columns([3, 1])
    name.text_input(FIELDS["name"] + " *", key=field_key("name"), max_chars=MAX_NAME)
    date.date_input("Date of the call", key=DATE_KEY, format="YYYY-MM-DD")
    _field_error(problems, "name")
    left, right = st.columns(2)
    with left:
        st.text_input(FIELDS["supplier"], key=field_key("supplier"), max_chars=MAX_NAME)
        st.text_input(FIELDS["supplier_person"], key=field_key("supplier_person"), max_chars=MAX_NAME)
    with right:
        st.text_input(FIELDS["client"], key=field_key("client"), max_chars=MAX_NAME)
        st.text_input(FIELDS["client_person"], key=field_key("client_person"), max_chars=MAX_NAME)
    country, _ = st.columns([1, 2])
    country.text_input("Country for public holidays (optional)", key=COUNTRY_KEY, max_chars=2,
                       placeholder="e.g. NO, GB, DE",
                       help="Two letters (ISO 3166). Dates in the agreement then skip that "
                            "country's public holidays as well as weekends.")
    # One text box, one goal per line: typed at any speed, nothing is redrawn while typing.
    st.text_area("Agreed goals, one per line: the outcomes both sides want", key=GOALS_KEY,
                 height=130, placeholder="Cut churn from 12% to 7% by June\nGo live before the "
                                         "spring catalogue is printed")
    _field_error(problems, "goals")
    _field_error(problems, "form")
    label = "Save details" if current else "Start the discovery"
    st.button(label, type="primary", on_click=actions.submit, key="start.submit")
    if "no_goals" in problems:
        st.warning(problems["no_goals"])
        st.button("Start without goals", key="start.no_goals", on_click=actions.submit,
                  args=(True,))


def draw_examples() -> None:
    found = resources.examples()
    st.header("Or explore an example")
    if not found:
        st.caption("No example sessions found.")
    for index, example in enumerate(found):
        if example.session is None:
            st.warning(f"{escape_markdown(example.title)} cannot be opened: "
                       + escape_markdown("; ".join(example.problems[:3])))
            continue
        st.button(f"Open: {escape_markdown(example.title)}", key=f"start.example.{index}",
                  on_click=actions.open_example, args=(index,))


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
    fresh.button("Start a new discovery", key="start.new", on_click=actions.start_over)
notice = state.notice()
if notice:
    st.info(notice)
draw_form()
st.divider()
draw_examples()
browser.keep_place("")  # no steps here: the script only warns before losing typed text
database.require_store()  # after the page is drawn (see app.py): a broken database still says so
