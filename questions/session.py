"""The Session: one discovery's deal, people, goals and answers, as ``groundwork.session/1`` JSON.

This is the single interchange between the questionnaire, scoring, the agreement and storage.
``parse_session`` checks the shape; ``check_answers`` checks every answer against the bank and
reports all problems at once rather than stopping at the first.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .conditions import is_visible
from .jsontext import JsonError, loads as json_loads
from .schema import (DONT_KNOW, DURATION_UNITS, MAX_DURATION_DAYS, PARTIES, PREFER_NOT, ROW_ID,
                     SCALE_TYPES, Bank, Column, Question)
from .words import is_number

FORMAT = "groundwork.session/1"
MAX_TEXT = 2000
MAX_NAME = 200
MAX_GOALS = 20
MAX_SESSION_BYTES = 2_000_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deal(_Model):
    name: str = Field(min_length=1, max_length=MAX_NAME)
    supplier: str = Field(default="", max_length=MAX_NAME)
    client: str = Field(default="", max_length=MAX_NAME)
    date: dt.date | None = None
    # Whose public holidays business days skip (ISO 3166 code, e.g. "NO"); None: weekends only.
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        from .workdays import known_country
        if value is not None and not known_country(value):
            raise ValueError(f"no public holidays are known for country code '{value}' "
                             "(use an ISO 3166 code such as NO, GB or DE)")
        return value


class People(_Model):
    supplier: str = Field(default="", max_length=MAX_NAME)
    client: str = Field(default="", max_length=MAX_NAME)


class Goal(_Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    text: str = Field(min_length=1, max_length=MAX_TEXT)


SALES_OUTCOMES: tuple[str, ...] = ("won", "lost", "no_decision", "walked_away")
DELIVERY_OUTCOMES: tuple[str, ...] = ("on_time", "late", "failed")
SalesOutcome = Literal["won", "lost", "no_decision", "walked_away"]
DeliveryOutcome = Literal["on_time", "late", "failed"]


class Outcome(_Model):
    """What became of the deal: the sales outcome with its date, later the delivery outcome with
    a note. Optional in the file: a session exported before outcomes existed has none."""

    sales: SalesOutcome | None = None
    sales_date: dt.date | None = None
    delivery: DeliveryOutcome | None = None
    delivery_note: str = Field(default="", max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _dated_sale(self) -> "Outcome":
        if self.sales_date is not None and self.sales is None:
            raise ValueError("a sales date needs a sales outcome")
        if self.delivery is not None and self.sales != "won":
            raise ValueError("a delivery outcome needs a won deal")
        return self

    @property
    def empty(self) -> bool:
        return self.sales is None and self.delivery is None and not self.delivery_note


def _refuse_unknown_parties(by_party: dict[str, Any]) -> None:
    unknown = set(by_party) - set(PARTIES)
    if unknown:
        raise ValueError(f"unknown party {sorted(unknown)} (expected supplier and client)")


class Session(_Model):
    format: str = FORMAT
    deal: Deal
    people: People = People()
    goals: tuple[Goal, ...] = Field(default=(), max_length=MAX_GOALS)
    # mypy reads each empty {} in the lambda as dict[Never, Never]
    answers: dict[str, dict[str, Any]] = Field(default_factory=lambda: {p: {} for p in PARTIES})  # type: ignore[arg-type]
    outcome: Outcome | None = None  # written only when there is one
    # Answer first, then compare: per party and question, whether the other party's answer to it
    # was visible when this answer was given (recorded by storage; a question not listed was not
    # recorded, e.g. an answer from before this field). Optional, so every groundwork.session/1
    # file without it still reads, and a file without recorded answers is written as before.
    other_visible: dict[str, dict[str, bool]] = Field(default_factory=dict)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value != FORMAT:
            raise ValueError(f"unknown format '{value}' (this version reads '{FORMAT}')")
        return value

    @field_validator("goals")
    @classmethod
    def _unique_goals(cls, goals: tuple[Goal, ...]) -> tuple[Goal, ...]:
        ids = [g.id for g in goals]
        if len(set(ids)) != len(ids):
            raise ValueError("goal ids must be unique")
        return goals

    @field_validator("answers")
    @classmethod
    def _parties(cls, answers: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        _refuse_unknown_parties(answers)
        return {p: dict(answers.get(p, {})) for p in PARTIES}

    @field_validator("other_visible")
    @classmethod
    def _visible_parties(cls, flags: dict[str, dict[str, bool]]) -> dict[str, dict[str, bool]]:
        _refuse_unknown_parties(flags)
        return {p: dict(flags[p]) for p in PARTIES if flags.get(p)}

    def to_json(self, indent: int | None = 2) -> str:
        data = self.model_dump(mode="json")
        data["goals"] = list(data["goals"])
        if data["deal"].get("country") is None:  # optional and new: absent unless given
            data["deal"].pop("country", None)
        if data.get("outcome") is None:
            data.pop("outcome", None)
        if not data["other_visible"]:
            del data["other_visible"]
        return json.dumps(data, indent=indent, ensure_ascii=False)

    def with_rows(self, party: str, question_id: str, changes: list[tuple[str, Any]]) -> "Session":
        """A new Session with row changes applied to one rows answer (no rows left: unanswered)."""
        merged = apply_row_changes(self.answers.get(party, {}).get(question_id), changes)
        return self.with_answer(party, question_id, merged or None)

    def with_answer(self, party: str, question_id: str, value: Any) -> "Session":
        """A new Session with one answer set (``None`` removes it). The answer's visibility flag
        is dropped: it is recorded by the store when the answer is written."""
        answers = {p: dict(a) for p, a in self.answers.items()}
        if value is None:
            answers[party].pop(question_id, None)
        else:
            answers[party][question_id] = value
        update: dict[str, Any] = {"answers": answers}
        if question_id in self.other_visible.get(party, {}):
            update["other_visible"] = {p: {q: v for q, v in f.items() if (p, q) != (party, question_id)}
                                       for p, f in self.other_visible.items()}
        return self.model_copy(update=update)


class SessionError(ValueError):
    """A session cannot be read or does not fit the bank; ``problems`` says where and what."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def place_words(place: tuple, bank: Bank | None = None) -> str:
    """Where in a session file a value sits, in words: "answer to 'Budget agreed?', for the
    client" (with the bank), else the keys that lead to it ("deal.name")."""
    if len(place) >= 3 and place[0] == "answers" and place[1] in PARTIES and bank is not None:
        question = bank.by_id.get(str(place[2]))
        if question is not None and place[1] in question.answered_by:
            where = f"answer to '{question.text.for_party(str(place[1]))}'"
            if len(place) >= 4 and isinstance(place[3], int):
                where += f", row {place[3] + 1}"
                column = question.column(str(place[4])) if len(place) >= 5 else None
                where += f", {column.label}" if column else ""
            return f"{where}, for the {place[1]}"
    return ".".join(str(p) for p in place) or "the file"


def parse_session(text: str | bytes | dict, bank: Bank | None = None) -> Session:
    """Check a session's shape (``bank``: only to name questions in words where a problem is)."""
    if isinstance(text, (str, bytes)):
        if len(text) > MAX_SESSION_BYTES:
            raise SessionError([f"session file is larger than {MAX_SESSION_BYTES // 1000} kB"])
        try:
            data = json_loads(text)
        except JsonError as exc:
            raise SessionError([why if not place else f"{place_words(place, bank)}: {why}"
                                for place, why in exc.problems]) from None
    else:
        data = text
    if not isinstance(data, dict):
        raise SessionError(["a session must be a JSON object"])
    if data.get("format") != FORMAT:
        raise SessionError([f"format: expected '{FORMAT}', found {data.get('format')!r}"])
    try:
        return Session.model_validate(data)
    except ValidationError as exc:
        raise SessionError([
            f"{'.'.join(str(p) for p in e['loc']) or 'session'}: {e['msg']}" for e in exc.errors()
        ]) from None


ROW_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,24}$")
WEEK = re.compile(r"^week ([1-9][0-9]{0,2})$")


def week_number(value: Any) -> int | None:
    """N for a "week N" answer (counted from the deal date), else None."""
    match = WEEK.match(value) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def _iso_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _number_problem(value: Any, lowest: float | None, highest: float | None) -> str | None:
    """Why ``value`` is not a number within [lowest, highest] (either bound may be open)."""
    if not is_number(value):
        return f"expected a number, got {value!r}"
    if lowest is not None and value < lowest:
        return f"{value} is below the minimum {lowest:g}"
    if highest is not None and value > highest:
        return f"{value} is above the maximum {highest:g}"
    return None


def cell_problem(column: Column, value: Any) -> str | None:
    """Why ``value`` cannot stand in ``column``, or None when it can."""
    kind = column.type
    if kind == "text":
        if not isinstance(value, str):
            return f"expected text, got {value!r}"
        return f"text is longer than {column.max_length} characters" if len(value) > column.max_length else None
    if kind == "date":
        return None if _iso_date(value) else f"expected an ISO date (YYYY-MM-DD), got {value!r}"
    if kind == "when":
        if _iso_date(value) or week_number(value) is not None:
            return None
        return f"expected an ISO date (YYYY-MM-DD) or 'week N', got {value!r}"
    return _number_problem(value, column.min, column.max)


def rows_problem(question: Question, value: Any) -> str | None:
    """Why ``value`` is not a valid list of rows for ``question`` (the first problem, located by
    row number and column), or None."""
    if not isinstance(value, list):
        return f"expected a list of rows, got {value!r}"
    if len(value) > question.max_rows:
        return f"at most {question.max_rows} rows, got {len(value)}"
    seen: set[str] = set()
    for number, row in enumerate(value, 1):
        if not isinstance(row, dict):
            return f"row {number}: expected an object, got {row!r}"
        row_id = row.get(ROW_ID)
        if not isinstance(row_id, str) or not ROW_ID_PATTERN.match(row_id):
            return f"row {number}: '{ROW_ID}' must be a short id (letters, digits, - or _)"
        if row_id in seen:
            return f"row {number}: id '{row_id}' appears twice"
        seen.add(row_id)
        for key, cell in row.items():
            if key == ROW_ID:
                continue
            column = question.column(key)
            if column is None:
                return f"row {number}: unknown column '{key}'"
            if (why := cell_problem(column, cell)) is not None:
                return f"row {number}, {column.label}: {why}"
        for column in question.columns or ():
            cell = row.get(column.id)
            if column.required and (cell is None or (isinstance(cell, str) and not cell.strip())):
                return f"row {number}, {column.label}: required"
    return None


RowChange = tuple[str, Any]  # ("set", {"row": id, ...}) or ("delete", id)


def apply_row_changes(rows: Any, changes: list[RowChange] | tuple[RowChange, ...]) -> list[dict[str, Any]]:
    """A rows answer with ``changes`` applied by row id: "set" replaces the row with that id (or
    adds it at the end), "delete" removes it. Rows nobody touched keep their place and content,
    so two people editing different rows of one table both keep their edits."""
    out = [dict(r) for r in rows] if isinstance(rows, list) else []
    for kind, item in changes:
        if kind == "set" and isinstance(item, dict):
            at = next((i for i, r in enumerate(out) if r.get(ROW_ID) == item.get(ROW_ID)), None)
            if at is None:
                out.append(dict(item))
            else:
                out[at] = dict(item)
        elif kind == "delete":
            out = [r for r in out if r.get(ROW_ID) != item]
        else:
            raise ValueError(f"a row change is ('set', row) or ('delete', id), got {(kind, item)!r}")
    return out


def duration_problem(value: Any) -> str | None:
    if not isinstance(value, dict) or set(value) != {"amount", "unit"}:
        return f"expected {{\"amount\": n, \"unit\": \"days\" or \"weeks\"}}, got {value!r}"
    unit, amount = value["unit"], value["amount"]
    if unit not in DURATION_UNITS:
        return f"unit must be 'days' or 'weeks', got {unit!r}"
    if not is_number(amount) or amount <= 0:
        return f"the amount must be a number above 0, got {amount!r}"
    if amount * DURATION_UNITS[unit] > MAX_DURATION_DAYS:
        return f"{amount:g} {unit} is longer than {MAX_DURATION_DAYS} business days"
    return None


def value_problem(question: Question, value: Any) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None when it is."""
    if value == DONT_KNOW:
        return None if question.dont_know else "\"don't know\" is not allowed here"
    if value == PREFER_NOT:
        return None if question.prefer_not_to_say else "\"prefer not to say\" is not allowed here"
    kind = question.type
    if kind in SCALE_TYPES:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return None
        return f"expected an integer 1..5 for a {kind} question, got {value!r}"
    if kind == "choice":
        if isinstance(value, str) and question.option(value):
            return None
        return f"expected one of {[o.id for o in question.options or ()]}, got {value!r}"
    if kind == "multi":
        if (isinstance(value, list) and all(isinstance(v, str) and question.option(v) for v in value)
                and len(set(value)) == len(value)):
            return None
        return f"expected a list of distinct option ids from {[o.id for o in question.options or ()]}, got {value!r}"
    if kind == "number":
        return _number_problem(value, question.min, question.max)
    if kind == "date":
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return f"expected an ISO date (YYYY-MM-DD), got {value!r}"
    if kind == "rows":
        return rows_problem(question, value)
    if kind == "duration":
        return duration_problem(value)
    if kind == "text":
        if isinstance(value, str) and len(value) <= question.max_length:
            return None
        if isinstance(value, str):
            return f"text is longer than {question.max_length} characters"
        return f"expected text, got {value!r}"
    return f"unknown question type {kind}"


def answer_problems(bank: Bank, session: Session) -> list[str]:
    problems = []
    by_id = bank.by_id
    for party in PARTIES:
        for qid, value in session.answers.get(party, {}).items():
            where = f"answers.{party}.{qid}"
            question = by_id.get(qid)
            if question is None:
                problems.append(f"{where}: unknown question")
            elif party not in question.answered_by:
                problems.append(f"{where}: this question is answered by the {question.parties}, not the {party}")
            elif (why := value_problem(question, value)) is not None:
                problems.append(f"{where}: {why}")
        for qid in session.other_visible.get(party, {}):
            if qid not in session.answers.get(party, {}):
                problems.append(f"other_visible.{party}.{qid}: there is no such answer")
    return problems


def load_session(text: str | bytes | dict, bank: Bank) -> Session:
    """Parse a session and check every answer against the bank; raise SessionError listing all."""
    session = parse_session(text, bank)
    problems = answer_problems(bank, session)
    if problems:
        raise SessionError(problems)
    return session


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 0.0


def progress(bank: Bank, session: Session, parties: tuple[str, ...] = PARTIES) -> Progress:
    """How many of the questions currently shown to ``parties`` have an answer."""
    answered = total = 0
    for question in bank.questions:
        for party in parties:
            if party in question.answered_by and is_visible(question, session.answers, party):
                total += 1
                answered += question.id in session.answers.get(party, {})
    return Progress(answered, total)
