"""Groundwork: routes only. Each page is a file in ui/pages/; add a page with one line below."""
import streamlit as st

from ui import layout, resources

st.set_page_config(page_title="Groundwork", layout="centered")

PAGES = [
    st.Page("ui/pages/start.py", title="Start", default=True),
    st.Page("ui/pages/questionnaire.py", title="Questionnaire"),
    st.Page("ui/pages/review.py", title="Review"),
    st.Page("ui/pages/results.py", title="Results"),
]

page = st.navigation(PAGES)
loaded = resources.loaded_bank()
if loaded.bank is None:
    layout.show_bank_problems(loaded.problems)
    st.stop()
page.run()
