"""Script and markup typed by users never run on any page, and read literally.

Two guards: a static scan that no page passes anything but a constant through
``unsafe_allow_html`` (or ``st.html`` / components), and Debian's chromium visiting every page of
a discovery whose deal name, goals and text answers carry script, an event handler and
Markdown with a ``javascript:`` link.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from browser_support import ROOT, click_button, import_and_open, load, open_page, tick

UI_FILES = sorted((ROOT / "ui").rglob("*.py")) + [ROOT / "app.py"]
# The one module that puts HTML of its own on the page: its stylesheet and its script, both
# files, and the script's arguments as escaped literals (test_the_page_script_cannot_be_broken_out_of).
PAGE_ASSETS = ROOT / "ui" / "components" / "browser.py"
RAW_HTML_CALLS = {"html"}  # st.html, components.html, components.v1.html


def _unsafe_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """Calls that could put user data into the page as HTML, with their line and why."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        first = node.args[0] if node.args else None
        constant_first = isinstance(first, ast.Constant) and isinstance(first.value, str)
        for keyword in node.keywords:
            if keyword.arg == "unsafe_allow_html":
                off = isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                if not off and not constant_first:
                    found.append((node.lineno, f"{name}(..., unsafe_allow_html=...) with a non-constant body"))
        if name in RAW_HTML_CALLS and not constant_first:
            found.append((node.lineno, f"{name}(...) with a non-constant body"))
    return found


def test_no_user_data_reaches_unsafe_html():
    assert len(UI_FILES) > 5, UI_FILES
    problems = [f"{path.relative_to(ROOT)}:{line}: {why}"
                for path in UI_FILES if path != PAGE_ASSETS
                for line, why in _unsafe_calls(ast.parse(path.read_text(encoding="utf-8"), str(path)))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("source, bad", [
    ("st.markdown(user, unsafe_allow_html=True)", True),
    ("st.markdown(f'<b>{user}</b>', unsafe_allow_html=True)", True),
    ("st.markdown('<hr>', unsafe_allow_html=True)", False),
    ("st.markdown(user, unsafe_allow_html=False)", False),
    ("st.html(user)", True),
    ("components.v1.html(page)", True),
    ("st.html('<br>')", False),
    ("st.markdown(user)", False),
])
def test_the_scan_tells_constant_html_from_user_data(source, bad):
    assert bool(_unsafe_calls(ast.parse(source))) is bad


def test_the_page_script_cannot_be_broken_out_of():
    from ui.components.browser import script

    hostile = "</script><script>window.__gw_xss=1</script> & \\"
    text = script(3, hostile, hostile)
    assert text.count("<script>") == 1 and text.count("</script>") == 1
    assert "window.__gw_xss=1</script>" not in text and "move(3, " in text


# -- in the browser -----------------------------------------------------------------------------

SCRIPT = "<script>window.__gw_xss=1</script>"
IMG = '<img src=x onerror="window.__gw_xss=1">'
MARKDOWN = "**bold** [link](javascript:alert(1))"
DEAL = f"Deal {SCRIPT}"
GOALS = [IMG, MARKDOWN, f"Goal {SCRIPT} {MARKDOWN}"]
OWNER = f"{IMG} {MARKDOWN}"
PAGES = ["Start", "Questionnaire", "Review", "Results", "Dependencies", "Sessions", "Pipeline"]


def _hostile_session_file(tmp_path: Path) -> Path:
    """An example discovery carrying the hostile text in its name, goals and text answers."""
    data = json.loads(sorted((ROOT / "examples").glob("*.json"))[0].read_text(encoding="utf-8"))
    data["deal"]["name"] = DEAL
    data["goals"] = [{"id": f"g{i}", "text": text} for i, text in enumerate(GOALS, 1)]
    client = data["answers"]["client"]
    client.update({"client_owner": OWNER, "goal_measurable": 4, "goal_metric": SCRIPT})
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _visible_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def _assert_inert(page, where: str) -> None:
    assert page.evaluate("() => typeof window.__gw_xss") == "undefined", f"script ran on {where}"
    assert page.locator("[data-testid='stMain'] a[href^='javascript']").count() == 0, where
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0, where
    scripts = page.locator("[data-testid='stMain'] script").all_inner_texts()
    assert all(s.startswith("/* Groundwork's only JavaScript */") for s in scripts), where
    assert "bold" not in page.locator("[data-testid='stMain'] strong").all_inner_texts(), where


def _settled(page) -> None:
    """Every image on the page has loaded or failed, so an ``onerror`` handler would have run."""
    page.wait_for_function("() => [...document.images].every(image => image.complete)")


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_text_is_inert_and_literal_on_every_page(served_app, new_tab, tmp_path):
    page = new_tab()
    import_and_open(page, served_app, _hostile_session_file(tmp_path))

    seen: dict[str, str] = {}
    for title in PAGES:
        open_page(page, title)
        _settled(page)
        _assert_inert(page, title)
        seen[title] = _visible_text(page)
    everything = "\n".join(seen.values())
    for text in [DEAL, *GOALS, OWNER, SCRIPT]:
        assert text in everything, f"{text!r} is not shown literally on any page"
    assert DEAL in seen["Review"] and all(goal in seen["Review"] for goal in GOALS)

    # The client's own page, through a link, on another device: same text, same rule.
    open_page(page, "Review")
    tick(page, "share.unprotected_ok")  # loopback, no passcode: links after the warning
    click_button(page, "share.create")
    link = page.locator("[data-testid='stCode'] code").first.inner_text().strip()
    client = new_tab()
    load(client, link)
    client.get_by_role("heading", name="Welcome").wait_for()
    _settled(client)
    _assert_inert(client, "the client page")
    assert DEAL in _visible_text(client)
