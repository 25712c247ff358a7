"""Pipeline: every discovery with its verdict, figures and outcome; what blocks deals most often;
how rosy each salesperson's view is; logging outcomes; how well the verdicts predicted them.

Supplier side only: app.py never offers this page through a client link. Figures are the
stored reports (stale ones are computed again first, in one batch), read with SQL aggregates.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from portfolio.calibrate import report as calibration_report
from portfolio.rescore import refresh
from scoring import MODEL_PATH
from storage import StorageError
from storage.pipeline import PipelineFilter
from questions.words import shown
from ui.actions import pipeline as actions
from ui.components import layout
from ui.components.layout import require_model
from ui.present import calibration as cal
from ui.present import pipeline as present
from ui.present.failures import logged
from ui.present.markdown import escape_markdown
from ui.session import database, resources, state

st.set_page_config(layout="wide")  # eight columns and four charts; app.py sets the others centred
st.title("Pipeline")
st.caption("Every discovery across deals: its verdict, figures and outcome, what blocks deals "
           "most often, and how well the verdicts predicted what happened.")
notice = state.notice()
if notice:
    st.info(escape_markdown(notice))
store = database.store()
bank, model = resources.bank(), require_model()
try:
    with st.spinner("Bringing the stored figures up to date…"):
        refreshed = refresh(store, bank, model)
except StorageError as exc:
    st.error(f"The pipeline could not be read ({escape_markdown(logged(exc, 'reading the pipeline'))}).")
    st.stop()
if refreshed:
    st.caption(f"Computed the figures of {refreshed} discover{'ies' if refreshed != 1 else 'y'} "
               "that had changed or were scored with another model.")

verdict_codes = list(model.verdicts)
salespeople, months = store.pipeline_choices()  # the filters' lists: everyone, every month
with st.container(border=True):
    search = st.text_input("Search deal, client or salesperson", key="pipeline.search")
    left, right = st.columns(2)
    people = left.multiselect("Salespeople", salespeople, key="pipeline.people",
                              placeholder="All salespeople")
    verdicts = right.multiselect("Verdicts", verdict_codes, key="pipeline.verdicts",
                                 format_func=lambda v: present.verdict_name(model, v), placeholder="All verdicts")
    left, right = st.columns(2)
    outcomes = left.multiselect("Outcomes", [*present.SALES_WORDS, "none"], key="pipeline.outcomes",
                                format_func=lambda o: present.SALES_WORDS.get(o, present.NOT_LOGGED),
                                placeholder="All outcomes")
    span = right.select_slider("Months", months, value=(months[0], months[-1]), key="pipeline.months") \
        if len(months) > 1 else (months[0], months[0]) if months else ("", "")
    archived = st.checkbox("Include archived discoveries", key="pipeline.archived")

chosen = PipelineFilter(search=search, salespeople=tuple(people), verdicts=tuple(verdicts),
                        sales=tuple(outcomes), month_from=span[0], month_to=span[1],
                        include_archived=archived, limit=present.ROWS_SHOWN)
data = store.pipeline(chosen)
counts = {present.verdict_name(model, v): sum(n for _, x, n in data.verdict_by_month if x == v)
          for v in verdict_codes}
st.header(f"{data.total:,} discover{'ies' if data.total != 1 else 'y'}")
st.caption(" · ".join(f"{name}: {n:,}" for name, n in counts.items()))
if data.count < data.total:
    st.caption(f"The table shows the {data.count:,} most recent; search or filter to find the others. "
               "The charts count all of them.")
if data.count:
    # A sortable grid of up to ROWS_SHOWN rows: at 1280 px beside the sidebar its last column
    # may sit behind sideways scrolling, so the deal's name stays pinned in view.
    narrow = {name: st.column_config.NumberColumn(name, width="small", format="%d")
              for name in ("Readiness", "Alignment", "Resistance")}
    st.dataframe(present.table_frame(data.rows, model), hide_index=True, width="stretch",
                 column_config={**narrow, "Date": st.column_config.TextColumn("Date", width="small"),
                                "Deal": st.column_config.TextColumn("Deal", pinned=True)})
else:
    st.write("No discoveries match." if search or people or verdicts or outcomes else "No discoveries yet.")

st.header("Verdicts over time")
mix = present.mix_frame(data.verdict_by_month, model)
if not mix.empty:
    st.altair_chart(present.mix_chart(mix, model), width="stretch")
st.caption(escape_markdown(present.mix_sentence(mix)))
with st.expander("Verdicts by month as a table"):
    layout.table(mix.drop(columns="order"), "pipeline-mix")

st.header("What blocks deals most often")
areas, asks = present.blocks_frames(data.blocks, model, bank)
for frame, label, title, what in ((areas, "Area", "Areas that block deals", "areas"),
                                  (asks, "Ask", "Asks that stand open", "asks")):
    if not frame.empty:
        st.altair_chart(present.blocks_chart(frame, label, title), width="stretch")
    st.caption(escape_markdown(present.blocks_sentence(frame, label, what)))
    with st.expander(f"{title} as a table"):
        layout.table(frame, f"pipeline-{what}")

st.header("Each salesperson's over-estimation")
st.caption("Supplier minus client on the questions both answer, on the 1-5 scale, averaged over "
           "each salesperson's deals: above 0, the salesperson rates the deal rosier than the "
           "prospect does.")
over = present.over_frame(data.overestimation)
if not over.empty:
    st.altair_chart(present.over_chart(over), width="stretch")
st.caption(escape_markdown(present.over_sentence(over)))
with st.expander("Over-estimation as a table"):
    layout.table(over.drop(columns="Label"), "pipeline-over")

st.divider()
st.header("Log an outcome")
problems = state.get(actions.PROBLEMS)
if problems:
    st.error("**Not saved:**\n\n" + "\n".join(f"- {escape_markdown(str(p))}" for p in problems[:20]))
ids = data.rows["id"]  # the discoveries the filters show: narrow them to find a deal
if ids:
    names = {i: shown(f"{d} · {c} · {m}") for i, d, c, m in zip(ids, data.rows["deal"], data.rows["client"],
                                                       data.rows["month"])}
    if state.get(actions.PICK) not in names:
        state.put(actions.PICK, ids[0])
        actions.load_outcome(ids[0])
    elif state.get(actions.UNREAD) == state.get(actions.PICK):  # the database was away
        actions.load_outcome(state.get(actions.PICK))
    st.selectbox("Discovery", ids, key=actions.PICK, format_func=names.get,
                 on_change=lambda: actions.load_outcome(state.get(actions.PICK)))
    sales = st.selectbox("Sales outcome", [actions.NONE, *present.SALES_WORDS], key=actions.SALES,
                         format_func=lambda o: present.SALES_WORDS.get(o, present.NOT_LOGGED))
    if sales:
        st.date_input("Date of the sales outcome", key=actions.SALES_DATE, max_value=dt.date(2100, 1, 1))
    if sales == "won":
        st.selectbox("Delivery outcome", [actions.NONE, *present.DELIVERY_WORDS], key=actions.DELIVERY,
                     format_func=lambda o: present.DELIVERY_WORDS.get(o, "Not delivered yet"))
        st.text_area("Note on the delivery", key=actions.NOTE, max_chars=2000)
    st.button("Save the outcome", key="pipeline.save", type="primary", on_click=actions.save_outcome)
    left, right = st.columns(2)
    left.download_button("Export outcomes (CSV)", data=store.export_outcomes(), file_name="outcomes.csv",
                         mime="text/csv", key="pipeline.export")
    right.file_uploader("Import outcomes (CSV)", type=["csv"], key=actions.UPLOAD,
                        on_change=actions.import_outcomes)

st.divider()
st.header("How well did the verdicts predict?")
if not st.toggle("Show the calibration report (every discovery with an outcome, whatever the filters)",
                 key="pipeline.calibration"):
    st.stop()
report = calibration_report(store, bank, model, MODEL_PATH if resources.model_file() == str(MODEL_PATH) else None,
                            fresh=True)
st.caption(f"From {report['discoveries']} discoveries. A rate or a score is claimed only from "
           f"{report['minimum']['outcomes']} outcomes with {report['minimum']['of_each_kind']} of each kind; "
           "with fewer, the counts below are all there is.")
st.markdown("**Verdict against the sales outcome** (deals)")
layout.table(cal.outcome_table(report, model, "sales"), "calibration-sales")
st.markdown("**Verdict against the delivery outcome** (won deals)")
layout.table(cal.outcome_table(report, model, "delivery"), "calibration-delivery")
st.markdown("**Readiness against what happened**")
layout.table(cal.bands_frame(report), "calibration-bands")
for name in ("winning", "on_time"):
    st.write(cal.metric_sentence(report, name))
lines = cal.suggestion_lines(report)
if lines:
    st.markdown("**Suggested changes to the model** (not applied: download, read, and replace "
                "scoring/model.yaml yourself)")
    for line in lines:
        st.markdown("- " + escape_markdown(line))
    change = report.get("model_change")
    if change:
        left, right = st.columns(2)
        left.download_button("Download the changed model.yaml", data=change["patched"], file_name="model.yaml",
                             mime="text/yaml", key="pipeline.model")
        right.download_button("Download the change as a diff", data=change["diff"], file_name="model.yaml.diff",
                              mime="text/x-diff", key="pipeline.diff")
else:
    st.write("No changes to the model are suggested: " + (
        "the outcomes do not clearly favour other thresholds or weights."
        if "refused" not in report["metrics"]["winning"] else "there are too few outcomes yet."))
