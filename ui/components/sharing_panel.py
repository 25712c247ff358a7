"""The supplier's controls for sharing a session: run mode, client links, completion marks.

A new link's full URL is shown once (only its hash is stored, so it cannot be shown again).
Links are created only when the supplier's side is protected: with the team passcode set, or on
a server that listens on this computer only, after an explicit warning (anyone who can reach an
unprotected server can open every discovery; a link reveals the server's address).
"""
from __future__ import annotations

import streamlit as st

from ui.actions import sharing as actions
from ui.components import steps
from ui.present.steps import area_steps, open_questions
from ui.present.visible import shown_answers
from ui.actions.sharing import NEW_LINK, RISK_OK
from ui.present.link_policy import loopback_warning
from ui.present.markdown import escape_markdown
from ui.session import database, live, public_address, resources, state

MODE_LABELS = {"together": "Together: the live call; both sides see the shared answers as they come.",
               "blind": "Blind: each side's answers stay hidden from the other until both have "
                        "marked their part complete."}


def draw_mode(info) -> None:
    """The run mode and the one action that changes it. Leaving blind mode before both sides
    are complete takes both parties, so it is asked for, not switched."""
    st.markdown(f"**How the two sides answer.** {MODE_LABELS[info.mode]}")
    theirs = info.mode_requests.get("client")
    mine = info.mode_requests.get("supplier")
    if info.mode == "together":
        st.button("Switch to blind mode", key="share.blind", on_click=actions.ask_mode, args=("blind",))
    elif info.both_complete:
        st.button("Switch to together mode", key="share.together", on_click=actions.ask_mode,
                  args=("together",))
    elif theirs == "together":
        st.info("The client asks to switch to together mode, so both sides see each other's "
                "answers now.")
        agree, keep = st.columns(2)
        agree.button("Agree: switch to together", key="share.agree", on_click=actions.ask_mode,
                     args=("together",))
        keep.button("Keep blind mode", key="share.keep", on_click=actions.ask_mode, args=("blind",))
    elif mine == "together":
        st.caption("You asked to switch to together mode; waiting for the client to agree.")
        st.button("Withdraw the request", key="share.withdraw", on_click=actions.ask_mode,
                  args=("blind",))
    else:
        st.button("Ask the client to switch to together mode", key="share.together",
                  on_click=actions.ask_mode, args=("together",))


def draw_links(session_id: str) -> None:
    store = database.store()
    policy = actions.current_policy()
    shown = state.get(NEW_LINK)
    configured, problem = public_address.public_url()
    if problem:
        st.error(escape_markdown(problem))
    if shown and shown[0] == session_id:
        st.success("Send this link to the client. It is shown only once: copy it now.")
        st.code(shown[1], language=None)
        if (warning := loopback_warning(shown[1])) is not None:
            st.warning(escape_markdown(warning))
    live_count = store.live_links(session_id).get("client", 0)
    if not policy.allowed:
        st.error(policy.message)
    elif policy.needs_consent:
        st.warning(policy.message)
        st.checkbox("I understand: create client links without a team passcode", key=RISK_OK)
    make, revoke = st.columns(2)
    make.button("Create a client link", key="share.create", on_click=actions.create_link,
                disabled=not policy.allowed or (policy.needs_consent and not state.get(RISK_OK)))
    revoke.button(f"Revoke client links ({live_count} live)", key="share.revoke",
                  on_click=actions.revoke, disabled=live_count == 0)


def draw() -> None:
    """The sharing panel for the current stored session (nothing before it is saved)."""
    session_id = state.session_id()
    if not session_id:
        st.caption("Sharing is available once the discovery is saved.")
        return
    info = database.store().session_info(session_id)
    st.subheader("Share with the client")
    draw_mode(info)
    draw_links(session_id)
    done = {p: bool(when) for p, when in info.completed.items()}
    st.markdown("**Marking each side's part complete.** Completed: supplier "
                f"{'yes' if done.get('supplier') else 'no'}, client {'yes' if done.get('client') else 'no'}.")
    if done.get("supplier"):
        st.success("Your part is marked complete. Thank you.")
        st.button("Reopen my part", key="share.reopen", on_click=actions.mark_complete, args=(False,))
    else:
        bank, session = resources.bank(), state.session()
        answers = shown_answers(bank, session)
        plan = area_steps(bank, session, "supplier", answers, every_area=True)
        steps.finish(open_questions(bank, session, "supplier", plan, answers), plan, "supplier",
                     "q", actions.go_to, False, actions.mark_complete, "share")
    live.controls("share.refresh")
