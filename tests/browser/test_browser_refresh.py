"""Live refresh in Chromium: events confirmed in the review panel reach the map tab without a reload (brw-rfr).

The test writes to its store, so it runs its own server on a fresh copy of the sample store (16 events).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dashboard.store import read_store
from tests.browser.conftest import ARTIFACTS, count, map_points, open_dashboard, wait_count, wait_text

pytestmark = pytest.mark.browser

GRID = "#review-grid .ag-center-cols-container"
TEXT = "KYIV, Dec. 26, 2025 — Russian drones hit Odesa port overnight, injuring two, officials said.\n"


def _click(page: Any, selector: str) -> None:
    page.locator(selector).first.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.click(selector)


def test_brwrfr001_confirmed_events_show_without_reload(
    page: Any, browser: Any, writable_server: str, writable_store: Path
) -> None:
    # a second tab, open before the write, filtered to Odesa (2 sample events)
    other = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    try:
        tab2 = other.new_page()
        tab2.set_default_timeout(30_000)
        open_dashboard(tab2, writable_server + "/?q=Odesa")
        assert count(tab2) == 2

        open_dashboard(page, writable_server + "/")
        assert count(page) == 16 and map_points(page) == 16
        page.evaluate("window.__notReloaded = true")  # gone if the page reloads

        page.locator("#tabs .tab", has_text="Add events from text").click()
        page.wait_for_selector("#review-text", state="visible")
        page.fill("#review-text", TEXT)
        page.click("#review-extract")
        page.wait_for_function(f"document.querySelectorAll('{GRID} .ag-row').length === 1", timeout=90_000)
        wait_text(page, "#review-date-hint", "2025-12-26")
        page.fill("#review-source", "Refresh test")
        _click(page, "#review-add")
        wait_text(page, "#review-report", "Ready: 1 event dated 2025-12-26")
        assert count(page) == 16  # checked, not written
        _click(page, "#review-confirm")
        wait_text(page, "#review-report", "Added 1 event to the store")
        report = page.text_content("#review-report")
        assert "Map tab" in report and "eload" not in report

        # the header count follows without a reload; then the map tab's views
        wait_count(page, 17)
        assert len(read_store(writable_store)) == 17
        page.locator("#tabs .tab", has_text="Map").first.click()
        page.wait_for_function("document.querySelector('#kpi-events')?.textContent === '17'")
        wait_text(page, "#table-note", "17 events")
        page.wait_for_function(
            "(() => { const g = document.querySelector('#map .js-plotly-plot');"
            " return !!(g && g._fullData && g._fullData.filter(t => t.hoverinfo !== 'skip' && t.customdata)"
            ".reduce((n, t) => n + t.lat.length, 0) === 17); })()"
        )
        assert page.evaluate("window.__notReloaded === true")
        page.wait_for_load_state("networkidle")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "test_browser_refresh.png"), full_page=True)

        # the other tab gets the new store at its next callback (here: a new filter)
        assert count(tab2) == 2  # nothing told it yet
        tab2.fill("#filter-text", "Refresh test")
        tab2.press("#filter-text", "Enter")
        wait_count(tab2, 1)
        tab2.click("#filter-reset")
        wait_count(tab2, 17)
        assert page.errors == []  # type: ignore[attr-defined]
        assert page.external_requests == []  # type: ignore[attr-defined]
    finally:
        other.close()
