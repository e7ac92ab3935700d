"""GeoNames' villages of Ukraine (via Who's On First) matched to the register inside OpenStreetMap's hromada
boundaries: the build step on a real sample (tools/wof_localities.py), and the committed points."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from dashboard.geo.settlements import load_settlements

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(__file__).with_name("data") / "real"
BILOPILSKA = "UA59080030000075526"  # the hromada of Volfyne, Sumy Oblast (KATOTTG code, OSM's katotth tag)
SUMY_GEONAMES = {"UA-59": "21"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def wof() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wof_localities", ROOT / "tools" / "wof_localities.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["wof_localities"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def places(wof: ModuleType) -> pd.DataFrame:
    return wof.read_wof_localities(REAL / "wof_admin_ua_sample", SUMY_GEONAMES)


@pytest.fixture(scope="module")
def polygons(wof: ModuleType) -> dict:
    return wof.read_hromada_polygons(REAL / "osm_hromadas")


def register_of_bilopilska() -> pd.DataFrame:
    """The register's settlements of Bilopilska hromada as the build sees them: only Bilopillia placed."""
    t = load_settlements()
    t = t[(t["admin1_code"] == "UA-59") & (t["hromada"] == "Bilopilska")].copy()
    t.attrs = {}
    t["hromada_code"] = BILOPILSKA
    t[["latitude", "longitude", "geonameid"]] = np.nan
    t.loc[t["name"] == "Bilopillia", ["latitude", "longitude"]] = (51.14747, 34.31079)
    return t.drop(columns=["point_source", "point_disputed"]).reset_index(drop=True)


NO_OSM = pd.DataFrame({"katottg": pd.Series(dtype=str), "latitude": [], "longitude": []})


def test_vil100_reads_geonames_places_from_who_s_on_first(places: pd.DataFrame) -> None:
    assert len(places) == 10 and places["geonameid"].is_unique
    volfyne = places[places["geonameid"] == 692770].iloc[0]
    assert (volfyne["gn_name"], volfyne["gn_admin1"]) == ("Volfyne", "21")
    assert (volfyne["latitude"], volfyne["longitude"]) == (51.24139, 34.46169)
    assert {"volfyne", "volfine"} <= volfyne["gn_keys"]  # GeoNames' Latin and the Ukrainian Cyrillic, normalised


def test_vil101_villages_placed_inside_their_hromada(wof: ModuleType, places: pd.DataFrame, polygons: dict) -> None:
    table = register_of_bilopilska()
    points = wof.match_in_hromadas(table, places, polygons, NO_OSM, haversine_km)
    name_of = dict(zip(table["katottg"], table["name"], strict=True))
    got = dict(zip(points["katottg"].map(name_of), points["latitude"], strict=True))
    assert got["Volfyne"] == 51.24139
    assert {"Volfyne", "Rohizne", "Neskuchne", "Shpyl", "Kysla Dubyna", "Bezsalivka", "Iskryskivshchyna"} <= set(got)
    assert "Bilopillia" not in got  # already placed: never moved
    assert points["replaces"].eq(0).all()


def test_vil102_two_villages_of_one_name_in_the_hromada_get_no_point(
    wof: ModuleType, places: pd.DataFrame, polygons: dict
) -> None:
    table = register_of_bilopilska()
    twin = table[table["name"] == "Volfyne"].assign(katottg="UA59080030999999999")
    table = pd.concat([table, twin], ignore_index=True)
    points = wof.match_in_hromadas(table, places, polygons, NO_OSM, haversine_km)
    assert (
        not points["katottg"].isin(set(twin["katottg"]) | set(table.loc[table["name"] == "Volfyne", "katottg"])).any()
    )


def test_vil103_russian_based_spelling_matched_by_consonants(
    wof: ModuleType, places: pd.DataFrame, polygons: dict
) -> None:
    assert wof.consonant_skeleton("klishchiivka") == wof.consonant_skeleton("kleshcheyevka")
    assert wof.consonant_skeleton("bilohiria") == wof.consonant_skeleton("belogorye")
    table = register_of_bilopilska()
    russian = places.copy()
    russian.loc[russian["gn_name"] == "Pavlivka", "gn_keys"] = [{"pavlovka"}]  # GeoNames' Russian form only
    points = wof.match_in_hromadas(table, russian, polygons, NO_OSM, haversine_km)
    pavlivka = table.loc[table["name"] == "Pavlivka", "katottg"].iloc[0]
    assert points.loc[points["katottg"] == pavlivka, "latitude"].tolist() == [51.19871]


def test_vil104_a_point_far_from_openstreetmap_s_is_dropped(
    wof: ModuleType, places: pd.DataFrame, polygons: dict
) -> None:
    table = register_of_bilopilska()
    volfyne = table.loc[table["name"] == "Volfyne", "katottg"].iloc[0]
    osm = pd.DataFrame({"katottg": [volfyne], "latitude": [51.05], "longitude": [34.46]})  # 21 km south
    points = wof.match_in_hromadas(table, places, polygons, osm, haversine_km)
    assert volfyne not in set(points["katottg"])


def test_vil105_misplaced_city_point_replaced_and_other_places_listed(
    wof: ModuleType, places: pd.DataFrame, polygons: dict
) -> None:
    table = register_of_bilopilska()
    volfyne = table.index[table["name"] == "Volfyne"][0]
    table.loc[volfyne, ["latitude", "longitude", "geonameid"]] = (50.5, 34.0, 1)  # a namesake's, 90 km away
    misplaced = wof.misplaced_points(table, polygons)
    assert misplaced == {volfyne}
    points = wof.match_in_hromadas(table, places, polygons, NO_OSM, haversine_km, misplaced)
    row = points[points["katottg"] == table.at[volfyne, "katottg"]].iloc[0]
    assert (row["latitude"], row["replaces"]) == (51.24139, 1)
    others = wof.other_places(table, points, places, polygons, {"21": "UA-59"})
    # GeoNames places of the hromada that name no register settlement (Russian names of since-merged hamlets).
    assert set(others["name"]) >= {"Podobriyevka", "Gorbanëvka"}
    assert set(others["hromada"]) == {"Bilopilska"} and set(others["raion"]) == {"Sumskyi"}


def test_vil106_committed_points_most_settlements_and_inside_their_oblast() -> None:
    t = load_settlements()
    t = t[t["category"] != "B"]
    sources = t["point_source"].value_counts()
    assert sources["geonames-village"] > 15_000  # where neither cities500 nor an OSM boundary had a point
    assert t["latitude"].notna().mean() > 0.8  # of 29,703 settlements; 33% before GeoNames' villages
    villages = t[t["point_source"] == "geonames-village"]
    oblasts = gpd.read_parquet(ROOT / "data" / "boundaries" / "ua-admin1-geoboundaries.parquet")
    oblasts = oblasts.rename(columns={"admin1_code": "polygon_code"})
    pts = gpd.GeoDataFrame(villages, geometry=gpd.points_from_xy(villages["longitude"], villages["latitude"]), crs=4326)
    joined = gpd.sjoin(pts, oblasts, how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    # Sevastopol's villages lie in geoBoundaries' Crimea; a point on a border may fall just outside.
    same = joined["polygon_code"].eq(joined["admin1_code"]) | joined["polygon_code"].isna()
    same |= joined["admin1_code"].eq("UA-40") & joined["polygon_code"].eq("UA-43")
    assert same.mean() > 0.995, joined.loc[~same, ["name", "admin1_code", "polygon_code"]].head(20)


def test_vil107_village_points_agree_with_openstreetmap() -> None:
    villages = pd.read_csv(ROOT / "dashboard/geo/data/ua_settlement_points_geonames.csv.gz", dtype={"katottg": str})
    osm = pd.read_csv(ROOT / "dashboard/geo/data/ua_settlement_points_osm.csv.gz", dtype={"katottg": str})
    both = villages.dropna(subset=["latitude"]).merge(osm, on="katottg", suffixes=("", "_osm"))
    km = np.array([haversine_km(*r) for r in both[["latitude", "longitude", "latitude_osm", "longitude_osm"]].values])
    assert len(both) > 3_000 and np.median(km) < 1.0 and (km > 10).sum() == 0


def test_vil108_a_misspelt_place_places_the_one_settlement_of_its_hromada_spelt_so(
    wof: ModuleType, places: pd.DataFrame, polygons: dict
) -> None:
    table = register_of_bilopilska()
    typo = places.copy()
    # GeoNames' "Марчихина Буда" for the register's Marchyshyna Buda: the same village, one letter apart.
    typo.loc[typo["gn_name"] == "Pavlivka", "gn_keys"] = [{"pavlivnka"}]
    points = wof.match_in_hromadas(table, typo, polygons, NO_OSM, haversine_km)
    pavlivka = table.loc[table["name"] == "Pavlivka", "katottg"].iloc[0]
    assert points.loc[points["katottg"] == pavlivka, "latitude"].tolist() == [51.19871]
    # Another first letter is another name ("Pryhorivka" is not Hryhorivka).
    typo.loc[typo["gn_name"] == "Pavlivka", "gn_keys"] = [{"savlivnka"}]
    points = wof.match_in_hromadas(table, typo, polygons, NO_OSM, haversine_km)
    assert pavlivka not in set(points["katottg"])


def test_vil109_sevastopol_s_villages_placed_under_crimea() -> None:
    t = load_settlements()
    kachynska = t[(t["admin1_code"] == "UA-43") & (t["hromada"] == "Kachynska")].set_index("name")
    # GeoNames files Orlivka under Sevastopol, the register under Crimea, where two more Orlivkas lie.
    assert kachynska.loc["Orlivka", ["latitude", "longitude"]].tolist() == [44.72907, 33.58243]
