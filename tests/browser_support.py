"""Serve the real app on a free loopback port and drive Debian's chromium against it.

``served_app`` starts ``streamlit run app.py`` with the test's own SQLite file, waits for the
health endpoint and stops the process afterwards. ``chromium`` skips when the browser is
absent, unless ``GROUNDWORK_REQUIRE_BROWSER=1`` (CI) makes that a failure.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import re

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Test runs write screenshots to an ignored folder; `make screenshots` points this at
# docs/screenshots to refresh the README's pictures, so a test run never dirties the tree.
SCREENSHOTS = Path(os.environ.get("GROUNDWORK_SCREENSHOT_DIR")
                   or ROOT / "test-artifacts" / "screenshots")
CHROMIUM = os.environ.get("GROUNDWORK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
STARTUP_SECONDS = 60
TIMEOUT_MS = 20_000
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def serve(folder: Path, **settings: str) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port with its own SQLite file in ``folder``
    and the given environment settings; yields its URL and stops it afterwards."""
    port = free_port()
    env = dict(os.environ, **settings)
    env["GROUNDWORK_DATABASE_URL"] = f"sqlite:///{folder / 'groundwork.db'}"
    log = folder / "streamlit.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port),
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start; its output:\n{log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the app served by a real ``streamlit run`` on a free loopback port."""
    with serve(tmp_path_factory.mktemp("browser")) as url:
        yield url


def _require_browser() -> bool:
    return os.environ.get("GROUNDWORK_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="module")
def chromium():
    """A launched Debian chromium (Playwright cannot download its own browser here)."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if _require_browser():
            pytest.fail(f"GROUNDWORK_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if _require_browser():
            raise
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page, name: str, max_height: int = 2400) -> Path:
    """Save the whole page to SCREENSHOTS (docs/screenshots/ under `make screenshots`).

    Streamlit scrolls inside its main element, not the document, so the viewport is grown to
    the content's height for the shot and then restored.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                           " return m ? m.scrollHeight : document.body.scrollHeight; }")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]),
                                                                  max_height)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def widget(page, key: str):
    """The element Streamlit draws for the widget with ``key`` (its ``st-key-*`` class)."""
    import re
    return page.locator(".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip()))


def wait_idle(page, settle_ms: int = 150) -> None:
    """Wait until Streamlit has finished the rerun the last action started."""
    page.wait_for_timeout(settle_ms)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=TIMEOUT_MS)


def choose(page, key: str, option: str) -> None:
    """Click one option of a radio group (a likert point, a frequency, a choice)."""
    widget(page, key).get_by_text(option, exact=True).click()
    wait_idle(page)


@pytest.fixture
def tab(chromium, request):
    """A fresh browser page; its last view goes to test-artifacts/ (not committed) for debugging."""
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def open_page(page, title: str, settle_ms: int = 150) -> None:
    """Go to a page through the sidebar navigation and wait for its run to finish."""
    page.locator("[data-testid='stSidebarNav']").get_by_text(title, exact=True).click()
    wait_idle(page, settle_ms)


def open_example(page, url: str, last: bool = False) -> str:
    """From the start page, open the first (or last) example; returns its deal name."""
    page.goto(url)
    page.get_by_text("Or explore an example").wait_for()
    buttons = page.get_by_role("button", name=re.compile("^Open: "))
    example = buttons.last if last else buttons.first
    deal = example.inner_text().removeprefix("Open: ")
    example.click()
    page.get_by_role("heading", name="1. Goals").wait_for()
    wait_idle(page)
    return deal
