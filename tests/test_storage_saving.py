"""The UI's change records, saved one by one, rebuild exactly the Session the UI holds."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from questions.session import Goal
from answers_support import empty_session, valid_value
from storage.saving import save_change
from storage_support import every_backend

pytestmark = every_backend


@dataclass(frozen=True)
class Change:  # the shape of ui.session.saving.Change, without importing streamlit
    kind: str
    party: str | None = None
    question: str | None = None
    value: Any = None
    given_at: Any = None


def test_changes_replayed_match_the_ui_session(store, bank):
    session = empty_session()
    session_id = save_change(store, None, session, Change("new"), "supplier")
    assert store.load_session(session_id) == session
    for salt, question in enumerate(bank.questions[:12]):
        for party in question.answered_by:
            value = valid_value(question, salt)
            session = session.with_answer(party, question.id, value)
            assert save_change(store, session_id, session, Change("answer", party, question.id, value),
                               party) == session_id
    cleared = bank.questions[0]
    session = session.with_answer("client", cleared.id, None)
    save_change(store, session_id, session, Change("answer", "client", cleared.id, None), "supplier")
    session = session.model_copy(update={"goals": (Goal(id="g7", text="Only this goal"),)})
    save_change(store, session_id, session, Change("goals", value=session.goals), "supplier")
    stored = store.load_session(session_id)
    # The store adds its record of what was visible when each answer was given (the UI's
    # Session does not keep it); everything else is the UI's Session exactly.
    assert set(stored.other_visible.get("supplier", {})) == set(session.answers["supplier"])
    assert stored.model_copy(update={"other_visible": {}}) == session
    assert save_change(store, session_id, None, Change("close"), "supplier") == session_id


def test_opening_an_unsaved_session_stores_it_once(store, bank):
    session = empty_session("Opened example").with_answer("client", bank.questions[0].id,
                                                          valid_value(bank.questions[0]))
    first = save_change(store, None, session, Change("open"), "supplier")
    assert save_change(store, first, session, Change("open"), "supplier") == first
    assert [r.id for r in store.list_sessions()] == [first]
    assert store.load_session(first) == session
