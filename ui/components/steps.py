"""Drawing a party's steps: the step selector with its marks, one question with the other side's
answer once one's own is given, the welcome, and the finish with the questions still open.

Shared by the client's page (a party link, or the supplier's screen handed over) and the
supplier's questionnaire, so both sides get the same rule for comparing and the same marks.
"""
from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from questions import Bank, Question, Session
from storage.access import may_compare, may_see
from ui.components import browser
from ui.components.answer_widget import answer_widget
from ui.present.answers import answer_in_words
from ui.present.markdown import escape_markdown
from ui.present.steps import Step, estimate_minutes, step_label


def selector(steps: list[Step], key: str, on_change: Callable[[], None]) -> None:
    """The step selector; each area shows how many of its questions are answered."""
    labels = [step_label(steps, i) for i in range(len(steps))]
    st.selectbox("Step", list(range(len(steps))), key=key, on_change=on_change,
                 format_func=labels.__getitem__)


def question(bank: Bank, session: Session, item: Question, party: str, scope: str, viewer: Any,
             mode: str, both_done: bool) -> None:
    """One question in a bordered box: its widget, then (answer first, then compare) the other
    party's answer once this party has given its own."""
    own = session.answers[party].get(item.id)
    with st.container(border=True, key=browser.question_key(scope, item.id,
                                                            item.type in ("likert", "frequency"))):
        answer_widget(item, party, own, scope=scope)
        if not item.mirrored:
            return
        other = "client" if party == "supplier" else "supplier"
        theirs = session.answers[other].get(item.id)
        if theirs is None or not may_see(bank, viewer, other, item.id, mode=mode,
                                         both_complete=both_done):
            return
        if may_compare(bank, viewer, other, item.id, own, mode=mode, both_complete=both_done):
            st.caption(f"The {other}'s answer: " + escape_markdown(answer_in_words(item, theirs)))
        else:
            st.caption(f"The {other} has answered this too; their answer shows here once you "
                       "have given yours.")


def welcome(bank: Bank, session: Session, shown: list[Question], mode: str) -> None:
    """What this is for, who sees which answers, how long it takes, and that all is optional."""
    supplier = session.deal.supplier or session.people.supplier or "The supplier"
    person = session.people.client
    st.title(f"Welcome, {escape_markdown(person)}" if person else "Welcome")
    st.write(f"{escape_markdown(supplier)} would like to hear your side before you work together "
             f"on **{escape_markdown(session.deal.name)}**. The supplier answers its own questions "
             "about the same work; where your two views differ, that difference becomes the "
             "agenda, so that what you agree on is realistic for both of you.")
    st.header("Who sees which answers")
    if mode == "blind":
        seen = ("The supplier sees your answers once both of you have marked your part complete; "
                "until then neither side sees the other's.")
    else:
        seen = "The supplier sees your answers as you give them."
    st.markdown(f"- {seen}\n"
                "- You see the supplier's answer to a question you both answer only after giving "
                "your own, so their view does not steer yours.\n"
                "- A few of the supplier's notes (such as its own price floor) stay private to it; "
                "none of your answers are hidden from the supplier.")
    st.header("How long it takes")
    st.markdown(f"- {len(shown)} questions, about **{estimate_minutes(shown)} minutes**.\n"
                "- Every question is optional: skip any you like, answer \u201cDon't know\u201d, or "
                "\u201cPrefer not to say\u201d where money or penalties are asked.\n"
                "- Each answer is saved the moment you give it; you can stop and come back later.")


def finish(open_items: list[tuple[int, Question]], steps: list[Step], party: str, scope: str,
           go_to: Callable[..., None], complete: bool, mark: Callable[..., None], key: str) -> None:
    """Before marking complete: the questions still open, each a link to its step and question;
    once complete, a thank-you and the way to reopen."""
    if complete:
        st.success("Thank you. Your part is marked complete.")
        return
    if open_items:
        st.write(f"**{len(open_items)} of your questions are still open.** Every question is "
                 "optional; answer any of them now, or mark your part complete as it is.")
        for index, item in open_items:
            st.button(f"{escape_markdown(steps[index].title)}: {escape_markdown(item.wording(party))}",
                      key=f"{key}.goto.{item.id}", type="tertiary", on_click=go_to,
                      args=(index, browser.question_selector(scope, item.id)))
        label = f"Mark my part complete, leaving {len(open_items)} open"
    else:
        st.write("Every question is answered.")
        label = "Mark my part complete"
    st.button(label, key=f"{key}.complete", type="primary", on_click=mark, args=(True,))
