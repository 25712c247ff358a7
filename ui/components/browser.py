"""The page's own styles and its one small script, both files in ``assets/`` read once.

:func:`style` puts ``page.css`` on every page (app.py). :func:`keep_place` puts ``page.js`` on a
page with steps: after a move to another step it scrolls to the top and focuses the step's
heading (or the question a "go to" link names), it warns before the tab closes while a text
box holds typing Streamlit has not received yet, and it puts such typing back when a rerun
redraws the box (another tab's answer, picked up by polling, revealed a question above it).
The script is drawn with the same text until the next move, so an ordinary rerun (an answer)
does not run it again.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import streamlit as st

from ui.session import state

ASSETS = Path(__file__).resolve().parent / "assets"
STEP_KEY = "gw-step"  # the container around a step; its heading is an h1 or h2 in it


@cache
def _asset(name: str) -> str:
    """An asset as sent with every run: comments and indentation dropped, once per process
    (Streamlit dedents and scans each st.html body on every run; short bodies cost less)."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    if name.endswith(".css"):
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        return re.sub(r"\s+", " ", text).strip()
    lines = (line.strip() for line in text.splitlines())  # one line: every statement ends in ;
    return " ".join(line for line in lines if line and not line.startswith("//"))


def style() -> None:
    st.html(f"<style>{_asset('page.css')}</style>")  # a file of ours, no user text


def question_key(scope: str, question_id: str, scale: bool = False) -> str:
    """The key of the container around one question (a "go to" link's target); a 1-5 scale's
    says so, for the stylesheet's one-row layout."""
    return f"gw{'scale' if scale else 'q'}-{scope}-{question_id}"


def question_selector(scope: str, question_id: str) -> str:
    return ", ".join(f".st-key-{question_key(scope, question_id, scale)}" for scale in (False, True))


def keep_place(heading: str) -> None:
    """Draw the script, telling it about the last move: focus goes to the question it names, or
    to the step heading that reads ``heading``."""
    count, focus = state.navigation()
    st.html(script(count, focus or f".st-key-{STEP_KEY} h1, .st-key-{STEP_KEY} h2",
                   "" if focus else heading), unsafe_allow_javascript=True)


def _literal(text: str) -> str:
    """A JavaScript string literal that cannot end the script element it sits in."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script(count: int, selector: str, heading: str) -> str:
    """The script element: ``page.js`` and the call that reports the last move. Only this
    module puts a script on the page (tests/test_xss.py allows it alone, and checks this)."""
    call = f"window.groundworkPage.move({int(count)}, {_literal(selector)}, {_literal(heading)});"
    return f"<script>{_asset('page.js')}\n{call}</script>"
