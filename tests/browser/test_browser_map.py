"""The map in the browser: row click, box selection, details, XSS, images, downloads, hexagons (brw-map)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.browser.conftest import (
    ARTIFACTS,
    click_map,
    count,
    map_pixel,
    map_points,
    nearest_marker,
    open_dashboard,
    serve,
    wait_count,
)
from tests.browser.sample_store import XSS_NOTES
from tests.filter_cases import filter_count

pytestmark = pytest.mark.browser

ZOOM = "document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map.getZoom()"  # MapLibre's own view


def test_brw020_row_click_zooms_the_map_and_shows_details(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/")
    before = page.evaluate(ZOOM)
    page.click("#event-table .ag-row[row-id='SEED-1'] [col-id='location']")
    page.wait_for_function(f"{ZOOM} >= 10")
    assert before < 8
    center = page.evaluate("document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map.getCenter()")
    assert abs(center["lat"] - 49.99) < 0.05 and abs(center["lng"] - 36.23) < 0.05
    page.wait_for_function("document.querySelector('#event-detail h3')?.textContent === 'Kharkiv'")
    link = page.locator("#event-detail a.detail-link")
    assert link.get_attribute("href") == "https://example.org/SEED-1"
    assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener noreferrer"


def _box_select(page: Any, west: float, north: float, east: float, south: float) -> None:
    page.click("#map .modebar-btn[data-title='Box Select']")
    x0, y0 = map_pixel(page, west, north)
    x1, y1 = map_pixel(page, east, south)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
    page.mouse.move(x1, y1, steps=5)
    page.mouse.up()


def test_brw021_box_selection_narrows_table_and_charts(page: Any, live_server: str, sample_store_path: Path) -> None:
    open_dashboard(page, live_server + "/")
    _box_select(page, 35.5, 50.5, 37.0, 49.5)
    wait_count(page, 3)
    assert "3 of 16" in page.text_content("#selection-note")
    page.wait_for_function("document.querySelectorAll('#event-table .ag-row').length === 3")
    assert page.text_content("#kpi-regions") == "1"
    page.click("#selection-clear")
    wait_count(page, 16)
    # the map redraws without the box (a new selectionrevision): drawn before that lands, a box would be wiped
    page.wait_for_load_state("networkidle")
    # presentation mode keeps the selection; a new filter clears it
    _box_select(page, 35.5, 50.5, 37.0, 49.5)
    wait_count(page, 3)
    page.click("#present-toggle")
    page.wait_for_selector("#filters", state="hidden")
    page.wait_for_timeout(300)
    assert count(page) == 3
    page.click("#present-toggle")
    page.wait_for_selector("#filters", state="visible")
    page.fill("#filter-min-killed", "1")
    page.press("#filter-min-killed", "Enter")
    wait_count(page, filter_count(sample_store_path, "min_killed=1"))
    assert not page.is_visible("#selection-bar")


def test_brw022_event_text_is_never_markup(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/?region=UA-65")
    page.wait_for_timeout(500)
    hover = click_map(page, 32.6169, 46.6354)
    assert "<img src=x onerror=window.__xss=3>Kherson" in hover and "<b>drone</b>" in hover
    page.wait_for_selector("#event-detail .detail-notes")
    assert page.text_content("#event-detail .detail-notes") == XSS_NOTES
    assert page.text_content("#event-table .ag-row[row-id='T-XSS'] [col-id='location']").startswith("<img")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#event-detail img, #event-table img, #map img, #event-detail script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert "withheld" in page.text_content("#event-detail")


def test_brw023_map_downloads_as_png_offline(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/?present=1")
    page.wait_for_timeout(800)
    with page.expect_download() as info:
        page.click("#map .modebar-btn[data-title='Download plot as a PNG']")
    download = info.value
    assert download.suggested_filename == "strike-atlas-map.png"
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "strike-atlas-map.png").write_bytes(data)  # look at it: this is what a presenter gets
    assert page.external_requests == []  # type: ignore[attr-defined]


def test_brw024_download_filtered_data(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/?region=UA-63,UA-51")
    with page.expect_download() as info:
        page.click("#download-button")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    table = pd.read_csv(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(table) == count(page) == 5
    assert "--region UA-63 --region UA-51" in page.text_content("#download-note")


@pytest.fixture(scope="module")
def hexagon_server(sample_store_path: Path) -> Iterator[str]:
    """The same store served with a point limit of 4, so the map has to aggregate."""
    with serve(sample_store_path, env={"STRIKE_ATLAS_POINT_LIMIT": "4"}) as url:
        yield url


def test_brw025_many_events_become_hexagons_until_zoomed_in(page: Any, hexagon_server: str) -> None:
    open_dashboard(page, hexagon_server + "/")
    assert map_points(page) == 0  # above the (test) limit of 4: hexagons, no single events
    assert "hexagons" in page.text_content("#map .infolayer")
    assert count(page) == 16
    # a click on the Kharkiv hexagon zooms in; there, few enough events to draw them one by one
    click_map(page, *nearest_marker(page, 36.23, 49.99))
    page.wait_for_function(f"{ZOOM} > 6.5")
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, -400)  # zoom in further with the wheel: the server sends points for the view
    page.wait_for_function(
        "document.querySelector('#map .js-plotly-plot')._fullData.some(t => t.customdata && t.lat.length)",
        timeout=30_000,
    )
    assert 0 < map_points(page) <= 4
