"""Valid answers for the structured question types (rows and durations), shared by every
generator of valid answers in the tests: a hypothesis strategy and a plain example for each."""
from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from questions.schema import Column, Question

HOSTILE_CELL = "<script>alert('x')</script> **md** | {{ jinja }}"


def _cell(column: Column, text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    if column.type == "date":
        return st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)).map(dt.date.isoformat)
    if column.type == "when":
        return st.one_of(st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)).map(dt.date.isoformat),
                         st.integers(1, 52).map(lambda n: f"week {n}"))
    if column.type == "number":
        return st.integers(int(column.min or 0), int(column.max if column.max is not None else 100))
    non_blank = text.map(lambda t: t[: column.max_length]).filter(lambda t: t.strip() != "")
    return non_blank if column.required else st.one_of(st.just(""), non_blank)


def rows_strategy(question: Question, text: st.SearchStrategy[str] | None = None,
                  max_rows: int = 4) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Lists of rows with distinct ids; optional columns sometimes left out."""
    text = text if text is not None else st.text(min_size=1, max_size=40)

    @st.composite
    def build(draw: st.DrawFn) -> list[dict[str, Any]]:
        count = draw(st.integers(0, min(max_rows, question.max_rows)))
        out = []
        for n in range(count):
            row: dict[str, Any] = {"row": f"r{n + 1}"}
            for column in question.columns or ():
                if column.required or draw(st.booleans()):
                    row[column.id] = draw(_cell(column, text))
            out.append(row)
        return out
    return build()


def duration_strategy() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(st.builds(lambda n: {"amount": n, "unit": "days"}, st.integers(1, 200)),
                     st.builds(lambda n: {"amount": n, "unit": "weeks"}, st.integers(1, 52)))


def example_rows(question: Question, salt: int = 0, text: str = HOSTILE_CELL) -> list[dict[str, Any]]:
    """Two filled rows, varied by ``salt``."""
    out = []
    for n in range(2):
        row: dict[str, Any] = {"row": f"r{n + 1}"}
        for column in question.columns or ():
            if column.type == "date":
                row[column.id] = (dt.date(2027, 1, 4) + dt.timedelta(days=7 * n + salt % 5)).isoformat()
            elif column.type == "when":
                row[column.id] = f"week {2 + n + salt % 3}"
            elif column.type == "number":
                row[column.id] = int(column.min or 0) + 1 + n
            else:
                row[column.id] = f"{column.label} {n + 1}: {text}"[: column.max_length]
        out.append(row)
    return out


def example_duration(salt: int = 0) -> dict[str, Any]:
    return {"amount": 4 + salt % 5, "unit": "days"} if salt % 2 else {"amount": 6 + salt % 4, "unit": "weeks"}
