"""Review: every answer by area and party, in words, each editable in place; JSON download."""
from __future__ import annotations

import re

import streamlit as st

from questions import PARTIES, progress
from storage.access import may_see, may_write
from ui.actions import review as actions
from ui.components import layout, sharing_panel
from ui.components.answer_widget import answer_widget
from ui.present import parties
from ui.present.answers import UNANSWERED, answer_in_words
from ui.present.markdown import escape_markdown
from ui.present.visible import shown_answers, shown_questions
from ui.session import resources, state


def file_name(deal_name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", deal_name.lower()).strip("-")[:60]
    return f"{slug or 'discovery'}.json"


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
st.download_button("Download session JSON", data=session.to_json(), key="r.download",
                   file_name=file_name(session.deal.name), mime="application/json")

if session.goals:
    st.subheader("Agreed goals")
    st.markdown("\n".join(f"- {escape_markdown(g.text)}" for g in session.goals))

editing = state.editing()
answers = shown_answers(bank, session)
if sealed:
    st.info("Blind mode: the client's answers stay hidden, and cannot be changed here, until "
            "both sides have marked their part complete (below).")
for area in bank.areas:
    st.header(area.title)
    for party in PARTIES:
        if party in sealed:
            continue
        questions = shown_questions(bank, session, party, area.id, answers)
        if not questions:
            continue
        st.markdown(f"**{escape_markdown(parties.party_name(session, party))}**")
        for question in questions:
            value = session.answers[party].get(question.id)
            if editing == (party, question.id):
                with st.container(border=True):
                    answer_widget(question, party, value, scope="r")
                    st.button("Done", key=f"r.done.{party}.{question.id}", on_click=actions.done,
                              type="primary")
                continue
            wording, answer, action = st.columns([5, 3, 1], vertical_alignment="center")
            lock = "*(Supplier only)* " if question.visibility == "supplier_private" else ""
            wording.markdown(lock + question.wording(party))
            words = answer_in_words(question, value)
            answer.markdown(f"*{words}*" if words == UNANSWERED else escape_markdown(words))
            if may_write(bank, viewer, party, question.id, mode=mode, both_complete=both_done):
                action.button("Edit", key=f"r.edit.{party}.{question.id}", on_click=actions.edit,
                              args=(party, question.id))

st.divider()
sharing_panel.draw()
