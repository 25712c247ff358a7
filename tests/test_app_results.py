"""AppTest of the results page: the verdict, the chart specs and data, live updates, a bad model."""
from __future__ import annotations

import re

import json
from pathlib import Path

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from app_support import app_state, frames, open_example, plain
from questions import load_session
from scoring import score
from ui.present.charts import area_scores_chart, resistance_chart
from ui.present.results import verdict_text

RESULTS = "ui/pages/results.py"
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))


def charts(at) -> list[tuple[dict, list]]:
    """Each vega-lite chart's spec with its datasets decoded to records."""
    found = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        data = [convert_arrow_bytes_to_pandas_df(d.data.data).to_dict("records")
                for d in element.proto.datasets]
        found.append((spec, data))
    return found


def test_results_show_the_verdict_charts_and_gaps_of_each_example(bank, model, example_path: Path):
    session = load_session(example_path.read_text(), bank)
    report = score(bank, session, model)
    at = open_example(session.deal.name, RESULTS)

    alert = {"walk_away": at.error, "proceed_with_conditions": at.warning,
             "proceed": at.success, "not_enough_answers": at.info}[report.recommendation]
    headline = plain(alert[0].value)
    assert headline.startswith(f"**{verdict_text(report, model)}**")
    name = model.verdicts[report.recommendation].name
    assert report.reasons[0].removeprefix(f"{name}. ") in headline

    (scores, score_data), (resistance, resistance_data) = charts(at)
    assert scores["mark"]["type"] == "bar"
    assert scores["encoding"]["yOffset"]["field"] == "party"
    assert scores["encoding"]["y"]["sort"] == [a.title for a in bank.areas]
    plotted = {(r["area"], r["party"]): r["score"] for r in score_data[0]}
    for area in report.areas:
        for party, value in (("Supplier", area.supplier), ("Client", area.client)):
            if value is None:
                assert (area.title, party) not in plotted
            else:
                assert plotted[(area.title, party)] == pytest.approx(value, abs=0.05)
    assert len(resistance["layer"]) == 2
    bars = next(rows for rows in resistance_data if rows and "resistance" in rows[0])
    assert {r["area"]: r["band"] for r in bars} == {a.title: a.resistance_band
                                                   for a in report.areas}

    tables = frames(at)
    if report.gaps:
        gap_table = next(t for t in tables if "Points apart" in t.columns)
        assert list(gap_table["Question"]) == [g.text for g in report.gaps]
    for finding in report.knockouts:
        assert any(plain(e.value) == f"**{finding.name}**: {finding.text}" for e in at.error)

    # the asks: the first few shown, the rest folded, each with who and when
    shown = [plain(m.value) for m in at.markdown]
    asks = [a.text for a in report.asks]
    limit = model.asks.shown
    for number, text in enumerate(asks, 1):
        assert f"**{number}. {text}**" in shown
    folded = [e for e in at.expander if e.label.endswith("more asks")]
    assert len(folded) == (1 if len(asks) > limit else 0)
    outside = [m for m in at.main.children.values() if getattr(m, "type", "") == "markdown"
               and re.match(r"\*\*\d+\. ", plain(m.value))]
    assert len(outside) == min(len(asks), limit)
    if folded:
        inside = [plain(m.value) for m in folded[0].markdown]
        assert len([m for m in inside if re.match(r"\*\*\d+\. ", m)]) == len(asks) - limit

    # every headline number says what it measures and its threshold
    for metric in at.metric:
        assert metric.proto.help and any(ch.isdigit() for ch in metric.proto.help)


def test_results_follow_the_answers_live(bank, model, example_path: Path):
    session = load_session(example_path.read_text(), bank)
    at = open_example(session.deal.name, RESULTS)
    before = score(bank, session, model)
    assert at.metric[0].value == f"{before.readiness:.0f} / 100"
    emptied = session.model_copy(update={"answers": {"supplier": {}, "client": {}}})
    after = score(bank, emptied, model)
    app_state(at)["gw.session"] = emptied
    at.run()
    assert after.readiness is None and after.recommendation == "not_enough_answers"
    assert at.metric[0].value == "not available"
    assert plain(at.info[0].value).startswith(f"**{verdict_text(after, model)}**")
    deciding = next(t for t in frames(at) if "Why it matters" in t.columns)
    assert len(deciding) > 0 and deciding["Why it matters"].iloc[0] == "a knock-out turns on it"


def test_a_broken_model_is_shown_with_its_location(bank, tmp_path, monkeypatch):
    example_path = EXAMPLES[0]
    source = Path(__file__).resolve().parent.parent / "scoring" / "model.yaml"
    broken = tmp_path / "model.yaml"
    broken.write_text(source.read_text().replace("weights:", "weights: [", 1))
    monkeypatch.setenv("GROUNDWORK_MODEL_FILE", str(broken))
    session = load_session(example_path.read_text(), bank)
    at = open_example(session.deal.name, RESULTS)
    message = plain(at.error[0].value)
    assert "scoring model could not be loaded" in message and "model.yaml:" in message
    assert not at.get("vega_lite_chart")


def test_chart_builders_keep_the_bank_order_and_a_fixed_scale(bank, model, example_path: Path):
    report = score(bank, load_session(example_path.read_text(), bank), model)
    spec = area_scores_chart(report).to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 100]
    layered = resistance_chart(report, 33, 60).to_dict()
    bands = next(v for v in layered["datasets"].values() if v and "start" in v[0])
    assert [(b["band"], b["start"], b["end"]) for b in bands] == [
        ("low", 0.0, 33), ("medium", 33, 60), ("high", 60, 100.0)]
