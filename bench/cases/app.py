"""Bench rows for the app itself, each against bare Streamlit measured in the same run.

- Questionnaire rerun after one answer vs ``bench/apps/bare_questionnaire.py`` drawing the very
  widgets and layout blocks the questionnaire drew (read off its element tree), both in AppTest, runs interleaved
  (target <= 1.2x). The app's figure includes saving the answer to its SQLite file. The
  questionnaire's step is a fragment, so after an answer a browser asks for the step alone:
  the app's runs are made that way (``bench.apptest.fragment_run``), the bare page's are whole
  runs (it has no fragment); the row's detail gives the whole-page ratio too (a move from
  another page, a reload). AppTest compiles every script afresh on every run (a new ScriptCache
  each time) where a server compiles each page once; both sides here share one ScriptCache per
  app, as a server does, so the row measures the app's own work; the detail gives the as-is
  AppTest ratio too.
- Cold start to first paint: ``streamlit run`` on a free loopback port until Debian's chromium
  shows the start page's title, vs ``bench/apps/empty.py`` (one ``st.title``), runs interleaved
  (target <= 1.5x). Skipped with a note when chromium or Playwright is absent.

Run alone with ``python -m bench app``.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from bench import Row, ratio_row
from bench.apptest import fragment_ids, fragment_run, server_like_compiles

ROOT = Path(__file__).resolve().parents[2]
APPS = ROOT / "bench" / "apps"
CHROMIUM = os.environ.get("GROUNDWORK_CHROMIUM", "/usr/bin/chromium")
RERUNS = 60
COLD_RUNS = 3
QUESTION = "goal_measurable"


# -- rerun after one answer -------------------------------------------------------------------

def _describe(node: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"kind": node.type, "key": getattr(node, "key", None) or None}
    if node.type in ("radio", "selectbox", "multiselect"):
        item.update(label=node.label, options=list(node.options), index=node.index)
    elif node.type == "progress":
        item["value"] = node.value
    elif hasattr(node, "label"):
        item["label"] = node.label
    else:
        item["body"] = getattr(node, "value", "") or ""
    return item


def _block(node: Any) -> dict[str, Any]:
    """A layout block: a (bordered) vertical container, a row of columns, or one column."""
    children = [_spec_node(child) for child in node.children.values()]
    if node.type == "column":
        return {"kind": "column", "children": children}
    flex = node.proto.flex_container
    if node.type == "flex_container" and flex.direction == flex.HORIZONTAL:
        return {"kind": "columns", "children": children}
    return {"kind": "container", "border": bool(flex.border), "children": children}


def _spec_node(node: Any) -> dict[str, Any]:
    children = getattr(node, "children", None)
    return _block(node) if isinstance(children, dict) else _describe(node)


def widget_spec(at: Any) -> list[dict[str, Any]]:
    """The questionnaire's main area as plain descriptions of its widgets and of the layout
    blocks around them (bordered containers, columns), in order, so the floor draws the same page."""
    return [_spec_node(child) for child in at.main.children.values()]


def count_elements(spec: list[dict[str, Any]]) -> int:
    return sum(1 + count_elements(item.get("children", [])) for item in spec)


def _timed_run(at: Any) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000.0
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return elapsed


def rerun_samples(reruns: int = RERUNS, server_like: bool = True,
                  whole_page: bool = False) -> tuple[list[float], list[float], int]:
    """Milliseconds per rerun after one answer, for the app (its step alone, as a browser asks
    for it, or the ``whole_page``) and for the bare page."""
    with server_like_compiles() if server_like else nullcontext():
        return _rerun_samples(reruns, whole_page)


def _rerun_samples(reruns: int, whole_page: bool) -> tuple[list[float], list[float], int]:
    from streamlit.testing.v1 import AppTest

    from ui.session.state import BAG, SESSION

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GROUNDWORK_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        with fragment_ids() as ids:
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
            app.button(key="start.example.0").click().run()
        step = ids["step"]
        key = f"w.q.supplier.{QUESTION}"
        app.radio(key=key)  # raises if the questionnaire is not on screen
        spec = widget_spec(app)
        (Path(tmp) / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        os.environ["GROUNDWORK_BENCH_SPEC"] = str(Path(tmp) / "spec.json")
        bare = AppTest.from_file(str(APPS / "bare_questionnaire.py"), default_timeout=60).run()
        app_ms, bare_ms = [], []
        for i in range(reruns + 3):  # interleaved; the first three warm caches and are dropped
            app.radio(key=key).set_value(3 + i % 2)
            bare.radio(key=key).set_value(bare.radio(key=key).options[2 + i % 2])  # the same point, by its label
            with nullcontext() if whole_page else fragment_run(step):
                a = _timed_run(app)
            b = _timed_run(bare)
            if i >= 3:
                app_ms.append(a)
                bare_ms.append(b)
        stored = app.session_state[BAG][SESSION].answers["supplier"][QUESTION]
        if stored != 3 + (reruns + 2) % 2:
            raise RuntimeError(f"the last answer did not reach the session (found {stored!r})")
    os.environ.pop("GROUNDWORK_BENCH_SPEC", None)
    os.environ.pop("GROUNDWORK_DATABASE_URL", None)
    return app_ms, bare_ms, count_elements(spec)


# -- cold start to first paint ------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def cold_start_ms(browser: Any, script: Path, heading: str, database: str) -> float:
    """From launching ``streamlit run`` to ``heading`` visible in a fresh browser page."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GROUNDWORK_DATABASE_URL": database}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = browser.new_context()
    try:
        while not _healthy(url):
            if process.poll() is not None or time.perf_counter() - start > 60:
                raise RuntimeError(f"streamlit did not start for {script.name}")
            time.sleep(0.02)
        page = context.new_page()
        page.goto(url)
        page.get_by_role("heading", name=heading).first.wait_for(state="visible", timeout=60_000)
        return (time.perf_counter() - start) * 1000.0
    finally:
        context.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cold_samples(runs: int = COLD_RUNS) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    app_ms, empty_ms = [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=flags)
        try:
            for i in range(runs):
                database = f"sqlite:///{tmp}/cold{i}.db"
                empty_ms.append(cold_start_ms(browser, APPS / "empty.py", "Groundwork", database))
                app_ms.append(cold_start_ms(browser, ROOT / "app.py", "Groundwork", database))
        finally:
            browser.close()
    return app_ms, empty_ms


def _ratio(app_ms: list[float], bare_ms: list[float]) -> float:
    return statistics.median(app_ms) / statistics.median(bare_ms)


def _spread(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"min {ordered[0]:.0f}, p95 {p95:.0f}"


def run() -> list[Row]:
    app_ms, bare_ms, widgets = rerun_samples()
    raw = _ratio(*rerun_samples(RERUNS // 3, server_like=False)[:2])
    whole = _ratio(*rerun_samples(RERUNS // 3, whole_page=True)[:2])
    rows = [ratio_row("app: questionnaire rerun after one answer vs bare page, same widgets",
                      statistics.median(app_ms), statistics.median(bare_ms), 1.2,
                      detail=f"the step reruns alone, as a browser asks after an answer; AppTest "
                             f"with scripts compiled once (as a server does), median of "
                             f"{len(app_ms)} interleaved reruns, {widgets} elements; app {_spread(app_ms)} ms; "
                             f"bare {_spread(bare_ms)} ms; the whole page rerun instead: {whole:.2f}x; "
                             f"AppTest as is (it recompiles the page for a whole run; a fragment run "
                             f"compiles nothing): {raw:.2f}x")]
    name = "app: cold start to first paint in chromium vs empty app"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        rows.append(Row(name, float("nan"), "", 1.5, False, f"skipped: {CHROMIUM} not installed"))
        return rows
    try:
        app_cold, empty_cold = cold_samples()
    except ImportError:
        rows.append(Row(name, float("nan"), "", 1.5, False, "skipped: playwright not installed"))
        return rows
    rows.append(ratio_row(name, statistics.median(app_cold), statistics.median(empty_cold), 1.5,
                          detail=f"median of {len(app_cold)} interleaved launches each; "
                                 f"app {sorted(round(x) for x in app_cold)} ms, "
                                 f"empty {sorted(round(x) for x in empty_cold)} ms"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
