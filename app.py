"""Groundwork: routes only. Each page is a file in ui/pages/; add a page with one line below."""
import streamlit as st

from storage import StorageError
from ui.components import browser, layout
from ui.session import database, live, opening, party_link, resources, saving, state, team_passcode

st.set_page_config(page_title="Groundwork", layout="centered")

# (file, title); the first of each list is the default page.
PAGES = [
    ("ui/pages/start.py", "Start"),
    ("ui/pages/questionnaire.py", "Questionnaire"),
    ("ui/pages/review.py", "Review"),
    ("ui/pages/results.py", "Results"),
    ("ui/pages/dependencies.py", "Dependencies"),
    ("ui/pages/sessions.py", "Sessions"),
    ("ui/pages/pipeline.py", "Pipeline"),  # supplier side only: never in CLIENT_PAGES
]
CLIENT_PAGES = [("ui/pages/client.py", "Your questions")]
WIDE = {"ui/pages/results.py", "ui/pages/dependencies.py", "ui/pages/sessions.py"}
# Pages that show the open discovery: there, answers another tab or party stores are polled for.
LIVE = {"ui/pages/questionnaire.py", "ui/pages/review.py", "ui/pages/results.py",
        "ui/pages/dependencies.py"}


def pages(client: bool) -> list[st.Page]:
    """The st.Page objects, built once per browser session: building one resolves its file on
    disk, a cost otherwise paid on every rerun. Not shared between sessions, since st.navigation
    marks the chosen Page object runnable for the run in progress."""
    key = "gw.pages.client" if client else "gw.pages.supplier"
    built = state.get(key)
    if built is None:
        built = [st.Page(path, title=title, default=i == 0) for i, (path, title)
                 in enumerate(CLIENT_PAGES if client else PAGES)]
        state.put(key, built)
    return built


token = party_link.link_token()
# A client link, or the supplier's screen handed to the client: the client's page alone, no
# navigation (taking the screen back is a button on that page, behind the team passcode).
client = token is not None or opening.resume_handover()
if not client:
    team_passcode.require_team_passcode()
page = st.navigation(pages(client), position="hidden" if client else "sidebar")
# The supplier's page being shown, by path (matched by identity: a Page's attributes are not
# all set when this script runs outside a server, e.g. as the __main__ of a process a test
# spawns); None on the client's page.
path = None if client else next(p for (p, _), shown in zip(PAGES, pages(False)) if shown is page)
if path in WIDE:  # pages whose tables have many columns get the whole width of the screen
    st.set_page_config(layout="wide")
browser.style()
loaded = resources.loaded_bank()
if loaded.bank is None:
    layout.show_bank_problems(loaded.problems)
    st.stop()
# The start page reads nothing from the database: it paints first and opens the Store at its
# end, so the first visit does not wait for SQLAlchemy and the schema check.
if path != PAGES[0][0] or state.QUERY_KEY in st.query_params:
    database.require_store()
if token is not None:
    party_link.open_client_link(token)
elif not client:
    opening.restore_from_url()
saving.retry()  # answers kept while the database was away are saved once it is back
if not client:
    saving.show_save_problem()
live.poll(client or path in LIVE)
try:
    page.run()
except StorageError as exc:  # a read the page could not make: plain words, never a traceback
    database.show_problem(exc)
