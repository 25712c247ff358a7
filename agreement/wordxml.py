"""A small, fast writer of WordprocessingML paragraphs and tables for the DOCX agreement.

python-docx spends most of its time keeping element order for arbitrary edits; the agreement is
written once, front to back, so building the elements directly is several times faster (the
benchmark target is 100 ms for Markdown plus DOCX with 20 dependencies). Text is set as element
text, never parsed, so typed text stays text. Styles are referred to by the ids of python-docx's
default template (kept by ``render._docx_template``).
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STYLE_IDS = {"title": "Title", "h1": "Heading1", "h2": "Heading2", "bullet": "ListBullet",
             "quote": "IntenseQuote", "grid": "TableGrid"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


class Body:
    """Appends paragraphs and tables to a python-docx document body, before its section."""

    def __init__(self, document: Any):
        self._body = document.element.body
        self._sect = self._body.find(_w("sectPr"))

    def _add(self, element: etree._Element) -> etree._Element:
        if self._sect is not None:
            self._sect.addprevious(element)
        else:
            self._body.append(element)
        return element

    @staticmethod
    def _paragraph(parent_make: Any, runs: Iterable[tuple[str, bool]], style: str | None) -> Any:
        p = parent_make(_w("p"))
        if style:
            ppr = etree.SubElement(p, _w("pPr"))
            etree.SubElement(ppr, _w("pStyle")).set(_w("val"), STYLE_IDS[style])
        for text, bold in runs:
            r = etree.SubElement(p, _w("r"))
            if bold:
                etree.SubElement(etree.SubElement(r, _w("rPr")), _w("b"))
            t = etree.SubElement(r, _w("t"))
            t.text = text
            t.set(_XML_SPACE, "preserve")
        return p

    def paragraph(self, text: str, style: str | None = None, label: str | None = None) -> None:
        runs = ([(label, True)] if label else []) + [(text, False)]
        self._add(self._paragraph(self._body.makeelement, runs, style))

    def heading(self, text: str, level: int) -> None:
        self.paragraph(text, "title" if level == 0 else f"h{level}")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        tbl = self._body.makeelement(_w("tbl"))
        pr = etree.SubElement(tbl, _w("tblPr"))
        etree.SubElement(pr, _w("tblStyle")).set(_w("val"), STYLE_IDS["grid"])
        width = etree.SubElement(pr, _w("tblW"))
        width.set(_w("w"), "0")
        width.set(_w("type"), "auto")
        etree.SubElement(pr, _w("tblLook")).set(_w("val"), "04A0")
        grid = etree.SubElement(tbl, _w("tblGrid"))
        for _ in header:
            etree.SubElement(grid, _w("gridCol"))
        for values, bold in [(header, True), *((r, False) for r in rows)]:
            tr = etree.SubElement(tbl, _w("tr"))
            for value in values:
                tc = etree.SubElement(tr, _w("tc"))
                tcw = etree.SubElement(etree.SubElement(tc, _w("tcPr")), _w("tcW"))
                tcw.set(_w("w"), "0")
                tcw.set(_w("type"), "auto")
                tc.append(self._paragraph(tc.makeelement, [(value, bold)], None))
        self._add(tbl)
