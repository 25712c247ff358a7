"""In the browser: no link is made from typed text on any page, and hidden characters show as
"[U+202E]" (questions.words.shown; backslash escapes alone would not do: Streamlit's Markdown
reader finds bare addresses in the text after undoing the escapes).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser_support import ROOT, import_and_open, open_page

ADDRESS = "https://phish.example/login"
TEXT = f"Acme \u202etxt.exe\u202c see {ADDRESS}, www.phish.example or jane@phish.example"
PAGES = ["Review", "Results", "Dependencies", "Sessions", "Pipeline"]


def _session_file(tmp_path: Path) -> Path:
    data = json.loads(sorted((ROOT / "examples").glob("*.json"))[0].read_text(encoding="utf-8"))
    data["deal"]["name"] = TEXT
    data["goals"] = [{"id": "g1", "text": TEXT}]
    data["answers"]["client"].update({"client_owner": TEXT})
    path = tmp_path / "addresses.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _links_to_phish(page) -> list[str]:
    return [h for h in page.locator("[data-testid='stMain'] a").evaluate_all(
        "links => links.map(a => a.href)") if "phish" in h]


@pytest.mark.browser
@pytest.mark.slow
def test_typed_addresses_never_become_links_and_hidden_characters_show(served_app, new_tab, tmp_path):
    page = new_tab()
    import_and_open(page, served_app, _session_file(tmp_path))
    for title in PAGES:
        open_page(page, title)
        assert _links_to_phish(page) == [], title
        if title in ("Review", "Dependencies"):
            text = page.locator("[data-testid='stMain']").inner_text()
            assert "[U+202E]" in text and "\u202e" not in text, title

