"""Make typed text safe for the documents: it must come out literally and never add structure.

Markdown: line breaks fold to a space (so a goal cannot open a heading or end a table row),
``<``, ``>`` and ``&`` become HTML entities (no markup, no entities typed by users take
effect), and every character that opens inline Markdown (emphasis, code, links, headings,
table cells, strikethrough) is backslash-escaped, as is a leading list or quote marker.
Parentheses and ``!`` stay: without an unescaped ``[`` they cannot form a link or image.
DOCX: python-docx writes text as text, so only characters XML 1.0 forbids are dropped. In both,
hidden and reordering characters show as "[U+202E]" and web or e-mail addresses never become
links (:func:`questions.words.shown`). Templates never see user text as template source, so
Jinja syntax typed by a user is just characters.
"""
from __future__ import annotations

import html
import re

from questions.words import shown

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_INLINE = re.compile(r"([\\`*_\[\]#|~])")
_LEADING = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
_BACKSLASHED = re.compile(r"\\([!-/:-@\[-`{-~])")


def clean(text: object) -> str:
    """Text as every document shows it: without characters no document format can hold (XML 1.0
    forbids them), hidden characters made visible and nothing a reader would link
    (:func:`questions.words.shown`, the one rule for pages and documents alike)."""
    return shown(_XML_INVALID.sub("", str(text)))


def fold_lines(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def md_escape(value: object) -> str:
    """Escape one value for inline use in Markdown (a paragraph, list item, heading or cell)."""
    if value is None:
        return ""
    text = fold_lines(clean(value))
    text = html.escape(text, quote=False)
    text = _INLINE.sub(r"\\\1", text)
    match = _LEADING.match(text)
    if match:
        marker = match.group(2)
        escaped = marker[:-1] + "\\" + marker[-1]
        text = match.group(1) + escaped + text[match.end():]
    return text


def md_unescape(text: str) -> str:
    """The inverse of :func:`md_escape` up to folded line breaks: what a reader sees."""
    return html.unescape(_BACKSLASHED.sub(r"\1", text))
