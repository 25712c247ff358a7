"""The floor page's widget list, read once per process: an imported module outlives the reruns of
the page that imports it, as the app's own files read once do (ui/session/resources.py).

Not ``st.cache_data``: a page re-decorates its cached function on every run, and working out
the function's cache key (its source code, read from disk) cost the floor about 0.4 ms a run,
work the app does not do, which made the app's ratio look better than it is."""
from __future__ import annotations

import functools
import json


@functools.cache
def read(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
