"""The agreed goals as typed on the start page, one per line, turned back into goals."""
from __future__ import annotations

from questions.session import MAX_GOALS, MAX_TEXT, Goal


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
