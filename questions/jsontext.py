"""JSON typed or uploaded by people, read strictly: every number finite and of a sensible length,
no object with the same key twice.

Python's own reader accepts ``NaN`` and ``Infinity``, keeps the last of two equal keys (so a second
``"visibility"`` silently wins) and raises a bare ValueError deep inside for an integer of more than
4,300 digits. Here each of those is left in the data as a marker and reported afterwards with its
place (the keys and list positions leading to it), so the caller can say where in words.
"""
from __future__ import annotations

import json
import math
from typing import Any, Iterator

from .words import shown

MAX_NUMBER_DIGITS = 30  # beyond any amount, count or rate a discovery records
Path = tuple[str | int, ...]


class JsonError(ValueError):
    """The text is not JSON, or holds values refused here; ``problems`` are (place, why) pairs
    (an empty place: the whole text)."""

    def __init__(self, problems: list[tuple[Path, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{'.'.join(map(str, p)) or 'file'}: {why}" for p, why in problems))


class _Refused:
    """Left where a value was refused, to be reported with its place."""

    def __init__(self, why: str):
        self.why = why


class _RepeatedKeys(dict):
    """An object in which ``repeated`` keys appear more than once."""

    repeated: list[str]


def _number(text: str) -> Any:
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_NUMBER_DIGITS:
        return _Refused(f"a number with {digits:,} digits is too long")
    value = float(text) if any(ch in text for ch in ".eE") else int(text)
    return value if math.isfinite(value) else _Refused("the number is too large")


def _constant(name: str) -> _Refused:
    return _Refused(f"'{name}' is not a number that can be used")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    repeated: list[str] = []
    for key, value in pairs:
        if key in out and key not in repeated:
            repeated.append(key)
        out[key] = value
    if not repeated:
        return out
    marked = _RepeatedKeys(out)
    marked.repeated = repeated
    return marked


def _short(key: str) -> str:
    """A key as a message quotes it: at most 40 characters, read as typed text is shown."""
    return shown(key if len(key) <= 40 else key[:39] + "…")


def _refusals(data: Any, place: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(data, _Refused):
        yield place, data.why
    elif isinstance(data, dict):
        for key in getattr(data, "repeated", ()):
            yield place, f"the key '{_short(key)}' appears more than once"
        for key, value in data.items():
            yield from _refusals(value, place + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _refusals(value, place + (index,))


def loads(text: str | bytes) -> Any:
    """Parse JSON text; raise JsonError listing every refused value and repeated key by place."""
    try:
        data = json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant,
                          object_pairs_hook=_object)
        problems = list(_refusals(data))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise JsonError([((), f"not valid JSON: {exc}")]) from None
    except RecursionError:
        raise JsonError([((), "not valid JSON: nesting is too deep")]) from None
    if problems:
        raise JsonError(problems)
    return data
