"""The client's page behind a party link: the client's own questions and nothing else.

No navigation, no supplier-private questions or notes, no scores (their evidence could hold
supplier-only answers). In "together" mode the supplier's shared answers show under each
question; in "blind" mode only after both parties have marked their part complete.
"""
from __future__ import annotations

import streamlit as st

from questions import progress
from ui.actions import client as actions
from ui.actions.client import AREA_KEY
from ui.components import layout
from ui.components.answer_widget import answer_widget
from ui.present.answers import UNANSWERED, answer_in_words
from ui.present.markdown import escape_markdown
from ui.present.visible import shown_answers, shown_questions
from ui.session import database, live, resources, saving, state

bank = resources.bank()
session = layout.require_session()
mode, both_done = state.run_mode()
st.title(escape_markdown(session.deal.name))
who = session.people.supplier or session.deal.supplier or "the supplier"
st.write(f"Your questions for this discovery with {escape_markdown(who)}. Every answer is saved "
         "as you give it; you can close this page and come back through the same link.")
info = database.store().session_info(state.session_id())
if mode == "blind" and not both_done:
    st.info("Blind mode: you and the supplier answer separately. Neither sees the other's "
            "answers until both of you have marked your part complete.")
    if info.mode_requests.get("supplier") == "together":
        st.warning("The supplier asks to switch to together mode: both sides would then see "
                   "each other's answers. It changes only if you agree.")
        agree, keep = st.columns(2)
        agree.button("Agree: switch to together", key="c.mode.agree", on_click=actions.answer_request,
                     args=("together",))
        keep.button("Keep answering separately", key="c.mode.keep", on_click=actions.answer_request,
                    args=("blind",))
notice = state.notice()
if notice:
    st.info(escape_markdown(notice))
saving.show_save_problem()

mine = progress(bank, session, ("client",))
st.progress(mine.share, text=f"{mine.answered} of {mine.total} of your questions answered")
areas = [a for a in bank.areas if bank.for_party("client", a.id)]
index = state.area_index(len(areas))
area = areas[index]
state.put(AREA_KEY, index)
st.selectbox("Area", list(range(len(areas))), key=AREA_KEY, on_change=actions.jump,
             format_func=lambda i: f"{i + 1}. {areas[i].title}")
st.header(f"{index + 1}. {area.title}")
if area.description:
    st.write(area.description)

answers = shown_answers(bank, session)
for question in shown_questions(bank, session, "client", area.id, answers):
    with st.container(border=True):
        answer_widget(question, "client", session.answers["client"].get(question.id), scope="c")
        if "supplier" in question.answered_by and question.visibility == "shared":
            theirs = session.answers["supplier"].get(question.id)
            if theirs is not None:
                st.caption("The supplier answered: "
                           + escape_markdown(answer_in_words(question, theirs)))

back, forward = st.columns(2)
back.button("← Back", key="c.back", disabled=index == 0, on_click=state.set_area_index,
            args=(index - 1,))
if index + 1 < len(areas):
    forward.button(f"Next: {areas[index + 1].title} →", key="c.next", type="primary",
                   on_click=state.set_area_index, args=(index + 1,))

st.divider()
if info.completed.get("client"):
    st.success("You have marked your part complete.")
    st.button("Reopen my part", key="c.reopen", on_click=actions.mark_complete, args=(False,))
else:
    st.button("Mark my part complete", key="c.complete", type="primary", on_click=actions.mark_complete,
              args=(True,))
live.controls("c.refresh")
if mine.answered < mine.total:
    st.caption(f"{mine.total - mine.answered} questions are still {UNANSWERED.lstrip('— ')}.")
