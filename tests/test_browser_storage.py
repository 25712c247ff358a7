"""In Debian's chromium against real ``streamlit run`` processes and one SQLite file: an answer
survives a page reload and a restart of the server process; a client link opened in a second
browser context shows the client's page, and its answer reaches the supplier's side."""
from __future__ import annotations

import re

import pytest

from browser_support import (TIMEOUT_MS, choose, click_button, load, open_page, rerun, screenshot, tick,
                             widget)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def assert_chosen(page, key: str, label: str) -> None:
    """Wait (the page may still be drawing) until ``label`` is the one checked option."""
    checked = widget(page, key).locator("label:has(input[type=radio]:checked)")
    checked.filter(has_text=label).wait_for()
    assert [c.inner_text().strip() for c in checked.all()] == [label]


def start_discovery(page, url: str, name: str) -> str:
    load(page, url)
    page.get_by_text("New discovery").wait_for()
    box = widget(page, "start.name").locator("input").first
    box.fill(name)
    rerun(page, lambda: box.press("Enter"))
    click_button(page, "start.submit")
    click_button(page, "start.no_goals")  # asked first: there are no goals
    page.get_by_role("heading", name="1. Goals").wait_for()
    page.wait_for_url(re.compile(r"[?&]s="))
    return re.search(r"[?&]s=([\w-]+)", page.url).group(1)


def test_answer_survives_reload_and_server_restart(server, tab):
    page = tab
    session_id = start_discovery(page, server.url, "Reload survivor")
    choose(page, "w.q.supplier.goal_measurable", "4 · Agree")
    assert_chosen(page, "w.q.supplier.goal_measurable", "4 · Agree")

    load(page)  # a reload
    page.get_by_role("heading", name="1. Goals").wait_for()
    assert_chosen(page, "w.q.supplier.goal_measurable", "4 · Agree")
    assert page.get_by_text("Discovery: Reload survivor").count() == 1

    server.stop()  # a crash or a redeploy: a brand-new process reads the same file
    url = server.start()
    load(page, f"{url}/questionnaire?s={session_id}")
    page.get_by_role("heading", name="1. Goals").wait_for()
    assert_chosen(page, "w.q.supplier.goal_measurable", "4 · Agree")


def test_client_link_in_a_second_context_reaches_the_supplier(server, new_tab):
    supplier = new_tab()
    start_discovery(supplier, server.url, "Two devices")
    choose(supplier, "w.q.supplier.goal_measurable", "4 · Agree")
    open_page(supplier, "Review")
    supplier.get_by_role("heading", name="Review the answers").wait_for()
    tick(supplier, "share.unprotected_ok")  # loopback, no passcode: links after the warning
    click_button(supplier, "share.create")
    link = supplier.locator("[data-testid='stCode'] code").first.inner_text().strip()
    assert re.fullmatch(re.escape(server.url) + r"/\?token=[\w-]{40,}", link), link

    client = new_tab()
    load(client, link)
    click_button(client, "c.begin")
    client.get_by_role("heading", name="1. Goals").wait_for()
    assert client.locator("[data-testid='stSidebarNav']").count() == 0
    assert client.get_by_text("Supplier only", exact=False).count() == 0
    choose(client, "w.c.client.goal_measurable", "2 · Disagree")
    screenshot(client, "08-client-link")

    # The supplier's page polls every few seconds; no reload needed.
    supplier.get_by_text("2 of 5 (Disagree)", exact=True).wait_for(timeout=TIMEOUT_MS)
    assert supplier.get_by_text("4 of 5 (Agree)", exact=True).count() == 1
