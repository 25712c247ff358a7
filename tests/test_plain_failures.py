"""When the store fails, a page says what failed in plain words and what to do; the driver's text
(SQL, table names, the database file's path) and ids go to the server log, never to the page."""
from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from app_support import open_app, plain
from storage.records import (ConfigError, CorruptRow, DatabaseError, Forbidden, InvalidAnswer,
                             SessionNotFound)
from ui.present.failures import failure_words, logged

RAW = "(sqlite3.OperationalError) no such table: sessions [SQL: SELECT id FROM sessions] /srv/gw.db"


@pytest.mark.parametrize("error", [DatabaseError(RAW), CorruptRow(RAW), ConfigError(RAW),
                                   InvalidAnswer(RAW), SessionNotFound("abc123")])
def test_the_words_never_carry_the_error_text(error):
    words = failure_words(error)
    assert words and not any(part in words for part in ("SQL", "sqlite", "/srv", "abc123", "sessions"))


def test_a_refusal_by_the_access_rule_keeps_its_words():
    assert failure_words(Forbidden("the client cannot change the supplier's answers")) == \
        "the client cannot change the supplier's answers"


def test_the_details_go_to_the_log(caplog):
    with caplog.at_level(logging.WARNING, logger="groundwork.ui"):
        words = logged(DatabaseError(RAW), "listing discoveries")
    assert "could not be reached" in words
    assert "listing discoveries" in caplog.text and "no such table: sessions" in caplog.text


def break_table(db_url: str, table: str) -> None:
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"ALTER TABLE {table} RENAME TO {table}_gone"))
    engine.dispose()


@pytest.mark.parametrize("page, what", [("ui/pages/sessions.py", "could not be listed"),
                                        ("ui/pages/pipeline.py", "could not be read")])
def test_a_failing_database_reads_plainly_on_the_page(store, db_url, page, what):
    at = open_app()  # the store is open before its table goes
    break_table(db_url, "sessions")
    at.switch_page(page).run()
    assert not at.exception, at.exception
    message = " ".join(plain(e.value) for e in at.error)
    assert what in message and "try again" in message
    for raw in ("SELECT", "no such table", "sessions_gone", "sqlite", db_url.split("///")[-1]):
        assert raw not in message
