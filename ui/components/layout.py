"""Pieces every page draws the same way: the bank error, the deal header, the no-session hint."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, NoReturn

import streamlit as st

from questions import Problem, Session
from ui.present.markdown import escape_markdown
from ui.session import resources, state, team_passcode

if TYPE_CHECKING:
    from agreement.rules import RuleSet
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
        _not_loaded("The scoring model", loaded.problems)
    return loaded.model


def require_rules() -> "RuleSet":
    """The dependency rules; otherwise their located problems are shown and the page stops."""
    loaded = resources.loaded_rules()
    if loaded.rules is None:
        _not_loaded("The dependency rules", loaded.problems)
    return loaded.rules


def _not_loaded(what: str, problems: Any) -> NoReturn:
    """A data file's located problems, and the page stops."""
    st.error(f"**{what} could not be loaded.** Fix these and reload the page:\n\n"
             + "\n".join(f"- {escape_markdown(str(p))}" for p in problems))
    st.stop()


def deal_header(session: Session) -> None:
    st.caption("Discovery: " + escape_markdown(session.deal.name))
    notice = state.notice()
    if notice:
        st.success(notice)


def passcode_set() -> bool:
    return team_passcode.passcode_required()


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return escape_markdown(str(value))


def table(frame: Any, key: str, caption: str = "") -> None:
    """A table readable on any screen. From 641 px up, ``st.table``: every column in view, long
    text wrapping in its cell instead of a column behind sideways scrolling; on a phone, one card
    per row, each value under its column's name (page.css shows one or the other). Cells are
    shown literally (st.table reads Markdown, so each is escaped)."""
    if frame is None or len(frame) == 0:
        return
    shown = frame.astype(object).map(_cell)
    shown.columns = [escape_markdown(str(column)) for column in frame.columns]
    with st.container(key=f"gwwide-{key}"):
        st.table(shown, hide_index=True, alt=caption or None)
    with st.container(key=f"gwcards-{key}"):
        for row in shown.itertuples(index=False):
            with st.container(border=True):
                st.markdown("  \n".join(f"**{column}:** {value}"
                                        for column, value in zip(shown.columns, row) if value))


def fit_columns(config: dict, widths: dict[str, int]) -> tuple[dict, list[str]]:
    """An editor's column settings with pixel ``widths`` (so all fit the screen instead of some
    hiding behind sideways scrolling), and the columns to show: those given a width."""
    fitted = {name: (dict(column, width=widths[name]) if name in widths else column)
              for name, column in config.items()}
    return fitted, list(widths)


def chart_in_words(description: str) -> None:
    """A chart's text alternative, right under it: what a screen reader (or anyone who cannot
    read the bars) needs, built with the chart (ui.present.charts)."""
    st.caption(escape_markdown(description))
