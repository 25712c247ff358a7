"""The calibration report (scoring.calibration) as tables and sentences for the pipeline page."""
from __future__ import annotations

from typing import Any

import pandas as pd

from scoring import Model
from ui.present.pipeline import DELIVERY_WORDS, NOT_LOGGED, SALES_WORDS, verdict_name

SETTING_WORDS = {"decision.walk_away_below.readiness": "Walk away below readiness",
                 "decision.proceed_at.readiness": "Proceed from readiness",
                 "areas.*.weight": "Area weights"}


def outcome_table(report: dict[str, Any], model: Model, which: str) -> pd.DataFrame:
    """Verdict against sales (``which`` "sales") or delivery outcomes, as counts."""
    table = report[f"verdict_vs_{which}"]
    words = {**(SALES_WORDS if which == "sales" else DELIVERY_WORDS), "not_logged": NOT_LOGGED}
    return pd.DataFrame([{"Verdict": verdict_name(model, v), **{words[k]: n for k, n in row.items()}}
                         for v, row in table.items()])


def _rate(cell: dict[str, Any]) -> str:
    if cell["count"] == 0:
        return "no outcomes"
    lo, hi = cell["interval95"]
    return f"{cell['yes']} of {cell['count']} ({cell['rate']:.0%}; 95% interval {lo:.0%}-{hi:.0%})"


def bands_frame(report: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame([{"Readiness": b["band"], "Discoveries": b["discoveries"],
                          "Won (of won, lost or no decision)": _rate(b["winning"]),
                          "Delivered on time (of won and delivered)": _rate(b["on_time"])}
                         for b in report["readiness_bands"]])


def metric_sentence(report: dict[str, Any], name: str) -> str:
    m = report["metrics"][name]
    what = "winning" if name == "winning" else "on-time delivery"
    if "refused" in m:
        return f"Readiness as a forecast of {what}: not claimed yet, it {m['refused']}."
    return (f"Readiness as a forecast of {what}, from {m['outcomes']} outcomes ({m['yes']} yes): "
            f"ROC AUC {m['auc']:.2f} (0.5 is chance, 1 is perfect ranking); Brier score "
            f"{m['brier']:.3f} reading readiness / 100 as a probability (0 is perfect, 0.25 is "
            "what always saying 50% scores).")


def suggestion_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for s in report["suggestions"]:
        name = SETTING_WORDS.get(s["setting"], s["setting"])
        if isinstance(s["now"], dict):
            moved = ", ".join(f"{a} {s['now'][a]:g} \u2192 {s['suggested'][a]:g}" for a in s["now"]
                              if s["now"][a] != s["suggested"][a])
            lines.append(f"{name}: {moved}. Why: {s['why']}.")
        else:
            lines.append(f"{name}: {s['now']:g} \u2192 {s['suggested']:g}. Why: {s['why']}.")
    return lines
