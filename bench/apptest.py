"""AppTest made to run as a server and a browser do, for the bench and the tests.

- :func:`server_like_compiles`: AppTest builds a new ScriptCache for every run, so it compiles
  the app and the page afresh each time; a server compiles each page once. The rerun bench
  measures the app's own work that way, and the test suite runs that way too (a quarter of an
  AppTest run's time was compiling).
- :func:`fragment_ids` and :func:`fragment_run`: AppTest always reruns the whole page, while a
  browser asks for the fragment alone when a widget inside a fragment changes (the
  questionnaire's step is one). These run ``at.run()`` as that request does.

They reach into Streamlit's internals (pinned in requirements.txt); tests/test_app_step.py
fails if they stop doing what they say.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator


@contextmanager
def server_like_compiles() -> Iterator[None]:
    """While active, every AppTest in this process shares one ScriptCache."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    saved = [(module, module.ScriptCache) for module in (app_test, local_script_runner)]
    for module, _ in saved:
        module.ScriptCache = lambda: shared
    try:
        yield
    finally:
        for module, original in saved:
            module.ScriptCache = original


@contextmanager
def fragment_ids() -> Iterator[dict[str, str]]:
    """While active, the id of every fragment drawn, by its function's qualified name."""
    from streamlit.runtime import fragment

    found: dict[str, str] = {}
    original = fragment._make_fragment_identity

    def capture(func: Any, **kwargs: Any) -> Any:
        identity = original(func, **kwargs)
        found[func.__qualname__] = identity.fragment_id
        return identity

    fragment._make_fragment_identity = capture
    try:
        yield found
    finally:
        fragment._make_fragment_identity = original


@contextmanager
def fragment_run(fragment_id: str) -> Iterator[None]:
    """While active, ``at.run()`` asks for the fragment ``fragment_id`` alone, as a browser does
    after a widget inside it changed (the callbacks run first; a callback's ``st.rerun()`` still
    makes it a whole-page run). ``at``'s elements are then the fragment's only."""
    from dataclasses import replace

    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests
    from streamlit.testing.v1 import local_script_runner

    runner = local_script_runner.LocalScriptRunner
    original = runner.request_rerun

    def request_rerun(self: Any, rerun_data: Any) -> bool:
        self._requests = ScriptRequests()  # not the whole-page run AppTest queued on creation
        return original(self, replace(rerun_data, fragment_id=fragment_id))

    runner.request_rerun = request_rerun
    try:
        yield
    finally:
        runner.request_rerun = original
