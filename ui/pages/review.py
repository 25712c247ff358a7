"""Review: every answer by area and party, in words, each editable in place; JSON download."""
from __future__ import annotations

import re

import streamlit as st

from questions import PARTIES, progress
from storage.access import may_compare, may_see, may_write
from ui.actions import review as actions
from ui.actions.sharing import GOTO
from ui.components import layout, sharing_panel
from ui.components.answer_widget import answer_widget
from ui.present import parties
from ui.present.answers import UNANSWERED, answer_in_words
from ui.present.markdown import escape_markdown
from ui.present.visible import shown_answers, shown_questions
from ui.session import resources, state


HIDDEN = "answered; shown once you have given your own"


def file_name(deal_name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", deal_name.lower()).strip("-")[:60]
    return f"{slug or 'discovery'}.json"


if state.get(GOTO):
    state.drop(GOTO)
    st.switch_page(layout.QUESTIONNAIRE_PAGE)
bank = resources.bank()
session = layout.require_session()
layout.deal_header(session)
st.title("Review the answers")
mode, both_done = state.run_mode()
viewer = state.acting()
sealed = [p for p in PARTIES if not may_see(bank, viewer, p, "", mode=mode, both_complete=both_done)]
overall = progress(bank, session, tuple(p for p in PARTIES if p not in sealed))
st.progress(overall.share, text=f"{overall.answered} of {overall.total} questions answered")
if overall.answered < overall.total:
    st.warning(f"{overall.total - overall.answered} questions shown so far have no answer yet "
               "(marked “not answered” below).")
st.download_button("Download session JSON", data=actions.session_json, key="r.download",
                   file_name=file_name(session.deal.name), mime="application/json",
                   on_click="ignore", help="With each answer, whether the other side's answer was "
                                           "visible when it was given.")

if session.goals:
    st.header("Agreed goals")
    st.markdown("\n".join(f"- {escape_markdown(g.text)}" for g in session.goals))

editing = state.editing()
answers = shown_answers(bank, session)
if sealed:
    st.info("Blind mode: the client's answers stay hidden, and cannot be changed here, until "
            "both sides have marked their part complete (below).")
for area_number, area in enumerate(bank.areas, 1):
    st.header(f"{area_number}. {area.title}")
    for party in PARTIES:
        if party in sealed:
            continue
        questions = shown_questions(bank, session, party, area.id, answers)
        if not questions:
            continue
        st.subheader(escape_markdown(parties.party_name(session, party)))
        for number, question in enumerate(questions, 1):
            value = session.answers[party].get(question.id)
            if editing == (party, question.id):
                with st.container(border=True):
                    answer_widget(question, party, value, scope="r")
                    st.button("Done", key=f"r.done.{party}.{question.id}", on_click=actions.done,
                              type="primary")
                continue
            wording, answer, action = st.columns([5, 3, 2], vertical_alignment="center")
            lock = "*(Supplier only)* " if question.visibility == "supplier_private" else ""
            wording.markdown(f"{area_number}.{number} " + lock + question.wording(party))
            # Answer first, then compare: the client's answer to a question the supplier answers
            # too shows once the supplier has given its own.
            own = session.answers[viewer.party].get(question.id)
            hidden = (party != viewer.party and value is not None and question.mirrored
                      and not may_compare(bank, viewer, party, question.id, own, mode=mode,
                                          both_complete=both_done))
            words = HIDDEN if hidden else answer_in_words(question, value)
            answer.markdown(f"*{words}*" if words in (UNANSWERED, HIDDEN) else escape_markdown(words))
            if not hidden and may_write(bank, viewer, party, question.id, mode=mode,
                                        both_complete=both_done):
                action.button(f"Edit {area_number}.{number} ({party})",
                              key=f"r.edit.{party}.{question.id}", on_click=actions.edit,
                              args=(party, question.id))

st.divider()
sharing_panel.draw()
