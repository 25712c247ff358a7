"""What a page says when the store fails: what failed in plain words, never the error's own text,
which can carry SQL, a server path or an id. The full error goes to the server log instead."""
from __future__ import annotations

import logging

from storage.records import ConfigError, CorruptRow, Forbidden, InvalidAnswer, SessionNotFound

LOG = logging.getLogger("groundwork.ui")


def failure_words(exc: BaseException) -> str:
    """The plain reason for a storage failure, for a sentence on the page ("... could not be
    saved (<reason>)"). Only a refusal by the access rule keeps its own words: it is written for
    the person refused."""
    if isinstance(exc, Forbidden):
        return str(exc)
    if isinstance(exc, SessionNotFound):
        return "that discovery no longer exists; it may have been deleted"
    if isinstance(exc, CorruptRow):
        return "part of what was saved for this discovery cannot be read"
    if isinstance(exc, InvalidAnswer):
        return "the answer does not fit its question"
    if isinstance(exc, ConfigError):
        return "the database settings cannot be used; the server log says which"
    return "the database could not be reached or did not answer; try again in a moment"


def logged(exc: BaseException, what: str) -> str:
    """Log ``exc`` in full with what was being done, and return its plain words."""
    LOG.warning("%s: %s", what, exc, exc_info=exc)
    return failure_words(exc)
