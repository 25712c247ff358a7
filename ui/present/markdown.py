"""User text made literal wherever a page renders Markdown."""
from __future__ import annotations

from questions.words import shown

_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: str) -> str:
    """User text made literal for Streamlit markdown: no links (not even a bare address), images,
    emphasis or HTML, and no hidden characters (see :func:`questions.words.shown`)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in shown(text))
