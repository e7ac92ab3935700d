"""The page runs the partial plotly.js bundle, and every chart draws with it (brw-plotlyjs family)."""

from __future__ import annotations

from typing import Any

import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.app import plotlyjs
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def test_brw060_partial_plotly_bundle_draws_every_chart(page: Any, live_server: str) -> None:
    scripts: list[tuple[str, int]] = []
    page.on("response", lambda r: scripts.append((r.url, r.status)) if "plotly.min" in r.url else None)
    open_dashboard(page, live_server + "/")
    assert page.evaluate("window.Plotly.version") == get_plotlyjs_version()
    traces = page.evaluate("Object.keys(window.Plotly.PlotSchema.get().traces)")
    assert sorted(traces) == sorted(plotlyjs.TRACES)
    assert [status for _url, status in scripts] == [200]  # one plotly.js, the partial one, loaded once
    # the map's MapLibre canvas, the time series' bars and line, the regions' bars
    assert page.locator("#map canvas.maplibregl-canvas").count() == 1
    assert page.locator("#timeseries .barlayer .point").count() > 0
    assert page.locator("#timeseries .scatterlayer .trace").count() > 0
    assert page.locator("#region-bar .barlayer .point").count() > 0
    assert page.errors == []  # type: ignore[attr-defined]
