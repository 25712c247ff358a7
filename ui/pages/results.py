"""Results: the verdict in plain words with its reasons, the charts, gaps, findings, conditions.

Scored from the current Session on every run, so it follows the answers live.
"""
from __future__ import annotations

import streamlit as st

from questions import Bank, progress
from scoring import Finding, score
from ui import layout, resources
from ui.answers import escape_markdown
from ui.charts import area_scores_chart, resistance_chart
from ui.results_view import (areas_frame, conditions_frame, evidence_frame, gaps_frame,
                             losses_frame, verdict_text)


def draw_findings(bank: Bank, title: str, findings: tuple[Finding, ...], alert) -> None:
    if not findings:
        return
    st.subheader(title)
    for finding in findings:
        alert(escape_markdown(finding.message))
        if finding.evidence:
            st.dataframe(evidence_frame(bank, finding), hide_index=True, width="stretch")


bank = resources.bank()
session = layout.require_session()
model = layout.require_model()
report = score(bank, session, model)
layout.deal_header(session)
st.title("Results")
alert = {"proceed": st.success, "proceed_with_conditions": st.warning,
         "walk_away": st.error}[report.recommendation]
alert(f"**{verdict_text(report)}**\n\n"
      + "\n".join(f"- {escape_markdown(r)}" for r in report.reasons[:8]))

answered = progress(bank, session)
st.caption(f"Based on {answered.answered} of the {answered.total} questions shown so far; "
           "unanswered questions lower confidence, not the scores.")
readiness, alignment, resistance, trust = st.columns(4)
readiness.metric("Readiness", f"{report.readiness:.0f} / 100")
alignment.metric("Alignment", f"{report.alignment:.0f} / 100")
resistance.metric(f"Resistance ({report.resistance_band})", f"{report.resistance:.0f} / 100")
trust.metric("Trust index", "n/a" if report.trust_index is None else f"{report.trust_index:.0f}")

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
