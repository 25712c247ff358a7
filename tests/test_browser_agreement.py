"""In Debian's chromium: open an example, go to the dependencies page, download the Markdown
agreement and find every drafted dependency in it; save the page's screenshot for the README."""
from __future__ import annotations

from pathlib import Path

import pytest

import scoring
from agreement import draft_dependencies
from agreement.escape import md_unescape
from browser_support import ROOT, open_example, open_page, screenshot, wait_idle
from questions import load_bank, load_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def expected_dependencies(deal: str):
    bank = load_bank()
    for path in sorted((ROOT / "examples").glob("*.json")):
        session = load_session(path.read_text(encoding="utf-8"), bank)
        if session.deal.name == deal:
            return draft_dependencies(bank, session, scoring.score(bank, session, scoring.load_model()))
    raise AssertionError(f"no example named {deal!r}")


def test_download_the_markdown_agreement(served_app, tab, tmp_path: Path):
    page = tab
    page.set_viewport_size({"width": 1280, "height": 900})  # the width the table is made to fit
    deal = open_example(page, served_app)
    open_page(page, "Dependencies")
    page.get_by_role("heading", name="Dependencies").wait_for()
    assert page.get_by_text("Discovery: " + deal).count() == 1

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download Markdown").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".md")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = md_unescape(saved.read_text(encoding="utf-8"))

    deps = expected_dependencies(deal)
    assert deps
    assert text.startswith("# ") and deal in text
    for dep in deps:
        assert dep.title in text and dep.what in text, dep.id

    page.locator("[data-testid='stDataFrame']").first.wait_for()
    page.get_by_role("heading", name="Dependencies").scroll_into_view_if_needed()  # the download scrolled down
    screenshot(page, "07-dependencies", max_height=2400)


def _sideways(page) -> list[dict]:
    """Every scroller inside the dependency table that scrolls sideways (its content is wider
    than what it shows)."""
    return page.evaluate("""() => {
        const table = document.querySelector("[data-testid='stDataFrame']");
        return [...table.querySelectorAll('*')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
                         && getComputedStyle(e).overflowX !== 'hidden')
            .map(e => ({cls: e.className, scroll: e.scrollWidth, client: e.clientWidth}));
    }""")


def test_the_dependency_table_fits_1280_px_and_still_draws_at_390(served_app, tab):  # noqa: F811
    page = tab
    page.set_viewport_size({"width": 1280, "height": 900})
    open_example(page, served_app, last=True)
    open_page(page, "Dependencies")
    page.get_by_role("heading", name="Dependencies").wait_for()
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for()
    wait_idle(page)
    for header in ("What", "Who (one person)", "When", "Consequence if unmet or late"):
        # the grid fills in its accessible header cells after it first paints: wait for each
        table.get_by_text(header, exact=True).first.wait_for(state="attached")
    assert _sideways(page) == [], "a column of the table is hidden behind sideways scrolling"
    assert page.get_by_text("Dates that do not fit").count() == 0 or page.get_by_text("Date to resolve").count()
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    page.get_by_role("heading", name="Dependencies").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
