"""assign_admin1 and friends: small hand-built polygons first (geopandas style), then the real data."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from dashboard.geo import assign_admin1, load_admin1, region_centroid, region_names


@pytest.fixture(scope="module")
def squares() -> gpd.GeoDataFrame:
    """Two unit squares side by side: XA-1 (0..1) in country XA and XB-1 (1..2) in XB."""
    return gpd.GeoDataFrame(
        {"admin1_code": ["XA-1", "XB-1"], "admin1": ["Aland", "Beeland"], "country": ["XA", "XB"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs=4326,
    )


@pytest.fixture(scope="module")
def built(reference: None) -> None:
    """The reference data, built once per session by the ``reference`` fixture in conftest.py."""


def points(xy: list[tuple[float, float] | None], index: list | None = None, **cols) -> gpd.GeoDataFrame:
    geoms = [None if p is None else Point(p) for p in xy]
    return gpd.GeoDataFrame(cols, geometry=geoms, index=index, crs=4326)


def test_geo200_inside_outside_and_snapping(squares: gpd.GeoDataFrame) -> None:
    gdf = points(
        [(0.5, 0.5), (1.5, 0.5), (1.5, 1.05), (-0.05, 0.5), (5, 5), None],
        index=["in-a", "in-b", "near-b", "near-a", "far", "none"],
        note=list("abcdef"),
    )
    out = assign_admin1(gdf, squares)
    assert list(out.index) == list(gdf.index)
    assert list(out["note"]) == list("abcdef")
    assert out.loc["in-a", "admin1_code"] == "XA-1"
    assert out.loc["in-b", "admin1_code"] == "XB-1"
    assert out.loc["near-b", "admin1_code"] == "XB-1"  # 0.05° off the edge: snapped
    assert out.loc["near-a", "admin1"] == "Aland"
    assert out.loc[["far", "none"], ["country", "admin1_code", "admin1"]].isna().all().all()


def test_geo201_never_drops_rows_and_keeps_input(squares: gpd.GeoDataFrame) -> None:
    gdf = points([(0.5, 0.5)] * 3 + [(9, 9)], index=[10, 3, 3, 7])  # duplicate index labels too
    before = gdf.copy()
    out = assign_admin1(gdf, squares)
    assert len(out) == 4
    assert list(out.index) == [10, 3, 3, 7]
    assert "admin1_code" not in gdf.columns  # input untouched
    pd.testing.assert_frame_equal(gdf, before)
    assert out["admin1_code"].isna().tolist() == [False, False, False, True]


def test_geo202_point_on_shared_border_gets_one_region(squares: gpd.GeoDataFrame) -> None:
    out = assign_admin1(points([(1.0, 0.5)]), squares)
    assert out["admin1_code"].iloc[0] in {"XA-1", "XB-1"}


def test_geo203_max_distance(squares: gpd.GeoDataFrame) -> None:
    gdf = points([(2.3, 0.5)])
    assert assign_admin1(gdf, squares)["admin1_code"].isna().all()
    assert assign_admin1(gdf, squares, max_distance=0.5)["admin1_code"].iloc[0] == "XB-1"
    assert assign_admin1(points([(2.05, 0.5)]), squares, max_distance=0)["admin1_code"].isna().all()


def test_geo204_country_column_restricts_regions(squares: gpd.GeoDataFrame) -> None:
    # A point of country XA lying 0.02° inside XB's square (a coarse border) goes to XA's region.
    gdf = points([(1.02, 0.5), (1.5, 0.5)], country=["XA", "XA"])
    out = assign_admin1(gdf, squares, country_column="country")
    assert out["admin1_code"].tolist()[0] == "XA-1"
    assert pd.isna(out["admin1_code"].tolist()[1])  # deep in XB: no XA region near
    assert out["country"].tolist() == ["XA", "XA"]  # kept


def test_geo205_projected_input_is_joined_in_wgs84(squares: gpd.GeoDataFrame) -> None:
    gdf = points([(0.5, 0.5)]).to_crs(3857)
    out = assign_admin1(gdf, squares)
    assert out["admin1_code"].iloc[0] == "XA-1"
    assert out.crs.to_epsg() == 3857  # geometry handed back as given


def test_geo206_empty_frame(squares: gpd.GeoDataFrame) -> None:
    out = assign_admin1(points([]), squares)
    assert len(out) == 0
    assert {"country", "admin1_code", "admin1"} <= set(out.columns)


def test_geo207_lon_lat_order(squares: gpd.GeoDataFrame) -> None:
    # GeoJSON order: x is longitude. Kharkiv is lat 49.99, lon 36.23.
    lat, lon = 49.99, 36.23
    gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy([lon], [lat]), crs=4326)
    assert gdf.geometry.x.iloc[0] == lon
    assert gdf.geometry.y.iloc[0] == lat


# --------------------------------------------------------------------------------------------------------
# The real admin-1 polygons
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lat", "lon", "code", "country"),
    [
        ("Kharkiv", 49.9935, 36.2304, "UA-63", "UA"),
        ("Zaporizhzhia", 47.8388, 35.1396, "UA-23", "UA"),
        ("Simferopol", 44.9521, 34.1024, "UA-43", "UA"),
        ("Sevastopol", 44.6166, 33.5254, "UA-40", "UA"),
        ("Kyiv", 50.4501, 30.5234, "UA-30", "UA"),
        ("Novoshakhtinsk", 47.7578, 39.9364, "RU-ROS", "RU"),
        ("Moscow", 55.7558, 37.6173, "RU-MOW", "RU"),
        ("Odesa sea front, 2 km off the coast", 46.49, 30.78, "UA-51", "UA"),
    ],
)
def test_geo210_real_points(built: None, name: str, lat: float, lon: float, code: str, country: str) -> None:
    gdf = gpd.GeoDataFrame({"name": [name]}, geometry=gpd.points_from_xy([lon], [lat]), crs=4326)
    out = assign_admin1(gdf)
    assert (out["admin1_code"].iloc[0], out["country"].iloc[0]) == (code, country)


def test_geo211_sea_point_snaps_only_near_coast(built: None) -> None:
    admin1 = load_admin1()
    near = Point(28.02, 43.2)  # 3 km off Varna (Natural Earth's coast: Ukraine's oblasts include their waters)
    assert not admin1.geometry.contains(near).any(), "test point must be in the sea"
    out = assign_admin1(gpd.GeoDataFrame(geometry=[near, Point(34.0, 43.5)], crs=4326))
    assert out["admin1_code"].iloc[0] == "BG-03"
    assert pd.isna(out["admin1_code"].iloc[1])  # the middle of the Black Sea


def test_geo212_swapped_lat_lon_is_not_kharkiv(built: None) -> None:
    # Passing (lat, lon) as (x, y) puts "Kharkiv" in northern Iran: the order matters.
    out = assign_admin1(gpd.GeoDataFrame(geometry=[Point(49.9935, 36.2304)], crs=4326))
    assert out["admin1_code"].iloc[0] != "UA-63"


def test_geo213_region_centroid(built: None) -> None:
    lat, lon = region_centroid("UA-63")
    assert 48.5 < lat < 50.5 and 34.5 < lon < 38.5
    poly = load_admin1().set_index("admin1_code").loc["UA-63", "geometry"]
    assert poly.contains(Point(lon, lat))
    with pytest.raises(KeyError, match="XX-00"):
        region_centroid("XX-00")


def test_geo214_region_names(built: None) -> None:
    names = region_names()
    assert list(names.columns) == ["admin1_code", "admin1", "country"]
    ua = region_names(("UA",))
    assert len(ua) == 27
    assert ua["admin1"].is_monotonic_increasing
    assert dict(zip(ua["admin1_code"], ua["admin1"], strict=True))["UA-43"] == "Crimea"


def test_geo215_many_points_keep_every_row(built: None) -> None:
    rng = np.random.default_rng(0)
    n = 100_000
    gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy(rng.uniform(22, 45, n), rng.uniform(44, 56, n)), crs=4326)
    out = assign_admin1(gdf)
    assert len(out) == n and out.index.equals(gdf.index)
    assert out["country"].isin(["UA", "RU", "BY", "PL", "RO", "MD", "SK", "HU", "GE", "TR", "BG"]).mean() > 0.5
