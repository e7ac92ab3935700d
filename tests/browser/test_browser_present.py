"""Presentation mode at projector sizes, light and dark, under the real Content-Security-Policy (brw-present).

Each case saves tests/artifacts/present-<width>x<height>-<theme>.png: look at them.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import ARTIFACTS, LOCAL_HOSTS

pytestmark = pytest.mark.browser

GRAPH = "document.querySelector('#map .js-plotly-plot')"
# Evaluated as expressions (Runtime.evaluate), never as predicates: the page's CSP forbids eval.
READY = (
    f"(() => {{ const g = {GRAPH}; const s = g && g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot;"
    " if (!s || !s.map.loaded()) return false;"
    " const ids = s.map.getStyle().layers.map(l => l.id).filter(id => id.startsWith('atlas-city-names'));"
    " return s.map.queryRenderedFeatures({layers: ids}).length > 0"
    " && !!document.querySelector('#map .infolayer .annotation'); })()"
)
TITLE = "Strikes on Ukraine"


def _wait(page: Any, expression: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression[:80]}")
        time.sleep(0.25)


@pytest.mark.parametrize(
    ("width", "height", "theme"),
    [(1280, 720, "light"), (1280, 720, "dark"), (1920, 1080, "light"), (1920, 1080, "dark")],
)
def test_brw062_presentation_mode_reads_at_projector_sizes(
    browser: Any, live_server: str, width: int, height: int, theme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})  # the server's CSP applies
    page = context.new_page()
    console: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: console.append(str(exc)))
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).hostname not in LOCAL_HOSTS
            else None
        ),
    )
    try:
        page.goto(f"{live_server}/?present=1&theme={theme}&title={TITLE.replace(' ', '%20')}&region=UA")
        _wait(page, READY)
        time.sleep(0.5)  # the last label fade-in
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"present-{width}x{height}-{theme}.png"))
        on_map = page.evaluate(f"{GRAPH}.querySelector('.infolayer').textContent")
        assert TITLE in on_map  # the title, drawn on the map (and so in its PNG export)
        assert re.search(r"\d{1,2} \w{3} \d{4} – \d{1,2} \w{3} \d{4} · \d+ events · Ukraine", on_map), on_map
        assert "Event type" in on_map and "Explosions/Remote violence" in on_map  # the legend
        assert "Natural Earth" in on_map and "GeoNames" in on_map  # attribution
        assert page.evaluate("document.getElementById('app-root').className") == f"atlas present theme-{theme}"
        assert not page.is_visible(".sidebar") and not page.is_visible(".charts")
        style = page.evaluate(f"{GRAPH}._fullLayout.map._subplot.map.getStyle()")
        assert style["name"] == f"Strike Atlas {theme}"
        # High contrast: city names dark on light, or light on dark, with a halo of the other.
        names = next(layer for layer in style["layers"] if layer["id"] == "atlas-city-names-1")
        ink, halo = names["paint"]["text-color"], names["paint"]["text-halo-color"]
        assert (ink, halo) == (("#111518", "#ffffff") if theme == "light" else ("#f4f6f7", "#0b1620"))
        assert console == [] and outside == []
    finally:
        context.close()


def test_brw063_theme_switch_keeps_the_view_and_the_filters(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/?present=1&region=UA-63")
    _wait(page, READY)
    page.click("#theme-toggle")
    page.wait_for_function("document.getElementById('app-root').className.includes('theme-dark')")
    assert "region=UA-63" in page.url and "theme=dark" in page.url
    page.wait_for_function("document.getElementById('theme-toggle').textContent === 'Light theme'")
    assert "theme=dark" not in page.get_attribute("#theme-toggle", "href")
    _wait(page, f"{GRAPH}._fullLayout.map._subplot.map.getStyle().name === 'Strike Atlas dark'")
    page.click("#theme-toggle")
    page.wait_for_function("document.getElementById('app-root').className.includes('theme-light')")
    assert "theme=dark" not in page.url
