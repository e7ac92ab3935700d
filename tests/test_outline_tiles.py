"""The offline map's land and borders as vector tiles (tile family): real Natural Earth regions, real MVT."""

from __future__ import annotations

import mapbox_vector_tile
import pytest
import shapely

from dashboard.geo.outline_tiles import EXTENT, TileOutOfRange, outline_tile, tile_of


def _features(z: int, lon: float, lat: float) -> tuple[list[dict], tuple[int, int]]:
    x, y = tile_of(lon, lat, z)
    layer = mapbox_vector_tile.decode(outline_tile(z, x, y)).get("admin1", {"features": []})
    return layer["features"], (x, y)


def _pixel(z: int, x: int, y: int, lon: float, lat: float) -> tuple[float, float]:
    """Where a place falls inside tile z/x/y, in tile units with y up (mapbox-vector-tile's decoding)."""
    import math

    n = 2**z
    fx = (lon + 180.0) / 360.0 * n - x
    fy = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n - y
    return fx * EXTENT, (1.0 - fy) * EXTENT


@pytest.mark.parametrize("z", [5, 7, 12])
def test_tile001_kharkiv_lies_in_kharkiv_oblast_at_every_zoom(z: int) -> None:
    features, (x, y) = _features(z, 36.23, 49.99)
    found = {f["properties"]["admin1_code"] for f in features}
    assert "UA-63" in found and {f["properties"]["country"] for f in features} >= {"UA"}
    kharkiv = next(f for f in features if f["properties"]["admin1_code"] == "UA-63")
    polygon = shapely.geometry.shape(kharkiv["geometry"])
    assert polygon.buffer(EXTENT / 512).contains(shapely.Point(*_pixel(z, x, y, 36.23, 49.99)))


def test_tile002_open_sea_is_an_empty_tile_not_an_error() -> None:
    features, _ = _features(6, -30.0, 40.0)  # mid-Atlantic
    assert features == []


def test_tile003_low_zooms_are_simplified_and_small() -> None:
    x, y = tile_of(31.5, 48.5, 5)
    assert len(outline_tile(5, x, y)) < 60_000  # all of Ukraine in one tile, under 60 kB
    with pytest.raises(TileOutOfRange, match="no tile 5/40/3"):
        outline_tile(5, 40, 3)
