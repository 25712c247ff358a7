"""In Debian's chromium: open an example, go to the dependencies page, download the Markdown
agreement and find every drafted dependency in it; save the page's screenshot for the README."""
from __future__ import annotations

from pathlib import Path

import pytest

import scoring
from agreement import draft_dependencies
from agreement.escape import md_unescape
from browser_support import ROOT, open_example, open_page, screenshot
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
    screenshot(page, "07-dependencies", max_height=4000)
