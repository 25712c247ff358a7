"""Dependencies: the drafted dependencies as an editable table, SMART checks, agreed boxes, downloads.

The draft is made once per version of the Session and kept, with the user's edits, in
``st.session_state`` (key DRAFT), so switching pages keeps the edits; every change to it is also
saved to the Store, so a refresh or a restart (``?s=<id>``) starts from the saved draft. The table widget's edits
are relative to the rows it was created from (``draft.base``); when the widget is gone (after a
page switch) or rows move, a fresh widget is created from the edited rows.
"""
from __future__ import annotations

import streamlit as st

from agreement import draft_dependencies, smart_check
from scoring import score
from storage import StorageError
from ui.components import layout
from ui.session import database, resources, state
from ui.present.markdown import escape_markdown
from ui.present.dependencies import (CHECK_TITLES, Draft, by_order, carry_edits, docx_bytes, file_stem,
                                  fill_rows, fingerprint, frame, markdown_bytes, records, refusal,
                                  renumber, rows_of, smart_frame, to_dependencies, verdict)

DRAFT = "gw.deps.draft"
NOTICE = "gw.deps.notice"
WARNING = "gw.deps.warning"


def editor_key(draft: Draft) -> str:
    return f"deps.editor.{draft.generation}"


def agreed_key(draft: Draft, row_id: str) -> str:
    return f"deps.agreed.{draft.generation}.{row_id}"


def stored_draft(session_id: str | None):
    """The draft saved for this session, or None; one that cannot be read is set aside with a
    warning and the page drafts afresh (the next edit overwrites it)."""
    if session_id is None:
        return None
    try:
        return database.store().load_draft(session_id)
    except StorageError as exc:  # a damaged or unreachable draft must not stop the page
        state.put(WARNING, f"The saved dependency table could not be read ({exc}), so a fresh "
                           "draft was made from the answers.")
        return None


def current_draft(bank, session, model) -> Draft:
    """The kept draft, else the stored one, redrafted (keeping the edits) when the Session
    changed since it was edited; a brand-new draft when there is neither."""
    mark, session_id = fingerprint(session), state.session_id()
    draft: Draft | None = state.get(DRAFT)
    if draft is not None and draft.session_id != session_id:
        draft = None
    if draft is not None and draft.fingerprint == mark:
        return draft
    report = score(bank, session, model)
    deps = draft_dependencies(bank, session, report)
    rows, agreed, previous = rows_of(deps), set(), None
    if draft is not None:
        previous = (draft.fingerprint, draft.rows, rows_of(draft.drafted.values()), draft.agreed)
    elif (stored := stored_draft(session_id)) is not None:
        previous = (stored.fingerprint, stored.rows, stored.drafted, set(stored.agreed))
    changed = False
    if previous is not None and previous[0] == mark:
        rows = [dict(r) for r in previous[1]]
    elif previous is not None:
        rows, changed = carry_edits(previous[1], previous[2], rows)
        if changed:
            state.put(NOTICE, "The answers changed, so the draft was made again from them; "
                              "your edits to the table were kept.")
    if previous is not None:
        agreed = previous[3] & {r["id"] for r in rows}
    fresh = Draft(mark, report, {d.id: d for d in deps}, rows, rows, agreed,
                  generation=draft.generation + 1 if draft is not None else 0,
                  session_id=session_id)
    if not (changed or (agreed and previous[0] != mark)):
        fresh.saved = fresh.snapshot()
    state.put(DRAFT, fresh)
    return fresh


def save_draft(draft: Draft) -> None:
    """Write the draft to the Store when it differs from what was last written; on failure say
    so and keep the edits on the page (the write is retried on the next run)."""
    now = draft.snapshot()
    if draft.session_id is None or now == draft.saved:
        return
    try:
        database.store().save_draft(draft.session_id, draft.rows, draft.agreed, draft.fingerprint,
                                   drafted=rows_of(draft.drafted.values()))
    except StorageError as exc:  # a database failure must keep the edit on screen
        st.error(escape_markdown(f"The dependency table could not be saved ({exc}). Your edits "
                                 "are kept on this page; saving is tried again with your next "
                                 "change."))
        return
    draft.saved = now


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


def edit_table(draft: Draft, session) -> None:
    """Draw the editor and keep its result as the edited rows; a move re-creates the widget."""
    key = editor_key(draft)
    if not state.has(key):
        draft.base = draft.rows
    edited = st.data_editor(frame(draft.base), key=key, num_rows="dynamic", hide_index=True,
                            column_config=column_config(session), width="stretch")
    filled = fill_rows(records(edited))
    rows = by_order(filled)
    draft.rows = rows
    if [r["id"] for r in rows] != [r["id"] for r in filled]:
        draft.rows = draft.base = renumber(rows)
        draft.generation += 1
        st.rerun()


def settle_agreed(draft: Draft, deps, results) -> dict[str, str]:
    """Apply the agreed boxes; refuse (untick) any whose row fails a SMART check."""
    refused = {}
    draft.agreed &= {d.id for d in deps}
    for dep, result in zip(deps, results):
        key = agreed_key(draft, dep.id)
        wanted = bool(state.get(key)) if state.has(key) else dep.id in draft.agreed
        if wanted and not result.passed:
            refused[dep.id] = refusal(dep.title, result)
            wanted = False
        state.put(key, wanted)
        (draft.agreed.add if wanted else draft.agreed.discard)(dep.id)
    return refused


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
        st.checkbox("Agreed by both sides", key=agreed_key(draft, dep.id),
                    help="Only possible when all five SMART checks pass.")
        if refused:
            st.error(escape_markdown(refused))


bank = resources.bank()
session = layout.require_session()
model = layout.require_model()
draft = current_draft(bank, session, model)
layout.deal_header(session)
st.title("Dependencies")
notice = state.get(NOTICE)
if notice:
    state.drop(NOTICE)
    st.info(notice)
if warning := state.get(WARNING):
    state.drop(WARNING)
    st.warning(escape_markdown(warning))
st.write("Everything that must happen for the work to succeed, on both sides. Edit, add or "
         "delete rows; change Order to move one. A row can be marked agreed once it is SMART.")
edit_table(draft, session)
deps = to_dependencies(draft.rows, draft.drafted, draft.agreed)
results = [smart_check(d, session, bank) for d in deps]
refused = settle_agreed(draft, deps, results)
save_draft(draft)
deps = to_dependencies(draft.rows, draft.drafted, draft.agreed)

st.subheader("SMART check")
if deps:
    st.dataframe(smart_frame(deps, results, draft.agreed), hide_index=True, width="stretch")
else:
    st.info("No dependencies: add a row to the table above.")
for number, (dep, result) in enumerate(zip(deps, results), 1):
    row_panel(draft, number, dep, result, refused.get(dep.id))

st.subheader("Draft agreement")
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
