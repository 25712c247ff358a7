"""Asks: concrete terms one party can agree to, worked out from the answers, ranked by how far
meeting each would move the verdict.

An ask comes from a knock-out that fired (with the number, date or name that would lift it), an
open warning (its ask from the model), a weak answer the answering party can change (the
bank's ``ask`` clause for a better answer), the questions where the two views differ (one ask
per area: agree together), or an area where high resistance is expected. Each carries the
answers it came from and the answer changes that would show it met; its *impact* is measured by
rescoring the session with those changes:

    impact = 100 x verdict steps gained + 20 x walk-away causes removed + 10 x proceed checks
             no longer failing (2 while the verdict is walk away) + readiness points gained +
             half the alignment points gained

so what stands between the deal and its next verdict counts most. An ask with no answer change
(a resistance plan) counts the one check it addresses. Weak answers are asked about when
they score under 0.75 (3 of 5 or worse on a scale).
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, Iterable

from questions.schema import DONT_KNOW, All, Any_, Leaf, Question
from questions.words import answer_in_words, answer_lookup, fill, is_number
from questions.workdays import add_business_days

from .assess import assess
from .findings import Facts, triangle
from .items import item_score
from .report import LADDER, Ask, Change, Report, Source

NAMED_PERSON = "a named person"  # the answer that names an owner, for measuring an ask
WEAK = 0.75  # an actionable answer scoring under this is asked about


def due_date(f: Facts, days: int) -> str:
    """The deal date plus ``days`` business days, as an ISO date ("" without a deal date)."""
    start = f.session.deal.date
    return add_business_days(start, days).isoformat() if start else ""


def clause(f: Facts, question: Question, party: str, to: Any) -> str:
    """The bank's clause asking ``party`` for the answer ``to`` ("the client commits 12 hours
    per week of its people's time"), or a plain fallback naming the question."""
    option = question.option(to) if question.type == "choice" and isinstance(to, str) else None
    text = option.ask if option and option.ask else \
        (getattr(question.ask, party) if question.ask is not None else None)
    if not text:
        return (f"the {party}'s answer to \"{question.wording(party)}\" becomes "
                f"\"{answer_in_words(question, to)}\"")
    now = f.value(question.id, party)
    values = {"to": answer_in_words(question, to),
              "now": answer_in_words(question, now, "no answer")}
    return fill(text, answer_lookup(f.bank.by_id, f.counted, values))


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _with_now(f: Facts, question: Question, party: str, to: Any) -> str:
    now = f.value(question.id, party)
    base = clause(f, question, party, to)
    if now is None or question.type == "text":
        return sentence(base)
    return sentence(f"{base} (now: {answer_in_words(question, now)})")


# -- where asks come from ----------------------------------------------------------------------


def _knockout_asks(f: Facts, report: Report) -> list[Ask]:
    k, due, out = f.model.knockouts, due_date(f, f.model.asks.due_days), []
    fired = {x.code for x in report.knockouts}
    if "hours" in fired and k.hours:
        c, r = k.hours.committed, k.hours.required
        needed = math.ceil(f.value(r.question, r.party) * k.hours.min_ratio)
        q = f.bank.by_id[c.question]
        out.append(Ask("knockout:hours", sentence(
            f"{clause(f, q, c.party, needed)}, at the least (now: {f.label(c.question, c.party)}; "
            f"the work needs {f.label(r.question, r.party)})"), c.party, due, 0.0,
            (Source(c.question, c.party), Source(r.question, r.party)),
            (Change(c.question, c.party, needed),)))
    if "owner" in fired and k.owner:
        q = f.bank.by_id[k.owner.question]
        out.append(Ask("knockout:owner", sentence(clause(f, q, k.owner.party, NAMED_PERSON)),
                       k.owner.party, due, 0.0, (Source(q.id, k.owner.party),),
                       (Change(q.id, k.owner.party, NAMED_PERSON),)))
    t = triangle(f)
    if "iron_triangle" in fired and k.iron_triangle and t is not None:
        it = k.iron_triangle
        budget_q = f.bank.by_id[it.budget.question]
        date_q = f.bank.by_id[it.target_date.question]
        corners = list(it.corners)
        flex_q = f.bank.by_id[it.flex.question]
        names = [(o.label.split(":")[0].lower() if (o := flex_q.option(c)) else c) for c in corners]
        which = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
        out.append(Ask("knockout:iron_triangle", sentence(
            f"Perfect, cheap and now is not on offer: {clause(f, budget_q, it.budget.party, t.min_budget)} "
            f"(now {f.label(budget_q.id, it.budget.party)}), or "
            f"{clause(f, date_q, it.target_date.party, t.earliest_date.isoformat())} or later "
            f"(now {f.label(date_q.id, it.target_date.party)}), or the client lets {which} move"),
            it.budget.party, due, 0.0,
            tuple(Source(r.question, r.party) for r in (it.flex, it.budget, it.min_price,
                                                        it.target_date, it.min_weeks)),
            (Change(it.flex.question, it.flex.party, [corners[0]]),)))
    for code, rule in (("decision_maker", k.decision_maker), ("consequences", k.consequences)):
        if code in fired and rule:
            q = f.bank.by_id[rule.question]
            better = _best_option(q, exclude=rule.values)
            if better is None:
                continue
            # the least change that lifts it: the lowest-scored option outside the rule's values
            lifted = min((o for o in q.options or () if o.id not in rule.values and o.ask),
                         key=lambda o: o.score, default=None)
            to = lifted.id if lifted else better
            out.append(Ask(f"knockout:{code}", _with_now(f, q, rule.party, to), rule.party, due, 0.0,
                           (Source(q.id, rule.party),), (Change(q.id, rule.party, to),)))
    if "goals_alignment" in fired and k.goals_alignment:
        area = k.goals_alignment.area
        ask = _agree_ask(f, area, "knockout:goals_alignment", min_points=1.0)
        if ask:
            out.append(ask)
    return out


def satisfy(f: Facts, condition: object) -> list[Change] | None:
    """Answer changes that make ``condition`` hold (None when this simple solver cannot):
    equals/in take the (first) value, gte/lte the bound, answered a plausible answer."""
    if isinstance(condition, All):
        out: list[Change] = []
        for part in condition.all:
            found = satisfy(f, part)
            if found is None:
                return None
            out.extend(found)
        return out
    if isinstance(condition, Any_):
        for part in condition.any:
            found = satisfy(f, part)
            if found is not None:
                return found
        return None
    if not isinstance(condition, Leaf) or condition.party == "same":
        return None
    q = f.bank.by_id[condition.question]
    op, value = condition.op, condition.value
    if op == "equals":
        return [Change(q.id, condition.party, value)]
    if op == "in" and isinstance(value, list) and value:
        return [Change(q.id, condition.party, value[0])]
    if op in ("gte", "gt", "lte", "lt") and is_number(value):
        step = {"gt": 1, "lt": -1}.get(op, 0)
        target = value + step
        if q.type in ("likert", "frequency"):
            target = int(max(1, min(5, target)))
        return [Change(q.id, condition.party, target)]
    if op == "answered":
        if q.type == "date":
            return [Change(q.id, condition.party, due_date(f, 20) or None)] if f.session.deal.date else None
        if q.type == "choice":
            best = _best_option(q)
            return [Change(q.id, condition.party, best)] if best else None
    return None


def _warning_asks(f: Facts, report: Report) -> list[Ask]:
    out = []
    rules = {w.code: w for w in f.model.warnings}
    for finding in report.warnings:
        if finding.resolved:
            continue
        rule = rules[finding.code]
        changes = satisfy(f, rule.resolved_when) if rule.resolved_when is not None else None
        text = fill(rule.ask, answer_lookup(f.bank.by_id, f.counted, {}))
        out.append(Ask(f"warning:{rule.code}", sentence(text), rule.owner,
                       due_date(f, rule.due_days), 0.0,
                       tuple(Source(e.question, e.party) for e in finding.evidence
                             if e.value is not None),
                       tuple(changes or ())))
    return out


def _best_option(q: Question, exclude: Iterable[str] = ()) -> str | None:
    """The highest-scored option (preferring those with an ask clause), outside ``exclude``."""
    options = [o for o in q.options or () if o.id not in set(exclude)]
    if not options:
        return None
    return max(options, key=lambda o: (o.score, o.ask is not None)).id


def better_answer(f: Facts, q: Question, party: str) -> Any:
    """The answer an ask on a weak answer asks for: the best option or scale point, or the hours
    the work needs; None where there is no clear better answer (free text, dates, budgets)."""
    if q.type == "choice":
        return _best_option(q)
    if q.type in ("likert", "frequency"):
        return 1 if q.reverse else 5
    if q.type == "number" and q.scoring is not None and q.scoring.ratio_to is not None:
        ref = q.scoring.ratio_to
        other = f.value(ref.question, ref.party)
        return other if is_number(other) and other > 0 else None
    return None


def _item_asks(f: Facts, report: Report, covered: set[tuple[str, str]]) -> list[Ask]:
    """A weak answer the answering party can change, in an area that stands in the way (or
    anywhere, when readiness itself is short)."""
    at = f.model.decision.proceed_at
    short = f.readiness is not None and f.readiness < at.readiness
    weak_areas = {a.id for a in report.areas if a.combined is not None and a.combined < at.area}
    due, out = due_date(f, f.model.asks.due_days), []
    for q in f.bank.questions:
        if not q.actionable or not (short or q.area in weak_areas):
            continue
        for party in q.actionable_by:
            now = f.value(q.id, party)
            if (q.id, party) in covered or now is None or now == DONT_KNOW:
                continue
            score_now = f.scores[party].get(q.id)
            to = better_answer(f, q, party)
            if score_now is None or score_now >= WEAK or to is None or to == now:
                continue
            better = item_score(q, to, f.counted)
            if better is None or better <= score_now:
                continue
            out.append(Ask(f"answer:{q.id}:{party}", _with_now(f, q, party, to), party, due, 0.0,
                           (Source(q.id, party),), (Change(q.id, party, to),)))
    return out


def _agree_ask(f: Facts, area_id: str, code: str, min_points: float) -> Ask | None:
    """Agree together on an area's questions where the two views differ by ``min_points`` or
    more: one ask, owned by the supplier, who runs the conversation."""
    pairs = []
    for q in f.bank.in_area(area_id):
        if not (q.mirrored and q.scored):
            continue
        s, c = f.scores["supplier"].get(q.id), f.scores["client"].get(q.id)
        if s is not None and c is not None and abs(4.0 * (s - c)) >= min_points - 1e-9:
            pairs.append(q)
    if not pairs:
        return None
    title = next(a.title for a in f.areas if a.id == area_id)
    shown = 2
    listed = "; ".join(f"\"{q.wording('supplier').rstrip('.')}\" (supplier: {f.label(q.id, 'supplier')}, "
                       f"client: {f.label(q.id, 'client')})" for q in pairs[:shown])
    more = f"; and {len(pairs) - shown} more" if len(pairs) > shown else ""
    count = f"{len(pairs)} question{'s' * (len(pairs) != 1)}"
    return Ask(code, sentence(f"Agree together on {title.lower()}, where the two views differ on "
                              f"{count}: {listed}{more}"),
               "supplier", due_date(f, f.model.asks.due_days), 0.0,
               tuple(Source(q.id, p) for q in pairs for p in ("supplier", "client")),
               tuple(Change(q.id, "supplier", f.value(q.id, "client")) for q in pairs))


def _agreement_asks(f: Facts, report: Report, done: set[str]) -> list[Ask]:
    out = []
    for area_id in dict.fromkeys(g.area for g in report.gaps):
        if area_id not in done:
            ask = _agree_ask(f, area_id, f"agree:{area_id}", f.model.alignment.gap_points)
            if ask:
                out.append(ask)
    at = f.model.decision.proceed_at.alignment
    if not out and report.alignment is not None and report.alignment < at:
        rated = [a for a in report.areas if a.alignment is not None]
        if rated:
            worst = min(rated, key=lambda a: a.alignment or 0.0)
            ask = _agree_ask(f, worst.id, f"agree:{worst.id}", 1.0)
            if ask:
                out.append(ask)
    return out


def _resistance_asks(f: Facts, report: Report) -> list[Ask]:
    out = []
    for a in report.areas:
        text = f.model.areas[a.id].resistance_ask
        if a.resistance_band == "high" and text:
            out.append(Ask(f"resistance:{a.id}", sentence(text), f.model.areas[a.id].owner,
                           due_date(f, f.model.asks.due_days), 0.0))
    return out


def _fallback(f: Facts, report: Report) -> list[Ask]:
    """When nothing above applies: work through the answer that cost the most points."""
    loss = next((x for x in report.losses if x.kind == "item"), None)
    if loss is None:
        if report.alignment is None:
            return [Ask("answer:shared", "The client answers the questions both sides answer, so "
                        "the two views can be compared.", "client", due_date(f, f.model.asks.due_days), 0.0)]
        return []
    return [Ask(f"discuss:{loss.question}:{loss.party}", sentence(
        f"Work through \"{f.text(loss.question, loss.party)}\" together: the {loss.party} "
        f"answered \"{loss.label}\""), "supplier", due_date(f, f.model.asks.due_days), 0.0,
        (Source(loss.question, loss.party),))]


# -- measuring and ranking ---------------------------------------------------------------------


def _rank(report: Report) -> int:
    return LADDER.index(report.recommendation) if report.recommendation in LADDER else 0


def walk_causes(report: Report, model: Any) -> int:
    """What makes it a walk-away: knock-outs, readiness or alignment under the walk-away line."""
    walk = model.decision.walk_away_below
    return (len(report.knockouts)
            + (report.readiness is not None and report.readiness < walk.readiness)
            + (report.alignment is not None and report.alignment < walk.alignment))


def followed(f: Facts, changes: Iterable[Change]) -> list[Change]:
    """The changes, plus the supplier's view following the client where the client changes a
    fact it owns that both answer (when the client names its decision-maker, the supplier knows
    it too): without it, meeting such an ask would open a gap between the two views."""
    owned = set(f.model.client_owned)
    out = []
    for change in changes:
        out.append(change)
        q = f.bank.by_id[change.question]
        if change.party == "client" and q.mirrored and f"{q.area}.{q.sub}" in owned:
            out.append(Change(q.id, "supplier", change.to))
    return out


def apply(f: Facts, changes: Iterable[Change]) -> Any:
    """The session with the changes applied (and the views that follow them)."""
    session = f.session
    for change in followed(f, changes):
        session = session.with_answer(change.party, change.question, change.to)
    return session


def impact(f: Facts, report: Report, changes: tuple[Change, ...]) -> float:
    per_check = 2.0 if report.recommendation == "walk_away" else 10.0
    if not changes:
        return per_check
    after = assess(f.bank, apply(f, changes), f.model)
    gain = 100.0 * (_rank(after) - _rank(report))
    if report.readiness is not None and after.readiness is not None:
        gain += after.readiness - report.readiness
    if report.alignment is not None and after.alignment is not None:
        gain += 0.5 * (after.alignment - report.alignment)
    if after.recommendation != "not_enough_answers":
        gain += 20.0 * (walk_causes(report, f.model) - walk_causes(after, f.model))
        gain += per_check * (len(report.conditions) - len(after.conditions))
    return round(gain, 1)


def draft_asks(f: Facts, report: Report) -> tuple[Ask, ...]:
    """Every ask for this report, most important first."""
    asks = _knockout_asks(f, report) + _warning_asks(f, report)
    covered = {(c.question, c.party) for a in asks for c in a.changes}
    asks += _item_asks(f, report, covered)
    goals = f.model.knockouts.goals_alignment
    asks += _agreement_asks(f, report, {goals.area} if goals and any(
        a.code == "knockout:goals_alignment" for a in asks) else set())
    asks += _resistance_asks(f, report)
    if not asks:
        asks = _fallback(f, report)
    measured = [replace(a, impact=impact(f, report, a.changes)) for a in asks]
    order = {id(a): i for i, a in enumerate(measured)}
    return tuple(sorted(measured, key=lambda a: (-a.impact, order[id(a)])))
