"""AppTest of the pipeline page against a real SQLite file seeded with synthetic discoveries and
the examples: the table in plain words, charts with titles and axis titles and their text
alternatives, filters, logging an outcome, and the calibration section."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_support import APP, plain
from conftest import EXAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import synthetic  # noqa: E402
from ui.present.pipeline import STAGE_WORDS  # noqa: E402

PAGE = "ui/pages/pipeline.py"


@pytest.fixture
def seeded(tmp_path, monkeypatch, bank, model):
    from portfolio.reports import Reporter
    from storage import Store
    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("GROUNDWORK_DATABASE_URL", url)
    store = Store.open(url, bank, reporter=Reporter(bank, model))
    ids = synthetic.write(store.engine, bank, 60, seed=4)  # written without reports: stale
    examples = [store.import_json(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    yield store, ids, examples
    store.engine.dispose()


def open_pipeline() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def counted(cells) -> int:
    """The sum of a column of st.table cells, shown as text ("1,204")."""
    return sum(int(str(cell).replace(",", "")) for cell in cells)


def specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]


def test_the_pipeline_lists_every_discovery_in_plain_words(seeded):
    store, ids, examples = seeded
    at = open_pipeline()
    table = at.dataframe[0].value
    assert len(table) == len(ids) + len(examples)
    shown = table.to_string()
    assert not any(i in shown for i in ids + examples)  # no ids on the page
    assert set(table["Verdict"]) <= {"Proceed", "Proceed with conditions", "Walk away", "Not enough answers yet"}
    assert "Aldgate payroll migration" in set(table["Deal"])
    # Beside the sidebar the grid may scroll sideways: the deal's name stays in view.
    assert json.loads(at.dataframe[0].proto.columns)["Deal"]["pinned"] is True
    assert set(table["Stage or outcome"]) & {"Won", "Lost"}
    assert set(table["Stage or outcome"]) & set(STAGE_WORDS.values())
    at.toggle(key="pipeline.calibration").set_value(True).run()
    page_text = " ".join(str(m.value) for m in at.markdown) + " ".join(str(c.value) for c in at.caption)
    assert "walk_away" not in page_text and "proceed_with_conditions" not in page_text
    tables = [*at.dataframe, *at.table]
    assert len(tables) >= 4  # the discoveries, and the calibration's three tables
    for frame in tables:
        assert not any(i in frame.value.to_string() for i in ids + examples)
        assert "walk_away" not in frame.value.to_string()


def test_charts_have_titles_axis_titles_and_a_text_alternative(seeded):
    at = open_pipeline()
    found = specs(at)
    titles = [s.get("title") if isinstance(s.get("title"), str) else (s.get("title") or {}).get("text") for s in found]
    assert {"Verdicts by month", "Areas that block deals", "Asks that stand open",
            "How much rosier each salesperson's view is than the client's"} <= set(titles)
    for spec in found:
        encoding = spec.get("encoding", {})
        assert encoding["x"].get("title") and ("title" in encoding["y"])
    captions = " ".join(c.value for c in at.caption)
    assert "block deals; most often" in captions and "months" in captions.lower()
    assert "rosiest view" in captions
    expanders = [e.label for e in at.expander]
    assert "Verdicts by month as a table" in expanders and "Over-estimation as a table" in expanders


def test_filters_narrow_the_table_and_the_charts(seeded):
    at = open_pipeline()
    everything = len(at.dataframe[0].value)
    at.multiselect(key="pipeline.verdicts").set_value(["walk_away"]).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert 0 < len(table) < everything and set(table["Verdict"]) == {"Walk away"}
    mix = next(e for e in at.expander if e.label == "Verdicts by month as a table").table[0].value
    assert set(mix["Verdict"]) == {"Walk away"} and counted(mix["Discoveries"]) == len(table)
    at.multiselect(key="pipeline.verdicts").set_value([]).run()
    at.text_input(key="pipeline.search").input("Aldgate").run()
    assert list(at.dataframe[0].value["Deal"]) == ["Aldgate payroll migration"]


def test_user_text_is_escaped_in_the_sentences(seeded, bank):
    store, ids, _ = seeded
    with store.engine.begin() as connection:
        import sqlalchemy as sa
        connection.execute(sa.text("UPDATE sessions SET people = :p, revision = revision + 1"),
                           {"p": json.dumps({"supplier": "**Bold** <img src=x onerror=alert(1)> [a](http://x)",
                                             "client": ""})})
    at = open_pipeline()
    sentence = next(c.value for c in at.caption if "rosiest view" in c.value)
    assert "\\*\\*Bold\\*\\*" in sentence and "\\[a\\]" in sentence
    assert any(v.startswith("**Bold** <img src=x") for v in at.dataframe[0].value["Salesperson"])


def test_an_outcome_logged_on_the_page_is_stored_and_shown(seeded):
    store, _, examples = seeded
    at = open_pipeline()
    at.text_input(key="pipeline.search").input("Aldgate").run()
    target = next(i for i in examples if store.load_session(i).deal.name == "Aldgate payroll migration")
    at.selectbox(key="pipeline.pick").set_value(target).run()
    at.selectbox(key="pipeline.sales").set_value("won").run()
    at.selectbox(key="pipeline.delivery").set_value("late").run()
    at.text_area(key="pipeline.note").input("Two weeks late: <b>data</b> arrived late").run()
    at.button(key="pipeline.save").click().run()
    assert not at.exception, at.exception
    outcome = store.outcome(target)
    assert (outcome.sales, outcome.delivery) == ("won", "late")
    assert outcome.delivery_note == "Two weeks late: <b>data</b> arrived late"
    row = at.dataframe[0].value
    assert list(row["Stage or outcome"]) == ["Won, delivered late"]


def test_the_calibration_section_says_how_much_it_rests_on(seeded):
    at = open_pipeline()
    assert not [m for m in at.markdown if "forecast of" in str(m.value)]  # shown on request
    at.toggle(key="pipeline.calibration").set_value(True).run()
    assert not at.exception, at.exception
    text = " ".join(str(w.value) for w in at.get("markdown")) + " ".join(c.value for c in at.caption)
    assert "How well did the verdicts predict?" in " ".join(h.value for h in at.header)
    assert "outcomes" in text
    sentences = [m.value for m in at.markdown if "forecast of" in str(m.value)]
    assert len(sentences) == 2
    assert all("not claimed yet" in s or "ROC AUC" in s for s in sentences)


def test_a_long_pipeline_shows_the_most_recent_rows_and_counts_them_all(seeded, monkeypatch):
    from ui.present import pipeline as present
    store, ids, examples = seeded
    monkeypatch.setattr(present, "ROWS_SHOWN", 10)
    at = open_pipeline()
    assert len(at.dataframe[0].value) == 10
    assert f"{len(ids) + len(examples)} discoveries" in [h.value for h in at.header]
    assert any("shows the 10 most recent" in c.value for c in at.caption)
    mix = next(e for e in at.expander if e.label == "Verdicts by month as a table").table[0].value
    assert counted(mix["Discoveries"]) == len(ids) + len(examples)


def test_an_empty_pipeline_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("GROUNDWORK_DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    at = open_pipeline()
    assert "0 discoveries" in [h.value for h in at.header]
    assert "No discoveries yet." in [m.value for m in at.markdown]
    assert not at.get("vega_lite_chart")
    at.toggle(key="pipeline.calibration").set_value(True).run()
    assert not at.exception, at.exception
    assert any("not claimed yet" in str(m.value) for m in at.markdown)


def test_outcomes_imported_as_csv_are_stored_and_a_refused_file_says_why(seeded):
    store, _, examples = seeded
    at = open_pipeline()
    csv = f"session_id,sales,sales_date\n{examples[0]},lost,2026-10-01\n".encode()
    at.file_uploader(key="pipeline.upload").upload("outcomes.csv", csv, "text/csv").run()
    assert not at.exception, at.exception
    assert store.outcome(examples[0]).sales == "lost"
    assert [plain(i.value) for i in at.info] == ["Imported 1 outcome."]
    at.file_uploader(key="pipeline.upload").upload(
        "bad.csv", b"session_id,sales\nnot-a-session,won\n", "text/csv").run()
    assert not at.exception, at.exception
    assert [plain(e.value) for e in at.error] == ["**Not saved:**\n\n- no session with id 'not-a-session'"]
