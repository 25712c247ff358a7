"""The Store this browser session reads and writes, opened once, and its failures as messages.

The Store is opened once per database setting and bank (:func:`ui.session.resources.once`).
SQLAlchemy is first imported here, when something is first saved or read, not before the
first page paints.
"""
from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Callable

import streamlit as st

import storage
from storage.records import CorruptRow, StorageError, StorageUnavailable
from ui.present.failures import logged
from ui.present.markdown import escape_markdown
from ui.session import resources, state

if TYPE_CHECKING:
    from storage import Store

DAMAGED = ("This discovery is damaged: part of what is saved for it cannot be read, so it cannot "
           "be opened. Nothing has been changed, and the other saved discoveries are not affected.")


def _open(url: str, bank_directory: str) -> Store:
    return resources.once(("store", url, bank_directory, resources.model_file()),
                          lambda: storage.Store.open(url, resources.bank(), reporter=_reporter(),
                                                     background=True))


def _reporter() -> Any:
    """What stores each discovery's report as its answers change (see storage.reports), a
    moment after each change and off the rerun's path (storage.report_worker); none while the
    scoring model does not load (the reports stay stale until it does)."""
    model = resources.loaded_model().model
    if model is None:
        return None
    from portfolio.reports import Reporter

    return Reporter(resources.bank(), model)


def require_store() -> Store:
    """The Store, or a clear error naming the database setting and the page stops."""
    try:
        return store()
    except StorageUnavailable:
        st.error("**The database cannot be reached right now.** Nothing has been changed; "
                 "please try again in a minute (reload the page).")
        st.stop()
    except StorageError as exc:  # ConfigError and DatabaseError included
        st.error(f"**The database could not be opened** ({escape_markdown(logged(exc, 'opening the database'))}). "
                 "Check GROUNDWORK_DATABASE_URL "
                 "or .streamlit/secrets.toml and reload the page.")
        st.stop()


def store() -> Store:
    """The Store for the configured database (env > secrets > SQLite file), opened once.

    Resolving the URL reads secrets files, so it is resolved once per setting of the
    environment variables (and working folder) rather than on every call."""
    from storage.db import PATH_ENV, URL_ENV

    settings = (os.environ.get(URL_ENV), os.environ.get(PATH_ENV), os.getcwd())
    url = resources.once(("url", settings), storage.resolve_url)
    return _open(url, resources.bank_dir())


def safely(action: Callable[..., Any]) -> Callable[..., Any]:
    """A button's action whose storage failure (or refusal) becomes a message on the page
    instead of a traceback; programming errors still surface."""
    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            action(*args, **kwargs)
        except CorruptRow:
            state.set_notice(DAMAGED)
        except StorageError as exc:
            state.set_notice(f"That did not work: {logged(exc, action.__name__)}.")
    return run


def show_problem(exc: StorageError) -> None:
    """A storage failure that stopped a page half-way, in plain words (never a traceback):
    what is already saved is untouched."""
    if isinstance(exc, StorageUnavailable):
        st.warning("**The database cannot be reached right now**, so this page cannot show "
                   "everything. Nothing saved is lost; it comes back when the database does "
                   "(reload the page in a minute).")
    elif isinstance(exc, CorruptRow):
        st.error(DAMAGED)
    else:
        st.error(f"**This page could not be shown completely** "
                 f"({escape_markdown(logged(exc, 'showing a page'))}).")
