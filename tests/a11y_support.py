"""axe-core in the browser: installed from the npm registry (package.json, `npm ci`, which make
test and .ci/run do) and injected into the page; and the page's layout measures."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
BLOCKING = ("critical", "serious")


def require_axe() -> Path:
    if not AXE.exists():
        if os.environ.get("GROUNDWORK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
        pytest.skip("axe-core is not installed: run `npm ci`")
    return AXE


def full_height(page) -> dict:
    """Grow the viewport to the page's content (Streamlit scrolls inside its main element), so
    every element is rendered where axe measures it; returns the size to restore."""
    size = page.viewport_size
    height = page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                           " return m ? m.scrollHeight : document.body.scrollHeight; }")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 6000)})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return size


def violations(page, also: tuple[str, ...] = ()) -> list[dict]:
    """axe's violations of critical or serious impact on the whole page, at full height (and any
    of the rules named in ``also``, whatever their impact)."""
    size = full_height(page)
    try:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(path=str(require_axe()))
        found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' | '
                                          + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200))}))""")
    finally:
        page.set_viewport_size(size)
    return [v for v in found if v["impact"] in BLOCKING or v["id"] in also]


def describe(found: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']} ({v['help']}):\n    " + "\n    ".join(v["nodes"])
                     for v in found)


def hidden_columns(page, grids: bool = True) -> list[str]:
    """Tables (st.dataframe, st.data_editor, st.table; only st.table unless ``grids``) that are
    visible and wider than the space they have, so some column is behind sideways scrolling;
    described by their first headers (a grid draws on a canvas: its size alone)."""
    selector = ("[data-testid='stDataFrame'], [data-testid='stTable'], [data-testid='stDataFrameResizable']"
                if grids else "[data-testid='stTable']")
    return page.evaluate("""(selector) => {
        const out = [];
        for (const el of document.querySelectorAll(selector)) {
            if (!el.offsetParent) continue;
            const scroller = el.querySelector('.dvn-scroller') || el.querySelector('table')?.parentElement || el;
            if (scroller.scrollWidth > scroller.clientWidth + 2) {
                out.push((el.innerText || '').split('\\n').slice(0, 3).join(' / ').slice(0, 80)
                         + ` (${scroller.scrollWidth} > ${scroller.clientWidth})`);
            }
        }
        return out;
    }""", selector)
