"""Time-lapse played in the browser: events appear day by day, no new figure per frame (brw-timelapse)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser

GRAPH = "document.querySelector('#map .js-plotly-plot')"
# Opacity of every event marker as MapLibre draws it, [hidden, shown]: while the time-lapse runs, its own layers
# (one per span of days, each a constant opacity); otherwise plotly's circle source ("mo").
OPACITIES = (
    f"(async () => {{ const g = {GRAPH}; const m = g._fullLayout.map._subplot.map; let hidden = 0, shown = 0;"
    " const own = m.getSource('atlas-timelapse');"
    " if (own) { for (const f of (await own.getData()).features) {"
    "   if (m.getPaintProperty('atlas-timelapse-' + f.properties.b, 'circle-opacity') === 0) hidden++; else shown++; }"
    "   return [hidden, shown]; }"
    " for (const t of g._fullData.filter(t => t.customdata)) {"
    "   const data = await m.getSource(t._glTrace.sourceIds.circle).getData();"
    "   for (const f of data.features) { if ((f.properties.mo ?? 1) === 0) hidden++; else shown++; } }"
    " return [hidden, shown]; })()"
)


def test_brw064_timelapse_plays_pauses_and_restores(page: Any, live_server: str) -> None:
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    open_dashboard(page, live_server + "/")
    page.evaluate(f"window.__figure = {GRAPH}.data")  # the drawn figure, to tell a new one from restyles
    page.select_option("#tl-speed", "40")
    page.click("#tl-play")
    page.wait_for_function("document.getElementById('tl-date').textContent.length > 0")
    page.click("#tl-play")  # pause at the start of the period
    assert page.text_content("#tl-play").strip().endswith("Play")
    date = page.text_content("#tl-date")
    assert "2022" in date  # the sample store's first events are of March 2022
    hidden, shown = page.evaluate(OPACITIES)
    assert hidden > 0 and shown > 0, (hidden, shown)  # later events wait for their day
    assert page.evaluate(f"{GRAPH}.data === window.__figure")  # opacity arrays changed, not the figure
    page.select_option("#tl-speed", "8")
    page.click("#tl-play")
    page.wait_for_function("document.getElementById('tl-note').textContent.startsWith('end')", timeout=60_000)
    assert page.evaluate(OPACITIES)[0] == 0  # by the last day every event has appeared
    page.click("#tl-stop")
    page.wait_for_function("document.getElementById('tl-date').textContent === ''")
    assert page.evaluate(OPACITIES) == [0, 16]
    assert console == [] and page.errors == [] and page.external_requests == []
