"""The pipeline view in Debian's chromium against a real ``streamlit run`` on a SQLite file seeded
with synthetic discoveries and an example: the table and the charts render with their titles
and axis labels, at 1280 px and at 390 px; a client link reaches none of it, and nothing of a
deal's supplier-private answers appears through it."""
from __future__ import annotations

import re
import sys

import pytest

from browser_support import ROOT, TIMEOUT_MS, Server, load, open_page, open_tab, screenshot
from conftest import EXAMPLES

sys.path.insert(0, str(ROOT))
from bench import synthetic  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PRIVATE_PRICE = 987_654  # the supplier's lowest price: supplier-private


@pytest.fixture(scope="module")
def seeded_app(tmp_path_factory, bank):
    from portfolio.reports import Reporter
    from scoring import load_model
    from storage import Store
    folder = tmp_path_factory.mktemp("pipeline")
    url = f"sqlite:///{folder / 'groundwork.db'}"
    store = Store.open(url, bank, reporter=Reporter(bank, load_model()))
    synthetic.write(store.engine, bank, 80, seed=11)
    session = store.load_session(store.import_json(EXAMPLES[0].read_text(encoding="utf-8")))
    sid = store.create_session(session.with_answer("supplier", "supplier_min_price", PRIVATE_PRICE))
    token = store.create_link(sid, "client")
    deal = session.deal.name
    store.engine.dispose()
    running = Server(url, folder / "streamlit.log")
    try:
        yield running.start(), token, deal
    finally:
        running.stop()


def _page(chromium, width: int):
    context, page = open_tab(chromium)
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(TIMEOUT_MS * 3)
    return context, page


def _chart_labels(page) -> str:
    """Every text the charts draw (SVG text, or the ARIA description Vega gives a canvas)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll("[data-testid='stVegaLiteChart']"))
        .map(c => Array.from(c.querySelectorAll('text')).map(t => t.textContent).join(' ')
             + ' ' + Array.from(c.querySelectorAll('[aria-label], [aria-roledescription]'))
                 .map(e => e.getAttribute('aria-label') || '').join(' ')).join(' | ')""")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pipeline_view_renders_its_table_and_labelled_charts(chromium, seeded_app, width):
    base, _, deal = seeded_app
    context, page = _page(chromium, width)
    try:
        load(page, base)
        page.get_by_text("New discovery").wait_for()
        if width < 600:  # the sidebar starts folded on a phone
            page.locator("[data-testid='stExpandSidebarButton'], [data-testid='stSidebarCollapsedControl'] button"
                         ).first.click()
        open_page(page, "Pipeline")
        page.get_by_role("heading", name="Pipeline").wait_for()
        if width < 600:  # fold it again to read the page
            page.locator("[data-testid='stSidebarCollapseButton'] button, [data-testid='stSidebarCollapseButton']"
                         ).first.click()
            page.wait_for_timeout(500)
        page.get_by_role("heading", name="How well did the verdicts predict?").wait_for()
        charts = page.locator("[data-testid='stVegaLiteChart']")
        charts.nth(3).wait_for()
        assert charts.count() == 4
        page.wait_for_timeout(500)
        labels = _chart_labels(page)
        for words in ("Verdicts by month", "Month of the deal", "Areas that block deals", "Deals it blocks",
                      "Asks that stand open", "Mean supplier minus client"):
            assert words in labels, (words, labels[:2000])
        assert page.locator("[data-testid='stDataFrame']").first.is_visible()
        body = page.locator("[data-testid='stMain']").inner_text()
        assert "Over " in body and "block deals; most often" in body  # the text alternatives
        overflow = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth"
                                 " - document.querySelector('[data-testid=stMain]').clientWidth")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px at {width}px"
        screenshot(page, f"13-pipeline-{width}", max_height=4000)
        assert deal  # the example is among the rows (the table itself is a canvas grid)
    finally:
        context.close()


def test_a_client_link_reaches_nothing_of_the_pipeline(chromium, seeded_app):
    base, token, deal = seeded_app
    context, page = _page(chromium, 1280)
    try:
        for path in ("", "pipeline", "sessions"):
            load(page, f"{base}/{path}?token={token}")
            page.get_by_role("heading", name=re.compile("^Welcome")).wait_for()  # the client's page
            text = page.locator("body").inner_text()
            assert "Pipeline" not in text and "over-estimation" not in text.lower()
            assert "987,654" not in text and "987654" not in text
            assert "Deal 0000" not in text  # no other discovery is named
            assert page.locator("[data-testid='stSidebarNav']").count() == 0
            assert page.locator("[data-testid='stVegaLiteChart']").count() == 0
    finally:
        context.close()
