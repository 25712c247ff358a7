"""The agreed goals as edited in a table: a data_editor delta turned back into goals."""
from __future__ import annotations

from typing import Any, Mapping

from questions.session import MAX_GOALS, MAX_TEXT, Goal


def apply_goal_edits(goals: list[Goal], edits: Mapping[str, Any], column: str = "goal") -> list[Goal]:
    """Apply a ``st.data_editor`` delta (edited, added, deleted rows) to a goal list.

    Existing goals keep their ids so dependencies linked to a goal stay linked; new goals get
    the next free ``gN`` id; blank rows are dropped. Raises ValueError naming the row when a
    goal is too long or there are too many.
    """
    rows: list[tuple[str | None, str]] = [(g.id, g.text) for g in goals]
    for index, change in (edits.get("edited_rows") or {}).items():
        i = int(index)
        if 0 <= i < len(rows) and column in change:
            rows[i] = (rows[i][0], "" if change[column] is None else str(change[column]))
    deleted = {int(i) for i in edits.get("deleted_rows") or ()}
    rows = [row for i, row in enumerate(rows) if i not in deleted]
    for added in edits.get("added_rows") or ():
        text = added.get(column)
        rows.append((None, "" if text is None else str(text)))
    used = {gid for gid, _ in rows if gid}
    result: list[Goal] = []
    counter = 1
    for position, (gid, text) in enumerate(rows, start=1):
        text = text.strip()
        if not text:
            continue
        if len(text) > MAX_TEXT:
            raise ValueError(f"goal {position} is longer than {MAX_TEXT} characters")
        if gid is None:
            while f"g{counter}" in used:
                counter += 1
            gid = f"g{counter}"
            used.add(gid)
        result.append(Goal(id=gid, text=text))
    if len(result) > MAX_GOALS:
        raise ValueError(f"at most {MAX_GOALS} goals (found {len(result)})")
    return result


def goals_text(goals: list[Goal]) -> str:
    """The goals as the start page's text box shows them: one per line."""
    return "\n".join(g.text for g in goals)


def apply_goal_lines(goals: list[Goal], text: str) -> list[Goal]:
    """The goals typed one per line, keeping ids so dependencies linked to a goal stay linked:
    a line whose text is unchanged keeps its goal's id; a changed line takes the id of the goal
    that stood on that line, when that goal's text is gone; any other line is a new goal (the
    next free ``gN``). Blank lines are dropped. Raises ValueError naming the line when a goal is
    too long or there are too many."""
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    by_text: dict[str, str] = {}
    for goal in goals:
        by_text.setdefault(goal.text, goal.id)
    kept = {by_text[line] for line in lines if line in by_text}
    free = [g.id for g in goals if g.id not in kept]
    positions = {g.id: i for i, g in enumerate(goals)}
    used = {g.id for g in goals}
    result: list[Goal] = []
    counter = 1
    for position, line in enumerate(lines, start=1):
        if len(line) > MAX_TEXT:
            raise ValueError(f"goal {position} is longer than {MAX_TEXT} characters")
        if line in by_text and by_text[line] not in {g.id for g in result}:
            gid = by_text[line]
        else:
            same_place = [f for f in free if positions.get(f) == position - 1]
            if same_place:
                gid = same_place[0]
                free.remove(gid)
            else:
                while f"g{counter}" in used:
                    counter += 1
                gid = f"g{counter}"
                used.add(gid)
        result.append(Goal(id=gid, text=line))
    if len(result) > MAX_GOALS:
        raise ValueError(f"at most {MAX_GOALS} goals (found {len(result)})")
    return result
