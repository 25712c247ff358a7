"""One answer widget per question type, restored from the Session and writing back to it.

Streamlit forgets the state of widgets that were not drawn in the last run, so each widget's
value is set from the Session just before it is drawn and written back through ``on_change``:
the Session, never the widget, holds the answer. A callback asks for the whole page when what
the page says about saving changed (:func:`_told`): the questionnaire's step, where most answers
are given, is a fragment that otherwise reruns alone.
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Callable

import streamlit as st

from questions import DONT_KNOW, PREFER_NOT, Question
from questions.schema import DURATION_UNITS
from questions.words import hidden_in
from ui.present import rows as row_editor
from ui.present.answers import DONT_KNOW_LABEL, PREFER_NOT_LABEL, normalise_number, option_label
from ui.present.markdown import escape_markdown
from ui.session import changes, saving, state

UNIT_WORDS = {"days": "Business days", "weeks": "Weeks"}

PRIVATE_NOTE = "**Supplier only**: never shown to the client."
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)


def _label(question: Question, party: str) -> str:
    text = question.wording(party)
    return f"{text} ({question.unit})" if question.unit else text


def _to_widget(question: Question, value: Any) -> Any:
    """The widget value that shows a stored answer."""
    kind = question.type
    if kind in ("likert", "frequency", "choice"):
        return value
    if value in (DONT_KNOW, PREFER_NOT) or value is None:
        return {"multi": [], "text": ""}.get(kind)
    if kind == "number":
        return float(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


def _from_widget(question: Question, value: Any) -> Any:
    """The stored answer for a widget value (None = unanswered)."""
    kind = question.type
    if kind == "multi":
        return list(value) if value else None
    if kind == "number":
        return normalise_number(value)
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else None
    if kind == "text":
        text = (value or "").strip()
        return text or None
    return value


def _told(store: Callable[..., None]) -> Callable[..., None]:
    """An answer's callback that asks for the whole page when what the page says about saving
    changed (a problem, a refusal, a notice: shown outside the questionnaire's step, which is a
    fragment and otherwise reruns alone)."""
    @functools.wraps(store)
    def run(*args: Any) -> None:
        before = saving.told()
        store(*args)
        if saving.told() != before:
            st.rerun()
    return run


def _set(party: str, question: Question, key: str) -> None:
    changes.set_answer(party, question.id, _from_widget(question, state.get(key)))


@_told
def _store(party: str, question: Question, key: str) -> None:
    _set(party, question, key)


@_told
def _store_not_given(party: str, question: Question, key: str, box: str, value: str) -> None:
    """A "don't know" or "prefer not to say" box: ticked, it is the answer; cleared, the
    widget's value is."""
    if state.get(box):
        changes.set_answer(party, question.id, value)
    else:
        _set(party, question, key)


@_told
def _store_duration(party: str, question: Question, key: str) -> None:
    amount = normalise_number(state.get(key))
    unit = state.get(key + ".unit") or "weeks"
    changes.set_answer(party, question.id, {"amount": amount, "unit": unit}
                       if amount is not None and amount > 0 else None)


def duration_widget(question: Question, party: str, value: Any, key: str, label: str) -> None:
    """An amount and its unit (business days or weeks): a four-day job is said in days."""
    given = value if isinstance(value, dict) else {}
    state.put(key, float(given["amount"]) if "amount" in given else None)
    state.put(key + ".unit", given.get("unit", "weeks"))
    amount, unit = st.columns([2, 3], vertical_alignment="bottom")
    amount.number_input(label, value=None, key=key, min_value=0.0, step=1.0, format="%g",
                        on_change=_store_duration, args=(party, question, key), placeholder="How long")
    unit.radio("Unit", list(DURATION_UNITS), key=key + ".unit", horizontal=True,
               format_func=UNIT_WORDS.get, on_change=_store_duration, args=(party, question, key),
               label_visibility="collapsed")


def _column_config(question: Question) -> dict:
    config = {}
    for column in question.columns or ():
        args = {"help": column.help, "required": column.required}
        if column.type == "date":
            config[column.id] = st.column_config.DateColumn(column.label, format="YYYY-MM-DD", **args)
        elif column.type == "number":
            config[column.id] = st.column_config.NumberColumn(
                column.label, min_value=column.min, max_value=column.max, step=0.5, **args)
        elif column.type == "when":
            config[column.id] = st.column_config.TextColumn(
                column.label, validate=r"^(\d{4}-\d{2}-\d{2}|week [1-9]\d{0,2})$", **args)
        else:
            config[column.id] = st.column_config.TextColumn(column.label, max_chars=column.max_length,
                                                            **args)
    return config


def rows_widget(question: Question, party: str, value: Any, key: str, label: str) -> None:
    """A small table, one row per item. Each edit is saved as the rows it touched (by row id),
    so two people editing different rows keep both; a row missing a required cell waits in
    the table, with the reason shown, until it is complete."""
    base = value if isinstance(value, list) else []
    editor_key = f"{key}.{row_editor.version(base)}"
    st.markdown(label)
    st.data_editor(row_editor.frame(question, base), key=editor_key, num_rows="dynamic",
                   hide_index=True, width="stretch", column_config=_column_config(question))
    found, problems = row_editor.row_changes(question, base, state.get(editor_key))
    for problem in problems:  # nothing is saved until every edited row is complete
        st.caption(f"Not saved yet: {escape_markdown(problem)}.")
    if found and not problems:
        changes.set_rows(party, question.id, found)
        st.rerun()


_LABELS: dict[int, tuple[Question, dict[Any, str]]] = {}  # id(question) -> (question, labels)


def _option_labels(question: Question) -> dict[Any, str]:
    """A radio answer's options and their words, worked out once per question (the widget asks
    for each option's words on every run)."""
    hit = _LABELS.get(id(question))
    if hit is not None and hit[0] is question:  # the question itself is kept, so ids are not reused
        return hit[1]
    labels = {option: option_label(question, option) for option in radio_options(question)}
    if len(_LABELS) >= 4096:  # banks loaded again (tests) leave old questions behind
        _LABELS.clear()
    _LABELS[id(question)] = (question, labels)
    return labels


def radio_options(question: Question) -> list[Any]:
    """The options of a radio answer, "don't know" and "prefer not to say" last."""
    if question.type == "choice":
        options: list[Any] = [o.id for o in question.options or ()]
    else:
        options = [1, 2, 3, 4, 5]
    if question.dont_know:
        options.append(DONT_KNOW)
    if question.prefer_not_to_say:
        options.append(PREFER_NOT)
    return options


def answer_widget(question: Question, party: str, value: Any, scope: str) -> None:
    """Draw the input for ``party``'s answer to ``question``, showing ``value``.

    ``scope`` separates the questionnaire's widgets from the review page's editors.
    """
    key = state.widget_key(scope, party, question.id)
    kind = question.type
    label = _label(question, party)
    args = (party, question, key)
    if question.visibility == "supplier_private":
        st.caption(PRIVATE_NOTE)
    if kind in ("rows", "duration"):
        (rows_widget if kind == "rows" else duration_widget)(question, party, value, key, label)
        st.caption(question.help)
        return
    state.put(key, _to_widget(question, value))
    if kind in ("likert", "frequency", "choice"):
        labels = _option_labels(question)
        st.radio(label, list(labels), index=None, key=key, horizontal=True,
                 on_change=_store, args=args, format_func=labels.__getitem__)
    else:
        not_given = value in (DONT_KNOW, PREFER_NOT)
        if kind == "multi":
            names = {o.id: o.label for o in question.options or ()}
            st.multiselect(label, list(names), key=key, format_func=names.get, disabled=not_given,
                           on_change=_store, args=args, placeholder="Choose all that apply")
        elif kind == "number":
            whole = question.max is not None and question.max < 100_000
            st.number_input(label, value=None, key=key, step=1.0, disabled=not_given,
                            min_value=None if question.min is None else float(question.min),
                            max_value=None if question.max is None else float(question.max),
                            format="%g" if whole else "%.0f", on_change=_store, args=args,
                            placeholder="Type a number")
        elif kind == "date":
            st.date_input(label, value=None, key=key, min_value=DATE_MIN, max_value=DATE_MAX,
                          disabled=not_given, on_change=_store, args=args, format="YYYY-MM-DD")
        else:
            st.text_area(label, key=key, max_chars=question.max_length, disabled=not_given,
                         on_change=_store, args=args, height=100)
            if hidden := hidden_in(value if isinstance(value, str) else ""):
                st.caption("This answer holds characters the box does not show: "
                           + escape_markdown(", ".join(hidden)) + " (shown so everywhere else).")
        for allowed, part, given, words in ((question.dont_know, "dk", DONT_KNOW, DONT_KNOW_LABEL),
                                            (question.prefer_not_to_say, "pn", PREFER_NOT,
                                             PREFER_NOT_LABEL)):
            if allowed:
                box = state.widget_key(scope, party, question.id, part)
                state.put(box, value == given)
                st.checkbox(words, key=box, on_change=_store_not_given, args=(*args, box, given))
    st.caption(question.help)
