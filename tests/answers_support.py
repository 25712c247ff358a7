"""Valid answers for every test that needs them, from one place.

Two forms of the same rules (the session format's: ``questions.session.value_problem``):

- ``valid_value(question, salt)``: one deterministic valid answer, varied by ``salt``. Scales
  answer 3-5 so that follow-up questions (``gte 3``) open, and text carries hostile markup so
  every consumer proves it keeps text literally. ``full_session`` answers every question with it.
- ``values(question)``: the hypothesis strategy of valid answers, edge values included (the
  range ends, 0, any date, empty, markup and control-character text, text at the length limit,
  "don't know" where allowed). ``answer_sets(bank)`` draws a whole ``answers`` mapping from it.

``test_session.py`` checks both against ``value_problem``. ``at_most(n)`` caps an expensive
property's examples below the hypothesis profile's.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from questions import DONT_KNOW, Bank, Question
from questions.schema import PARTIES
from questions.session import Session, parse_session

HOSTILE = "<script>alert('x')</script> **bold** [link](http://example.com) {{ jinja }}"
# Text that must come out literally wherever it is shown, stored or rendered.
HOSTILE_TEXTS = ("", " ", "<script>window.x=1</script>", "**b** [l](javascript:x)",
                 "{{ 7*7 }} {% raw %}", "| a | b |\n# h", "\\*\\", "&amp; &lt;", "\x00\x0b\ufffe",
                 "'); DROP TABLE answers; -- \u202e é")
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


# -- deterministic --------------------------------------------------------------------------------

def valid_value(question: Question, salt: int = 0) -> Any:
    """A valid answer that differs between questions, parties (give each its own salt) and
    salts, and opens follow-ups."""
    kind = question.type
    if kind in ("likert", "frequency"):
        return 3 + salt % 3  # 3..5 so 'gte 3' follow-ups appear
    if kind == "choice":
        options = question.options or []
        return options[(salt + 1) % len(options)].id
    if kind == "multi":
        ids = [o.id for o in question.options or []]
        return ids[: 1 + salt % 2]
    if kind == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 1000
        value = int(low + min(high - low, 3 + salt))
        return value + 0.5 if salt % 2 and value + 0.5 <= high else value  # a fraction on odd salts
    if kind == "date":
        return (dt.date(2027, 1, 1) + dt.timedelta(days=salt)).isoformat()
    return f"{question.id} answer {salt}: {HOSTILE} é"[: question.max_length]


def empty_session(name: str = "Acme rollout") -> Session:
    return parse_session({
        "format": "groundwork.session/1",
        "deal": {"name": name, "supplier": "Northwind", "client": "Acme", "date": "2026-11-23"},
        "people": {"supplier": "Sam Seller", "client": "Cleo Client"},
        "goals": [{"id": "g1", "text": "Cut onboarding from 30 to 10 days"},
                  {"id": "g2", "text": "Go live before the <b>audit</b> & \"review\""}],
    })


def full_session(bank: Bank, salt: int = 0) -> Session:
    """Every question answered by every party that answers it (hidden follow-ups included)."""
    answers: dict[str, dict[str, Any]] = {"supplier": {}, "client": {}}
    for question in bank.questions:
        for party in question.answered_by:
            answers[party][question.id] = valid_value(question, salt + (7 if party == "client" else 0))
    return empty_session().model_copy(update={"answers": answers})


# -- hypothesis -----------------------------------------------------------------------------------

def texts(limit: int) -> st.SearchStrategy[str]:
    """Free text up to ``limit`` characters: anything, the hostile samples, or plain or
    markup-dense text at the limit (never the literal "dont_know": that is the session format's
    sentinel, not text)."""
    return st.one_of(ANY_TEXT, st.sampled_from(HOSTILE_TEXTS), st.just("y" * limit),
                     st.integers(0, 3).map(lambda cut: ("<x>&|" * limit)[: limit - cut])).map(
        lambda text: text[:limit]).filter(lambda text: text != DONT_KNOW)


def values(question: Question) -> st.SearchStrategy[Any]:
    """Every valid answer to ``question``, shrinking toward simple ones."""
    kind = question.type
    if kind in ("likert", "frequency"):
        base = st.integers(1, 5)
    elif kind == "choice":
        base = st.sampled_from([o.id for o in question.options])
    elif kind == "multi":
        base = st.lists(st.sampled_from([o.id for o in question.options]), unique=True)
    elif kind == "number":
        low = question.min if question.min is not None else -1e12
        high = question.max if question.max is not None else 1e12
        ends = sorted({low, high} | ({0} if low <= 0 <= high else set()))
        base = st.one_of(st.sampled_from(ends), st.integers(math.ceil(low), math.floor(high)),
                         st.floats(low, high, allow_nan=False, allow_infinity=False))
    elif kind == "date":
        base = st.dates().map(dt.date.isoformat)
    else:
        base = texts(question.max_length)
    return st.one_of(base, st.just(DONT_KNOW)) if question.dont_know else base


@st.composite
def answer_sets(draw: st.DrawFn, bank: Bank, complete: bool = False) -> dict[str, dict[str, Any]]:
    """An ``answers`` mapping: any mix of answered and unanswered questions (shrinking toward
    unanswered), or every question answered when ``complete``."""
    answers: dict[str, dict[str, Any]] = {party: {} for party in PARTIES}
    for question in bank.questions:
        for party in question.answered_by:
            value = draw(values(question) if complete else st.one_of(st.none(), values(question)))
            if value is not None:
                answers[party][question.id] = value
    return answers


def at_most(examples: int, **more: Any) -> settings:
    """Hypothesis settings for an expensive property: the profile's number of examples (CI's
    thorough one, dev's quick one), but never more than ``examples``."""
    return settings(max_examples=min(examples, settings.default.max_examples), **more)
