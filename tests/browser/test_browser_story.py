"""Story mode: ← and → step through chosen events, the map flies to each, the others dimmed (brw-story)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_dashboard, wait_text
from tests.browser.sample_store import XSS_LOCATION

pytestmark = pytest.mark.browser

MAP = "document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map"
CENTER = f"(() => {{ const c = {MAP}.getCenter(); return [c.lng, c.lat]; }})()"
# Plotly's event layers while the story runs: every one dimmed.
DIMMED = (
    "(() => { const g = document.querySelector('#map .js-plotly-plot'); const m = g._fullLayout.map._subplot.map;"
    " const ls = g._fullData.filter(t => t._glTrace && t._glTrace.layerIds).map(t => t._glTrace.layerIds.circle)"
    "   .filter(id => m.getLayer(id));"
    " return ls.length > 0 && ls.every(id => m.getPaintProperty(id, 'circle-opacity') === 0.16); })()"
)


def _near(page: Any, lon: float, lat: float, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        here = page.evaluate(CENTER)
        if abs(here[0] - lon) < 0.05 and abs(here[1] - lat) < 0.05 and not page.evaluate(f"{MAP}.isMoving()"):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the map is at {here}, not at {(lon, lat)}")
        time.sleep(0.2)


def test_brw080_story_steps_with_the_arrow_keys(page: Any, live_server: str) -> None:
    open_dashboard(page, f"{live_server}/?story=SEED-1,T-XSS,SEED-5")
    page.wait_for_selector("#story-panel")
    wait_text(page, ".story-count", "1 / 3")
    assert page.text_content(".story-place") == "Kharkiv"
    _near(page, 36.2304, 49.9935)
    page.wait_for_function(DIMMED)
    page.keyboard.press("ArrowRight")
    wait_text(page, ".story-count", "2 / 3")
    assert page.text_content(".story-place") == XSS_LOCATION  # markup in the data is text, never HTML
    assert page.evaluate("window.__xss") is None and page.query_selector(".story-panel img") is None
    _near(page, 32.6169, 46.6354)  # flown to Kherson
    page.keyboard.press("ArrowRight")
    wait_text(page, ".story-count", "3 / 3")
    assert page.text_content(".story-place") == "Odesa" and page.is_disabled("#story-next")
    assert page.url.endswith("#step-3")
    _near(page, 30.7233, 46.4825)
    page.keyboard.press("ArrowLeft")
    wait_text(page, ".story-count", "2 / 3")
    page.keyboard.press("Escape")  # leave: the same page without the story
    page.wait_for_url(lambda url: "story=" not in url)
    assert page.errors == [] and page.external_requests == []


def test_brw081_story_file_link_reopens_it_with_captions(browser: Any, live_server: str) -> None:
    for theme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 720}, bypass_csp=True)
        page = context.new_page()
        try:
            open_dashboard(page, f"{live_server}/?present=1&theme={theme}&story=seed-strikes#step-2")
            wait_text(page, ".story-count", "2 / 6")  # the link reopens the story at its step
            assert page.text_content(".story-title") == "seed strikes"
            assert "Zaporizhzhia" in page.text_content(".story-caption")
            page.keyboard.press("ArrowLeft")
            wait_text(page, ".story-count", "1 / 6")
            _near(page, 36.2304, 49.9935)
            page.wait_for_function(DIMMED)
            time.sleep(0.8)  # the last label fade-in
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"story-1280x720-{theme}.png"))
        finally:
            context.close()


def test_brw082_story_from_the_table(page: Any, live_server: str) -> None:
    open_dashboard(page, f"{live_server}/?region=UA-63")
    page.click("#story-add")
    wait_text(page, "#story-note", "Select a row in the table first")
    page.click("#event-table .ag-row[row-index='0']")
    page.click("#story-add")
    wait_text(page, "#story-play", "Play story (1)")
    chosen = page.evaluate("JSON.parse(sessionStorage.getItem('atlas-story-ids'))")[0]
    page.click("#story-play")
    page.wait_for_url(lambda url: f"story={chosen}" in url and "region=UA-63" in url)
    wait_text(page, ".story-count", "1 / 1")


def test_brw083_a_story_that_cannot_be_told_says_why(page: Any, live_server: str) -> None:
    open_dashboard(page, f"{live_server}/?story=NO-SUCH-EVENT")
    page.wait_for_selector("#story-panel.failed")
    assert "none of the story's events is in this store (NO-SUCH-EVENT)" in page.text_content("#story-panel")
