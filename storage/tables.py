"""The tables: sessions, one row per answer, party links, completion marks, dependency drafts,
mode requests, the version table from before Alembic, and (revision 0002) each discovery's
stored report, what blocks it, and its outcomes.

This is the schema as the newest revision in ``storage/alembic/versions/`` leaves it, for the
code that reads and writes rows. Changing a table here takes a new revision that makes the same
change (the revisions never use these definitions); a test fails until the two agree.

Answers are stored one row per (session, party, question) so two people answering at once
each upsert their own rows and never overwrite each other. Every write bumps the session's
``revision`` and stamps the rows it touched, so a poller asks "what changed after revision N"
without depending on clocks; a cleared answer keeps its row with a null value so pollers see
the clearing too.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
UTC_DATETIME = sa.DateTime(timezone=True)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("deal", sa.Text, nullable=False),
    sa.Column("people", sa.Text, nullable=False),
    sa.Column("goals", sa.Text, nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("archived", sa.Boolean, nullable=False, default=False),
    sa.Column("revision", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", UTC_DATETIME, nullable=False),
    sa.Column("updated_at", UTC_DATETIME, nullable=False),
)

answers = sa.Table(
    "answers", metadata,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("party", sa.String(16), primary_key=True),
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("answered_at", UTC_DATETIME, nullable=False),
    sa.Column("answered_by", sa.String(200), nullable=False, default=""),
    # Added in revision 0002 (answer first, then compare): whether the other party's answer to
    # this question was visible to whoever wrote this one, at that moment; null when not
    # recorded (answers written before 0002).
    sa.Column("other_visible", sa.Boolean, nullable=True),
    sa.Index("ix_answers_session_revision", "session_id", "revision"),
)

links = sa.Table(
    "links", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("party", sa.String(16), nullable=False),
    sa.Column("created_at", UTC_DATETIME, nullable=False),
    sa.Column("revoked_at", UTC_DATETIME, nullable=True),
)

# Added in schema version 2: each party marks its part complete (blind mode reveals on both).
completions = sa.Table(
    "completions", metadata,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("party", sa.String(16), primary_key=True),
    sa.Column("completed_at", UTC_DATETIME, nullable=False),
)

# Added in schema version 3: the edited dependency table (one working draft per session), so a
# refresh or a restart keeps the user's edits. ``drafted`` is the table as drafted from the
# answers the edits were made against, so changed answers can redraft without losing them.
drafts = sa.Table(
    "drafts", metadata,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("edited", sa.Text, nullable=False),
    sa.Column("drafted", sa.Text, nullable=False),
    sa.Column("agreed", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("updated_at", UTC_DATETIME, nullable=False),
)

# Added in schema version 4: a pending request to change the run mode. Leaving blind mode early
# takes both parties (see storage.access), so the first party's request waits here.
mode_requests = sa.Table(
    "mode_requests", metadata,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("party", sa.String(16), primary_key=True),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("requested_at", UTC_DATETIME, nullable=False),
)

# The hand-written versions 1-4 counted here; Alembic keeps its own table (alembic_version) and
# this one holds version 5, which Groundwork from before Alembic refuses (storage.legacy_schema).
schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", UTC_DATETIME, nullable=False),
)

# Added in revision 0002: each discovery's figures as scoring last computed them, so the
# pipeline view aggregates stored numbers instead of rescoring every discovery. ``revision`` is
# the session's revision they were computed at and ``model`` a fingerprint of the bank and the
# scoring model: a report whose either differs is stale and is computed again. The deal's
# name, client, salesperson, month and whether it is archived are copied from the session at
# that revision, so the pipeline filters and groups in SQL without a lookup in ``sessions``
# per discovery. ``overestimation`` is the mean of supplier minus client on the 1-5 scale over
# the ``mirrored_pairs`` questions both parties answered. Each area's figures are one JSON
# column: the calibration reads them, nothing aggregates them in SQL.
reports = sa.Table(
    "reports", metadata,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("model", sa.String(64), nullable=False),
    sa.Column("verdict", sa.String(32), nullable=False),
    sa.Column("readiness", sa.Float, nullable=True),
    sa.Column("alignment", sa.Float, nullable=True),
    sa.Column("resistance", sa.Float, nullable=True),
    sa.Column("overestimation", sa.Float, nullable=True),
    sa.Column("mirrored_pairs", sa.Integer, nullable=False),
    # each area's [score, alignment, resistance] (null: not available), JSON by area id
    sa.Column("areas", sa.Text, nullable=False),
    sa.Column("deal", sa.Text, nullable=False),
    sa.Column("client", sa.Text, nullable=False),
    sa.Column("salesperson", sa.Text, nullable=False),
    sa.Column("deal_date", sa.Date, nullable=True),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("archived", sa.Boolean, nullable=False, default=False),
    sa.Column("computed_at", UTC_DATETIME, nullable=False),
    sa.Index("ix_reports_month", "month"),
)

# What stands between a decided deal and proceeding: ``kind`` "area" (an area id) or "ask"
# (``knockout:<code>`` or ``warning:<code>`` of the scoring model).
report_blocks = sa.Table(
    "report_blocks", metadata,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("reports.session_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("kind", sa.String(8), primary_key=True),
    sa.Column("code", sa.String(80), primary_key=True),
)

# Added in revision 0002: what became of a discovery. The sales outcome (won, lost, no
# decision, walked away) with its date, and later the delivery outcome (on time, late, failed)
# with a note. Kept apart from the answers: logging an outcome does not change the discovery.
outcomes = sa.Table(
    "outcomes", metadata,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("sales", sa.String(16), nullable=True),
    sa.Column("sales_date", sa.Date, nullable=True),
    sa.Column("delivery", sa.String(16), nullable=True),
    sa.Column("delivery_note", sa.Text, nullable=False, default=""),
    sa.Column("updated_at", UTC_DATETIME, nullable=False),
)

# Added in revision 0003: each discovery's answers as one row (storage/answer_copies.py), so a
# rescoring of every discovery reads a row per discovery, not one per answer. A copy is read
# only while its revision is the session's and its layout the bank's; the answers table stays
# the record.
answer_copies = sa.Table(
    "answer_copies", metadata,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("layout", sa.String(16), nullable=False),
    sa.Column("items", sa.Text, nullable=False),  # chr(48 + item number) per answer
    sa.Column("texts", sa.Text, nullable=False),  # the answers' JSON texts joined by "\x1e"
)
