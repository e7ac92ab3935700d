"""Figures as pure functions: data in, plotly figure out (fig family)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.app.figures import (
    ATTRIBUTION_NE_GN,
    EVENT_TYPE_COLORS,
    INFRASTRUCTURE_COLORS,
    empty_figure,
    loading_map_figure,
    map_figure,
    region_figure,
    timeseries_figure,
)
from dashboard.filters import FilterSpec
from dashboard.map_view import map_view
from dashboard.serving import ServingFrame
from dashboard.summaries import region_counts, time_bins
from tests.browser.sample_store import sample_events


@pytest.fixture(scope="module")
def sf() -> ServingFrame:
    return ServingFrame.from_events(sample_events())


def _everything(sf: ServingFrame) -> np.ndarray:
    return sf.positions(FilterSpec())


def test_fig001_points_are_typed_arrays_with_row_positions(sf: ServingFrame) -> None:
    fig = map_figure(map_view(sf, _everything(sf)))
    payload = json.loads(fig.to_json())
    main = [t for t in payload["data"] if t.get("hoverinfo") != "skip"]
    assert main and all(t["type"] == "scattermap" for t in main)
    for trace in main:
        assert trace["lat"]["dtype"] == "f4" and "bdata" in trace["lat"]  # float32 base64, not lists
        assert all(isinstance(i, int) for i in trace["customdata"])  # a list: dcc.Graph's clickData needs it
        assert trace["hovertemplate"] == "%{text}<extra></extra>"
    assert sum(len(t.lat) for t in fig.data if t.hoverinfo != "skip") == len(sf)


def _colour_of(trace: go.Scattermap, index: int) -> str:
    """The colour a point is drawn in: its category index through the trace's discrete colour scale."""
    marker = trace.marker
    value = (float(marker.color[index]) - marker.cmin) / (marker.cmax - marker.cmin)
    for (lo, colour), (hi, _same) in zip(marker.colorscale[::2], marker.colorscale[1::2], strict=True):
        if lo <= value <= hi:
            return colour
    raise AssertionError(f"{value} outside the colour scale")


def test_fig002_legend_names_categories_and_sizes_mean_casualties(sf: ServingFrame) -> None:
    fig = map_figure(map_view(sf, _everything(sf)))
    legend = next(a.text for a in fig.layout.annotations if a.name == "legend")
    colour = EVENT_TYPE_COLORS["Explosions/Remote violence"]
    assert f'<span style="color:{colour}">●</span> Explosions/Remote violence (16)' in legend
    assert "<b>Event type</b>" in legend and "approximate place" in legend
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "Marker size: killed + injured" in notes and "approximate place" in notes
    assert ATTRIBUTION_NE_GN in notes
    main = next(t for t in fig.data if t.hoverinfo != "skip")
    assert {_colour_of(main, i) for i in range(len(main.lat))} == {colour}
    assert main.marker.size.max() > main.marker.size.min()  # T-01 (10 killed, 35 injured) is bigger than SEED-4


def test_fig002b_colour_by_infrastructure_matches_the_legend(sf: ServingFrame) -> None:
    view = map_view(sf, _everything(sf), color_by="infrastructure")
    fig = map_figure(view)
    main = next(t for t in fig.data if t.hoverinfo != "skip")
    legend = next(a.text for a in fig.layout.annotations if a.name == "legend")
    assert "<b>Infrastructure hit</b>" in legend
    for i, position in enumerate(main.customdata):
        name = view.points.categories[view.points.category[i]]
        assert _colour_of(main, i) == INFRASTRUCTURE_COLORS[name], sf.events.iloc[position]["event_id"]
        assert f'<span style="color:{INFRASTRUCTURE_COLORS[name]}">●</span> {name} (' in legend


def test_fig003_approximate_places_are_faded_and_ringed(sf: ServingFrame) -> None:
    fig = map_figure(map_view(sf, _everything(sf)))
    ring = next(t for t in fig.data if t.name == "Approximate place (ring)")
    rings = [o for o in ring.marker.opacity if o > 0]  # the two invisible points are the fit margin
    assert len(rings) == int(sf.events["_approx"].sum()) == 3 and max(rings) < 0.5
    assert len(ring.lat) == 3 + 2
    main = next(t for t in fig.data if t.hoverinfo != "skip")
    assert {round(float(o), 2) for o in main.marker.opacity} == {0.5, 0.9}


def test_fig004_hover_text_shows_markup_as_text(sf: ServingFrame) -> None:
    fig = map_figure(map_view(sf, _everything(sf)))
    hover = " ".join(h for t in fig.data if t.text is not None for h in t.text)
    assert "<img" not in hover and "<script" not in hover
    assert "&lt;img src=x onerror=window.__xss=3&gt;Kherson" in hover
    assert "Kharkiv (UA-63)" in hover and "guided aerial bomb" in hover and "2 killed · 6 injured" in hover


def test_fig005_offline_basemap_never_needs_the_network(sf: ServingFrame) -> None:
    fig = map_figure(map_view(sf, _everything(sf)), outlines="/outlines.geojson")
    assert fig.layout.map.style == "white-bg"  # no tiles, glyphs or sprites: nothing to fetch
    water, land = fig.layout.map.layers
    assert isinstance(water.source, dict) and water.type == "fill"
    assert land.source == "/outlines.geojson" and land.type == "fill" and land.below == "traces"
    # With the app's vector tiles the land comes from them, still from this server only.
    tiles = "http://127.0.0.1:8050/_atlas/tiles/{z}/{x}/{y}.pbf"
    fig = map_figure(map_view(sf, _everything(sf)), outlines="/outlines.geojson", tiles=tiles)
    water, land = fig.layout.map.layers
    assert land.sourcetype == "vector" and list(land.source) == [tiles] and land.sourcelayer == "admin1"
    assert land.type == "fill" and land.below == "traces"
    # Presentation mode and images: the app's own style, with names; every source and glyph range from here.
    fig = map_figure(map_view(sf, _everything(sf)), outlines="/outlines.geojson", tiles=tiles, named=True)
    style = fig.layout.map.style  # the app's own style: every source and glyph range from this server
    assert style["glyphs"] == "/_atlas/glyphs/{fontstack}/{range}.pbf"
    assert style["sources"]["atlas-admin1"]["data"] == "/outlines.geojson"
    assert all(s["data"].startswith("/_atlas/") or s["data"] == "/outlines.geojson" for s in style["sources"].values())
    assert not fig.layout.map.layers  # outlines drawn by the style, under the names and borders
    osm = map_figure(map_view(sf, _everything(sf)), basemap="osm", outlines="/outlines.geojson", tiles=tiles)
    assert osm.layout.map.style == "open-street-map" and osm.layout.map.layers[0].type == "line"
    assert "© OpenStreetMap contributors" in " ".join(a.text for a in osm.layout.annotations)


def test_fig006_hexagons_have_a_colour_scale_and_say_how_to_see_events(sf: ServingFrame) -> None:
    fig = map_figure(map_view(sf, _everything(sf), limit=3))
    trace = fig.data[0]
    assert [t.name for t in fig.data] == ["Events per hexagon", "fit margin"]  # an invisible margin for the fit
    assert trace.marker.colorbar.title.text.startswith("Events")
    assert trace.marker.colorbar.ticktext[0] == "1"
    assert "hexagons" in fig.layout.annotations[0].text and "zoom in" in fig.layout.annotations[0].text
    assert not fig.layout.showlegend


def test_fig007_empty_and_loading_maps(sf: ServingFrame) -> None:
    empty = map_figure(map_view(sf, np.array([], dtype=np.int64)))
    # still a map (one empty trace keeps plotly's map subplot), with the note saying why nothing is on it
    assert [len(t.lat) for t in empty.data] == [0] and empty.data[0].type == "scattermap"
    assert "No events match" in empty.layout.annotations[0].text
    loading = loading_map_figure()  # no map subplot: a placeholder map would delay the real one (see its docstring)
    assert "Loading" in loading.layout.annotations[0].text and not loading.data


@pytest.mark.parametrize(
    ("query", "period"),
    [("", "month"), ("from=2025-01-01", "week"), ("from=2025-12-01", "day")],
)
def test_fig008_time_series_period_follows_the_span(sf: ServingFrame, query: str, period: str) -> None:
    bins, got = time_bins(sf, sf.positions(FilterSpec.from_query(query)))
    assert got == period
    fig = timeseries_figure(bins, got)
    assert isinstance(fig, go.Figure) and f"per {period}" in fig.layout.title.text
    assert int(np.sum(fig.data[0].y)) == len(sf.positions(FilterSpec.from_query(query)))
    assert fig.data[1].yaxis == "y2"


def test_fig009_region_bars_escape_names() -> None:
    counts = pd.DataFrame(
        {
            "admin1_code": ["UA-63", "UA-65"],
            "admin1": ["Kharkiv", "<b>Kherson</b>"],
            "country": ["UA", "UA"],
            "events": [5, 2],
            "killed": [1, 0],
            "injured": [2, 0],
        }
    )
    fig = region_figure(counts)
    assert list(fig.data[0].y) == ["&lt;b&gt;Kherson&lt;/b&gt; (UA-65)", "Kharkiv (UA-63)"]  # biggest on top
    assert "No events" in region_figure(counts.iloc[0:0]).layout.annotations[0].text


def test_fig010_region_counts_feed_the_bars(sf: ServingFrame) -> None:
    counts = region_counts(sf, _everything(sf))
    assert counts.iloc[0]["admin1_code"] == "UA-63" and counts["events"].sum() == len(sf)
    assert counts.set_index("admin1_code").loc["RU-ROS", "admin1"] == "Rostov"


def test_fig011_empty_figure_escapes_its_message() -> None:
    fig = empty_figure("<b>no store</b>")
    assert fig.layout.annotations[0].text == "&lt;b&gt;no store&lt;/b&gt;"


def test_fig012_fitted_views_are_fitted_by_the_browser(sf: ServingFrame) -> None:
    # The server cannot know the map's size in pixels: a view fitted to the data leaves it to plotly.
    fitted = map_figure(map_view(sf, _everything(sf)))
    assert fitted.layout.map.fitbounds == "locations" and fitted.layout.map.zoom is None
    one = map_view(sf, sf.positions(FilterSpec.from_query("region=UA-07")))  # a single town: capped zoom
    assert not one.fit_in_browser and map_figure(one).layout.map.zoom == 8.5


def test_small_counts_get_whole_ticks_and_one_day_gets_a_readable_axis() -> None:
    bins = pd.DataFrame({"start": pd.to_datetime(["2025-12-26"]), "events": [6], "killed": [3], "injured": [16]})
    fig = timeseries_figure(bins, "day")
    assert fig.layout.xaxis.tickformat == "%d %b %Y"
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert high - low >= pd.Timedelta(days=7) and low < pd.Timestamp("2025-12-26") < high
    assert fig.layout.yaxis2.tickmode == "auto" and fig.layout.yaxis2.tickformat == ",d"
    counts = pd.DataFrame(
        {"admin1": ["Kharkiv"], "admin1_code": ["UA-63"], "events": [1], "killed": [2], "injured": [6]}
    )
    assert region_figure(counts).layout.xaxis.dtick == 1  # no "0.5 events"
