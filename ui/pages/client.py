"""The client's page: through a party link on the client's own device, or on the supplier's
screen while it is handed over. The client's own questions and nothing else.

No navigation, no supplier-private questions or notes, no scores (their evidence could hold
supplier-only answers). A welcome first, then one step per area, then a finish that lists the
questions still open before the part is marked complete. The supplier's answer to a question
both answer shows only once the client has given its own (storage.access.may_compare).
"""
from __future__ import annotations

import streamlit as st

from storage import StorageError
from ui.actions import client as actions
from ui.actions.client import PASSCODE_KEY, STEP_KEY, TAKE_BACK_TRIED
from ui.components import browser, layout, steps
from ui.present.markdown import escape_markdown
from ui.present.steps import client_steps, heading, open_questions, party_questions, shown_total
from ui.present.visible import shown_answers
from ui.session import database, live, resources, saving, state, team_passcode

SCOPE = "c"

bank = resources.bank()
session = layout.require_session()
mode, both_done = state.run_mode()
viewer = state.acting()
handed_over = state.handed_over()
try:
    info = database.store().session_info(state.session_id()) if state.session_id() else None
except StorageError:  # the database is away: the page carries on with what it holds
    info = None
st.caption("Discovery: " + escape_markdown(session.deal.name))
if mode == "blind" and not both_done:
    st.info("Blind mode: you and the supplier answer separately. Neither sees the other's "
            "answers until both of you have marked your part complete.")
    if info is not None and info.mode_requests.get("supplier") == "together":
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

answers = shown_answers(bank, session)
plan = client_steps(bank, session, answers)
index = state.client_step(len(plan))
step = plan[index]
state.put(STEP_KEY, index)
steps.selector(plan, STEP_KEY, actions.jump)
title = heading(plan, index)
with st.container(key=browser.STEP_KEY):
    if step.kind == "welcome":
        steps.welcome(bank, session, shown_total(bank, "client", answers), mode)
        st.button("Begin →", key="c.begin", type="primary", on_click=actions.step, args=(1,))
    elif step.kind == "area":
        area = bank.area(step.area_id)
        st.title(escape_markdown(title))
        if area.description_for("client"):
            st.write(escape_markdown(area.description_for("client")))
        for item in party_questions(bank, "client", area.id, answers):
            steps.question(bank, session, item, "client", SCOPE, viewer, mode, both_done)
    else:
        st.title("Finish")
        complete = bool(info and info.completed.get("client"))
        steps.finish(open_questions(bank, session, "client", plan, answers), plan, "client", SCOPE,
                     actions.go_to, complete, actions.mark_complete, "c")
        if complete:
            who = session.deal.supplier or session.people.supplier or "The supplier"
            st.write(f"{escape_markdown(who)} now has your answers next to its own; the places "
                     "where your views differ are what you will talk through next. You can still "
                     "change an answer: reopen your part first.")
            st.button("Reopen my part", key="c.reopen", on_click=actions.mark_complete, args=(False,))

if step.kind != "welcome":
    back, forward = st.columns(2)
    back.button("← Back", key="c.back", on_click=actions.step, args=(index - 1,))
    if index + 1 < len(plan):
        forward.button(f"Next: {escape_markdown(plan[index + 1].title)} →", key="c.next",
                       type="primary", on_click=actions.step, args=(index + 1,))

st.divider()
live.controls("c.refresh")
if handed_over:
    with st.expander("For the supplier: take the screen back", expanded=bool(state.get(TAKE_BACK_TRIED))):
        if team_passcode.passcode_required():
            st.text_input("Team passcode", type="password", key=PASSCODE_KEY)
        st.button("Take the screen back", key="c.takeback", on_click=actions.take_back)
browser.keep_place(title)
