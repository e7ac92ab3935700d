"""H3 aggregation for the map: zoom to resolution, cached cell ids, sums per cell, cell outlines."""

from __future__ import annotations

import math

import h3
import numpy as np
import pandas as pd
import pytest

from dashboard.aggregate import (
    RESOLUTIONS,
    cells_geojson,
    hex_aggregate,
    parent_cells,
    precompute_cells,
    resolution_for_zoom,
)

# Three events in Kharkiv (one with injured not reported), two in Odesa.
LAT = np.array([49.9935, 49.9936, 49.9934, 46.4825, 46.4826])
LON = np.array([36.2304, 36.2305, 36.2303, 30.7233, 30.7234])
KILLED = np.array([2, 0, 1, 0, 5])
INJURED = pd.array([6, None, 0, 1, 3], dtype="Int32")


@pytest.mark.parametrize(
    ("zoom", "resolution"),
    [(0, 3), (4.5, 3), (5, 3), (6, 4), (7.9, 5), (8, 6), (9, 7), (15, 7), (math.nan, 3), (-1, 3)],
)
def test_agg001_resolution_for_zoom(zoom: float, resolution: int) -> None:
    assert resolution_for_zoom(zoom) == resolution


def test_agg002_coarser_zoom_never_gets_finer_cells() -> None:
    resolutions = [resolution_for_zoom(z / 4) for z in range(0, 80)]
    assert resolutions == sorted(resolutions)
    assert set(resolutions) == set(RESOLUTIONS)


def random_points(n: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(44, 53, n), rng.uniform(22, 42, n)


@pytest.mark.parametrize("resolution", [0, 3, 5, 6, 9])
def test_agg003_parent_cells_equals_h3(resolution: int) -> None:
    lat, lon = random_points()
    fine = np.array([h3.str_to_int(h3.latlng_to_cell(y, x, 10)) for y, x in zip(lat, lon, strict=True)])
    expected = [h3.str_to_int(h3.cell_to_parent(h3.int_to_str(int(c)), resolution)) for c in fine]
    assert parent_cells(fine.astype(np.uint64), resolution).tolist() == expected


def test_agg004_precompute_cells_rolls_up_the_finest_cell() -> None:
    lat, lon = random_points(500)
    cells = precompute_cells(lat, lon)
    assert sorted(cells) == list(RESOLUTIONS)
    finest = [h3.latlng_to_cell(y, x, RESOLUTIONS[-1]) for y, x in zip(lat, lon, strict=True)]
    for resolution, ids in cells.items():
        assert ids.dtype == np.uint64
        expected = [h3.str_to_int(h3.cell_to_parent(c, resolution)) for c in finest]
        assert ids.tolist() == expected
        # Parents do not tile exactly: near edges a point's parent is a neighbour of its own coarse cell.
        direct = [h3.str_to_int(h3.latlng_to_cell(y, x, resolution)) for y, x in zip(lat, lon, strict=True)]
        assert np.mean(np.array(direct, dtype=np.uint64) == ids) > 0.9


def test_agg005_sums_per_cell() -> None:
    frame = hex_aggregate(LAT, LON, KILLED, INJURED, 7)
    assert list(frame.columns) == ["h3", "lat", "lon", "events", "killed", "injured"]
    assert len(frame) == 2
    by_events = frame.set_index("events")
    assert by_events.loc[3, ["killed", "injured"]].tolist() == [3, 6]  # not reported counts as 0
    assert by_events.loc[2, ["killed", "injured"]].tolist() == [5, 4]
    kharkiv = by_events.loc[3]
    assert kharkiv["h3"] == h3.latlng_to_cell(49.9935, 36.2304, 7)
    assert (kharkiv["lat"], kharkiv["lon"]) == pytest.approx(h3.cell_to_latlng(kharkiv["h3"]))
    assert abs(kharkiv["lat"] - 49.99) < 0.05 and abs(kharkiv["lon"] - 36.23) < 0.05  # lat/lon not swapped


def test_agg006_cached_cells_give_the_same_frame() -> None:
    lat, lon = random_points(3000, seed=4)
    killed = np.random.default_rng(1).poisson(0.5, len(lat))
    injured = np.random.default_rng(2).poisson(1.0, len(lat)).astype(float)
    cells = precompute_cells(lat, lon)
    keep = np.random.default_rng(3).random(len(lat)) < 0.5
    for resolution in RESOLUTIONS:
        direct = hex_aggregate(lat[keep], lon[keep], killed[keep], injured[keep], resolution)
        cached = hex_aggregate(
            lat[keep], lon[keep], killed[keep], injured[keep], resolution, cells=cells[resolution][keep]
        )
        pd.testing.assert_frame_equal(direct, cached)
        assert direct["events"].sum() == keep.sum()
        assert direct["killed"].sum() == killed[keep].sum()


def test_agg007_missing_coordinates_are_left_out() -> None:
    lat = np.array([49.99, np.nan, 95.0, 46.48])
    lon = np.array([36.23, 30.0, 30.0, 30.72])
    frame = hex_aggregate(lat, lon, None, None, 5)
    assert frame["events"].sum() == 2
    assert precompute_cells(lat, lon, [4])[4].tolist()[1:3] == [0, 0]


def test_agg008_empty_input() -> None:
    empty = np.array([], dtype=float)
    frame = hex_aggregate(empty, empty, empty, empty, 4)
    assert frame.empty and list(frame.columns) == ["h3", "lat", "lon", "events", "killed", "injured"]
    assert precompute_cells(empty, empty)[3].size == 0


def test_agg009_cells_geojson_is_lon_lat_and_closed() -> None:
    cell = h3.latlng_to_cell(46.48, 30.72, 5)
    collection = cells_geojson([cell])
    feature = collection["features"][0]
    assert feature["id"] == cell
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 7
    lon, lat = ring[0]
    assert abs(lon - 30.72) < 0.5 and abs(lat - 46.48) < 0.5
