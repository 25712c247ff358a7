"""Browser-session plumbing: st.session_state, saving to the Store, files cached once, live
updates from the other party, party links and the team passcode."""
