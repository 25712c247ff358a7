"""The Session: one discovery's deal, people, goals and answers, as ``groundwork.session/1`` JSON.

This is the single interchange between the questionnaire, scoring, the agreement and storage.
``parse_session`` checks the shape; ``check_answers`` checks every answer against the bank and
reports all problems at once rather than stopping at the first.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .conditions import is_visible
from .schema import DONT_KNOW, PARTIES, PREFER_NOT, SCALE_TYPES, Bank, Question
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


class People(_Model):
    supplier: str = Field(default="", max_length=MAX_NAME)
    client: str = Field(default="", max_length=MAX_NAME)


class Goal(_Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class Session(_Model):
    format: str = FORMAT
    deal: Deal
    people: People = People()
    goals: tuple[Goal, ...] = Field(default=(), max_length=MAX_GOALS)
    # mypy reads each empty {} in the lambda as dict[Never, Never]
    answers: dict[str, dict[str, Any]] = Field(default_factory=lambda: {p: {} for p in PARTIES})  # type: ignore[arg-type]
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
        unknown = set(answers) - set(PARTIES)
        if unknown:
            raise ValueError(f"unknown party {sorted(unknown)} (expected supplier and client)")
        return {p: dict(answers.get(p, {})) for p in PARTIES}

    @field_validator("other_visible")
    @classmethod
    def _visible_parties(cls, flags: dict[str, dict[str, bool]]) -> dict[str, dict[str, bool]]:
        unknown = set(flags) - set(PARTIES)
        if unknown:
            raise ValueError(f"unknown party {sorted(unknown)} (expected supplier and client)")
        return {p: dict(flags[p]) for p in PARTIES if flags.get(p)}

    def to_json(self, indent: int | None = 2) -> str:
        data = self.model_dump(mode="json")
        data["goals"] = list(data["goals"])
        if not data["other_visible"]:
            del data["other_visible"]
        return json.dumps(data, indent=indent, ensure_ascii=False)

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


def parse_session(text: str | bytes | dict) -> Session:
    if isinstance(text, (str, bytes)):
        if len(text) > MAX_SESSION_BYTES:
            raise SessionError([f"session file is larger than {MAX_SESSION_BYTES // 1000} kB"])
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SessionError([f"not valid JSON: {exc}"]) from None
        except RecursionError:
            raise SessionError(["not valid JSON: nesting is too deep"]) from None
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
        if not is_number(value):
            return f"expected a number, got {value!r}"
        if question.min is not None and value < question.min:
            return f"{value} is below the minimum {question.min:g}"
        if question.max is not None and value > question.max:
            return f"{value} is above the maximum {question.max:g}"
        return None
    if kind == "date":
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return f"expected an ISO date (YYYY-MM-DD), got {value!r}"
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
    session = parse_session(text)
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
