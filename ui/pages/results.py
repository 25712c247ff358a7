"""Results: the verdict in plain words with its reasons, what would change it, the asks (the
first few, the rest folded), the headline numbers with what they measure, then the detail.

Worked out from the current Session, and again only when it changes (ui/session/results.py).
"""
from __future__ import annotations

import streamlit as st

from questions import Bank, progress
from scoring import Finding
from ui.components import layout
from ui.present.charts import area_scores_chart, resistance_chart
from ui.present.dependencies import schedule_asks_frame
from ui.present.markdown import escape_markdown
from ui.present.results import (VIEWS, AskView, ask_views, areas_frame, conditions_frame,
                                deciding_frame, evidence_frame, gaps_frame, headlines,
                                losses_frame, verdict_text)
from ui.session import resources, state
from ui.session.results import report_and_change


def draw_findings(bank: Bank, title: str, findings: tuple[Finding, ...], alert) -> None:
    if not findings:
        return
    st.header(title)
    for number, finding in enumerate(findings):
        state_words = " (addressed: the ask is agreed in the answers)" if finding.resolved else ""
        alert(f"**{escape_markdown(finding.name)}**{state_words}: {escape_markdown(finding.text)}")
        if finding.evidence:
            layout.table(evidence_frame(bank, finding), f"evidence-{title}-{number}")


def draw_ask(number: int, ask: AskView) -> None:
    st.markdown(f"**{number}. {escape_markdown(ask.text)}**")
    st.caption(f"{escape_markdown(ask.who)} agrees to it, by {escape_markdown(ask.due)}. "
               "From the answers to: " + escape_markdown("; ".join(ask.sources) or "the whole call")
               + ".")


bank = resources.bank()
session = layout.require_session()
model = layout.require_model()
report, change = report_and_change(bank, session, model)
layout.deal_header(session)
st.title("Results")
mode, both_done = state.run_mode()
if mode == "blind" and not both_done:
    st.info("Blind mode: the client's answers stay hidden until both sides have marked their part "
            "complete, so these results read the supplier's answers only.")
alert = {"proceed": st.success, "proceed_with_conditions": st.warning,
         "walk_away": st.error, "not_enough_answers": st.info}[report.recommendation]
name = model.verdicts[report.recommendation].name
reasons = [r.removeprefix(f"{name}. ") for r in report.reasons[:6]]
alert(f"**{escape_markdown(verdict_text(report, model))}**\n\n"
      + "\n".join(f"- {escape_markdown(r)}" for r in reasons))

if report.deciding:
    st.header("The questions that would decide it")
    st.caption("Unanswered questions, most decisive first: the ones a knock-out turns on, then by "
               "how many points of readiness an answer can move.")
    layout.table(deciding_frame(bank, report), "deciding")

if change.text:
    st.header("What would change the verdict")
    (st.success if change.changes else st.info)(escape_markdown(change.text))

if report.asks:
    shown = model.asks.shown
    views = ask_views(bank, report.asks)
    st.header("Asks: what to agree")
    st.caption("Concrete terms, each for one side to agree to, ranked by how far meeting it "
               "would move the verdict.")
    for number, ask in enumerate(views[:shown], 1):
        draw_ask(number, ask)
    if len(views) > shown:
        with st.expander(f"{len(views) - shown} more asks"):
            for number, ask in enumerate(views[shown:], shown + 1):
                draw_ask(number, ask)

st.header("The numbers")
answered = progress(bank, session)
st.caption(f"Based on {answered.answered} of the {answered.total} questions shown so far.")
columns = st.columns(4)
for column, headline in zip(columns, headlines(report, model)):
    column.metric(headline.label, headline.value, help=headline.means)
for headline in headlines(report, model):
    st.caption(f"**{headline.label}**: {headline.means}")

bands = model.resistance.bands
for chart in (area_scores_chart(report), resistance_chart(report, bands.medium, bands.high)):
    st.altair_chart(chart, width="stretch")
    layout.chart_in_words(chart.description)
layout.table(areas_frame(bank, report), "areas", "Each area's scores, as in the charts above")
st.caption("Each area scores 0-100 from each side's answers (Combined: both, with neither "
           "side's rosy view counting for more than the other side's word allows). Alignment: "
           "how closely the two sides' answers agree. The two views: "
           + "; ".join(f"{label.lower()}" for label in VIEWS.values()) + ".")

draw_findings(bank, "Knock-outs", report.knockouts, st.error)
draw_findings(bank, "Warnings", report.warnings, st.warning)

st.header("Where the two views differ")
if report.gaps:
    layout.table(gaps_frame(bank, report), "gaps")
else:
    st.write(f"No answer differs by {model.alignment.gap_points:g} points or more.")

if report.conditions:
    st.header("What stands in the way of proceeding")
    layout.table(conditions_frame(report), "conditions")

if report.losses:
    st.header("Where readiness lost the most points")
    layout.table(losses_frame(bank, report), "losses")

# Dates that do not fit (issue 10): the drafted dependencies' schedule conflicts, as asks. Kept
# apart from scoring's asks above; the data comes from agreement.conflict_asks.
schedule_asks = schedule_asks_frame(bank, session, report, model, layout.require_rules())
if not schedule_asks.empty:
    st.header("Dates that do not fit")
    layout.table(schedule_asks, "schedule_asks")
