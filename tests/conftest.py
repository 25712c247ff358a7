"""Shared fixtures, one per concept, and the hypothesis profiles.

- ``bank``, ``model``: the real question bank and scoring model, loaded once. (And, unasked,
  each process scans the installed packages for Streamlit components once, not per AppTest, and
  compiles the app's scripts once, as a server does: ``_compiled_once``.)
- ``example_path``: each discovery call in examples/; ``midway``: conditions_midway with its
  report and drafted dependencies.
- ``db_url``: this test's own empty database, also set as GROUNDWORK_DATABASE_URL so the app, the
  command-line tools and ``Store.open()`` use it. Autouse: no test writes to data/groundwork.db or
  sees another test's sessions. SQLite unless the test is parametrised with
  ``storage_support.every_backend``, which adds a fresh PostgreSQL schema when
  GROUNDWORK_TEST_POSTGRES_URL is set (skipped otherwise).
- ``open_store`` / ``store``: Stores on that database (a new engine per call, like a restart),
  disposed at the end.
- ``pg_cluster`` / ``pg_outage_url``: a private PostgreSQL cluster of the module's own that a
  test may stop and start again (pg_cluster.py), and this test's fresh database on it, also set
  as GROUNDWORK_DATABASE_URL; skipped without PostgreSQL's binaries unless
  GROUNDWORK_REQUIRE_POSTGRES=1 (CI).
- ``cli``: a command-line tool's ``main(argv)`` run in this process: status, stdout, stderr.
- ``chromium``, ``served_app``, ``server``, ``new_tab`` / ``tab``: Debian's chromium, the app
  served by ``streamlit run`` (one per module, or a restartable one per test on ``db_url``) and
  fresh browser pages (helpers in browser_support.py).

Hypothesis: CI=true selects the thorough, derandomised "ci" profile; otherwise "dev", a quick
one. ``pytest --hypothesis-profile=NAME`` overrides either.
"""
from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
URL_ENV = "GROUNDWORK_DATABASE_URL"
PG_ENV = "GROUNDWORK_TEST_POSTGRES_URL"

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=10, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that stops and starts its own PostgreSQL server (``pg_cluster``) is slow by nature:
    it runs in ``make test`` and CI, not in the ``make test-fast`` loop."""
    for item in items:
        if "pg_cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Print what tests reported with ``record_property("summary", line)`` (the load test's
    measurements), also when they ran in an xdist worker, whose output is not shown."""
    lines = [value for report in terminalreporter.stats.get("passed", []) if report.when == "call"
             for name, value in report.user_properties if name == "summary"]
    if lines:
        terminalreporter.write_sep("-", "measured")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def bank():
    from questions import load_bank
    return load_bank()


@pytest.fixture(scope="session")
def model():
    from app_support import packaged_model
    return packaged_model()


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example_path(request) -> Path:
    return request.param


@pytest.fixture(scope="session")
def midway(bank):
    """The conditions_midway example: session, report and drafted dependencies."""
    from app_support import drafted
    return drafted(bank, ROOT / "examples" / "conditions_midway.json")


@pytest.fixture(scope="session", autouse=True)
def _components_scanned_once():
    """Each new AppTest scans every installed package's metadata for Streamlit components:
    0.15 s here, most of the cost of an AppTest's first run. Nothing is installed during a test
    run, so the scan runs once per process (a test-only seam: the app is not touched)."""
    from streamlit.components.v2 import manifest_scanner
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests",
                      functools.cache(manifest_scanner.scan_component_manifests))
        yield


@pytest.fixture(scope="session", autouse=True)
def _compiled_once() -> Iterator[None]:
    """AppTest compiles each page afresh on every run; a server compiles it once. Compiled once
    per process here (bench/apptest.py, as the rerun bench does): a quarter of the AppTest
    tests' time. Nothing edits the app's scripts during a test run."""
    import sys

    sys.path.insert(0, str(ROOT))
    from bench.apptest import server_like_compiles

    with server_like_compiles():
        yield


# -- the database ---------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def db_url(request, tmp_path_factory: pytest.TempPathFactory,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This test's own empty database (see the module docstring)."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'groundwork.db'}"
        monkeypatch.setenv(URL_ENV, url)
        yield url
        return
    import sqlalchemy as sa

    from storage.db import normalize_url
    base = sa.make_url(normalize_url(os.environ[PG_ENV]))
    schema = f"gw_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
        monkeypatch.setenv(URL_ENV, url)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def open_store(db_url: str, bank) -> Iterator[Callable[..., Any]]:
    """Open stores on this test's database (a new engine each call, like a restart); every
    engine is disposed at the end so the backend can drop the schema."""
    from storage import Store
    opened: list[Store] = []

    def _open(with_bank=None) -> Store:
        store = Store.open(db_url, bank=with_bank or bank)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.engine.dispose()


@pytest.fixture
def store(open_store):
    return open_store()


@pytest.fixture(scope="module")
def pg_cluster() -> Iterator[Any]:
    """A PostgreSQL cluster this module may stop and start (see pg_cluster.py)."""
    from pg_cluster import Cluster, require_pg_bin
    cluster = Cluster(require_pg_bin())
    try:
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def pg_outage_url(pg_cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database on ``pg_cluster``, running at the start of the test and again after it
    (a test that fails with the server stopped does not break the next one)."""
    if not pg_cluster.running():
        pg_cluster.start()
    url = pg_cluster.fresh_database()
    monkeypatch.setenv(URL_ENV, url)
    yield url
    if not pg_cluster.running():
        pg_cluster.start()


# -- command-line tools ---------------------------------------------------------------------------

class CliResult(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """``cli(main, *args)`` runs a tool's ``main(argv)`` here, as ``python -m`` would (minus the
    interpreter start; test_cli_modules.py covers that), and returns its status and output. Stores
    the tool opens are disposed afterwards."""
    from storage import Store
    opened: list[Store] = []
    real_open = Store.open.__func__

    def tracked_open(cls, url=None, bank=None, **options):
        store = real_open(cls, url, bank, **options)
        opened.append(store)
        return store

    monkeypatch.setattr(Store, "open", classmethod(tracked_open))

    def run(main: Callable[[list[str]], int], *args: Any) -> CliResult:
        capsys.readouterr()
        try:
            status = main([str(arg) for arg in args])
        except SystemExit as exc:  # argparse refusing the arguments
            status = exc.code
        out, err = capsys.readouterr()
        return CliResult(status, out, err)

    yield run
    for store in opened:
        store.engine.dispose()


# -- the browser ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    """A launched Debian chromium (Playwright cannot download its own browser here); skips when
    it is absent, unless GROUNDWORK_REQUIRE_BROWSER=1 (CI) makes that a failure."""
    from browser_support import launch_chromium
    with launch_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the app served by a real ``streamlit run`` on a free loopback port, on its own
    SQLite file, shared by the module's tests."""
    from browser_support import Server
    folder = tmp_path_factory.mktemp("browser")
    running = Server(f"sqlite:///{folder / 'groundwork.db'}", folder / "streamlit.log")
    try:
        yield running.start()
    finally:
        running.stop()


@pytest.fixture
def server(db_url: str, tmp_path: Path):
    """A ``streamlit run`` of this test's own, on ``db_url``, that the test may stop and start."""
    from browser_support import Server
    running = Server(db_url, tmp_path / "streamlit.log")
    running.start()
    yield running
    running.stop()


@pytest.fixture
def new_tab(chromium, request):
    """``new_tab()`` opens a fresh page in a fresh browser context (its own cookies and session);
    each page's last view goes to test-artifacts/ (not committed) for debugging."""
    from browser_support import ARTIFACTS, open_tab
    opened = []

    def _new():
        context, page = open_tab(chromium)
        opened.append(context)
        return page

    yield _new
    ARTIFACTS.mkdir(exist_ok=True)
    for number, context in enumerate(opened):
        for index, page in enumerate(context.pages):
            suffix = "" if number == index == 0 else f"-{number}-{index}"
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}{suffix}.png"), full_page=True)
        context.close()


@pytest.fixture
def tab(new_tab):
    """One fresh browser page."""
    return new_tab()
