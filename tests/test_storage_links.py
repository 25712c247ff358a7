"""Party links: only a live token for the right session resolves; everything else sees nothing."""
from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from storage import SessionNotFound
from answers_support import empty_session
from storage_support import every_backend

pytestmark = every_backend


@pytest.fixture
def two_sessions(store):
    first = store.create_session(empty_session("First"))
    second = store.create_session(empty_session("Second"))
    return store, first, second, store.create_link(first), store.create_link(second, "supplier")


def test_live_tokens_resolve_to_their_own_session_and_party(two_sessions):
    store, first, second, token_first, token_second = two_sessions
    assert store.resolve_link(token_first) == (first, "client")
    assert store.resolve_link(token_second) == (second, "supplier")
    assert len(token_first) >= 43  # 32 random bytes, url-safe: at least 256 bits
    assert token_first != token_second


def test_only_the_hash_is_stored(two_sessions):
    store, first, _, token, _ = two_sessions
    with store.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT token_hash FROM links WHERE session_id = :i"),
                                    {"i": first}).scalars().all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-1], lambda t: t[:20], lambda t: t + "A", lambda t: t.upper(),
    lambda t: ("B" if t[0] != "B" else "C") + t[1:], lambda t: "", lambda t: None,
    lambda t: t * 5, lambda t: hashlib.sha256(t.encode()).hexdigest(),
], ids=["truncated-1", "truncated-20", "extended", "case", "one-char", "empty", "none",
        "too-long", "the-stored-hash"])
def test_wrong_tokens_resolve_to_nothing(two_sessions, mangle):
    store, _, _, token, _ = two_sessions
    assert store.resolve_link(token) is not None
    assert store.resolve_link(mangle(token)) is None


def test_revoked_token_resolves_to_nothing_and_others_stay(two_sessions):
    store, first, second, token_first, token_second = two_sessions
    spare = store.create_link(first)
    assert store.revoke_link(token_first) is True
    assert store.resolve_link(token_first) is None
    assert store.revoke_link(token_first) is False
    assert store.resolve_link(spare) == (first, "client")
    assert store.resolve_link(token_second) == (second, "supplier")
    assert store.live_links(first) == {"supplier": 0, "client": 1}
    assert store.revoke_links(first) == 1
    assert store.resolve_link(spare) is None


def test_deleted_session_links_die_with_it(two_sessions):
    store, first, _, token_first, token_second = two_sessions
    store.delete(first)
    assert store.resolve_link(token_first) is None
    assert store.resolve_link(token_second) is not None


def test_link_needs_a_real_session_and_party(store):
    with pytest.raises(SessionNotFound):
        store.create_link("missing")
    session_id = store.create_session(empty_session())
    with pytest.raises(ValueError, match="party"):
        store.create_link(session_id, "admin")
