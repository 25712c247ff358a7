"""The pipeline page in plain words: its table, its charts and each chart's text alternative.

No streamlit here. Codes never reach the page: verdicts are named as scoring/model.yaml names
them, areas by their titles, asks by their text (a knock-out by its name), outcomes and stages
in words. Charts are Altair specs with a title and axis titles; every chart has the same data as
a sentence and a table beside it.
"""
from __future__ import annotations

import re
from typing import Any

import altair as alt
import pandas as pd

from questions import Bank
from questions.words import shown
from scoring import Model

SALES_WORDS = {"won": "Won", "lost": "Lost", "no_decision": "No decision", "walked_away": "Walked away"}
DELIVERY_WORDS = {"on_time": "On time", "late": "Late", "failed": "Failed"}
STAGE_WORDS = {"answering": "Answering", "one_side_complete": "One side complete",
               "both_complete": "Both sides complete", "outcome_logged": "Outcome logged",
               "delivered": "Delivered"}
NOT_LOGGED = "Not logged yet"
ROWS_SHOWN = 2_000  # table rows at most (most recent first); the counts and charts cover every discovery
VERDICT_COLOURS = {"proceed": "#3b8f5a", "proceed_with_conditions": "#c98a10", "walk_away": "#b33a2e",
                   "not_enough_answers": "#8a8f98"}


def verdict_name(model: Model, code: str) -> str:
    words = model.verdicts.get(code)  # type: ignore[call-overload]
    return words.name if words else code.replace("_", " ").capitalize()


def ask_text(model: Model, code: str) -> str:
    """An ask code as the words a salesperson reads: a warning's ask, a knock-out's name."""
    kind, _, name = code.partition(":")
    if kind == "warning":
        rule = next((w for w in model.warnings if w.code == name), None)
        if rule is not None:
            return re.sub(r"\{[^}]*\}", "…", rule.ask)
    if kind == "knockout":
        rule = getattr(model.knockouts, name, None)
        if rule is not None:
            return f"Lift the knock-out: {rule.name}"
    return code


def _number(value: float | None) -> float | None:
    return None if value is None else round(value)


def outcome_words(sales: str | None, delivery: str | None) -> str:
    if not sales:
        return NOT_LOGGED
    words = SALES_WORDS.get(sales, sales)
    return f"{words}, delivered {DELIVERY_WORDS[delivery].lower()}" if delivery in DELIVERY_WORDS else words


def table_frame(rows: dict[str, list[Any]], model: Model) -> pd.DataFrame:
    """One row per discovery (text is shown literally by st.dataframe, typed text as
    :func:`questions.words.shown` shows it). The client's name is
    searched but not shown; the stage and the outcome share a column, since once an outcome is
    logged the stage only repeats it ("outcome logged", "delivered")."""
    return pd.DataFrame({
        "Deal": [shown(d) for d in rows["deal"]], "Salesperson": [shown(s) for s in rows["salesperson"]],
        "Date": [d or m for d, m in zip(rows["deal_date"], rows["month"])],
        "Verdict": [verdict_name(model, v) for v in rows["verdict"]],
        "Readiness": [_number(v) for v in rows["readiness"]],
        "Alignment": [_number(v) for v in rows["alignment"]],
        "Resistance": [_number(v) for v in rows["resistance"]],
        "Stage or outcome": [outcome_words(s, d) if s else STAGE_WORDS.get(t, t)
                             for t, s, d in zip(rows["stage"], rows["sales"], rows["delivery"])],
    }, columns=["Deal", "Salesperson", "Date", "Verdict", "Readiness", "Alignment", "Resistance",
                "Stage or outcome"])


def mix_frame(mix: list[tuple[str, str, int]], model: Model) -> pd.DataFrame:
    order = list(model.verdicts)
    return pd.DataFrame([{"Month": m, "Verdict": verdict_name(model, v), "Discoveries": n,
                          "order": order.index(v) if v in order else len(order)} for m, v, n in mix],
                        columns=["Month", "Verdict", "Discoveries", "order"])


def mix_chart(frame: pd.DataFrame, model: Model) -> alt.Chart:
    names = [verdict_name(model, v) for v in model.verdicts]
    colours = [VERDICT_COLOURS.get(v, "#555555") for v in model.verdicts]
    return alt.Chart(frame, title="Verdicts by month").mark_bar().encode(
        x=alt.X("Month:O", title="Month of the deal"),
        y=alt.Y("Discoveries:Q", title="Discoveries"),
        color=alt.Color("Verdict:N", title="Verdict", sort=names,
                        scale=alt.Scale(domain=names, range=colours),
                        legend=alt.Legend(orient="top", columns=2)),  # two columns fit a phone
        order=alt.Order("order:Q"),
        tooltip=["Month:O", "Verdict:N", "Discoveries:Q"])


def mix_sentence(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "No discoveries to show."
    totals = frame.groupby("Verdict", sort=False)["Discoveries"].sum().sort_values(ascending=False)
    months = frame["Month"].nunique()
    parts = ", ".join(f"{name}: {int(n)}" for name, n in totals.items())
    return f"Over {months} month{'s' * (months != 1)}: {parts}."


def blocks_frames(blocks: list[tuple[str, str, int]], model: Model, bank: Bank,
                  top: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(areas, asks) that block deals, most often first, each with how many deals it blocks."""
    titles = {a.id: a.title for a in bank.areas}
    areas = [{"Area": titles.get(code, code), "Deals blocked": n} for kind, code, n in blocks if kind == "area"]
    asks = [{"Ask": ask_text(model, code), "Deals blocked": n} for kind, code, n in blocks if kind == "ask"]
    return (pd.DataFrame(areas[:top], columns=["Area", "Deals blocked"]),
            pd.DataFrame(asks[:top], columns=["Ask", "Deals blocked"]))


def blocks_chart(frame: pd.DataFrame, label: str, title: str) -> alt.Chart:
    """Long labels are cut at 200 px so the bars keep room on a phone; the table beside the
    chart has them whole."""
    return alt.Chart(frame, title=title).mark_bar(color="#2f6f5e").encode(
        y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("Deals blocked:Q", title="Deals it blocks"),
        tooltip=[f"{label}:N", "Deals blocked:Q"])


def blocks_sentence(frame: pd.DataFrame, label: str, what: str) -> str:
    if frame.empty:
        return f"No {what} block a deal among these discoveries."
    first = frame.iloc[0]
    return (f"{len(frame)} {what} block deals; most often \u201c{first[label]}\u201d "
            f"({int(first['Deals blocked'])} deals).")


def over_frame(over: list[tuple[str, float, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"Salesperson": p or "(not named)", "Mean over-estimation": round(m, 2), "Deals": n,
                          "Label": f"{p or '(not named)'} ({n} deal{'s' * (n != 1)})"} for p, m, n in over],
                        columns=["Salesperson", "Mean over-estimation", "Deals", "Label"])


def over_chart(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(frame, title="How much rosier each salesperson's view is than the client's").mark_bar().encode(
        y=alt.Y("Label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=200)),
        x=alt.X("Mean over-estimation:Q", title="Mean supplier minus client, points on the 1-5 scale"),
        color=alt.condition("datum['Mean over-estimation'] > 0", alt.value("#b33a2e"), alt.value("#2f6f5e")),
        tooltip=["Salesperson:N", "Mean over-estimation:Q", "Deals:Q"])


def over_sentence(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "No discovery has both sides' answers to a shared question yet."
    top = frame.sort_values("Mean over-estimation", ascending=False).iloc[0]
    return (f"{len(frame)} salespeople; the rosiest view relative to the client's is "
            f"{top['Salesperson']}'s: {top['Mean over-estimation']:+.2f} points on average over "
            f"{int(top['Deals'])} deal{'s' * (int(top['Deals']) != 1)}.")
