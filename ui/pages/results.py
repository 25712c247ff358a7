"""Results: the verdict in plain words with its reasons, the charts, gaps, findings, conditions.

Scored from the current Session on every run, so it follows the answers live.
"""
from __future__ import annotations

import streamlit as st

from questions import Bank, progress
from scoring import Finding, score
from ui.components import layout
from ui.present.charts import area_scores_chart, resistance_chart
from ui.present.dependencies import schedule_asks_frame
from ui.present.markdown import escape_markdown
from ui.present.results import (areas_frame, conditions_frame, deciding_frame, evidence_frame,
                                gaps_frame, losses_frame, out_of_100, verdict_text)
from ui.session import resources, state


def draw_findings(bank: Bank, title: str, findings: tuple[Finding, ...], alert) -> None:
    if not findings:
        return
    st.subheader(title)
    for finding in findings:
        alert(escape_markdown(f"{finding.name}: {finding.text}"))
        if finding.evidence:
            st.dataframe(evidence_frame(bank, finding), hide_index=True, width="stretch")


bank = resources.bank()
session = layout.require_session()
model = layout.require_model()
report = score(bank, session, model)
layout.deal_header(session)
st.title("Results")
mode, both_done = state.run_mode()
if mode == "blind" and not both_done:
    st.info("Blind mode: the client's answers stay hidden until both sides have marked their part "
            "complete, so these results read the supplier's answers only.")
alert = {"proceed": st.success, "proceed_with_conditions": st.warning,
         "walk_away": st.error, "not_enough_answers": st.info}[report.recommendation]
alert(f"**{verdict_text(report)}**\n\n"
      + "\n".join(f"- {escape_markdown(r)}" for r in report.reasons[:8]))
if report.deciding:
    st.subheader("The questions that would decide it")
    st.dataframe(deciding_frame(bank, report), hide_index=True, width="stretch")

answered = progress(bank, session)
st.caption(f"Based on {answered.answered} of the {answered.total} questions shown so far.")
readiness, alignment, resistance, trust = st.columns(4)
readiness.metric("Readiness", out_of_100(report.readiness))
alignment.metric("Alignment", out_of_100(report.alignment))
resistance.metric("Resistance" + (f" ({report.resistance_band})" if report.resistance_band else ""),
                  out_of_100(report.resistance))
trust.metric("Trust index", out_of_100(report.trust_index))

st.altair_chart(area_scores_chart(report), width="stretch")
bands = model.resistance.bands
st.altair_chart(resistance_chart(report, bands.medium, bands.high), width="stretch")
st.dataframe(areas_frame(report), hide_index=True, width="stretch")

draw_findings(bank, "Knock-outs", report.knockouts, st.error)
draw_findings(bank, "Warnings", report.warnings, st.warning)

st.subheader("Where the two views differ")
if report.gaps:
    st.dataframe(gaps_frame(bank, report), hide_index=True, width="stretch")
else:
    st.write("No answer differs by two points or more.")

if report.conditions:
    st.subheader("Conditions to proceed")
    st.dataframe(conditions_frame(report), hide_index=True, width="stretch")

if report.losses:
    st.subheader("Where readiness lost the most points")
    st.dataframe(losses_frame(bank, report), hide_index=True, width="stretch")

# Dates that do not fit (issue 10): the drafted dependencies' schedule conflicts, as asks. Kept
# apart from scoring's asks above; the data comes from agreement.conflict_asks.
schedule_asks = schedule_asks_frame(bank, session, report, model)
if not schedule_asks.empty:
    st.subheader("Dates that do not fit")
    st.dataframe(schedule_asks, hide_index=True, width="stretch")
