"""The serving frame: columns, cached filters, selection geometry, what the map draws (srv family)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.filters import FilterSpec, apply
from dashboard.map_view import map_view, needs_new_figure, view_key
from dashboard.serving import ServingFrame
from dashboard.store import read_store, write_store
from dashboard.summaries import kpis, region_counts, sort_spec, table_order, table_rows, time_bins
from dashboard.viewport import Selection, Viewport, fit_viewport
from tests.browser.sample_store import sample_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return sample_events()


@pytest.fixture(scope="module")
def sf(events: pd.DataFrame) -> ServingFrame:
    return ServingFrame.from_events(events, token="sample")


def test_srv001_columns_are_compact(sf: ServingFrame) -> None:
    ev = sf.events
    assert isinstance(ev["admin1_code"].dtype, pd.CategoricalDtype)
    assert isinstance(ev["event_type"].dtype, pd.CategoricalDtype)
    assert ev["_lat"].dtype == np.float32 and ev["_lon"].dtype == np.float32
    assert "_infra_bits" in ev.columns and "geometry" not in ev.columns
    # energy is bit 0: an event that hit port and energy is coloured as energy
    odesa = ev.index[ev["event_id"] == "SEED-5"][0]
    assert ev.loc[odesa, "_infra_primary"] == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "region=UA-63",
        "region=UA",
        "region=RU-ROS,UA-23",
        "infrastructure=energy",
        "infrastructure=port,water",
        "min_killed=2",
        "min_injured=5&region=UA-63",
        "from=2025-01-01&to=2025-12-31&region=UA-63,UA-51",
        "weapon=DRONE",
        "q=kharkiv",
        "q=SAMPLE SOURCE",
        "q=%3Cb%3E",
        "q=kherson&region=UA-65",
        "q=odesa port&infrastructure=port",
        "event_type=Battles",
    ],
)
def test_srv002_positions_match_filters_apply(events: pd.DataFrame, sf: ServingFrame, query: str) -> None:
    spec = FilterSpec.from_query(query)
    expected = apply(events, spec)["event_id"].tolist()
    got = sf.events["event_id"].iloc[sf.positions(spec)].tolist()
    assert got == expected


def test_srv003_filter_results_are_cached(sf: ServingFrame) -> None:
    spec = FilterSpec.from_query("region=UA-63")
    first = sf.positions(spec)
    assert sf.positions(FilterSpec.from_query("region=UA-63")) is first
    assert not first.flags.writeable  # cached arrays cannot be changed by a caller


def test_srv004_box_and_lasso_selection(sf: ServingFrame) -> None:
    box = Selection.from_selected_data({"range": {"map": [[35.5, 50.5], [37.0, 49.5]]}, "points": []})
    assert box is not None and box.kind == "box"
    picked = sf.events["event_id"].iloc[sf.selected(FilterSpec(), box)]
    assert set(picked) == {"SEED-1", "T-01", "T-06"}
    lasso = Selection.from_selected_data(
        {"lassoPoints": {"map": [[35.5, 50.5], [37.0, 50.5], [37.0, 49.5], [35.5, 49.5]]}}
    )
    assert lasso is not None and lasso.kind == "lasso"
    assert set(sf.events["event_id"].iloc[sf.selected(FilterSpec(), lasso)]) == set(picked)
    assert Selection.from_dict(box.to_dict()) == box
    assert Selection.from_selected_data({"points": [{"pointIndex": 1}]}) is None  # a click is not a selection


def test_srv005_viewport_from_relayout() -> None:
    derived = {
        "map.center": {"lon": 36.2, "lat": 50.0},
        "map.zoom": 8,
        "map._derived": {"coordinates": [[35, 51], [37.4, 51], [37.4, 49], [35, 49]]},
    }
    vp = Viewport.from_relayout(derived)
    assert vp == Viewport(35, 49, 37.4, 51, 8)
    only_center = Viewport.from_relayout({"map.center": {"lon": 36.2, "lat": 50.0}, "map.zoom": 8})
    assert only_center is not None and only_center.west < 36.2 < only_center.east
    assert Viewport.from_relayout({"autosize": True}) is None
    assert Viewport.from_relayout(None) is None


def test_srv006_fit_viewport_frames_points() -> None:
    lat = np.array([46.5, 50.0], dtype=np.float32)
    lon = np.array([30.7, 36.2], dtype=np.float32)
    vp = fit_viewport(lat, lon)
    assert vp.west <= 30.7 and vp.east >= 36.2 and vp.south <= 46.5 and vp.north >= 50.0
    assert 4 < vp.zoom < 8
    assert fit_viewport(np.array([], dtype=np.float32), np.array([], dtype=np.float32)).zoom > 3


def test_srv007_points_below_limit_hexagons_above(sf: ServingFrame) -> None:
    everything = sf.positions(FilterSpec())
    points = map_view(sf, everything)
    assert points.mode == "points" and points.points is not None
    assert len(points.points.lat) == len(sf) and points.points.lat.dtype == np.float32
    assert points.bounds is None  # every event is in the figure
    hexes = map_view(sf, everything, limit=5)
    assert hexes.mode == "hex" and hexes.hexes is not None
    assert int(hexes.hexes.cells["events"].sum()) == len(sf)
    empty = map_view(sf, sf.positions(FilterSpec.from_query("region=RU-MOW")))
    assert empty.mode == "empty"


def test_srv008_zoomed_in_view_ships_only_nearby_points(sf: ServingFrame) -> None:
    everything = sf.positions(FilterSpec())
    kharkiv = Viewport.around(50.0, 36.25, 10)
    view = map_view(sf, everything, kharkiv, limit=5)
    assert view.mode == "points" and view.bounds is not None
    assert set(sf.events["event_id"].iloc[view.points.positions]) <= {"SEED-1", "T-01", "T-06", "T-07"}
    key = view_key(view)
    assert not needs_new_figure(key, sf, everything, Viewport.around(50.0, 36.26, 10.2), limit=5)
    assert needs_new_figure(key, sf, everything, Viewport.around(46.5, 30.7, 10), limit=5)  # panned to Odesa
    assert needs_new_figure(key, sf, everything, Viewport.around(48.5, 33, 5), limit=5)  # zoomed out: hexagons


def test_srv009_hover_text_is_escaped(sf: ServingFrame) -> None:
    view = map_view(sf, sf.positions(FilterSpec()))
    hover = "".join(view.points.hover)
    assert "<img" not in hover and "&lt;img src=x onerror=window.__xss=3&gt;Kherson" in hover
    assert "&lt;b&gt;drone&lt;/b&gt;" in hover


def test_srv010_summaries(sf: ServingFrame) -> None:
    positions = sf.positions(FilterSpec.from_query("region=UA-63"))
    assert kpis(sf, positions) == {"events": 3, "killed": 12, "injured": 45, "regions": 1}
    bins, period = time_bins(sf, positions)
    assert period == "month" and int(bins["events"].sum()) == 3
    recent, period = time_bins(sf, sf.positions(FilterSpec.from_query("from=2025-12-01")))
    assert period == "day" and recent["start"].min() == pd.Timestamp("2025-12-25")
    regions = region_counts(sf, sf.positions(FilterSpec()))
    assert regions.iloc[0]["admin1_code"] == "UA-63" and regions.iloc[0]["events"] == 3


def test_srv011_table_order_sorts_every_row_on_the_server(sf: ServingFrame) -> None:
    positions = sf.positions(FilterSpec())
    newest = table_rows(sf, table_order(sf, positions))
    assert len(newest) == len(sf)  # every row, not the most recent few
    assert [r["event_date"] for r in newest] == sorted((r["event_date"] for r in newest), reverse=True)
    assert newest[0]["event_date"] == "2025-12-26"
    xss = next(r for r in newest if r["event_id"] == "T-XSS")
    assert xss["location"].startswith("<img")  # raw: the grid renders text, escaping would show &lt;
    # numbers: most killed first, unreported last, whatever the direction
    killed = [r["killed"] for r in table_rows(sf, table_order(sf, positions, (("killed", "desc"),)))]
    reported = [k for k in killed if k is not None]
    assert reported == sorted(reported, reverse=True) and killed[: len(reported)] == reported
    up = [r["killed"] for r in table_rows(sf, table_order(sf, positions, (("killed", "asc"),)))]
    assert [k for k in up if k is not None] == sorted(reported) and up[len(reported) :] == [None] * (
        len(up) - len(reported)
    )
    # text ignores case; a second key breaks ties
    by_place = table_rows(sf, table_order(sf, positions, (("location", "asc"), ("event_date", "desc"))))
    places = [r["location"].casefold() for r in by_place if r["location"]]
    assert places == sorted(places)
    assert sort_spec(None) == (("event_date", "desc"),)
    assert sort_spec([{"colId": "killed", "sort": "desc"}, {"colId": "nope", "sort": "asc"}]) == (
        ("killed", "desc"),
        ("event_date", "desc"),  # ties newest first
    )


def test_srv012_export_frame_restores_store_dtypes(events: pd.DataFrame, tmp_path: Path) -> None:
    stored = read_store(write_store(events, tmp_path / "events.parquet"))
    frame = ServingFrame.from_events(stored).export_frame(np.arange(len(stored)))
    expected = pd.DataFrame(stored.drop(columns="geometry"))
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), expected)
