"""Loading the dashboard: offline, legible, presentation mode, bad URLs (brw-load family)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import count, map_points, open_dashboard

pytestmark = pytest.mark.browser


def test_brw001_loads_offline_with_attribution(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/")
    assert count(page) == 16
    assert map_points(page) == 16
    assert page.title() == "Strike Atlas"
    # the outlines basemap drew: MapLibre canvas present and the GeoJSON layer loaded from this server
    assert page.locator("#map canvas.maplibregl-canvas").count() == 1
    page.wait_for_timeout(800)  # let MapLibre fetch the outlines and the last callbacks settle
    assert page.external_requests == []  # type: ignore[attr-defined]
    footer = page.text_content(".attribution")
    assert "Natural Earth" in footer and "GeoNames (CC BY 4.0)" in footer and "OpenStreetMap" in footer
    assert "Natural Earth" in page.text_content("#map .infolayer")
    assert page.text_content("#kpi-events") == "16"
    assert page.locator("#event-table .ag-row").count() == 16
    assert page.errors == []  # type: ignore[attr-defined]


def test_brw002_presentation_mode_from_the_url_and_the_button(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/?region=UA&present=1")
    assert not page.is_visible("#filters") and not page.is_visible("#event-table")
    height = page.evaluate("document.querySelector('#map').getBoundingClientRect().height")
    assert height > 600
    assert count(page) == 14
    page.click("#present-toggle")
    page.wait_for_selector("#filters", state="visible")
    assert "present" not in page.url and "region=UA" in page.url


def test_brw003_bad_url_values_show_a_message(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/?region=Kharkiv&min_killed=lots&infrastructure=energy")
    message = page.text_content("#url-message")
    assert "region 'KHARKIV'" in message and "min_killed 'lots'" in message
    assert count(page) == 6  # the good parameter still applies


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 720}])
def test_brw004_projector_size_keeps_the_map_legible(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/?present=1")
    box = page.evaluate(
        "(() => { const r = document.querySelector('#map').getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert box[0] > 1200 and box[1] > 450
    legend = page.evaluate(
        "(() => { const r = document.querySelector('#map .legend').getBoundingClientRect();"
        " return [r.width, r.bottom]; })()"
    )
    canvas_top = page.evaluate("document.querySelector('#map canvas.maplibregl-canvas').getBoundingClientRect().top")
    # a short legend sits in the title band above the map; a long one on the map, narrower than half of it
    assert legend[1] <= canvas_top + 2 or legend[0] < box[0] / 2
