"""Sessions: every saved discovery with its progress and verdict; open, duplicate as a template,
archive, delete (after a confirmation), export one as JSON and import one."""
from __future__ import annotations

import streamlit as st

from questions.words import shown
from storage import CorruptRow, StorageError
from ui.actions import sessions as actions
from ui.actions.sessions import ARCHIVED, CONFIRM, GOTO, IMPORT_PROBLEMS, PICK, SEARCH, UPLOAD
from ui.components import layout
from ui.present.failures import logged
from ui.present.markdown import escape_markdown
from ui.present.sessions import rows_frame
from ui.session import database, resources, state
from ui.session.verdicts import verdicts_of

DAMAGED_HERE = ("This discovery is damaged: part of what is saved for it cannot be read, so it "
                "cannot be opened or exported; it can still be archived or deleted. The other "
                "saved discoveries are not affected.")

if state.get(GOTO):
    state.drop(GOTO)
    st.switch_page("ui/pages/questionnaire.py")

st.title("Saved discoveries")
notice = state.notice()
if notice:
    st.info(escape_markdown(notice))
store = database.store()
left, right = st.columns([3, 1], vertical_alignment="bottom")
search = left.text_input("Search deal, organisation or person", key=SEARCH)
include = right.checkbox("Show archived", key=ARCHIVED)
try:
    found = store.list_sessions(search=search, include_archived=include)
except StorageError as exc:
    st.error(f"The saved discoveries could not be listed "
             f"({escape_markdown(logged(exc, 'listing discoveries'))}).")
    found = []
bank = resources.bank()
model = resources.loaded_model().model
if not found:
    st.write("No saved discoveries match." if search else "No saved discoveries yet.")
else:
    verdicts = verdicts_of(store, bank, model, [s for s in found if not s.damaged])
    layout.table(rows_frame(found, verdicts), "sessions")
    ids = [s.id for s in found]
    names = {s.id: f"{shown(s.deal.name)} · {s.updated_at:%Y-%m-%d %H:%M}"
             + (" (archived)" if s.archived else "") for s in found}
    if state.get(PICK) not in ids:
        state.put(PICK, ids[0])
    chosen = st.selectbox("Discovery", ids, key=PICK, format_func=names.get)
    summary = next(s for s in found if s.id == chosen)
    act = st.columns(4)
    act[0].button("Open", key="sessions.open", type="primary", on_click=actions.open_session, args=(chosen,))
    act[1].button("Duplicate as template", key="sessions.duplicate", on_click=actions.duplicate,
                  args=(chosen,))
    act[2].button("Restore" if summary.archived else "Archive", key="sessions.archive",
                  on_click=actions.archive, args=(chosen, not summary.archived))
    if act[3].button("Delete…", key="sessions.delete"):
        state.put(CONFIRM, chosen)
    if state.get(CONFIRM) == chosen:
        st.warning(f"Delete “{escape_markdown(summary.deal.name)}” with all its answers and "
                   "links? This cannot be undone.")
        yes, no = st.columns(2)
        yes.button("Yes, delete it", key="sessions.confirm", type="primary", on_click=actions.delete,
                   args=(chosen,))
        no.button("Cancel", key="sessions.cancel", on_click=state.drop, args=(CONFIRM,))
    if summary.damaged:
        st.warning(DAMAGED_HERE)
    else:
        try:
            exported = store.export_json(chosen, state.acting())
            info = store.session_info(chosen)
        except CorruptRow:
            st.warning(DAMAGED_HERE)
        except StorageError as exc:
            st.error(f"This discovery cannot be exported "
                     f"({escape_markdown(logged(exc, 'exporting a discovery'))}).")
        else:
            if info.mode == "blind" and not info.both_complete:
                st.caption("Blind mode: the export holds only the supplier's answers until both "
                           "sides have marked their part complete.")
            st.download_button("Export as JSON", data=exported, key="sessions.export",
                               file_name=f"{chosen}.json", mime="application/json")

st.divider()
st.header("Import a session file")
st.file_uploader("Session JSON (groundwork.session/1)", type=["json"], key=UPLOAD,
                 on_change=actions.import_file)
problems = state.get(IMPORT_PROBLEMS)
if problems:
    st.error("**The file was not imported** (nothing was saved):\n\n"
             + "\n".join(f"- {escape_markdown(str(p))}" for p in problems[:20]))
