"""Questionnaire: one step per area; the supplier's and the client's questions on separate turns
so the salesperson can hand the screen to the prospect."""
from __future__ import annotations

import streamlit as st

from questions import PARTIES, progress
from storage.access import may_write
from ui.actions import questionnaire as actions
from ui.actions.questionnaire import AREA_KEY, PARTY_KEY
from ui.components import layout
from ui.components.answer_widget import answer_widget
from ui.present import parties
from ui.present.markdown import escape_markdown
from ui.present.visible import area_progress, shown_answers, shown_questions
from ui.session import resources, state

bank = resources.bank()
session = layout.require_session()
areas = bank.areas
index = state.area_index(len(areas))
area = areas[index]
mode, both_done = state.run_mode()
viewer = state.acting()
writable = [p for p in PARTIES if may_write(bank, viewer, p, "", mode=mode, both_complete=both_done)]
blind = writable != list(PARTIES)
party = state.party() if state.party() in writable else writable[0]
layout.deal_header(session)

overall = progress(bank, session)
st.progress(overall.share, text=f"{overall.answered} of {overall.total} questions answered so "
                                "far by both parties")
state.put(AREA_KEY, index)
st.selectbox("Area", list(range(len(areas))), key=AREA_KEY, on_change=actions.jump,
             format_func=lambda i: f"{i + 1}. {areas[i].title}")  # Streamlit matches the choice by its label: keep labels fixed

state.put(PARTY_KEY, party)
if blind:
    st.info("Blind mode: the client answers through their own link; their answers stay hidden "
            "until both sides mark their part complete (on the review page).")
st.radio("Who is answering?", writable, key=PARTY_KEY, horizontal=True,
         on_change=actions.switch_party,
         format_func=lambda p: f"{p.capitalize()} answers"
                               + (f" · {escape_markdown(name)}" if (name := parties.who(session, p))
                                  else ""))

st.header(f"{index + 1}. {area.title}")
if area.description:
    st.write(area.description)
answers = shown_answers(bank, session)
done, shown = area_progress(bank, session, area.id, answers)
st.caption(f"This area: {done} of {shown} questions answered by both parties.")
if party == "client":
    who = session.people.client or session.deal.client or "the client"
    st.info(f"The client's questions: hand the screen to {escape_markdown(who)}. "
            "Answer as you see it; the supplier sees these answers in the review.")
else:
    st.info("The supplier's questions (the salesperson). Questions marked “Supplier only” "
            "stay private to the supplier.")

questions = shown_questions(bank, session, party, area.id, answers)
if not questions:
    st.write(f"No questions for the {party} in this area.")
for question in questions:
    with st.container(border=True):
        answer_widget(question, party, session.answers[party].get(question.id), scope="q")

other = "client" if party == "supplier" else "supplier"
waiting = [q for q in shown_questions(bank, session, other, area.id, answers)
           if q.id not in session.answers[other]]
if waiting and not blind:
    st.button(f"Hand over: the {other}'s questions in {area.title} ({len(waiting)} open)",
              key="q.handover", on_click=actions.hand_over, args=(other,))

back, forward = st.columns(2)
back.button("← Back", key="q.back", disabled=index == 0, on_click=actions.step, args=(index - 1,))
if index + 1 < len(areas):
    forward.button(f"Next: {areas[index + 1].title} →", key="q.next", type="primary",
                   on_click=actions.step, args=(index + 1,))
elif forward.button("Review the answers →", key="q.review", type="primary"):
    st.switch_page(layout.REVIEW_PAGE)
