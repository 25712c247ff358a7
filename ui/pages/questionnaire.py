"""Questionnaire: the supplier's questions, one step per area. The client's questions are
answered through the client's own link, or here after handing the screen over (hand-over mode:
only the client's page is reachable until the supplier takes the screen back).

The step (progress, step selector, questions, buttons) is a fragment: an answer or a move to
another step reruns the step only, not the navigation, the checks and the stylesheet around it.
What changes the rest of the page asks for the whole page from its callback: handing the screen
over, and an answer whose saving must be told (ui/components/answer_widget.py). Answers another
tab or party stores rerun the whole page (ui/session/live.py)."""
from __future__ import annotations

import streamlit as st

from storage.access import may_hand_over
from ui.actions import questionnaire as actions
from ui.actions.questionnaire import AREA_KEY
from ui.components import browser, layout, steps
from ui.present import parties
from ui.present.markdown import escape_markdown
from ui.present.steps import area_steps, estimate_minutes, party_questions, shown_total
from ui.present.visible import shown_answers
from ui.session import resources, state

SCOPE = "q"

bank = resources.bank()
opened = layout.require_session()
mode, both_done = state.run_mode()
viewer = state.acting()
layout.deal_header(opened)


@st.fragment
def step() -> None:
    """The step, drawn from the Session as it stands (a fragment rerun comes after an answer)."""
    session = state.session() or opened
    answers = shown_answers(bank, session)
    plan = area_steps(bank, session, "supplier", answers, every_area=True)
    areas = bank.areas
    index = state.area_index(len(areas))
    area = areas[index]
    answered, total = sum(s.answered for s in plan), sum(s.total for s in plan)
    st.progress(answered / total if total else 0.0,
                text=f"{answered} of {total} of the supplier's questions answered")
    state.put(AREA_KEY, index)
    steps.selector(plan, AREA_KEY, actions.jump)

    client = parties.who(session, "client") or "the client"
    handover = may_hand_over(mode, both_done)
    if index == 0 and not session.answers["supplier"]:
        shown = shown_total(bank, "supplier", answers)
        st.info(f"**Your questions, as the supplier:** {len(shown)} of them, about "
                f"{estimate_minutes(shown)} minutes; every one is optional. The client answers its own "
                "on its device through a private link (review page), or here on your screen: hand it "
                "over and only the client's questions are reachable until you take it back. Each side "
                "sees the other's answer to a shared question only after giving its own. Questions "
                "marked \u201cSupplier only\u201d are never shown to the client.")
    if not handover:
        st.info("Blind mode: the client answers through their own link; their answers stay hidden "
                "until both sides mark their part complete (on the review page).")

    with st.container(key=browser.STEP_KEY):
        st.header(f"{index + 1}. {area.title}")
        if area.description:
            st.write(area.description)
        questions = party_questions(bank, "supplier", area.id, answers)
        if not questions:
            st.write("No questions for the supplier in this area.")
        for item in questions:
            steps.question(bank, session, item, "supplier", SCOPE, viewer, mode, both_done)

    if handover:
        waiting = [q for q in party_questions(bank, "client", area.id, answers)
                   if q.id not in session.answers["client"]]
        st.button(f"Hand the screen to {escape_markdown(client)} for the client's questions"
                  + (f" ({len(waiting)} open here)" if waiting else ""),
                  key="q.handover", on_click=actions.hand_over)
        st.caption("Only the client's questions are reachable until you take the screen back"
                   + (" with the team passcode." if layout.passcode_set() else "."))

    back, forward = st.columns(2)
    back.button("← Back", key="q.back", disabled=index == 0, on_click=actions.step, args=(index - 1,))
    if index + 1 < len(areas):
        forward.button(f"Next: {areas[index + 1].title} →", key="q.next", type="primary",
                       on_click=actions.step, args=(index + 1,))
    elif forward.button("Review the answers →", key="q.review", type="primary"):
        st.switch_page(layout.REVIEW_PAGE)
    browser.keep_place(f"{index + 1}. {area.title}")


step()
