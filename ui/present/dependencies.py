"""What the dependencies page computes, as plain data: rows for the editor, SMART tables, files.

No streamlit here, so turning edited rows back into dependencies, the refusal wording and the
download bytes can be tested without running the page. The page keeps the rows in
``st.session_state``, saves them to the Store when they change, and hands them to these
functions on every rerun.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from agreement import Dependency, SmartResult, from_row, to_row
from agreement.brief import render_brief_docx, render_brief_markdown
from agreement.calendar import render_ics
from agreement.render import render_docx, render_markdown
from questions.session import MAX_TEXT, Session
from questions.words import shown
from scoring import Report

# The table shows what a reader scans across rows; the rest of a row is edited in its card below
# the table, so the table fits the page (no column hidden behind sideways scrolling). The row id
# is never shown: the frame's (hidden) index is the row's position in the rows it was made from.
EDITOR_COLUMNS: tuple[str, ...] = ("order", "what", "owner", "when", "consequence")
CARD_FIELDS: tuple[str, ...] = ("why", "goal_id", "party", "how", "measure", "mitigation")
NEW_ROW: dict[str, Any] = {"why": "", "goal_id": "", "party": "client", "how": "", "measure": "",
                           "resistance": "", "mitigation": ""}
CHECK_TITLES = {"specific": "Specific", "measurable": "Measurable", "owner": "Owner",
                "realistic": "Realistic", "time_bound": "Time-bound"}
ADDED = "added-"


@dataclass
class Draft:
    """One browser session's working draft for one version of the Session.

    ``rows`` is the edited draft; ``base`` is what the table widget was last created from (its
    edits are relative to it); ``generation`` names a fresh table widget after a move.
    ``session_id`` is the stored session it belongs to and ``saved`` the :meth:`snapshot` last
    written to (or read from) the Store, so only a real change is written.
    """

    fingerprint: str
    report: Report
    drafted: dict[str, Dependency]
    rows: list[dict[str, Any]]
    base: list[dict[str, Any]]
    agreed: set[str] = field(default_factory=set)
    generation: int = 0
    session_id: str | None = None
    saved: tuple | None = None

    def snapshot(self) -> tuple:
        """What is stored: the Session's fingerprint, the edited rows, the agreed ids."""
        return self.fingerprint, [dict(r) for r in self.rows], sorted(self.agreed)

    @property
    def edited(self) -> bool:
        return self.rows != rows_of(self.drafted.values()) or bool(self.agreed)


def fingerprint(session: Session) -> str:
    """A short digest of the whole Session: the draft is redrafted only when this changes."""
    return hashlib.sha256(session.model_dump_json().encode("utf-8")).hexdigest()[:16]


def rows_of(deps: Iterable[Dependency]) -> list[dict[str, Any]]:
    """Editor rows for drafted dependencies, numbered in the rules' order; answers quoted in them
    read as every page shows typed text (an input shows its text as stored, so the table's text
    is made visible here, as it enters the table)."""
    rows = []
    for number, dep in enumerate(deps, 1):
        row = {k: _shown_cell(v) for k, v in to_row(dep).items() if k != "agreed"}
        rows.append({"order": number, **row})
    return rows


def frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The rows as the editor's input, columns in a fixed order even when there are none; the
    index is each row's position in ``rows`` (the editor keeps it through deletes and moves)."""
    return pd.DataFrame([{c: row.get(c) for c in EDITOR_COLUMNS} for row in rows],
                        columns=list(EDITOR_COLUMNS))


def _shown_cell(value: Any) -> Any:
    return shown(value) if isinstance(value, str) else value


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return _shown_cell(value)


MAX_CELL = MAX_TEXT  # characters in one cell of the table or one field of a row's card
CELL_WORDS = {"what": "What", "owner": "Who", "when": "When",
              "consequence": "Consequence if unmet or late", "why": "Why", "how": "How",
              "measure": "Done when", "mitigation": "How the resistance is reduced"}


def cell_too_long(number: int, column: str, value: Any) -> str | None:
    """Why ``value`` cannot stand in row ``number``'s ``column`` (too long), or None."""
    if not isinstance(value, str) or len(value) <= MAX_CELL:
        return None
    return (f"Row {number}, {CELL_WORDS.get(column, column)}: at most {MAX_CELL:,} characters, "
            f"this had {len(value):,}, so that cell was not changed.")


def refuse_long_cells(rows: Sequence[Mapping[str, Any]], previous: Sequence[Mapping[str, Any]]
                      ) -> tuple[list[dict[str, Any]], list[str]]:
    """``rows`` with every cell over :data:`MAX_CELL` put back to what it was before the edit
    (empty in a new row), and a message per refused cell naming its row and column; the rest
    of the edit stands."""
    before = {r.get("id"): r for r in previous}
    out, problems = [], []
    for number, row in enumerate(rows, 1):
        kept = dict(row)
        for column in CELL_WORDS:
            if (why := cell_too_long(number, column, row.get(column))) is not None:
                kept[column] = str(before.get(row.get("id"), {}).get(column) or "")[:MAX_CELL]
                problems.append(why)
        out.append(kept)
    return out, problems


def records(edited: pd.DataFrame, rows: Sequence[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """The editor's result as whole rows: each row of ``rows`` (the editor's input, found by the
    index) with the table's cells over its other fields; a row added in the table gets no id yet
    and the fields of a new row. Empty cells (NaN, NA) become None."""
    out = []
    for index, row in zip(edited.index, edited.to_dict("records")):
        cells = {c: _cell(row.get(c)) for c in EDITOR_COLUMNS}
        position = int(index) if isinstance(index, (int, float)) and not pd.isna(index) else -1
        base = rows[position] if 0 <= position < len(rows) else None
        out.append({**(dict(base) if base else {**NEW_ROW, "id": None}), **cells})
    return out


def keep_card_fields(rows: Sequence[Mapping[str, Any]], previous: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows keep what their cards were given on earlier runs (by id): the table's result carries
    the card fields of the rows the table was made from, older than a card's later edits."""
    before = {r.get("id"): r for r in previous}
    return [{**row, **{f: before[row["id"]][f] for f in CARD_FIELDS if f in before[row["id"]]}}
            if row.get("id") in before else dict(row)
            for row in rows]


def conflicts(deps: Sequence[Dependency]) -> list[tuple[str, str]]:
    """(title, what does not fit) for every dependency whose date does not fit its event."""
    return [(d.title, d.conflict) for d in deps if d.conflict]


def _order(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def fill_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Give added rows an id and a place at the end, keeping the table's order.

    Ids of added rows are ``added-N`` with N past any used so far, so they stay the same on
    every rerun over the same edits.
    """
    used = [int(m.group(1)) for r in rows
            if (m := re.fullmatch(rf"{ADDED}(\d+)", str(r.get("id") or "")))]
    next_added = max(used, default=0) + 1
    known = [o for r in rows if (o := _order(r.get("order"))) is not None]
    next_order = max(known, default=0) + 1
    out = []
    for row in rows:
        row = dict(row)
        if not str(row.get("id") or "").strip():
            row["id"] = f"{ADDED}{next_added}"
            next_added += 1
        if _order(row.get("order")) is None:
            row["order"] = next_order
            next_order += 1
        out.append(row)
    return out


def by_order(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows sorted by their order column; stable, so equal orders keep the table's order."""
    return sorted((dict(r) for r in rows), key=lambda r: _order(r["order"]))


def renumber(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Orders 1..n in the current sequence (after a move), so the column reads cleanly."""
    return [dict(row, order=number) for number, row in enumerate(rows, 1)]


def carry_edits(edited: Sequence[Mapping[str, Any]], original: Sequence[Mapping[str, Any]],
                redrafted: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """The new draft with the user's work carried over, and whether there was any to carry.

    Field by field: a cell the user changed keeps the user's value, an untouched cell takes the
    new draft's. Rows the user added stay; rows the user deleted stay deleted; an edited row the
    new answers no longer call for stays (it is the user's work); newly called-for rows are
    appended. The user's order is kept.
    """
    before = {r["id"]: r for r in original}
    fresh = {r["id"]: r for r in redrafted}
    deleted = before.keys() - {r["id"] for r in edited}
    out: list[dict[str, Any]] = []
    carried = bool(deleted)
    for row in edited:
        base, new = before.get(row["id"]), fresh.pop(row["id"], None)
        changed = {k for k in row if k != "order" and (base is None or row.get(k) != base.get(k))}
        carried |= bool(changed)
        if new is not None and base is not None:
            out.append({k: row[k] if k in changed else v for k, v in new.items()})
        elif changed:
            out.append(dict(row))
    out.extend(row for rid, row in fresh.items() if rid not in deleted)
    return renumber(out), carried


def to_dependencies(rows: Sequence[Mapping[str, Any]], drafted: Mapping[str, Dependency],
                    agreed: Iterable[str] = ()) -> list[Dependency]:
    """Dependencies from edited rows; drafted ones keep their resistance, sources and quotes."""
    agreed = set(agreed)
    return [from_row(dict(row, agreed=row["id"] in agreed), drafted.get(row["id"]))
            for row in rows]


def verdict(result: SmartResult) -> str:
    return "pass" if result.passed else "fail: " + ", ".join(
        CHECK_TITLES[c.name] for c in result.failed)


def smart_frame(deps: Sequence[Dependency], results: Sequence[SmartResult],
                agreed: Iterable[str] = ()) -> pd.DataFrame:
    """One line per dependency: each check pass/fail, so failing rows stand out at a glance."""
    agreed = set(agreed)
    columns = ["#", "Dependency", *CHECK_TITLES.values(), "Agreed"]
    lines = []
    for number, (dep, result) in enumerate(zip(deps, results), 1):
        line: dict[str, Any] = {"#": number, "Dependency": dep.title}
        for check in result.checks:
            line[CHECK_TITLES[check.name]] = "pass" if check.passed else "fail"
        line["Agreed"] = "yes" if dep.id in agreed else "no"
        lines.append(line)
    return pd.DataFrame(lines, columns=columns)


def refusal(title: str, result: SmartResult) -> str:
    """Why a row cannot be marked agreed, naming every failing check and its reason."""
    failing = "; ".join(f"{CHECK_TITLES[c.name]}: {c.reason}" for c in result.failed)
    return f"'{title}' cannot be marked agreed until every SMART check passes. Failing: {failing}."


def file_stem(session: Session) -> str:
    """A safe download name from the deal name, e.g. 'agreement-northwind-crm'."""
    slug = re.sub(r"[^a-z0-9]+", "-", session.deal.name.lower()).strip("-")[:60].strip("-")
    return "agreement-" + (slug or "draft")


def markdown_bytes(session: Session, report: Report, deps: Sequence[Dependency],
                   rules: Any = None) -> bytes:
    """The draft agreement as UTF-8 Markdown, built from the edited dependencies."""
    return render_markdown(session, report, deps, rules=rules).encode("utf-8")


def docx_bytes(session: Session, report: Report, deps: Sequence[Dependency], rules: Any = None) -> bytes:
    """The draft agreement as a Word document, built from the edited dependencies."""
    return render_docx(session, report, deps, rules=rules)


def schedule_asks_frame(bank: Any, session: Session, report: Report, model: Any,
                        rules: Any = None) -> pd.DataFrame:
    """The dates that do not fit, as asks (text, owner, due) for the results page: the drafted
    dependencies' conflicts (agreement.conflict_asks), beside scoring's own asks."""
    from agreement import draft_dependencies
    from agreement.conflict_asks import conflict_asks
    from questions.words import date_words

    asks = conflict_asks(session, draft_dependencies(bank, session, report, model=model, rules=rules),
                         model.asks.due_days)
    return pd.DataFrame([{"Ask": a.text, "Owner": a.owner.capitalize(),
                          "Due": date_words(a.due) if a.due else "before signature"} for a in asks],
                        columns=["Ask", "Owner", "Due"])


def ics_bytes(session: Session, deps: Sequence[Dependency]) -> bytes:
    """The dated dependencies as a calendar both sides can import."""
    return render_ics(session, deps)


def brief_markdown_bytes(bank: Any, model: Any, session: Session, report: Report,
                         deps: Sequence[Dependency]) -> bytes:
    """The discovery brief (the supplier's own) as UTF-8 Markdown."""
    return render_brief_markdown(bank, model, session, report, deps).encode("utf-8")


def brief_docx_bytes(bank: Any, model: Any, session: Session, report: Report,
                     deps: Sequence[Dependency]) -> bytes:
    return render_brief_docx(bank, model, session, report, deps)
