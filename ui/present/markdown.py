"""User text made literal wherever a page renders Markdown."""
from __future__ import annotations

_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: str) -> str:
    """User text made literal for Streamlit markdown: no links, images, emphasis or HTML."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(text))
