"""The start page's callbacks: fill and clear the form, submit it, open an example, start over."""
from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from questions.session import Goal
from ui.present.goals import apply_goal_lines, goals_text
from ui.session import changes, resources, state

FIELDS = {"name": "Deal name", "supplier": "Supplier organisation",
          "supplier_person": "Supplier person (salesperson)", "client": "Client organisation",
          "client_person": "Client person (prospect)"}
DATE_KEY = "start.date"
COUNTRY_KEY = "start.country"
GOALS_KEY = "start.goals"
BASE_KEY = "start.goals_base"
GOTO_KEY = "start.goto"
NO_GOALS_OK = "start.no_goals_ok"


def field_key(field: str) -> str:
    return f"start.{field}"


def fill_form() -> None:
    """Put the current discovery (or blanks) into any form field not already on screen."""
    current = state.session()
    values = {"name": "", "supplier": "", "client": "", "supplier_person": "", "client_person": ""}
    if current is not None:
        values.update(name=current.deal.name, supplier=current.deal.supplier,
                      client=current.deal.client, supplier_person=current.people.supplier,
                      client_person=current.people.client)
    for field, value in values.items():
        if not state.has(field_key(field)):
            state.put(field_key(field), value)
    if not state.has(COUNTRY_KEY):
        state.put(COUNTRY_KEY, (current.deal.country or "") if current else "")
    if not state.has(DATE_KEY):
        state.put(DATE_KEY, current.deal.date if current and current.deal.date else dt.date.today())
    if not state.has(GOALS_KEY) or not state.has(BASE_KEY):
        state.put(BASE_KEY, list(current.goals) if current else [])
        state.put(GOALS_KEY, goals_text(state.get(BASE_KEY)))


def clear_form() -> None:
    for key in [*(field_key(f) for f in FIELDS), DATE_KEY, COUNTRY_KEY, GOALS_KEY, BASE_KEY, NO_GOALS_OK]:
        state.drop(key)
    state.set_errors("start", {})


def submit(without_goals: bool = False) -> None:
    """Create (or save) the discovery. Starting a new one with no goals asks first: the goals
    anchor every dependency, so it takes ``without_goals`` (the warning's own button)."""
    values = {f: (state.get(field_key(f)) or "").strip() for f in FIELDS}
    problems: dict[str, str] = {}
    if not values["name"]:
        problems["name"] = "Give the deal a name, e.g. the client and the project."
    goals: list[Goal] = []
    try:
        goals = apply_goal_lines(state.get(BASE_KEY) or [], state.get(GOALS_KEY) or "")
    except ValueError as exc:
        problems["goals"] = f"Goals: {exc}."
    if not problems and not goals and state.session() is None and not without_goals:
        problems["no_goals"] = ("No agreed goals yet. Every dependency in the agreement is tied to "
                                "a goal both sides want; without them the draft has nothing to "
                                "hang on. Add one per line above, or start without them and add "
                                "them later.")
    if problems:
        state.set_errors("start", problems)
        return
    date = state.get(DATE_KEY)
    country = (state.get(COUNTRY_KEY) or "").strip().upper() or None
    try:
        if state.session() is None:
            changes.new_session(date=date, goals=goals, country=country, **values)
            state.put(GOTO_KEY, True)
        else:
            changes.set_deal(date=date, country=country, **values)
            changes.set_goals(goals)
            state.set_notice("Details saved.")
    except ValidationError as exc:
        state.set_errors("start", {"form": "; ".join(e["msg"] for e in exc.errors())})
        return
    state.set_errors("start", {})
    state.put(BASE_KEY, goals)
    state.put(GOALS_KEY, goals_text(goals))


def start_over() -> None:
    changes.close_session()
    clear_form()


def open_example(index: int) -> None:
    example = resources.examples()[index]
    if example.session is not None:
        changes.open_session(example.session)
        clear_form()
        state.set_notice(f"Opened the example “{example.title}”.")
        state.put(GOTO_KEY, True)
