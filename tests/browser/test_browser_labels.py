"""The offline map names its places from glyphs the app serves (brw-labels, issue 10)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser

SUBPLOT = "document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map"
# Names MapLibre has placed on screen, per kind of label (layers of dashboard/app/mapstyle.py).
RENDERED = (
    "(prefix) => { const m = " + SUBPLOT + ";"
    " const ids = m.getStyle().layers.map(l => l.id).filter(id => id.startsWith(prefix));"
    " return m.queryRenderedFeatures({layers: ids}).map(f => f.properties.name); }"
)
LABELS_PLACED = (
    "(() => { const m = " + SUBPLOT + "; const ids = m.getStyle().layers.map(l => l.id)"
    ".filter(id => id.startsWith('atlas-city-names')); return m.loaded() &&"
    " m.queryRenderedFeatures({layers: ids}).length > 0 })()"
)


def _record_responses(page: Any) -> list[tuple[str, int, int]]:
    answers: list[tuple[str, int, int]] = []

    def record(response: Any) -> None:
        if "/_atlas/glyphs/" in response.url:
            answers.append((unquote(urlparse(response.url).path), response.status, len(response.body())))

    page.on("response", record)
    return answers


def test_brw060_map_names_cities_regions_countries_with_the_apps_glyphs(page: Any, live_server: str) -> None:
    glyphs = _record_responses(page)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    # Names are drawn in presentation mode (and images); the analyst's map keeps the faster plain basemap.
    open_dashboard(page, live_server + "/?present=1")
    page.wait_for_function(LABELS_PLACED)
    # MapLibre places names over a few frames (collisions settle as the camera ends): wait for the country's
    page.wait_for_function(f"({RENDERED})('atlas-country-names').includes('Ukraine')")
    cities = set(page.evaluate(RENDERED, "atlas-city-names"))
    assert {"Kharkiv", "Odesa", "Zaporizhzhia", "Mykolaiv", "Kyiv", "Dnipro"} <= cities, cities
    assert "Ukraine" in page.evaluate(RENDERED, "atlas-country-names")
    regions = set(page.evaluate(RENDERED, "atlas-region-names"))
    assert {"Kharkiv", "Poltava"} & regions, regions  # oblast names once the map is zoomed to Ukraine
    assert "Saltivka" not in cities  # a district of Kharkiv, not a city of its own
    # The text is drawn from this server's glyph files: the Latin range of the regular font, at least.
    latin = [size for path, status, size in glyphs if path == "/_atlas/glyphs/Noto Sans Regular/0-255.pbf"]
    assert latin and latin[0] > 10_000, glyphs
    assert all(status == 200 for _, status, _ in glyphs)
    style = page.evaluate(SUBPLOT + ".getStyle()")
    assert style["glyphs"].startswith(live_server + "/_atlas/glyphs/") or style["glyphs"].startswith("/_atlas/")
    # ...and nothing else left the machine.
    assert page.external_requests == []
    assert page.errors == [] and console == []


def test_brw061_border_heavier_than_admin1_and_countries_told_apart(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/?present=1")
    style = page.evaluate(SUBPLOT + ".getStyle()")
    layers = {layer["id"]: layer for layer in style["layers"]}

    def width_at(layer: dict[str, Any], zoom: float) -> float:
        expr = layer["paint"]["line-width"]  # ["interpolate", ["linear"], ["zoom"], z0, w0, z1, w1, ...]
        stops = list(zip(expr[3::2], expr[4::2], strict=True))
        return next(w for z, w in stops if z >= zoom)

    assert width_at(layers["atlas-border"], 6) >= 2.5 * width_at(layers["atlas-admin1-lines"], 6)
    fill = layers["atlas-land"]["paint"]["fill-color"]  # ["match", ["get", "country"], "UA", c1, "RU", c2, other]
    tints = dict(zip(fill[2:-1:2], fill[3:-1:2], strict=True))
    assert tints["UA"] != tints["RU"] and fill[-1] not in (tints["UA"], tints["RU"])
    # Labels lie in the style, the events above it: no label can hide an event.
    order = [layer["id"] for layer in style["layers"]]
    events = [i for i, name in enumerate(order) if name.startswith("plotly-trace-layer")]
    labels = [i for i, name in enumerate(order) if name.startswith("atlas-city-names")]
    assert events and labels and min(events) > max(labels)
