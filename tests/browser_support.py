"""Serve the real app on a free loopback port and drive Debian's chromium against it.

``Server`` runs ``streamlit run app.py`` on a given database URL and waits for its health
endpoint; ``launch_chromium`` skips when the browser is absent, unless
``GROUNDWORK_REQUIRE_BROWSER=1`` (CI) makes that a failure. The fixtures built on them are in
conftest.py.

Waiting for the app: every action that makes Streamlit rerun goes through ``rerun(page, action)``,
which waits for the ``script_finished`` message of a complete run (not a fragment's, not a run cut
short by ``st.rerun``) on the page's websocket, then for the page to show the run finished
(``data-test-script-state`` of the app element). No fixed sleeps: a rerun that starts late is
still waited for, and one that never comes fails the test after TIMEOUT_MS. (Streamlit's status
widget is no signal: it only appears once a run has lasted half a second.)
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from pathlib import Path
from typing import Any, Callable, Iterator

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


# -- the served app -------------------------------------------------------------------------------

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


class Server:
    """One ``streamlit run app.py`` on a loopback port and the given database URL; it can be
    stopped and started again (a crash or a redeploy) on the same database."""

    def __init__(self, database_url: str, log: Path, **settings: str):
        self.database_url, self.log, self.settings = database_url, log, settings
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> str:
        port = free_port()
        env = dict(os.environ, **self.settings, GROUNDWORK_DATABASE_URL=self.database_url)
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                 "--server.address", "127.0.0.1", "--server.port", str(port),
                 "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(self.url):  # a separate process: no browser to wait through yet
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
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


# -- the browser ----------------------------------------------------------------------------------

def _require_browser() -> bool:
    return os.environ.get("GROUNDWORK_REQUIRE_BROWSER") == "1"


@contextlib.contextmanager
def launch_chromium() -> Iterator[Any]:
    """Debian's chromium through Playwright (which cannot download its own browser here)."""
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


def open_tab(browser) -> tuple[Any, Any]:
    """A new context and page, watched for finished script runs (see ``rerun``)."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    _RUNS[page] = _Runs(page)
    return context, page


# -- waiting for Streamlit's runs -----------------------------------------------------------------

def _message(payload: bytes | str) -> Any:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return None if isinstance(payload, str) else ForwardMsg.FromString(payload)


class _Runs:
    """Counts the runs the server reported finished to one page, over every websocket the page
    opens (a reload or a server restart opens a new one): whole-page runs, and runs of a
    fragment an action reruns (the questionnaire's step), not the polling fragment's runs every
    few seconds (the fragment each run's timer message names)."""

    def __init__(self, page) -> None:
        self.finished = 0
        self.socket = None
        self.polling: set[str] = set()
        page.on("websocket", self._opened)

    def _opened(self, websocket) -> None:
        if websocket.url.endswith("/_stcore/stream"):
            self.socket = websocket
            websocket.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        message = _message(payload)
        if message is not None and message.WhichOneof("type") == "auto_rerun":
            self.polling.add(message.auto_rerun.fragment_id)
        if self._ends_a_run(payload):
            self.finished += 1

    def _ends_a_run(self, payload: bytes | str) -> bool:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = _message(payload)
        if message is None or message.WhichOneof("type") != "script_finished":
            return False
        if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            return True
        return (message.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                and bool(set(message.metadata.run.fragment_ids) - self.polling))

    def wait_beyond(self, count: int) -> None:
        """Until more than ``count`` runs have finished. Race-free: the sync API delivers frames
        only inside Playwright calls, so none can slip in between the check and the wait."""
        if self.finished <= count:
            assert self.socket is not None, "the page has no connection to the app"
            self.socket.wait_for_event("framereceived", predicate=self._ends_a_run,
                                       timeout=TIMEOUT_MS)


_RUNS: "weakref.WeakKeyDictionary[Any, _Runs]" = weakref.WeakKeyDictionary()
_IDLE = ("() => { const app = document.querySelector('[data-testid=stApp]');"
         " return !!app && app.dataset.testScriptState === 'notRunning'"
         " && app.dataset.testConnectionState === 'CONNECTED'; }")


def wait_idle(page) -> None:
    """Until the page shows no script run going on and a live connection."""
    page.wait_for_function(_IDLE)


def rerun(page, action: Callable[[], Any]) -> None:
    """Do ``action`` (a click, a key press) and wait until the rerun it starts has finished."""
    runs = _RUNS[page]
    before = runs.finished
    action()
    runs.wait_beyond(before)
    wait_idle(page)


def rerun_at_once(*steps: tuple[Any, Callable[[], Any]]) -> None:
    """Do every (page, action) before waiting on any, so their reruns overlap (two people at
    once), then wait until each page's rerun has finished."""
    counts = [(page, _RUNS[page].finished) for page, _ in steps]
    for _, action in steps:
        action()
    for page, before in counts:
        _RUNS[page].wait_beyond(before)
        wait_idle(page)


def load(page, url: str | None = None) -> None:
    """Open ``url`` (or reload the page) and wait until the app's first run has finished."""
    runs = _RUNS[page]
    before = runs.finished
    with page.expect_websocket(lambda ws: ws.url.endswith("/_stcore/stream")):
        if url is None:
            page.reload()
        else:
            page.goto(url)
    runs.wait_beyond(before)
    wait_idle(page)


# -- actions --------------------------------------------------------------------------------------

def widget(page, key: str):
    """The element Streamlit draws for the widget with ``key`` (its ``st-key-*`` class)."""
    return page.locator(".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip()))


def choose(page, key: str, option: str) -> None:
    """Click one option of a radio group (a likert point, a frequency, a choice)."""
    rerun(page, widget(page, key).get_by_text(option, exact=True).click)


def click_button(page, key: str) -> None:
    """Click the button with ``key`` and wait for the rerun it starts."""
    rerun(page, widget(page, key).locator("button").click)


def tick(page, key: str) -> None:
    """Tick (or untick) the checkbox with ``key`` and wait for the rerun it starts."""
    rerun(page, widget(page, key).locator("label").click)


def open_page(page, title: str) -> None:
    """Go to a page through the sidebar navigation and wait for its run to finish."""
    rerun(page, page.locator("[data-testid='stSidebarNav']").get_by_text(title, exact=True).click)


def import_and_open(page, url: str, path: Path) -> None:
    """Import the session file ``path`` on the Sessions page and open it at the questionnaire."""
    load(page, url)
    page.get_by_text("New discovery").wait_for()
    open_page(page, "Sessions")
    page.get_by_role("heading", name="Saved discoveries").wait_for()
    rerun(page, lambda: page.locator("[data-testid='stFileUploader'] input[type='file']")
          .set_input_files(str(path)))
    page.get_by_text("Imported the session.").wait_for()
    click_button(page, "sessions.open")
    page.get_by_role("heading", name="1. Goals").wait_for()


def open_example(page, url: str, last: bool = False) -> str:
    """From the start page, open the first (or last) example; returns its deal name."""
    load(page, url)
    buttons = page.get_by_role("button", name=re.compile("^Open: "))
    example = buttons.last if last else buttons.first
    deal = example.inner_text().removeprefix("Open: ")
    rerun(page, example.click)
    page.get_by_role("heading", name="1. Goals").wait_for()
    return deal


def screenshot(page, name: str, max_height: int = 2400) -> Path:
    """Save the whole page to SCREENSHOTS (docs/screenshots/ under `make screenshots`).

    Streamlit scrolls inside its main element, not the document, so the viewport is grown to
    the content's height for the shot (and the layout given two frames to follow) and then
    restored.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                           " return m ? m.scrollHeight : document.body.scrollHeight; }")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]),
                                                                  max_height)})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path
