"""Start page: create a discovery (deal, parties, date, agreed goals) or open an example."""
from __future__ import annotations

import streamlit as st

from questions.session import MAX_NAME, MAX_TEXT
from ui.actions import start as actions
from ui.actions.start import BASE_KEY, COUNTRY_KEY, DATE_KEY, FIELDS, GOALS_KEY, GOTO_KEY, field_key
from ui.components import layout
from ui.present.markdown import escape_markdown
from ui.session import database, resources, state


def _field_error(problems: dict[str, str], field: str) -> None:
    if field in problems:
        st.error(problems[field])


def draw_form() -> None:
    import pandas as pd  # here, not at the top: the page's title paints before pandas loads

    current = state.session()
    actions.fill_form()
    problems = state.errors("start")
    st.subheader("Discovery details" if current else "New discovery")
    st.text_input(FIELDS["name"] + " *", key=field_key("name"), max_chars=MAX_NAME)
    _field_error(problems, "name")
    left, right = st.columns(2)
    with left:
        st.text_input(FIELDS["supplier"], key=field_key("supplier"), max_chars=MAX_NAME)
        st.text_input(FIELDS["supplier_person"], key=field_key("supplier_person"), max_chars=MAX_NAME)
    with right:
        st.text_input(FIELDS["client"], key=field_key("client"), max_chars=MAX_NAME)
        st.text_input(FIELDS["client_person"], key=field_key("client_person"), max_chars=MAX_NAME)
    day, country = st.columns(2)
    day.date_input("Date of the call", key=DATE_KEY, format="YYYY-MM-DD")
    country.text_input("Country for public holidays (optional)", key=COUNTRY_KEY, max_chars=2,
                       placeholder="e.g. NO, GB, DE",
                       help="Two letters (ISO 3166). Dates in the agreement then skip that "
                            "country's public holidays as well as weekends.")
    st.markdown("**Agreed goals**: the outcomes both sides want. Add a row per goal.")
    base = state.get(BASE_KEY) or []
    st.data_editor(pd.DataFrame({"goal": pd.Series([g.text for g in base], dtype="string")}),
                   key=GOALS_KEY, num_rows="dynamic", hide_index=True, width="stretch",
                   column_config={"goal": st.column_config.TextColumn(
                       "Agreed goal", max_chars=MAX_TEXT, width="large")})
    _field_error(problems, "goals")
    _field_error(problems, "form")
    label = "Save details" if current else "Start the discovery"
    st.button(label, type="primary", on_click=actions.submit, key="start.submit")


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
database.require_store()  # after the page is drawn (see app.py): a broken database still says so
