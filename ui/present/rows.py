"""A table answer (a rows question) in the page's table editor, as plain data: the editor's
frame, and the editor's edits turned into row changes by row id.

Each row keeps a stable id (never shown), so an edit is saved as "set this row" or "delete that
row" and merged by id in the store: two people editing different rows of one table keep both
edits. A new row gets a random id, so two rows added at once never share one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import secrets
from typing import Any, Callable, Mapping, Sequence

import pandas as pd

from questions.schema import ROW_ID, Column, Question
from questions.session import cell_problem

RowChange = tuple[str, Any]


def new_row_id() -> str:
    return "r" + secrets.token_hex(4)


def version(rows: Sequence[Mapping[str, Any]]) -> str:
    """A short digest of the rows: the editor is made afresh whenever the stored rows change."""
    if not rows:
        return "new"
    return hashlib.sha256(json.dumps(list(rows), sort_keys=True).encode("utf-8")).hexdigest()[:10]


def _to_cell(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.type == "date":
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return None
    if column.type == "number":
        return float(value)
    return str(value)


def frame(question: Question, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The rows as the editor's input: one column per question column, in order."""
    columns = [c.id for c in question.columns or ()]
    data = {c.id: pd.Series([_to_cell(c, r.get(c.id)) for r in rows],
                            dtype="float64" if c.type == "number" else "object")
            for c in question.columns or ()}
    return pd.DataFrame(data, columns=columns)


def _from_cell(column: Column, value: Any) -> Any:
    """A cell from the editor as stored (None: empty)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if column.type == "date":
        if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
            return value.date().isoformat() if isinstance(value, (dt.datetime, pd.Timestamp)) \
                else value.isoformat()
        text = str(value).strip()[:10]
        return text or None
    if column.type == "number":
        number = float(value)
        return int(number) if number.is_integer() else number
    text = " ".join(str(value).split())
    return text or None


def _problem(question: Question, row: Mapping[str, Any]) -> str | None:
    for column in question.columns or ():
        cell = row.get(column.id)
        if cell is None:
            if column.required:
                return f"{column.label} is needed"
            continue
        if (why := cell_problem(column, cell)) is not None:
            return f"{column.label}: {why}"
    return None


def _merge(question: Question, row: dict[str, Any], cells: Mapping[str, Any]) -> dict[str, Any]:
    for column in question.columns or ():
        if column.id in cells:
            value = _from_cell(column, cells[column.id])
            if value is None:
                row.pop(column.id, None)
            else:
                row[column.id] = value
    return row


def row_changes(question: Question, base: Sequence[Mapping[str, Any]], delta: Mapping[str, Any] | None,
                new_id: Callable[[], str] = new_row_id) -> tuple[list[RowChange], list[str]]:
    """The editor's edits (``delta``: Streamlit's edited_rows, added_rows and deleted_rows, by
    position in ``base``) as row changes, and why any edited or added row cannot be saved yet
    (it stays in the editor until it can)."""
    delta = delta or {}
    changes: list[RowChange] = []
    problems: list[str] = []
    deleted = {int(p) for p in delta.get("deleted_rows", [])}
    for position, cells in sorted((int(p), c) for p, c in (delta.get("edited_rows") or {}).items()):
        if position in deleted or position >= len(base):
            continue
        row = _merge(question, dict(base[position]), cells)
        if (why := _problem(question, row)) is not None:
            problems.append(f"Row {position + 1}: {why}")
        elif row != dict(base[position]):
            changes.append(("set", row))
    for position in sorted(deleted):
        if position < len(base):
            changes.append(("delete", base[position][ROW_ID]))
    for number, cells in enumerate(delta.get("added_rows") or [], 1):
        row = _merge(question, {ROW_ID: ""}, cells)
        if len(row) == 1:
            continue  # a blank new row: nothing to save
        if (why := _problem(question, row)) is not None:
            problems.append(f"New row {number}: {why}")
            continue
        row[ROW_ID] = new_id()
        changes.append(("set", row))
    return changes, problems
