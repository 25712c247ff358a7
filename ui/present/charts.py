"""Altair chart builders for the results page: pure functions from a Report to a chart.

No streamlit here, so the specs can be tested directly. Both charts keep the area order of
the bank and a fixed 0..100 scale, so two discoveries can be compared by eye.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from scoring import Report

PARTY_COLOURS = {"Supplier": "#2f6f5e", "Client": "#d08c2c"}
BAND_COLOURS = {"low": "#cde6d6", "medium": "#fbecc8", "high": "#f6d3cf"}
BAR_COLOURS = {"low": "#3b8f5a", "medium": "#c98a10", "high": "#b33a2e"}


def area_scores_frame(report: Report) -> pd.DataFrame:
    """One row per area and party with a score; areas without enough answers are left out."""
    rows = []
    for order, area in enumerate(report.areas):
        for party, value in (("Supplier", area.supplier), ("Client", area.client)):
            if value is not None:
                rows.append({"area": area.title, "order": order, "party": party,
                             "score": round(value, 1)})
    return pd.DataFrame(rows, columns=["area", "order", "party", "score"])


def area_scores_chart(report: Report) -> alt.Chart:
    """Both parties' score per area side by side, so the perception gap shows at a glance."""
    data = area_scores_frame(report)
    areas = [a.title for a in report.areas]
    return alt.Chart(data, title="How each side scores each area").mark_bar().encode(
        y=alt.Y("area:N", sort=areas, title=None, axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("party:N", sort=list(PARTY_COLOURS)),
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
        color=alt.Color("party:N", title="Answered by",
                        scale=alt.Scale(domain=list(PARTY_COLOURS),
                                        range=list(PARTY_COLOURS.values())),
                        legend=alt.Legend(orient="top")),
        tooltip=["area:N", "party:N", alt.Tooltip("score:Q", format=".0f")],
    ).properties(height=alt.Step(14), description=_describe_scores(report))


def resistance_frame(report: Report) -> pd.DataFrame:
    rows = [{"area": a.title, "resistance": round(a.resistance, 1), "band": a.resistance_band}
            for a in report.areas if a.resistance is not None]
    return pd.DataFrame(rows, columns=["area", "resistance", "band"])


def resistance_chart(report: Report, medium: float, high: float) -> alt.LayerChart:
    """Expected resistance per area over its bands (low below ``medium``, high from ``high``)."""
    bands = pd.DataFrame([{"band": "low", "start": 0.0, "end": medium},
                          {"band": "medium", "start": medium, "end": high},
                          {"band": "high", "start": high, "end": 100.0}])
    areas = [a.title for a in report.areas]
    band_scale = alt.Scale(domain=list(BAND_COLOURS), range=list(BAND_COLOURS.values()))
    background = alt.Chart(bands).mark_rect(opacity=0.9).encode(
        x=alt.X("start:Q", scale=alt.Scale(domain=[0, 100]), title="Expected resistance (0-100)"),
        x2="end:Q",
        color=alt.Color("band:N", scale=band_scale, title="Band", legend=alt.Legend(orient="top")),
    )
    bars = alt.Chart(resistance_frame(report)).mark_bar(size=14).encode(
        y=alt.Y("area:N", sort=areas, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("resistance:Q", scale=alt.Scale(domain=[0, 100])),
        fill=alt.Fill("band:N", scale=alt.Scale(domain=list(BAR_COLOURS),
                                               range=list(BAR_COLOURS.values())), legend=None),
        tooltip=["area:N", alt.Tooltip("resistance:Q", format=".0f"), "band:N"],
    )
    return alt.layer(background, bars, title="Where to expect resistance").resolve_scale(
        color="independent").properties(description=_describe_resistance(report))


def _describe_scores(report: Report) -> str:
    """The chart's text alternative (read by screen readers): each area's two scores in words."""
    parts = []
    for area in report.areas:
        sides = [f"{who} {round(value)}" for who, value in (("supplier", area.supplier),
                                                               ("client", area.client)) if value is not None]
        parts.append(f"{area.title}: " + (", ".join(sides) if sides else "not enough answers"))
    return "How each side scores each area, out of 100. " + "; ".join(parts) + "."


def _describe_resistance(report: Report) -> str:
    parts = [f"{a.title}: {round(a.resistance)} ({a.resistance_band})" for a in report.areas
             if a.resistance is not None]
    return ("Expected resistance per area, out of 100. " + ("; ".join(parts) if parts
                                                            else "not enough answers yet") + ".")
