"""The one evaluator of ``show_if`` conditions, used by the app, scoring and the agreement.

Conditions are data with a fixed vocabulary of operators; nothing in the bank is executed.
"""
from __future__ import annotations

from typing import Any, Mapping

from .schema import DONT_KNOW, PREFER_NOT, All, Any_, Leaf, Not, Question, referenced_questions  # noqa: F401

Answers = Mapping[str, Mapping[str, Any]]  # party -> question id -> value


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if op == "equals":
        return actual == expected
    if op == "not_equals":
        return actual != expected
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op == "contains":
        return isinstance(actual, list) and expected in actual
    if isinstance(actual, bool) or not isinstance(actual, (int, float)) \
            or not isinstance(expected, (int, float)):
        return False  # ordering only applies to numbers
    return {"gte": actual >= expected, "lte": actual <= expected,
            "gt": actual > expected, "lt": actual < expected}[op]


def evaluate(condition: object, answers: Answers, party: str) -> bool:
    """True when ``condition`` holds for ``party`` given every answer so far.

    An unanswered or "don't know" answer satisfies only ``unanswered`` (and ``not_*``
    through negation), so a follow-up never appears on an answer that was not given;
    ``dont_know`` holds exactly when the answer is "don't know".
    """
    if isinstance(condition, All):
        return all(evaluate(c, answers, party) for c in condition.all)
    if isinstance(condition, Any_):
        return any(evaluate(c, answers, party) for c in condition.any)
    if isinstance(condition, Not):
        return not evaluate(condition.not_, answers, party)
    if not isinstance(condition, Leaf):
        raise TypeError(f"not a condition: {condition!r}")
    who = party if condition.party == "same" else condition.party
    value = answers.get(who, {}).get(condition.question)
    if condition.op == "dont_know":
        return value == DONT_KNOW
    given = value is not None and value != DONT_KNOW and value != PREFER_NOT
    if condition.op == "answered":
        return given
    if condition.op == "unanswered":
        return not given
    return given and _compare(condition.op, value, condition.value)


def is_visible(question: Question, answers: Answers, party: str) -> bool:
    return question.show_if is None or evaluate(question.show_if, answers, party)


def visible_answers(questions: Mapping[str, Question], answers: Answers) -> dict[str, dict[str, Any]]:
    """The answers that count: those whose question is visible given the answers that count.

    "Prefer not to say" counts as "don't know" from here on: scoring and drafting read these.
    A follow-up answered earlier and then hidden by a changed answer is kept in the session
    (so changing back restores it) but is not scored or drafted from. Hiding propagates: a
    question shown only by a hidden answer is hidden too.
    """
    memo: dict[tuple[str, str], bool] = {}
    result: dict[str, dict[str, Any]] = {}

    def shown(qid: str, party: str) -> bool:
        key = (qid, party)
        if key not in memo:
            q = questions[qid]
            if q.show_if is None:
                memo[key] = True
            else:
                view = {p: {r: v for r in q.show_if_refs if r in questions
                                and (v := answers.get(p, {}).get(r)) is not None and shown(r, p)}
                        for p in answers}
                memo[key] = evaluate(q.show_if, view, party)
        return memo[key]

    for party, given in answers.items():  # most questions have no condition: no call for those
        result[party] = {qid: DONT_KNOW if v == PREFER_NOT else v for qid, v in given.items()
                         if (q := questions.get(qid)) is not None
                         and (q.show_if is None or shown(qid, party))}
    return result
