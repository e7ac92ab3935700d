"""Precise borders (OpenStreetMap refit of the admin-1 polygons), the Crimea rule, source-coded regions."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from dashboard.geo import assign_admin1, load_admin1
from dashboard.geo.admin1 import crimea_rule_land
from dashboard.geo.borders import COUNTRIES_PATH, SERVED_AREA, UA_ADMIN1_PATH, fit_admin1, read_borders
from dashboard.geo.source_regions import country_code, source_region, source_regions

DATA = Path(__file__).resolve().parent / "data" / "ingest"


@pytest.fixture(scope="module")
def built(reference: None) -> None:
    """The reference data, built once per session by the ``reference`` fixture in conftest.py."""


def _join(lat: float, lon: float) -> tuple[str, str]:
    out = assign_admin1(gpd.GeoDataFrame(geometry=[Point(lon, lat)], crs=4326))
    return out["country"].iloc[0], out["admin1_code"].iloc[0]


# --------------------------------------------------------------------------------------------------------
# Real border villages: UCDP's own coding (CC BY 4.0) against the point's join
# --------------------------------------------------------------------------------------------------------

UCDP_VILLAGES = pd.read_csv(DATA / "ucdp_border_villages.csv", dtype=str)


@pytest.mark.parametrize("row", UCDP_VILLAGES.to_dict("records"), ids=lambda r: str(r["where_coordinates"])[:40])
def test_brd001_ucdp_border_villages_in_ucdps_region(built: None, row: dict[str, str]) -> None:
    # Natural Earth put the Ukrainian ones in the wrong country or oblast (Volfyne in Kursk, Yuhanivka in
    # Rostov); OpenStreetMap's lines put them where UCDP coded them. The Russian ones (Shebekino district,
    # Grayvoron, Trubchevsk) are a few kilometres from the border: they must stay in Russia.
    expected = source_region(row["country"], row["adm_1"])
    assert _join(float(row["latitude"]), float(row["longitude"])) == expected


def test_brd005_natural_earth_alone_got_them_wrong(built: None) -> None:
    # What the refit is for: without it, most of these UCDP-coded Ukrainian villages land in another region.
    from dashboard.geo.admin1 import build_admin1

    ua = UCDP_VILLAGES[UCDP_VILLAGES["country"] == "Ukraine"]
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(ua["longitude"].astype(float), ua["latitude"].astype(float)))
    before = assign_admin1(points.set_crs(4326), build_admin1(precise=False))["admin1_code"].tolist()
    after = assign_admin1(points.set_crs(4326))["admin1_code"].tolist()
    expected = [source_region(c, a)[1] for c, a in zip(ua["country"], ua["adm_1"], strict=True)]
    assert after == expected
    assert sum(b != e for b, e in zip(before, expected, strict=True)) == len(expected)


@pytest.mark.parametrize(
    ("name", "lat", "lon", "country", "code"),
    [
        ("Kharkiv", 49.9935, 36.2304, "UA", "UA-63"),
        ("Simferopol", 44.9521, 34.1024, "UA", "UA-43"),
        ("Sevastopol, inland of the bay", 44.58, 33.52, "UA", "UA-40"),
        ("Novoshakhtinsk (Rostov)", 47.7578, 39.9364, "RU", "RU-ROS"),
        ("Moscow, outside the served area: Natural Earth", 55.7558, 37.6173, "RU", "RU-MOW"),
    ],
)
def test_brd002_cities_and_crimea(built: None, name: str, lat: float, lon: float, country: str, code: str) -> None:
    assert _join(lat, lon) == (country, code)


def test_brd003_outlines_are_the_refitted_polygons(built: None) -> None:
    from dashboard.geo import admin1_outlines

    fc = admin1_outlines(("UA", "RU"), 0.001)
    volfyne = Point(34.46169, 51.24139)  # UCDP's Volfyne (Sumy): inside Sumy's outline, not Kursk's
    holders = [f["id"] for f in fc["features"] if shapely.geometry.shape(f["geometry"]).contains(volfyne)]
    assert holders == ["UA-59"]


def test_brd004_admin1_tiles_the_served_area(built: None) -> None:
    admin1 = load_admin1()
    area = box(*SERVED_AREA)
    inside = admin1[admin1.intersects(area)]
    clipped = shapely.intersection(inside.geometry.values, area)
    # the refitted polygons do not overlap (beyond floating-point dust)
    overlap = sum(a.area for a in clipped) - shapely.union_all(clipped).area
    assert overlap < 1e-4
    assert inside.geometry.is_valid.all()


# --------------------------------------------------------------------------------------------------------
# The refit itself, on hand-built squares
# --------------------------------------------------------------------------------------------------------


def test_brd010_fit_moves_the_border_not_the_points() -> None:
    # Natural Earth: XA is x 0..1 (two regions, split at y 0.5), XB is x 1..2. The precise border is x 1.1.
    ne = gpd.GeoDataFrame(
        {"admin1_code": ["XA-1", "XA-2", "XB-1"], "country": ["XA", "XA", "XB"], "admin1": ["a1", "a2", "b1"]},
        geometry=[box(0, 0, 1, 0.5), box(0, 0.5, 1, 1), box(1, 0, 2, 1)],
        crs=4326,
    )
    land = {"XA": box(0, 0, 1.1, 1), "XB": box(1.1, 0, 2, 1)}
    fitted = fit_admin1(ne, land, {}, area=(-1, -1, 3, 2))
    out = assign_admin1(
        gpd.GeoDataFrame(geometry=[Point(1.05, 0.2), Point(1.05, 0.8), Point(1.2, 0.5)], crs=4326), fitted
    )
    assert out["admin1_code"].tolist() == ["XA-1", "XA-2", "XB-1"]  # the sliver went to the nearest XA region
    assert list(fitted.columns) == list(ne.columns)


def test_brd011_precise_partition_replaces_natural_earth() -> None:
    ne = gpd.GeoDataFrame(
        {"admin1_code": ["XA-1", "XA-2"], "country": ["XA", "XA"], "admin1": ["a1", "a2"]},
        geometry=[box(0, 0, 0.5, 1), box(0.5, 0, 1, 1)],
        crs=4326,
    )
    precise = gpd.GeoDataFrame({"admin1_code": ["XA-1", "XA-2"]}, geometry=[box(0, 0, 0.7, 1), box(0.7, 0, 1, 1)])
    fitted = fit_admin1(ne, {"XA": box(0, 0, 1, 1)}, {"XA": precise}, area=(-1, -1, 2, 2))
    out = assign_admin1(gpd.GeoDataFrame(geometry=[Point(0.6, 0.5)], crs=4326), fitted)
    assert out["admin1_code"].iloc[0] == "XA-1"


# --------------------------------------------------------------------------------------------------------
# The Crimea rule, in its one place
# --------------------------------------------------------------------------------------------------------


def test_brd020_crimea_rule_gives_shared_land_to_ukraine() -> None:
    borders = read_borders()
    raw = borders.land.set_index("country").geometry
    simferopol = Point(34.1024, 44.9521)
    assert raw["UA"].contains(simferopol) and raw["RU"].contains(simferopol)  # OSM 2017: both claim it
    land = crimea_rule_land(borders.land)
    assert land["UA"].contains(simferopol)
    assert not land["RU"].contains(simferopol)
    assert land["RU"].contains(Point(39.7015, 47.2357))  # Rostov-on-Don stays Russian


def test_brd021_source_crimea_is_ukraine_whoever_coded_it() -> None:
    assert source_region("Ukraine", "Crimea") == ("UA", "UA-43")
    assert source_region("Ukraine", "Crimea", "Sevastopol") == ("UA", "UA-40")  # ACLED: admin2 under Crimea
    assert source_region("Ukraine", "Sevastopol City State Administration") == ("UA", "UA-40")  # UCDP
    assert source_region("Russia", "Republic of Crimea") == ("UA", "UA-43")
    assert source_region("Russia (Soviet Union)", "Sevastopol") == ("UA", "UA-40")


def test_brd023_reference_is_rebuilt_when_border_files_change(
    built: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.geo import admin1 as a1

    assert a1.admin1_is_current()
    monkeypatch.setattr(a1, "UA_ADMIN1_PATH", tmp_path / "other.parquet")  # other border files: stale
    assert not a1.admin1_is_current()


def test_brd022_border_files_are_small_and_attributed() -> None:
    for path in (COUNTRIES_PATH, UA_ADMIN1_PATH):
        assert path.stat().st_size < 1_000_000
        minx, miny, maxx, maxy = gpd.read_parquet(path).total_bounds
        area = SERVED_AREA
        assert area[0] <= minx and area[1] <= miny and maxx <= area[2] and maxy <= area[3]
    note = (COUNTRIES_PATH.parent / "README.md").read_text()
    assert "© OpenStreetMap contributors" in note and "ODbL" in note


# --------------------------------------------------------------------------------------------------------
# Source names to ISO 3166-2
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "admin1", "expected"),
    [
        # ACLED spellings (exports 2020–2025)
        ("Ukraine", "Kharkiv", "UA-63"), ("Ukraine", "Kyiv", "UA-32"), ("Ukraine", "Kyiv City", "UA-30"),
        ("Ukraine", "Zaporizhia", "UA-23"), ("Ukraine", "Kirovograd", "UA-35"), ("Ukraine", "Kirovohrad", "UA-35"),
        ("Ukraine", "Odesa", "UA-51"), ("Ukraine", "Zakarpattia", "UA-21"), ("Ukraine", "Khmelnytskyi", "UA-68"),
        ("Ukraine", "Autonomous Republic of Crimea", "UA-43"),
        ("Russia", "Belgorod", "RU-BEL"), ("Russia", "Kursk", "RU-KRS"), ("Russia", "Rostov", "RU-ROS"),
        ("Russia", "Bryansk", "RU-BRY"), ("Russia", "Moscow", "RU-MOW"), ("Russia", "Moscow Oblast", "RU-MOS"),
        ("Russia", "Republic of Tatarstan", "RU-TA"), ("Russia", "Udmurt Republic", "RU-UD"),
        ("Russia", "Republic of Altai", "RU-AL"), ("Russia", "Altai", "RU-ALT"), ("Russia", "Primorskiy", "RU-PRI"),
        ("Belarus", "Gomel", "BY-HO"),
        # UCDP GED spellings (19.1–25.1, Candidate 26.0.5)
        ("Ukraine", "Kharkiv oblast", "UA-63"), ("Ukraine", "Kharkiv Oblast", "UA-63"),
        ("Ukraine", "Donets'k oblast", "UA-14"), ("Ukraine", "Donetsk Oblast", "UA-14"),
        ("Ukraine", "Avtonomna Respublika Krym", "UA-43"), ("Ukraine", "Zaporizhzhya oblast", "UA-23"),
        ("Ukraine", "Mykolayiv oblast", "UA-48"), ("Ukraine", "Odessa oblast", "UA-51"),
        ("Ukraine", "Kiev Special Republican city", "UA-30"), ("Ukraine", "Kyiv Special Republican city", "UA-30"),
        ("Ukraine", "Vinnytsya oblast", "UA-05"), ("Ukraine", "Kyiv oblast", "UA-32"),
        ("Russia (Soviet Union)", "Belgorod oblast", "RU-BEL"), ("Russia (Soviet Union)", "Moscow oblast", "RU-MOS"),
        ("Russia (Soviet Union)", "Dagestan republic", "RU-DA"), ("Russia (Soviet Union)", "Rostov oblast", "RU-ROS"),
    ],
)  # fmt: skip
def test_brd030_source_names_to_iso(country: str, admin1: str, expected: str) -> None:
    assert source_region(country, admin1) == (expected[:2], expected)


def test_brd031_unknown_or_missing_names_give_no_code() -> None:
    assert source_region("Ukraine", "Donets Basin Area") == ("UA", None)
    assert source_region("Ukraine", "") == ("UA", None)
    assert source_region("Ukraine", None) == ("UA", None)
    assert source_region("Ukraine", "Belgorod") == ("UA", None)  # a Russian region under Ukraine: no guess
    assert source_region(None, "Kharkiv") == (None, None)
    assert country_code("Russia (Soviet Union)") == "RU"
    assert country_code("DR Congo (Zaire)") == "CD"


def test_brd032_source_regions_columns() -> None:
    out = source_regions(["Ukraine", "Ukraine", None], ["Crimea", "Crimea", None], ["Sevastopol", "Yalta", None])
    assert out["admin1_code"].tolist() == ["UA-40", "UA-43", pd.NA]
    assert out["country"].tolist() == ["UA", "UA", pd.NA]


# --------------------------------------------------------------------------------------------------------
# Import: the source's coding is kept, the point's beside it where they disagree
# --------------------------------------------------------------------------------------------------------

# Shaped like a real ACLED API export (column order of the API, day-first dates); values written by hand,
# coordinates of real places (ACLED's terms forbid shipping its data).
ACLED_API_HEADER = (
    "id,iso,event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
    "actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,"
    "source_scale,notes,fatalities,timestamp,geo_precision,source,civilian_targeting,disorder_type,tags,actor_dyad"
)
ACLED_ROWS = [
    # event id, country, admin1, admin2, location, lat, lon
    ("UKR1", "Ukraine", "Kharkiv", "Kharkivskyi", "Kharkiv", "49.9935", "36.2304"),
    ("UKR2", "Ukraine", "Sumy", "Sumskyi", "Volfyne", "51.24139", "34.46169"),  # NE put it in Kursk
    ("RUS3", "Russia", "Belgorod", "Belgorodskiy", "Kharkiv", "49.9935", "36.2304"),  # coded Belgorod, point Kharkiv
    ("UKR4", "Ukraine", "Crimea", "Sevastopol", "Sevastopol", "44.58", "33.52"),
    ("UKR5", "Ukraine", "Donbas", "", "Bakhmut", "48.5956", "38.0003"),  # a name that maps to nothing
    ("UKR6", "Ukraine", "", "", "Black Sea", "46.49", "30.78"),  # no admin1: the point's
    ("UKR7", "Ukraine", "Odesa", "", "Black Sea", "43.5", "34.0"),  # mid-sea: the point says nothing
]


@pytest.fixture
def acled_file(tmp_path: Path) -> Path:
    lines = [ACLED_API_HEADER]
    for event_id, country, admin1, admin2, location, lat, lon in ACLED_ROWS:
        iso = "804" if country == "Ukraine" else "643"
        lines.append(
            f"1,{iso},{event_id},2024-10-01,2024,1,Explosions/Remote violence,Air/drone strike,Military Forces of "
            f"Russia (2000-),,8,,,0,80,Europe,{country},{admin1},{admin2},,{location},{lat},{lon},National,"
            f"Drone strike.,0,1700000000,1,Ukrinform,,Political violence,,"
        )
    path = tmp_path / "acled_api.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_brd040_import_keeps_source_coding_and_flags_disagreement(built: None, acled_file: Path) -> None:
    from dashboard.ingest import prepare

    prepared = prepare(acled_file, "acled")
    assert prepared.ok, prepared.errors
    ev = prepared.events.set_index("event_id")
    cols = ["country", "admin1_code", "admin1", "region_source", "region_disagrees", "admin1_code_spatial"]
    got = {i: tuple(None if pd.isna(v) else v for v in ev.loc[i, cols]) for i in ev.index}
    assert got["UKR1"] == ("UA", "UA-63", "Kharkiv", "source", False, None)
    assert got["UKR2"] == ("UA", "UA-59", "Sumy", "source", False, None)
    assert got["RUS3"] == ("RU", "RU-BEL", "Belgorod", "source", True, "UA-63")
    assert ev.loc["RUS3", "country_spatial"] == "UA"
    assert got["UKR4"] == ("UA", "UA-40", "Sevastopol", "source", False, None)
    assert got["UKR5"][:4] == ("UA", "UA-14", "Donetsk", "point, source name unknown")
    assert ev.loc["UKR5", "source_admin1"] == "Donbas"
    assert got["UKR6"][:4] == ("UA", "UA-51", "Odesa", "point")
    assert got["UKR7"] == ("UA", "UA-51", "Odesa", "source", False, None)
    # coordinates never move
    assert (ev.loc["RUS3", "latitude"], ev.loc["RUS3", "longitude"]) == (49.9935, 36.2304)
    assert ev.loc["RUS3", "geometry"].equals(Point(36.2304, 49.9935))


def test_brd041_ucdp_adm1_is_kept(built: None, tmp_path: Path) -> None:
    from dashboard.ingest import prepare

    villages = UCDP_VILLAGES.assign(
        type_of_violence="1", date_start="2022-05-01", date_prec="1", where_prec="1", best="0"
    )
    path = tmp_path / "ged.csv"
    villages.to_csv(path, index=False)
    prepared = prepare(path, "ucdp")
    assert prepared.ok, prepared.errors
    ev = prepared.events
    assert (ev["region_source"] == "source").all()
    assert not ev["region_disagrees"].any()  # with OSM borders, point and UCDP agree on every one
    expected = [source_region(c, a)[1] for c, a in zip(villages["country"], villages["adm_1"], strict=True)]
    assert ev["admin1_code"].tolist() == expected
