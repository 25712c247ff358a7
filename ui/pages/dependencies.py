"""Dependencies: the drafted dependencies as an editable table with a card per row, the dates
that do not fit, SMART checks, agreed boxes, and the documents to download.

The table holds what a reader scans across rows (what, who, when, the consequence) so it fits
the page; each row's card holds the rest (why, the goal, the side, how, done when, how to reduce
the resistance). Which draft to show, the edits, the agreed boxes and saving the draft are kept
in :mod:`ui.actions.dependencies`; this page draws them.
"""
from __future__ import annotations

import streamlit as st

from agreement import smart_check
from questions.words import shown
from ui.actions import dependencies as actions
from ui.components import layout
from ui.present.dependencies import (CHECK_TITLES, MAX_CELL, Draft, brief_docx_bytes,
                                     brief_markdown_bytes, conflicts, docx_bytes, file_stem, frame,
                                     ics_bytes, markdown_bytes, smart_frame, to_dependencies, verdict)
from ui.present.markdown import escape_markdown
from ui.session import resources, state

st.set_page_config(layout="wide")  # the table and its cards use the page's width
PARTY_WORDS = {"supplier": "Supplier's side", "client": "Client's side"}


# Pixel widths that add up (with the row markers) to under the ~810 px the wide layout leaves
# beside the sidebar on a 1280 px screen, so no column hides behind sideways scrolling; a cell's
# full text shows when it is opened, and in the row's card.
WIDTHS = {"order": 60, "what": 250, "owner": 130, "when": 150, "consequence": 180}


def column_config() -> dict:
    return {
        "order": st.column_config.NumberColumn("Order", help="Change to move the row", step=1,
                                               width=WIDTHS["order"]),
        "what": st.column_config.TextColumn("What", width=WIDTHS["what"]),
        "owner": st.column_config.TextColumn("Who (one person)", width=WIDTHS["owner"]),
        "when": st.column_config.TextColumn("When", width=WIDTHS["when"]),
        "consequence": st.column_config.TextColumn("Consequence if unmet or late",
                                                   width=WIDTHS["consequence"]),
    }


def edit_table(draft: Draft) -> None:
    """Draw the editor and keep its result as the edited rows; a move re-creates the widget."""
    edited = st.data_editor(frame(actions.base_rows(draft)), key=actions.editor_key(draft),
                            num_rows="dynamic", hide_index=True, column_config=column_config(),
                            width="stretch")
    if actions.take_edits(draft, edited):
        st.rerun()


def card_fields(draft: Draft, row: dict, session) -> None:
    """The row's other fields, each saved as it is changed."""
    goals = {g.id: shown(g.text) for g in session.goals}  # selectbox options are plain text
    widgets = (("why", "Why", st.text_area), ("how", "How", st.text_area),
               ("measure", "Done when", st.text_input),
               ("mitigation", "How the resistance is reduced", st.text_area))
    for field in ("goal_id", "party", *(w[0] for w in widgets)):
        state.put(actions.field_key(draft, row["id"], field), row.get(field) or
                  ("client" if field == "party" else None if field == "goal_id" else ""))
    args = lambda field: (draft, row["id"], field)  # noqa: E731
    left, right = st.columns(2)
    left.selectbox("Serves the goal", list(goals), format_func=goals.get, index=None,
                   key=actions.field_key(draft, row["id"], "goal_id"), on_change=actions.set_field,
                   args=args("goal_id"), placeholder="Choose the goal it serves")
    right.selectbox("Side", list(PARTY_WORDS), format_func=PARTY_WORDS.get,
                    key=actions.field_key(draft, row["id"], "party"), on_change=actions.set_field,
                    args=args("party"))
    for field, label, widget in widgets:
        widget(label, key=actions.field_key(draft, row["id"], field), on_change=actions.set_field,
               args=args(field), max_chars=MAX_CELL)


def row_card(draft: Draft, number: int, row: dict, dep, result, refused: str | None, session) -> None:
    with st.container(border=True):
        owner = dep.who.name if dep.who.named else "no one named yet"
        st.markdown(f"**{number}. {escape_markdown(dep.title)}**: {escape_markdown(owner)} "
                    f"({escape_markdown(PARTY_WORDS.get(dep.who.party, dep.who.party))}), "
                    f"{escape_markdown(dep.when or 'no date')}")
        if dep.serves is not None:
            st.caption(f"For {escape_markdown(dep.serves.words())}")
        if dep.conflict:
            st.warning(f"**Date to resolve:** {escape_markdown(dep.conflict)}")
        st.markdown(f"SMART: {escape_markdown(verdict(result))}")
        for check in result.checks:
            mark = "pass" if check.passed else "FAIL"
            st.markdown(f"- {CHECK_TITLES[check.name]}: {mark}, {escape_markdown(check.reason)}")
        st.markdown(f"**Resistance ({escape_markdown(dep.resistance.level)}):** "
                    f"{escape_markdown(dep.resistance.reason)}")
        with st.expander("Why, goal, side, how, done when, mitigation"):
            card_fields(draft, row, session)
        with st.expander(f"Answers this came from ({len(dep.answers)})"):
            if not dep.answers:
                st.caption("No answer fed this dependency.")
            for answer in dep.answers:
                st.markdown(f"- {escape_markdown(answer.wording)} "
                            f"({escape_markdown(answer.party)}: {escape_markdown(answer.answer)})")
            for quote in dep.evidence:
                st.markdown("\n".join("> " + escape_markdown(line)
                                      for line in quote.text.splitlines() or [""]))
        st.checkbox("Agreed by both sides", key=actions.agreed_key(draft, dep.id),
                    help="Only possible when all five SMART checks pass.")
        if refused:
            st.error(escape_markdown(refused))


bank = resources.bank()
session = layout.require_session()
model = layout.require_model()
rules = layout.require_rules()
draft = actions.current_draft(bank, session, model, rules)
layout.deal_header(session)
st.title("Dependencies")
notice = state.get(actions.NOTICE)
if notice:
    state.drop(actions.NOTICE)
    st.info(notice)
if warning := state.get(actions.WARNING):
    state.drop(actions.WARNING)
    st.warning(escape_markdown(warning))
st.write("Everything that must happen for the work to succeed, on both sides, each with one named "
         "person. Edit, add or delete rows; change Order to move one; open a row's card below for "
         "the rest of it. A row can be marked agreed once it is SMART.")
edit_table(draft)
deps = to_dependencies(draft.rows, draft.drafted, draft.agreed)
results = [smart_check(d, session, bank, rules=rules) for d in deps]
refused = actions.settle_agreed(draft, deps, results)
if problem := actions.save_draft(draft):
    st.error(escape_markdown(problem))
deps = to_dependencies(draft.rows, draft.drafted, draft.agreed)

if clashes := conflicts(deps):
    st.header("Dates that do not fit")
    st.warning("\n".join(f"- **{escape_markdown(title)}:** {escape_markdown(text)}"
                         for title, text in clashes))

st.header("SMART check")
if deps:
    layout.table(smart_frame(deps, results, draft.agreed), "smart")
else:
    st.info("No dependencies: add a row to the table above.")
for number, (row, dep, result) in enumerate(zip(draft.rows, deps, results), 1):
    row_card(draft, number, row, dep, result, refused.get(dep.id), session)

st.header("Draft agreement")
st.caption(f"{len(draft.agreed)} of {len(deps)} dependencies agreed. The agreement and the "
           "calendar carry the edited table and are for both sides; the discovery brief is for "
           "your side only.")
stem = file_stem(session)
markdown, word, calendar = st.columns(3)
markdown.download_button("Download Markdown", markdown_bytes(session, draft.report, deps, rules),
                         file_name=f"{stem}.md", mime="text/markdown", key="deps.download.md",
                         on_click="ignore")
word.download_button("Download Word (DOCX)",
                     lambda: docx_bytes(session, draft.report, deps, rules), file_name=f"{stem}.docx",
                     mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     key="deps.download.docx", on_click="ignore")
calendar.download_button("Download calendar (ICS)", lambda: ics_bytes(session, deps),
                         file_name=f"{stem}.ics", mime="text/calendar", key="deps.download.ics",
                         on_click="ignore")
brief_md, brief_word, _ = st.columns(3)
brief_stem = stem.replace("agreement-", "brief-", 1)
brief_md.download_button("Discovery brief (Markdown)",
                         lambda: brief_markdown_bytes(bank, model, session, draft.report, deps),
                         file_name=f"{brief_stem}.md", mime="text/markdown",
                         key="deps.download.brief.md", on_click="ignore")
brief_word.download_button("Discovery brief (DOCX)",
                           lambda: brief_docx_bytes(bank, model, session, draft.report, deps),
                           file_name=f"{brief_stem}.docx",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           key="deps.download.brief.docx", on_click="ignore")
