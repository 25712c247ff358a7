"""Groundwork: routes only. Each page is a file in ui/pages/; add a page with one line below."""
import streamlit as st

from ui import access, layout, live, persist, resources

st.set_page_config(page_title="Groundwork", layout="centered")

PAGES = [
    st.Page("ui/pages/start.py", title="Start", default=True),
    st.Page("ui/pages/questionnaire.py", title="Questionnaire"),
    st.Page("ui/pages/review.py", title="Review"),
    st.Page("ui/pages/results.py", title="Results"),
    st.Page("ui/pages/dependencies.py", title="Dependencies"),
    st.Page("ui/pages/sessions.py", title="Sessions"),
]
CLIENT_PAGES = [st.Page("ui/pages/client.py", title="Your questions", default=True)]

token = access.link_token()
page = st.navigation(CLIENT_PAGES if token is not None else PAGES,
                     position="hidden" if token is not None else "sidebar")
loaded = resources.loaded_bank()
if loaded.bank is None:
    layout.show_bank_problems(loaded.problems)
    st.stop()
persist.install()
persist.require_store()
if token is not None:
    access.open_client_link(token)
else:
    persist.restore_from_url()
    persist.show_save_problem()
live.poll()
page.run()
