"""AppTest compiling each script once, as ``streamlit run`` does.

AppTest builds a new ScriptCache for every run, so it compiles the app and the page afresh each
time; a server compiles each page once. The rerun bench measures the app's own work that way,
and the test suite runs that way too (a quarter of an AppTest run's time was compiling).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


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
