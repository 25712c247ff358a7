"""In Debian's chromium: open an example, go to the dependencies page, download the Markdown
agreement and find every drafted dependency in it; save the page's screenshot for the README."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import scoring
from agreement import draft_dependencies
from agreement.escape import md_unescape
from browser_support import (ROOT, chromium, screenshot, served_app,  # noqa: F401
                             tab, wait_idle)
from questions import load_bank, load_session

pytestmark = pytest.mark.browser


def expected_dependencies(deal: str):
    bank = load_bank()
    for path in sorted((ROOT / "examples").glob("*.json")):
        session = load_session(path.read_text(encoding="utf-8"), bank)
        if session.deal.name == deal:
            return draft_dependencies(bank, session, scoring.score(bank, session, scoring.load_model()))
    raise AssertionError(f"no example named {deal!r}")


def test_download_the_markdown_agreement(served_app, tab, tmp_path: Path):  # noqa: F811
    page = tab
    page.goto(served_app)
    page.get_by_text("Or explore an example").wait_for()
    example = page.get_by_role("button", name=re.compile("^Open: ")).first
    deal = example.inner_text().removeprefix("Open: ")
    example.click()
    page.get_by_role("heading", name="1. Goals").wait_for()
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Dependencies", exact=True).click()
    page.get_by_role("heading", name="Dependencies").wait_for()
    wait_idle(page)
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
