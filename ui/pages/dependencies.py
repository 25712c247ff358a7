"""Dependencies: the drafted dependencies as an editable table, SMART checks, agreed boxes, downloads.

Which draft to show, the table's edits, the agreed boxes and saving the draft are kept in
:mod:`ui.actions.dependencies`; this page draws them.
"""
from __future__ import annotations

import streamlit as st

from agreement import smart_check
from ui.actions import dependencies as actions
from ui.components import layout
from ui.present.dependencies import (CHECK_TITLES, Draft, docx_bytes, file_stem, frame, markdown_bytes,
                                     smart_frame, to_dependencies, verdict)
from ui.present.markdown import escape_markdown
from ui.session import resources, state

def column_config(session) -> dict:
    goals = [g.id for g in session.goals]
    return {
        "order": st.column_config.NumberColumn("Order", help="Change to move the row", step=1),
        "id": st.column_config.TextColumn("Id", disabled=True),
        "what": st.column_config.TextColumn("What", width="large"),
        "why": st.column_config.TextColumn("Why"),
        "goal_id": st.column_config.SelectboxColumn("Goal", options=goals),
        "party": st.column_config.SelectboxColumn("Party", options=["supplier", "client"]),
        "owner": st.column_config.TextColumn("Who (one person)"),
        "when": st.column_config.TextColumn("When"),
        "how": st.column_config.TextColumn("How"),
        "measure": st.column_config.TextColumn("Done when"),
        "resistance": st.column_config.TextColumn("Resistance", disabled=True),
        "mitigation": st.column_config.TextColumn("Mitigation"),
        "consequence": st.column_config.TextColumn("Consequence if unmet or late"),
    }


# Pixel widths that keep every editable column in view on a 1280 px screen (ids and resistance,
# which cannot be edited, are read in each row's panel below; so is every cell in full).
EDITOR_WIDTHS = {"order": 48, "what": 112, "why": 64, "goal_id": 52, "party": 68, "owner": 78,
                 "when": 66, "how": 64, "measure": 72, "mitigation": 72, "consequence": 76}


def edit_table(draft: Draft, session) -> None:
    """Draw the editor and keep its result as the edited rows; a move re-creates the widget."""
    config, order = layout.fit_columns(column_config(session), EDITOR_WIDTHS)
    edited = st.data_editor(frame(actions.base_rows(draft)), key=actions.editor_key(draft),
                            num_rows="dynamic", hide_index=True, column_order=order,
                            column_config=config, width="stretch")
    if actions.take_edits(draft, edited):
        st.rerun()


def row_panel(draft: Draft, number: int, dep, result, refused: str | None) -> None:
    with st.container(border=True):
        st.markdown(f"**{number}. {escape_markdown(dep.title)}** ({escape_markdown(dep.who.party)}"
                    f") SMART: {escape_markdown(verdict(result))}")
        for check in result.checks:
            mark = "pass" if check.passed else "FAIL"
            st.markdown(f"- {CHECK_TITLES[check.name]}: {mark}, {escape_markdown(check.reason)}")
        st.markdown(f"**Resistance ({escape_markdown(dep.resistance.level)}):** "
                    f"{escape_markdown(dep.resistance.reason)}")
        st.markdown(f"**Mitigation:** {escape_markdown(dep.mitigation.text or 'none stated')}")
        st.markdown(f"**Consequence if unmet or late:** "
                    f"{escape_markdown(dep.consequence or 'none stated')}")
        with st.expander(f"Answers this came from ({len(dep.evidence)})"):
            if not dep.evidence:
                st.caption("No free-text answer fed this dependency.")
            for quote in dep.evidence:
                st.caption(f"{escape_markdown(quote.party.capitalize())} answered "
                           f"{escape_markdown(quote.question)}:")
                st.markdown("\n".join("> " + escape_markdown(line)
                                      for line in quote.text.splitlines() or [""]))
        st.checkbox("Agreed by both sides", key=actions.agreed_key(draft, dep.id),
                    help="Only possible when all five SMART checks pass.")
        if refused:
            st.error(escape_markdown(refused))


bank = resources.bank()
session = layout.require_session()
model = layout.require_model()
draft = actions.current_draft(bank, session, model)
layout.deal_header(session)
st.title("Dependencies")
notice = state.get(actions.NOTICE)
if notice:
    state.drop(actions.NOTICE)
    st.info(notice)
if warning := state.get(actions.WARNING):
    state.drop(actions.WARNING)
    st.warning(escape_markdown(warning))
st.write("Everything that must happen for the work to succeed, on both sides. Edit, add or "
         "delete rows; change Order to move one. A row can be marked agreed once it is SMART.")
edit_table(draft, session)
deps = to_dependencies(draft.rows, draft.drafted, draft.agreed)
results = [smart_check(d, session, bank) for d in deps]
refused = actions.settle_agreed(draft, deps, results)
if problem := actions.save_draft(draft):
    st.error(escape_markdown(problem))
deps = to_dependencies(draft.rows, draft.drafted, draft.agreed)

st.header("SMART check")
if deps:
    layout.table(smart_frame(deps, results, draft.agreed), "smart")
else:
    st.info("No dependencies: add a row to the table above.")
for number, (dep, result) in enumerate(zip(deps, results), 1):
    row_panel(draft, number, dep, result, refused.get(dep.id))

st.header("Draft agreement")
st.caption(f"{len(draft.agreed)} of {len(deps)} dependencies agreed. The documents carry the "
           "edited table.")
stem = file_stem(session)
markdown, word = st.columns(2)
markdown.download_button("Download Markdown", markdown_bytes(session, draft.report, deps),
                         file_name=f"{stem}.md", mime="text/markdown", key="deps.download.md",
                         on_click="ignore")
word.download_button("Download Word (DOCX)",
                     lambda: docx_bytes(session, draft.report, deps), file_name=f"{stem}.docx",
                     mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     key="deps.download.docx", on_click="ignore")
