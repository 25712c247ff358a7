"""What would change the verdict: the fewest answer changes a party could make that move a
walk-away to "proceed with conditions", or "proceed with conditions" to "proceed".

Only answers the bank marks ``actionable`` for the party that gives them are changed:
commitments, terms and facts a party controls, never one side's observation of the other. The
search is the scorer itself: each candidate change is rescored (``assess``), the best one kept,
and so on for a few steps (a greedy search, deterministic, so the page and the command line
agree); then every change the result does not need is dropped. The result is valid by
construction: applying it and rescoring gives the better verdict, and a test checks exactly
that. When no such set exists within the limits, the answer is empty and says so.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any, Iterator

from questions.schema import DONT_KNOW, Bank, Question
from questions.session import Session
from questions.words import is_number
from questions.workdays import add_business_days

from .asks import NAMED_PERSON, apply, clause, followed, satisfy, walk_causes
from .findings import Facts, triangle
from .items import item_score, shown
from .model import Model
from .report import LADDER, Change, Report
from .assess import assess, evaluate_session

MAX_CHANGES = 6  # beyond the changes that meet the asks in the way
MAX_EVALUATIONS = 60  # rescorings, in all
PER_STEP = 12  # candidates tried per step, likeliest first


@dataclass(frozen=True)
class WhatWouldChange:
    """The changes, the verdict they reach and a plain sentence saying so (or why not)."""

    changes: tuple[Change, ...]
    reaches: str | None
    text: str

    def to_list(self) -> list[dict[str, Any]]:
        return [{"question": c.question, "party": c.party, "to": c.to} for c in self.changes]


def _rank(report: Report) -> int:
    return LADDER.index(report.recommendation) if report.recommendation in LADDER else -1


def _candidates(f: Facts, report: Report) -> Iterator[Change]:
    """Better answers a party could give to its own actionable questions, the ones that stand
    in the way first (knock-outs, open warnings), then by the points the answer lost."""
    model, counted = f.model, f.counted
    k = model.knockouts
    t = triangle(f)
    special: dict[tuple[str, str], list[Any]] = {}
    if k.hours:
        required = f.value(k.hours.required.question, k.hours.required.party)
        if is_number(required) and required > 0:
            special[(k.hours.committed.question, k.hours.committed.party)] = [
                math.ceil(required * k.hours.min_ratio), required]
    if k.owner:
        special[(k.owner.question, k.owner.party)] = [NAMED_PERSON]
    if k.iron_triangle and t is not None:
        it = k.iron_triangle
        special[(it.budget.question, it.budget.party)] = [t.min_budget, math.ceil(t.price)]
        special[(it.target_date.question, it.target_date.party)] = [
            t.earliest_date.isoformat(),
            (t.start + dt.timedelta(days=math.ceil(t.weeks_needed * 7))).isoformat()]
        flex = f.value(it.flex.question, it.flex.party)
        kept = [v for v in flex if v in it.corners] if isinstance(flex, list) else []
        special[(it.flex.question, it.flex.party)] = [kept + [c] for c in it.corners if c not in kept]
    first = {c.question for a in report.asks for c in a.changes} | {q for q, _ in special}
    slots = sorted(((q, p) for q in f.bank.questions for p in q.actionable_by
                    if shown(q, counted, p)),
                   key=lambda qp: (qp[0].id not in first, -f.points.get(qp[0].id, 0.0)))
    for q, party in slots:
        now = f.value(q.id, party)
        values = special.get((q.id, party)) or list(_better(f, q, party, now))
        for value in values:
            if value != now:
                yield Change(q.id, party, value)


def _better(f: Facts, q: Question, party: str, now: Any) -> Iterator[Any]:
    """Answers to ``q`` that score higher than ``now`` (the best first), for the generic case."""
    score_now = -1.0 if now is None or now == DONT_KNOW else (f.scores[party].get(q.id) or 0.0)
    if q.type == "choice":
        for o in sorted(q.options or (), key=lambda o: -o.score):
            if o.score > score_now:
                yield o.id
    elif q.type in ("likert", "frequency"):
        for v in ((1, 2) if q.reverse else (5, 4)):
            s = item_score(q, v, f.counted)
            if s is not None and s > score_now:
                yield v
    elif q.type == "date" and (now is None or now == DONT_KNOW) and f.session.deal.date:
        yield add_business_days(f.session.deal.date, 20).isoformat()


def _key(report: Report, target: int, model: Model) -> tuple:
    """Closer to the target verdict is larger: reached, fewer walk-away causes, fewer failing
    proceed checks, then more points."""
    points = (report.readiness or 0.0) + 0.5 * (report.alignment or 0.0)
    return (_rank(report) >= target, -walk_causes(report, model),
            -len(report.conditions) if report.recommendation != "not_enough_answers" else -99,
            round(points, 6))


def _apply(f: Facts, changes: dict[tuple[str, str], Any]) -> Session:
    return apply(f, [Change(q, p, to) for (q, p), to in changes.items()])


def _seeds(f: Facts, report: Report, start: int) -> dict[tuple[str, str], Any]:
    """The changes that meet the asks standing in the way of the next verdict, where every one
    of them is an actionable answer: the knock-outs' asks for a walk-away, the open warnings'
    asks on the way to proceeding."""
    wanted = ("knockout:",) if start == 0 else ("warning:", "knockout:")
    seeds: dict[tuple[str, str], Any] = {}
    for ask in report.asks:
        if ask.code.startswith(wanted) and ask.changes and all(
                c.party in f.bank.by_id[c.question].actionable_by for c in ask.changes):
            for c in ask.changes:
                seeds.setdefault((c.question, c.party), c.to)
    return seeds


def _held_back(f: Facts, report: Report, candidates: list[Change]) -> list[str]:
    """What stands in the way that no answer a party controls can move, when the next verdict
    is "proceed": two views apart on questions that are only views, a warning whose ask is not
    an answer either side gives, an area with no answer either side controls. Named, so the page
    can say why there is no way forward instead of searching in vain."""
    movable = {c.question for c in candidates}
    if report.recommendation == "walk_away":
        return _too_far_apart(f, report, movable)
    if report.recommendation != "proceed_with_conditions":
        return []
    rules = {w.code: w for w in f.model.warnings}
    held = []
    for condition in report.conditions:
        kind, _, what = condition.code.partition(":")
        if kind == "gap":
            views = [g for g in report.gaps if g.area == what]
            if views and not any(g.question in movable for g in views):
                held.append(f"the two views differ on \"{views[0].text}\"")
        elif kind == "warning":
            rule = rules[what]
            changes = satisfy(f, rule.resolved_when) if rule.resolved_when is not None else None
            if not changes or not all(c.party in f.bank.by_id[c.question].actionable_by
                                      for c in changes):
                held.append(f"{rule.name.lower()} ({rule.explain.rstrip('.').lower()})")
        elif kind == "area":
            if not any(f.bank.by_id[q].area == what for q in movable):
                title = next(a.title for a in report.areas if a.id == what)
                held.append(f"{title} scores under {f.model.decision.proceed_at.area:g} on views alone")
    return held


def _too_far_apart(f: Facts, report: Report, movable: set[str]) -> list[str]:
    """For a walk-away on alignment: even with every difference on an answer a party controls
    closed, the two views would still agree less than the walk-away line."""
    line = f.model.decision.walk_away_below.alignment
    if report.alignment is None or report.alignment >= line:
        return []
    pairs = [(q.id, abs(s - c)) for q in f.bank.questions if q.mirrored and q.scored
             if (s := f.scores["supplier"].get(q.id)) is not None
             and (c := f.scores["client"].get(q.id)) is not None]
    left = sum(d for qid, d in pairs if qid not in movable)
    best = 100.0 * (1.0 - left / len(pairs)) if pairs else 0.0
    if best >= line:
        return []
    return [f"the two views agree {report.alignment:.0f} of 100 and, with every difference on a "
            f"commitment or a fact closed, would still agree only {best:.0f}, under {line:g}"]


def _gain(f: Facts, change: Change) -> float:
    """A cheap guess of what a change is worth, to try the likeliest first."""
    q = f.bank.by_id[change.question]
    now = f.scores[change.party].get(q.id) or 0.0
    new = item_score(q, change.to, f.counted)
    return f.points.get(q.id, 0.0) * ((new if new is not None else now) - now)


def what_would_change(bank: Bank, session: Session, model: Model,
                      report: Report | None = None) -> WhatWouldChange:
    """The fewest answer changes (within :data:`MAX_CHANGES` and :data:`MAX_EVALUATIONS`
    rescorings) that move the verdict one step up the ladder."""
    base, f = evaluate_session(bank, session, model, explain=False)
    if report is None or not report.asks:
        from .asks import draft_asks
        report = replace(base, asks=draft_asks(f, base))
    if base.recommendation not in ("walk_away", "proceed_with_conditions"):
        return WhatWouldChange((), None, "")
    target = _rank(base) + 1
    goal = LADDER[target]
    candidates = sorted(_candidates(f, report), key=lambda c: -_gain(f, c))
    held = _held_back(f, report, candidates)
    if held:
        return WhatWouldChange((), None, (
            f"No change to the answers either side controls reaches \"{_words(model, goal)}\": "
            + "; ".join(held) + ". Those are how the two sides see the deal, to talk through "
            "together, not terms one of them can change."))
    chosen = _seeds(f, report, target - 1)
    best_key = _key(assess(bank, _apply(f, chosen), model), target, model)
    evaluations = 1
    while not best_key[0] and len(chosen) < MAX_CHANGES + len(_seeds(f, report, target - 1)):
        step_best: tuple[tuple, tuple[str, str], Any] | None = None
        tried = 0
        for change in candidates:
            slot = (change.question, change.party)
            if slot in chosen or evaluations >= MAX_EVALUATIONS or tried >= PER_STEP:
                continue
            evaluations += 1
            tried += 1
            key = _key(assess(bank, _apply(f, {**chosen, slot: change.to}), model), target, model)
            if key > best_key and (step_best is None or key > step_best[0]):
                step_best = (key, slot, change.to)
                if key[0]:
                    break
        if step_best is None:
            break
        best_key, slot, to = step_best
        chosen[slot] = to
    if not best_key[0]:
        return WhatWouldChange((), None, (
            f"No set of changes to the answers either side controls (commitments, terms and facts, "
            f"up to {MAX_CHANGES} beyond the asks) reaches \"{_words(model, goal)}\" within the "
            "search limits: what stands in the way is how the two sides see the deal, not a term "
            "one of them can change."))
    for slot in list(chosen):  # drop what the result does not need
        trial = {s: v for s, v in chosen.items() if s != slot}
        if trial and _rank(assess(bank, _apply(f, trial), model)) >= target:
            chosen = trial
    primary = [Change(q, p, v) for (q, p), v in chosen.items()]
    changes = tuple(followed(f, primary))  # the supplier's view of a fact the client changes
    clauses = [clause(f, bank.by_id[c.question], c.party, c.to) for c in primary]
    joined = ", ".join(clauses[:-1]) + (" and " if len(clauses) > 1 else "") + clauses[-1]
    return WhatWouldChange(changes, goal, f"{_words(model, goal)} becomes possible if {joined}.")


def _words(model: Model, recommendation: str) -> str:
    return model.verdicts[recommendation].name  # type: ignore[index]
