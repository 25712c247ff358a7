"""An uploaded file handed to the store: what it gives, or its problems kept for the page.

Shared by the sessions page (a session file) and the pipeline page (outcomes as CSV).
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from ui.session import state

T = TypeVar("T")


def take_upload(upload: str, problems: str, store_it: Callable[[bytes], T],
                refused: type[Any]) -> T | None:
    """The result of ``store_it`` on the file in widget ``upload``, and its earlier problems
    cleared; None when no file is there, or when ``store_it`` raised ``refused`` (an error with
    ``problems``), whose problems are then kept under ``problems`` for the page to list."""
    file = state.get(upload)
    if file is None:
        return None
    try:
        result = store_it(file.getvalue())
    except refused as exc:
        state.put(problems, list(exc.problems))
        return None
    state.drop(problems)
    return result
