"""Pieces every page draws the same way: the bank error, the deal header, the no-session hint."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import streamlit as st

from questions import Problem, Session
from ui.present.markdown import escape_markdown
from ui.session import resources, state, team_passcode

if TYPE_CHECKING:
    from scoring import Model

START_PAGE = "ui/pages/start.py"
QUESTIONNAIRE_PAGE = "ui/pages/questionnaire.py"
REVIEW_PAGE = "ui/pages/review.py"


def show_bank_problems(problems: Iterable[Problem]) -> None:
    """The located reasons the question bank did not load, instead of a traceback."""
    lines = "\n".join(f"- {escape_markdown(str(p))}" for p in problems)
    st.error("**The question bank could not be loaded.** Fix these and reload the page:\n\n"
             + lines)


def require_session() -> Session:
    """The current discovery; otherwise a pointer to the start page and the page stops."""
    current = state.session()
    if current is None:
        st.info("No discovery yet: create one or open an example on the start page.")
        if st.button("Go to the start page", key="go_start"):
            st.switch_page(START_PAGE)
        st.stop()
    return current


def require_model() -> Model:
    """The scoring model; otherwise its located problems are shown and the page stops."""
    loaded = resources.loaded_model()
    if loaded.model is None:
        st.error("**The scoring model could not be loaded.** Fix these and reload the page:\n\n"
                 + "\n".join(f"- {escape_markdown(str(p))}" for p in loaded.problems))
        st.stop()
    return loaded.model


def deal_header(session: Session) -> None:
    st.caption("Discovery: " + escape_markdown(session.deal.name))
    notice = state.notice()
    if notice:
        st.success(notice)


def passcode_set() -> bool:
    return team_passcode.passcode_required()
