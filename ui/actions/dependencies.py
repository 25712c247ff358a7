"""The dependencies page's draft bookkeeping: which draft to show, the table's edits, the agreed
boxes, and saving the draft to the Store.

The draft is made once per version of the Session and kept, with the user's edits, in
``st.session_state`` (key DRAFT), so switching pages keeps the edits; every change to it is also
saved to the Store, so a refresh or a restart (``?s=<id>``) starts from the saved draft. The
table widget's edits are relative to the rows it was created from (``draft.base``); when the
widget is gone (after a page switch) or rows move, a fresh widget is created from the edited rows.
"""
from __future__ import annotations

from agreement import draft_dependencies
from scoring import score
from storage import StorageError, StorageUnavailable
from ui.present.dependencies import (Draft, by_order, carry_edits, fill_rows,
                                     fingerprint, keep_card_fields, records, refusal,
                                     refuse_long_cells, renumber, rows_of)
from ui.present.failures import logged
from ui.session import database, state

DRAFT = "gw.deps.draft"
NOTICE = "gw.deps.notice"
WARNING = "gw.deps.warning"


def editor_key(draft: Draft) -> str:
    return f"deps.editor.{draft.generation}"


def agreed_key(draft: Draft, row_id: str) -> str:
    return f"deps.agreed.{draft.generation}.{row_id}"


def field_key(draft: Draft, row_id: str, field: str) -> str:
    return f"deps.field.{draft.generation}.{row_id}.{field}"


def set_field(draft: Draft, row_id: str, field: str) -> None:
    """A card's field edited: keep it in the row (saved with the next save_draft)."""
    value = state.get(field_key(draft, row_id, field))
    draft.rows = [dict(r, **{field: value if value is not None else ""}) if r["id"] == row_id else r
                  for r in draft.rows]


def stored_draft(session_id: str | None):
    """The draft saved for this session, or None; one that cannot be read is set aside with a
    warning and the page drafts afresh (the next edit overwrites it)."""
    if session_id is None:
        return None
    try:
        return database.store().load_draft(session_id)
    except StorageUnavailable:
        # not a fresh draft: once the database is back, its first edit would overwrite the
        # saved edits; the page says the database cannot be reached (app.py) and drafts nothing
        raise
    except StorageError as exc:  # a damaged draft must not stop the page
        state.put(WARNING, f"The saved dependency table could not be read "
                           f"({logged(exc, 'reading the dependency table')}), so a fresh "
                           "draft was made from the answers.")
        return None


def current_draft(bank, session, model, rules=None) -> Draft:
    """The kept draft, else the stored one, redrafted (keeping the edits) when the Session
    changed since it was edited; a brand-new draft when there is neither."""
    mark, session_id = fingerprint(session), state.session_id()
    draft: Draft | None = state.get(DRAFT)
    if draft is not None and draft.session_id != session_id:
        draft = None
    if draft is not None and draft.fingerprint == mark:
        return draft
    report = score(bank, session, model)
    deps = draft_dependencies(bank, session, report, model=model, rules=rules)
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


def save_draft(draft: Draft) -> str | None:
    """Write the draft to the Store when it differs from what was last written. On failure the
    edits stay on the page (the write is retried on the next run) and the reason is returned
    for the page to show."""
    now = draft.snapshot()
    if draft.session_id is None or now == draft.saved:
        return None
    try:
        database.store().save_draft(draft.session_id, draft.rows, draft.agreed, draft.fingerprint,
                                    drafted=rows_of(draft.drafted.values()))
    except StorageError as exc:  # a database failure must keep the edit on screen
        return (f"The dependency table could not be saved ({logged(exc, 'saving the dependency table')}). "
                "Your edits are kept on this "
                "page; saving is tried again with your next change.")
    draft.saved = now
    return None


def base_rows(draft: Draft) -> list[dict]:
    """The rows a table widget is created from: the edited rows when the widget is new."""
    if not state.has(editor_key(draft)):
        draft.base = draft.rows
    return draft.base


def take_edits(draft: Draft, edited) -> bool:
    """Keep the table's result as the edited rows; True when rows moved, so the page must
    rerun with a fresh table widget."""
    filled = keep_card_fields(fill_rows(records(edited, draft.base)), draft.rows)
    filled, too_long = refuse_long_cells(filled, draft.rows)
    rows = by_order(filled)
    draft.rows = rows
    if too_long:  # the table must show the refused cells as they were: a fresh widget
        state.put(WARNING, " ".join(too_long) + " The rest of the edit was kept.")
        draft.rows = draft.base = renumber(rows)
        draft.generation += 1
        return True
    if [r["id"] for r in rows] != [r["id"] for r in filled]:
        draft.rows = draft.base = renumber(rows)
        draft.generation += 1
        return True
    return False


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
