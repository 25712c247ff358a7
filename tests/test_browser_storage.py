"""In Debian's chromium against real ``streamlit run`` processes and one SQLite file: an answer
survives a page reload and a restart of the server process; a client link opened in a second
browser context shows the client's page, and its answer reaches the supplier's side."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser_support import (ARTIFACTS, ROOT, TIMEOUT_MS, _healthy, chromium,  # noqa: F401
                             choose, free_port, open_page, screenshot, wait_idle, widget)

pytestmark = pytest.mark.browser


class Server:
    """One ``streamlit run app.py`` on a loopback port, on the given database file."""

    def __init__(self, database: Path, log: Path):
        self.database, self.log = database, log
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> str:
        port = free_port()
        env = dict(os.environ, GROUNDWORK_DATABASE_URL=f"sqlite:///{self.database}")
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                 "--server.address", "127.0.0.1", "--server.port", str(port),
                 "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not _healthy(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start; its output:\n{self.log.read_text()}")
            time.sleep(0.2)
        return self.url

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path / "groundwork.db", tmp_path / "streamlit.log")
    running.start()
    yield running
    running.stop()


@pytest.fixture
def contexts(chromium, request):  # noqa: F811
    opened = []

    def new_page():
        context = chromium.new_context(viewport={"width": 1100, "height": 900})
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page
    yield new_page
    ARTIFACTS.mkdir(exist_ok=True)
    for number, context in enumerate(opened):
        for page in context.pages:
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{number}.png"),
                            full_page=True)
        context.close()


def assert_chosen(page, key: str, label: str) -> None:
    """Wait (the page may still be drawing) until ``label`` is the one checked option."""
    checked = widget(page, key).locator("label:has(input[type=radio]:checked)")
    checked.filter(has_text=label).wait_for()
    assert [c.inner_text().strip() for c in checked.all()] == [label]


def start_discovery(page, url: str, name: str) -> str:
    page.goto(url)
    page.get_by_text("New discovery").wait_for()
    box = widget(page, "start.name").locator("input").first
    box.fill(name)
    box.press("Enter")
    wait_idle(page)
    widget(page, "start.submit").locator("button").click()
    page.get_by_role("button", name="Start without goals").click()  # asked first: no goals
    page.get_by_role("heading", name="1. Goals").wait_for()
    wait_idle(page)
    page.wait_for_url(re.compile(r"[?&]s="))
    return re.search(r"[?&]s=([\w-]+)", page.url).group(1)


def test_answer_survives_reload_and_server_restart(server, contexts):
    page = contexts()
    session_id = start_discovery(page, server.url, "Reload survivor")
    choose(page, "w.q.supplier.goal_measurable", "4 · Agree")
    assert_chosen(page, "w.q.supplier.goal_measurable", "4 · Agree")

    page.reload()
    page.get_by_role("heading", name="1. Goals").wait_for()
    wait_idle(page)
    assert_chosen(page, "w.q.supplier.goal_measurable", "4 · Agree")
    assert page.get_by_text("Discovery: Reload survivor").count() == 1

    server.stop()  # a crash or a redeploy: a brand-new process reads the same file
    url = server.start()
    page.goto(f"{url}/questionnaire?s={session_id}")
    page.get_by_role("heading", name="1. Goals").wait_for()
    wait_idle(page)
    assert_chosen(page, "w.q.supplier.goal_measurable", "4 · Agree")


def test_client_link_in_a_second_context_reaches_the_supplier(server, contexts):
    supplier = contexts()
    start_discovery(supplier, server.url, "Two devices")
    choose(supplier, "w.q.supplier.goal_measurable", "4 · Agree")
    open_page(supplier, "Review")
    supplier.get_by_role("heading", name="Review the answers").wait_for()
    wait_idle(supplier)
    widget(supplier, "share.unprotected_ok").locator("label").click()  # loopback, no passcode
    wait_idle(supplier)
    widget(supplier, "share.create").locator("button").click()
    wait_idle(supplier)
    link = supplier.locator("[data-testid='stCode'] code").first.inner_text().strip()
    assert re.fullmatch(re.escape(server.url) + r"/\?token=[\w-]{40,}", link), link

    client = contexts()
    client.goto(link)
    client.get_by_role("button", name="Begin").click()
    client.get_by_role("heading", name="1. Goals").wait_for()
    wait_idle(client)
    assert client.locator("[data-testid='stSidebarNav']").count() == 0
    assert client.get_by_text("Supplier only", exact=False).count() == 0
    choose(client, "w.c.client.goal_measurable", "2 · Disagree")
    screenshot(client, "08-client-link")

    # The supplier's page polls every few seconds; no reload needed.
    supplier.get_by_text("2 of 5 (Disagree)", exact=True).wait_for(timeout=TIMEOUT_MS)
    assert supplier.get_by_text("4 of 5 (Agree)", exact=True).count() == 1
