"""Party links: an unguessable token that opens one session for one party.

Only the SHA-256 of a token is stored, so a copy of the database cannot be turned into working
links. Lookups compare hashes with ``hmac.compare_digest``; anything wrong, truncated, revoked or
belonging to a deleted session resolves to None, never to an error that tells a guesser more.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from questions.schema import PARTIES

from . import tables
from .transactions import reading, writing
from .records import SessionNotFound

TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 128


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def create_link(engine: Engine, session_id: str, party: str = "client") -> str:
    """A new token for ``party`` on ``session_id``; shown once, stored only as its hash."""
    if party not in PARTIES:
        raise ValueError(f"party must be one of {PARTIES}, got {party!r}")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with writing(engine) as connection:
        exists = connection.execute(sa.select(tables.sessions.c.id)
                                    .where(tables.sessions.c.id == session_id)).first()
        if exists is None:
            raise SessionNotFound(session_id)
        connection.execute(tables.links.insert().values(
            token_hash=hash_token(token), session_id=session_id, party=party, created_at=_now()))
    return token


def resolve_link(engine: Engine, token: object) -> tuple[str, str] | None:
    """``(session_id, party)`` for a live token, else None."""
    with reading(engine) as connection:
        return resolve_in(connection, token)


def resolve_in(connection: Connection, token: object) -> tuple[str, str] | None:
    """:func:`resolve_link` inside a transaction the caller holds, so a write can check its link
    at the moment it writes."""
    if not isinstance(token, str) or not 16 <= len(token) <= MAX_TOKEN_CHARS:
        return None
    digest = hash_token(token)
    row = connection.execute(sa.select(tables.links).where(
        tables.links.c.token_hash == digest)).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest) or row.revoked_at is not None:
        return None
    return row.session_id, row.party


def revoke_link(engine: Engine, token: str) -> bool:
    """Revoke one token; True when a live link was revoked."""
    with writing(engine) as connection:
        result = connection.execute(tables.links.update().where(
            tables.links.c.token_hash == hash_token(token),
            tables.links.c.revoked_at.is_(None)).values(revoked_at=_now()))
    return result.rowcount > 0


def revoke_links(engine: Engine, session_id: str, party: str | None = None) -> int:
    """Revoke every live link of a session (or of one party of it), since the tokens themselves
    are not kept; returns how many were revoked."""
    condition = [tables.links.c.session_id == session_id, tables.links.c.revoked_at.is_(None)]
    if party is not None:
        condition.append(tables.links.c.party == party)
    with writing(engine) as connection:
        result = connection.execute(tables.links.update().where(*condition).values(revoked_at=_now()))
    return result.rowcount


def live_links(engine: Engine, session_id: str) -> dict[str, int]:
    """How many live links each party has, for the sessions page."""
    with reading(engine) as connection:
        rows = connection.execute(
            sa.select(tables.links.c.party, sa.func.count())
            .where(tables.links.c.session_id == session_id, tables.links.c.revoked_at.is_(None))
            .group_by(tables.links.c.party)).all()
    return {party: 0 for party in PARTIES} | {party: count for party, count in rows}
