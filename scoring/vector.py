"""Readiness and alignment for many sessions at once, as matrix products (not used by the app).

The app's path across discoveries is :mod:`scoring.batch`: it reads stored answers as columns
and gives the whole verdict, not only readiness and alignment. This module's ``item_frame``
builds its matrix one session at a time in Python (about 324 ms per 1,000 sessions).

The same arithmetic as :func:`scoring.score.score`, written as matrix products over an item
matrix (rows: (party, question) items, columns: sessions; NaN where an item has no score).
``item_frame`` builds that matrix from Sessions with the very item scores and visibility rules
``score`` uses, so the two paths cannot drift apart; ``readiness`` and ``alignment`` then cost
a handful of numpy operations however many sessions there are.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from questions.conditions import visible_answers
from questions.schema import PARTIES, Bank
from questions.session import Session

from .items import item_score, layout, shown
from .fit import require_fit
from .model import Model


@dataclass(frozen=True)
class Plan:
    """The bank and model reduced to index matrices: which item feeds which sub-dimension,
    which sub-dimension which (area, party), each area's weight and self-rating cap."""

    items: pd.MultiIndex            # (party, question) in row order
    groups: np.ndarray              # (n_subgroups, n_items) 0/1: item belongs to (area, party, sub)
    areas_of_groups: np.ndarray     # (2 * n_areas, n_subgroups) 0/1: sub belongs to (party, area)
    weights: np.ndarray             # (n_areas,)
    caps: np.ndarray                # (n_areas,) how far above the supplier the client may count
    mirrored: np.ndarray            # (n_pairs, 2) row numbers of supplier and client item
    min_share: float
    area_ids: tuple[str, ...]


def plan(bank: Bank, model: Model) -> Plan:
    require_fit(model, bank)
    rows: list[tuple[str, str]] = []
    group_rows: list[list[int]] = []
    group_area: list[tuple[int, int]] = []  # (party index, area index)
    areas = layout(bank, model.client_owned)
    for ai, area in enumerate(areas):
        for pi, party in enumerate(PARTIES):
            for sub in area.subs:
                members = []
                for q in sub.items[party]:
                    members.append(len(rows))
                    rows.append((party, q.id))
                if members:
                    group_rows.append(members)
                    group_area.append((pi, ai))
    # answers compared between the parties but not counted for readiness (the supplier's view of
    # facts the client owns) still need a row, outside every group
    counted = set(rows)
    rows += [(p, q.id) for area in areas for q in area.mirrored for p in PARTIES
             if (p, q.id) not in counted]
    groups = np.zeros((len(group_rows), len(rows)))
    for g, members in enumerate(group_rows):
        groups[g, members] = 1.0
    areas_of_groups = np.zeros((2 * len(areas), len(group_rows)))
    for g, (pi, ai) in enumerate(group_area):
        areas_of_groups[pi * len(areas) + ai, g] = 1.0
    index = {r: i for i, r in enumerate(rows)}
    mirrored = np.array([(index[("supplier", q.id)], index[("client", q.id)])
                         for area in areas for q in area.mirrored], dtype=np.intp).reshape(-1, 2)
    cap = model.self_rating.max_points_above_supplier / 4.0
    return Plan(pd.MultiIndex.from_tuples(rows, names=["party", "question"]), groups, areas_of_groups,
                np.array([model.areas[a.id].weight for a in areas]),
                np.array([cap if a.id in model.self_rating.areas else np.inf for a in areas]),
                mirrored, model.min_answered_share, tuple(a.id for a in areas))


def item_frame(bank: Bank, sessions: Iterable[Session], p: Plan) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(scores, shown): items x sessions; scores NaN where unanswered, shown False where hidden."""
    score_cols, shown_cols = [], []
    for session in sessions:
        counted = visible_answers(bank.by_id, session.answers)
        for party in PARTIES:
            counted.setdefault(party, {})
        col_s, col_v = [], []
        for party, qid in p.items:
            q = bank.by_id[qid]
            s = item_score(q, counted[party][qid], counted) if qid in counted[party] else None
            col_s.append(np.nan if s is None else s)
            col_v.append(shown(q, counted, party))
        score_cols.append(col_s)
        shown_cols.append(col_v)
    scores = pd.DataFrame(np.array(score_cols, dtype=float).T.reshape(len(p.items), -1), index=p.items)
    visible = pd.DataFrame(np.array(shown_cols, dtype=bool).T.reshape(len(p.items), -1), index=p.items)
    return scores, visible


def _matrix(frame: pd.DataFrame | np.ndarray, p: Plan, dtype: type) -> np.ndarray:
    if isinstance(frame, pd.DataFrame):
        frame = frame.reindex(p.items).to_numpy(dtype=dtype, na_value=np.nan if dtype is float else False)
    if frame.shape[0] != len(p.items):
        raise ValueError(f"expected {len(p.items)} item rows, got {frame.shape[0]}")
    return frame


def readiness(scores: pd.DataFrame | np.ndarray, p: Plan,
              visible: pd.DataFrame | np.ndarray | None = None) -> np.ndarray:
    """Readiness 0..100 per session (column), as score() computes it; NaN where no area can be
    scored (score() reports None)."""
    s = _matrix(scores, p, float)
    answered = ~np.isnan(s)
    shown_n = p.groups @ (_matrix(visible, p, bool) if visible is not None else np.ones_like(s))
    sums, counts = p.groups @ np.where(answered, s, 0.0), p.groups @ answered
    ok = (counts > 0) & (counts >= p.min_share * shown_n)
    sub_mean = np.where(ok, sums / np.maximum(counts, 1), 0.0)
    n_subs = p.areas_of_groups @ ok
    side = np.where(n_subs > 0, (p.areas_of_groups @ sub_mean) / np.maximum(n_subs, 1), np.nan)
    sup, cli = side[: len(p.weights)], side[len(p.weights):]
    capped = np.minimum(cli, sup + p.caps[:, None])
    combined = np.where(np.isnan(sup), cli, np.where(np.isnan(cli), sup, (sup + capped) / 2.0))
    has = ~np.isnan(combined)
    w = p.weights[:, None] * has
    total = w.sum(axis=0)
    return np.where(total > 0, 100.0 * (w * np.where(has, combined, 0.0)).sum(axis=0)
                    / np.where(total > 0, total, 1.0), np.nan)


def alignment(scores: pd.DataFrame | np.ndarray, p: Plan) -> np.ndarray:
    """Overall alignment 0..100 per session: 100 * (1 - mean gap / 4) over mirrored items; NaN
    where no mirrored item has both answers (score() reports None)."""
    s = _matrix(scores, p, float)
    d = np.abs(s[p.mirrored[:, 0]] - s[p.mirrored[:, 1]])  # on 0..1, i.e. gap / 4
    n = (~np.isnan(d)).sum(axis=0)
    return np.where(n > 0, 100.0 * (1.0 - np.nansum(d, axis=0) / np.maximum(n, 1)), np.nan)
