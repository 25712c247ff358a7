"""Drive the app in AppTest like a person would: open it with a URL, open an example, answer what
is on screen, per type, and read what the page shows.

Shared by the AppTest suites; the answers come from answers_support.valid_value (so nothing
depends on how many questions the bank has) and are recorded so the resulting Session can be
checked.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any, Iterable

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from answers_support import valid_value
from questions import DONT_KNOW, Bank, Question
from ui.present.rows import version

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def app_state(at: AppTest) -> dict[str, Any]:
    """The app's own keys (``gw.*``) of ``at``'s browser session, as ui.session.state keeps them
    (one dict under one st.session_state key); empty before the app first stored one."""
    from ui.session.state import BAG

    return at.session_state[BAG] if BAG in at.session_state else {}


def open_app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    """A new browser session (a refresh, another device): nothing in session_state, only the
    URL's query parameters; then ``page``, if given."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def open_example(deal_name: str, page: str | None = None, at: AppTest | None = None) -> AppTest:
    """Open the example called ``deal_name`` from the start page, then go to ``page``."""
    at = at or new_app()
    next(b for b in at.button if b.key and b.key.startswith("start.example.")
         and plain(b.label) == f"Open: {deal_name}").click().run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def plain(markdown: str) -> str:
    """Markdown with its backslash escapes removed, as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest, skip: Iterable[str] = ()) -> str:
    """Every string every element of the page carries (labels, values, options, help), with
    markdown escapes removed, so absent means absent whatever the escaping; fields named in
    ``skip`` (e.g. widget keys) are left out."""
    found: list[str] = []
    skipped = frozenset(skip)

    def strings(value, key: str = "") -> None:
        if key in skipped:
            return
        if isinstance(value, str):
            found.append(plain(value))
        elif isinstance(value, dict):
            for name, item in value.items():
                strings(item, name)
        elif isinstance(value, list):
            for item in value:
                strings(item, key)

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            strings(MessageToDict(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    return "\n".join(found)


def rows_editor_key(at: AppTest, key: str) -> str | None:
    """The key of the table editor that shows a rows answer now, if it is drawn (its key carries
    the stored rows' version, so the editor is made afresh when they change)."""
    _, _, party, question_id = key.split(".")
    session = app_state(at).get("gw.session")
    rows = session.answers[party].get(question_id) if session is not None else None
    found = f"{key}.{version(rows if isinstance(rows, list) else [])}"
    return found if found in at.session_state else None


def set_widget(at: AppTest, question: Question, key: str, value: Any) -> None:
    """Give ``value`` through the widget that shows ``question`` (then run the app). Rows are
    added through the table editor's edits, as a person adding them would."""
    kind = question.type
    if kind == "rows":
        added = [{k: v for k, v in row.items() if k != "row"} for row in value]
        at.session_state[rows_editor_key(at, key)] = {"edited_rows": {}, "deleted_rows": [],
                                                      "added_rows": added}
        at.run()
    elif kind == "duration":
        at.number_input(key=key).set_value(float(value["amount"]))
        at.radio(key=key + ".unit").set_value(value["unit"]).run()
    elif value == DONT_KNOW and kind not in ("likert", "frequency", "choice"):
        at.checkbox(key=key + ".dk").check().run()
    elif kind in ("likert", "frequency", "choice"):
        at.radio(key=key).set_value(value).run()
    elif kind == "multi":
        at.multiselect(key=key).set_value(value).run()
    elif kind == "number":
        at.number_input(key=key).set_value(float(value)).run()
    elif kind == "date":
        at.date_input(key=key).set_value(dt.date.fromisoformat(value)).run()
    else:
        at.text_area(key=key).input(value).run()
    assert not at.exception, at.exception


def on_screen(at: AppTest, bank: Bank, scope: str, party: str) -> list[Question]:
    """The questions whose answer widget for ``party`` is drawn right now."""
    keys = set()
    for kind in ("radio", "multiselect", "number_input", "date_input", "text_area"):
        keys |= {w.key for w in getattr(at, kind) if w.key}
    return [q for q in bank.questions if f"w.{scope}.{party}.{q.id}" in keys
            or (q.type == "rows" and rows_editor_key(at, f"w.{scope}.{party}.{q.id}"))]


def recorded(at: AppTest, question: Question, party: str, value: Any) -> Any:
    """The answer as the page recorded ``value``: rows added in the table editor get their ids
    from the page, so the stored rows are checked against ``value`` without them and returned."""
    if question.type != "rows":
        return value
    stored = app_state(at)["gw.session"].answers[party].get(question.id)
    assert without_row_ids(stored) == without_row_ids(value), question.id
    return stored


def without_row_ids(value: Any) -> Any:
    return [{k: v for k, v in row.items() if k != "row"} for row in value] if isinstance(value, list) else value


def answer_screen(at: AppTest, bank: Bank, party: str, expected: dict[str, dict[str, Any]],
                  dont_know_once: list[str], scope: str = "q") -> None:
    """Answer every question shown for ``party``, again as follow-ups appear (``scope``: "q" on
    the supplier's questionnaire, "c" on the client's page)."""
    done: set[str] = set()
    while True:
        todo = [q for q in on_screen(at, bank, scope, party) if q.id not in done]
        if not todo:
            return
        for question in todo:
            salt = len(expected[party]) + (7 if party == "client" else 0)
            value = valid_value(question, salt)
            if question.dont_know and question.type not in ("likert", "frequency", "choice") \
                    and not dont_know_once:
                value = DONT_KNOW
                dont_know_once.append(question.id)
            set_widget(at, question, f"w.{scope}.{party}.{question.id}", value)
            expected[party][question.id] = recorded(at, question, party, value)
            done.add(question.id)


def hand_over(at: AppTest) -> AppTest:
    """Hand the supplier's screen to the client (together mode); the client's page shows."""
    at.button(key="q.handover").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="w.c.area")
    return at


def take_back(at: AppTest, passcode: str | None = None) -> AppTest:
    if passcode is not None:
        at.text_input(key="c.takeback.passcode").input(passcode)
    at.button(key="c.takeback").click().run()
    assert not at.exception, at.exception
    return at


# -- the dependencies page ------------------------------------------------------------------------

DEPS = "ui/pages/dependencies.py"
NO_EDITS = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


@functools.cache
def packaged_model():
    """The packaged scoring model, read once per test process (reading model.yaml takes about
    50 ms); the ``model`` fixture is this."""
    import scoring

    return scoring.load_model()


def drafted(bank: Bank, path: Path):
    """An example session with its report and drafted dependencies."""
    import scoring
    from agreement import draft_dependencies
    from questions import load_session

    session = load_session(path.read_text(), bank)
    report = scoring.score(bank, session, packaged_model())
    return session, report, draft_dependencies(bank, session, report)


def edit(at: AppTest, **delta) -> AppTest:
    """Edit the dependency table as the data editor would (``edited_rows``, ``added_rows``,
    ``deleted_rows``), then run."""
    key = f"deps.editor.{app_state(at)['gw.deps.draft'].generation}"
    at.session_state[key] = dict(NO_EDITS, **delta)
    at.run()
    assert not at.exception, at.exception
    return at


def smart_table(at: AppTest):
    return next(d for d in frames(at) if "Measurable" in d.columns)


def agreed_box(at: AppTest, dep_id: str):
    return next(c for c in at.checkbox if c.key and c.key.endswith(f".{dep_id}"))


def frames(at: AppTest) -> list:
    """Every table on the page as a DataFrame, as the reader sees it: st.dataframe's values, and
    st.table's (ui.components.layout.table) with their Markdown escapes removed."""
    import re as _re
    found = [d.value for d in at.dataframe]
    for t in at.table:
        frame = t.value.map(lambda v: _re.sub(r"\\(.)", r"\1", v) if isinstance(v, str) else v)
        frame.columns = [_re.sub(r"\\(.)", r"\1", str(c)) for c in frame.columns]
        found.append(frame)
    return found
