"""Reference data: the admin-1 table (ISO 3166-2 mapping, the Crimea rule) and the gazetteer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pycountry
import pytest
from shapely.geometry import Point, shape

from dashboard import config
from dashboard.geo import (
    ATTRIBUTION,
    ATTRIBUTION_HTML,
    ReferenceMissing,
    admin1_outlines,
    build_reference,
    clear_caches,
    find_world_map,
    load_admin1,
    load_gazetteer,
    normalize_name,
)
from dashboard.geo import admin1 as a1
from dashboard.geo import reference as ref

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(reference: None) -> None:
    """The reference data, built once per session by the ``reference`` fixture in conftest.py."""


@pytest.fixture(scope="module")
def admin1(built: None) -> gpd.GeoDataFrame:
    return load_admin1()


@pytest.fixture(scope="module")
def gazetteer(built: None) -> pd.DataFrame:
    return load_gazetteer()


@pytest.fixture(scope="module")
def natural_earth() -> gpd.GeoDataFrame:
    return gpd.read_file(find_world_map(), layer=a1.WORLD_MAP_LAYER)


# --------------------------------------------------------------------------------------------------------
# Admin-1
# --------------------------------------------------------------------------------------------------------


def test_geo001_admin1_schema(admin1: gpd.GeoDataFrame) -> None:
    assert admin1.crs.to_epsg() == 4326
    assert {"admin1_code", "admin1", "country", "geometry"} <= set(admin1.columns)
    assert admin1["admin1_code"].is_unique
    assert admin1[["admin1_code", "admin1", "country"]].notna().all().all()
    assert admin1.geometry.is_valid.all()
    assert admin1.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert (admin1["country"].str.len() == 2).all()


@pytest.mark.parametrize("country", ["UA", "RU"])
def test_geo002_every_ua_ru_polygon_maps_to_one_iso_code(natural_earth: gpd.GeoDataFrame, country: str) -> None:
    ne = natural_earth.copy()
    ne["country"] = ne.apply(a1._ne_country, axis=1)
    ne = ne[ne["adm0_a3"].isin(["UKR", "RUS"]) & ne["name"].notna()]
    codes = a1._match_codes(ne)
    assert codes.notna().all(), f"unmapped: {ne.loc[codes.isna(), 'name'].tolist()}"
    iso = {s.code for s in pycountry.subdivisions.get(country_code=country)}
    mine = codes[codes.str.startswith(country)]
    assert set(mine) == iso
    assert mine.is_unique, "two Natural Earth polygons took the same code"


def test_geo003_ua_has_27_codes_ru_83(admin1: gpd.GeoDataFrame) -> None:
    ua = admin1[admin1["country"] == "UA"]
    ru = admin1[admin1["country"] == "RU"]
    assert len(ua) == 27
    assert {"UA-43", "UA-40"} <= set(ua["admin1_code"])
    assert len(ru) == 83
    assert set(ru["admin1_code"]) == {s.code for s in pycountry.subdivisions.get(country_code="RU")}


def test_geo004_crimea_rule(admin1: gpd.GeoDataFrame) -> None:
    by_code = admin1.set_index("admin1_code")
    assert (by_code.loc["UA-43", "country"], by_code.loc["UA-43", "admin1"]) == ("UA", "Crimea")
    assert (by_code.loc["UA-40", "country"], by_code.loc["UA-40", "admin1"]) == ("UA", "Sevastopol")
    simferopol, sevastopol = Point(34.1024, 44.9521), Point(33.52, 44.58)  # Sevastopol: inland of the bay
    assert by_code.loc["UA-43", "geometry"].contains(simferopol)
    assert by_code.loc["UA-40", "geometry"].contains(sevastopol)
    russia = admin1[admin1["country"] == "RU"]
    assert not russia.geometry.contains(simferopol).any()


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("UA-63", "Kharkiv"), ("UA-23", "Zaporizhzhia"), ("UA-48", "Mykolaiv"), ("UA-51", "Odesa"),
        ("UA-32", "Kyiv"), ("UA-30", "Kyiv City"), ("UA-12", "Dnipropetrovsk"), ("UA-14", "Donetsk"),
        ("UA-09", "Luhansk"), ("UA-65", "Kherson"), ("UA-71", "Cherkasy"), ("UA-43", "Crimea"),
        ("UA-40", "Sevastopol"), ("RU-ROS", "Rostov"), ("RU-BEL", "Belgorod"), ("RU-KRS", "Kursk"),
        ("RU-MOW", "Moscow"), ("RU-MOS", "Moscow Oblast"), ("RU-BRY", "Bryansk"), ("RU-KDA", "Krasnodar"),
        ("US-TX", "Texas"), ("PL-14", "Masovian"), ("BY-HM", "City of Minsk"),
    ],
)  # fmt: skip
def test_geo005_short_english_names(admin1: gpd.GeoDataFrame, code: str, name: str) -> None:
    assert admin1.set_index("admin1_code").loc[code, "admin1"] == name


def test_geo006_short_name_tables_cover_iso() -> None:
    assert set(a1.UA_ADMIN1_NAMES) == {s.code for s in pycountry.subdivisions.get(country_code="UA")}
    assert set(a1.RU_ADMIN1_NAMES) == {s.code for s in pycountry.subdivisions.get(country_code="RU")}


def test_geo007_fallback_codes_are_marked(admin1: gpd.GeoDataFrame) -> None:
    iso = {s.code for s in pycountry.subdivisions}
    not_iso = admin1.loc[~admin1["admin1_code"].isin(iso), "admin1_code"]
    assert not_iso.str.contains("-NE-").all(), not_iso[~not_iso.str.contains("-NE-")].tolist()[:5]
    assert len(not_iso) < 0.25 * len(admin1)


def test_geo008_unnamed_russian_sliver_is_kept(admin1: gpd.GeoDataFrame, natural_earth: gpd.GeoDataFrame) -> None:
    sliver = natural_earth[(natural_earth["adm0_a3"] == "RUS") & natural_earth["name"].isna()]
    assert len(sliver) == 1
    inside = sliver.geometry.iloc[0].representative_point()
    hits = admin1[admin1.geometry.contains(inside)]
    assert hits["country"].tolist() == ["RU"]


# --------------------------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------------------------


def test_geo020_gazetteer_schema(gazetteer: pd.DataFrame) -> None:
    cols = ["geonameid", "name", "latitude", "longitude", "country", "population", "admin1_code", "admin1"]
    assert [*cols, "primary_keys", "keys"] == list(gazetteer.columns)
    assert gazetteer["geonameid"].is_unique
    assert gazetteer["latitude"].between(-90, 90).all()
    assert gazetteer["longitude"].between(-180, 180).all()
    assert len(gazetteer) > 200_000


def test_geo021_gazetteer_covers_world_and_small_places(gazetteer: pd.DataFrame) -> None:
    counts = gazetteer["country"].value_counts()
    for country in ["UA", "RU", "BY", "MD", "PL", "RO", "GE", "US", "FR", "CN"]:
        assert counts.get(country, 0) > 50, country
    assert gazetteer["population"].min() < 1000  # villages are in


def test_geo022_gazetteer_admin1_from_polygons(gazetteer: pd.DataFrame) -> None:
    ua = gazetteer[gazetteer["country"] == "UA"]
    assert ua["admin1_code"].notna().mean() > 0.99
    assert ua["admin1_code"].dropna().str.startswith("UA-").all()
    crimea = gazetteer[gazetteer["name"].isin(["Simferopol", "Kerch", "Yevpatoriya", "Feodosiya", "Dzhankoy"])]
    crimea = crimea[crimea["population"] > 30_000]
    assert set(crimea["admin1_code"]) == {"UA-43"}
    assert set(crimea["country"]) == {"UA"}


def test_geo023_keys_are_normalised(gazetteer: pd.DataFrame) -> None:
    sample = gazetteer.sample(2000, random_state=3)
    for keys in sample["keys"]:
        assert len(keys) > 0
        for key in keys:
            assert key == normalize_name(key)


@pytest.mark.parametrize(("alias", "target", "country"), ref.CITY_ALIASES)
def test_geo024_city_aliases_are_keys(gazetteer: pd.DataFrame, alias: str, target: str, country: str) -> None:
    same = gazetteer[gazetteer["country"] == country]
    targets = same[same["primary_keys"].map(lambda ks: normalize_name(target) in ks)]
    biggest = targets.sort_values("population").iloc[-1]
    assert normalize_name(alias) in biggest["keys"]


def test_geo025_no_airport_codes_as_keys(gazetteer: pd.DataFrame) -> None:
    kharkiv = gazetteer[(gazetteer["country"] == "UA") & (gazetteer["name"] == "Kharkiv")].iloc[0]
    assert "hrk" not in kharkiv["keys"]
    assert "charkiw" in kharkiv["keys"]


# --------------------------------------------------------------------------------------------------------
# Building, loading, errors
# --------------------------------------------------------------------------------------------------------


def test_geo030_build_is_idempotent(built: None) -> None:
    before = (config.ADMIN1_PATH.stat().st_mtime_ns, config.GAZETTEER_PATH.stat().st_mtime_ns)
    messages: list[str] = []
    build_reference(progress=messages.append)
    assert (config.ADMIN1_PATH.stat().st_mtime_ns, config.GAZETTEER_PATH.stat().st_mtime_ns) == before
    assert "present" in messages[0]


def test_geo031_atomic_write(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "t.parquet"
    ref._atomic_write_parquet(pd.DataFrame({"a": [1, 2]}), target)
    assert pd.read_parquet(target)["a"].tolist() == [1, 2]
    assert [p.name for p in target.parent.iterdir()] == ["t.parquet"]  # no temp file left
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)

    class Boom(pd.DataFrame):
        def to_parquet(self, *args, **kwargs):  # type: ignore[override]
            Path(args[0]).write_bytes(b"partial")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        ref._atomic_write_parquet(Boom({"a": [3]}), target)
    assert pd.read_parquet(target)["a"].tolist() == [1, 2]  # old file intact
    assert [p.name for p in target.parent.iterdir()] == ["t.parquet"]


def test_geo032_missing_reference_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "GAZETTEER_PATH", tmp_path / "gazetteer.parquet")
    monkeypatch.setattr(config, "ADMIN1_PATH", tmp_path / "admin1.parquet")
    clear_caches()
    try:
        with pytest.raises(ReferenceMissing, match=r"python -m dashboard build"):
            load_gazetteer()
        with pytest.raises(ReferenceMissing, match=r"reference data missing"):
            load_admin1()
        assert issubclass(ReferenceMissing, FileNotFoundError)
    finally:
        monkeypatch.undo()
        clear_caches()


def test_geo033_missing_world_map_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "WORLD_MAP_CANDIDATES", [tmp_path / "nope.gpkg"])
    with pytest.raises(FileNotFoundError) as err:
        find_world_map()
    text = str(err.value)
    for hint in ("qgis-common", "QGIS", "Natural Earth", "STRIKE_ATLAS_WORLD_MAP", "nope.gpkg"):
        assert hint in text


def test_geo034_no_io_at_import(tmp_path: Path) -> None:
    env = {**os.environ, "STRIKE_ATLAS_REFERENCE": str(tmp_path / "missing"), "STRIKE_ATLAS_WORLD_MAP": ""}
    code = (
        "import dashboard.geo as g, dashboard.geo.geocode, dashboard.geo.regions, dashboard.geo.reference;"
        "print(sorted(g.__all__)[0])"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("module", "must_not_load"),
    [
        ("dashboard.geo.loaders", ("dashboard.geo.admin1", "dashboard.geo.geocode", "dashboard.geo.reference",
                                   "dashboard.geo.regions")),
        ("dashboard.geo.regions", ("dashboard.geo.admin1", "dashboard.geo.geocode", "dashboard.geo.reference")),
        ("dashboard.geo.geocode", ("dashboard.geo.admin1", "dashboard.geo.regions", "dashboard.geo.reference")),
        ("dashboard.geo.admin1", ("dashboard.geo.geocode", "dashboard.geo.regions", "dashboard.geo.reference")),
    ],
)  # fmt: skip
def test_geo037_no_import_circle(module: str, must_not_load: tuple[str, ...]) -> None:
    # The region join and the geocoder need the loaders only; the builders import them, never the reverse.
    code = f"import sys, {module}; print(' '.join(m for m in {must_not_load!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"importing {module} also imported {done.stdout.strip()}"


def test_geo038_clear_caches_reaches_derived_caches(built: None) -> None:
    from dashboard.geo import get_geocoder, region_centroid

    geocoder, outlines = get_geocoder(), admin1_outlines()
    region_centroid("UA-63")
    clear_caches()
    assert get_geocoder() is not geocoder
    assert admin1_outlines() is not outlines


def test_geo035_public_api_is_explicit() -> None:
    import dashboard.geo as geo
    from dashboard.geo import admin1, geocode, loaders, normalize, reference, regions

    assert set(geo.__all__) == set(geo._EXPORTS)  # every public name has a module to come from
    for module in (geo, admin1, geocode, loaders, normalize, reference, regions):
        assert module.__all__, module
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_geo036_attribution() -> None:
    for text in (ATTRIBUTION, ATTRIBUTION_HTML):
        assert "GeoNames" in text and "CC BY 4.0" in text and "Natural Earth" in text
        assert "OpenStreetMap contributors" in text and "ODbL" in text


# --------------------------------------------------------------------------------------------------------
# Outlines for map layers
# --------------------------------------------------------------------------------------------------------


def test_geo040_admin1_outlines(built: None) -> None:
    fc = admin1_outlines()
    assert fc["type"] == "FeatureCollection"
    countries = {f["properties"]["country"] for f in fc["features"]}
    assert countries == set(a1.DEFAULT_OUTLINE_COUNTRIES)
    codes = {f["properties"]["admin1_code"] for f in fc["features"]}
    assert {"UA-43", "UA-40", "UA-63", "RU-ROS"} <= codes
    assert admin1_outlines() is fc  # cached
    kharkiv = next(f for f in fc["features"] if f["id"] == "UA-63")
    geom = shape(kharkiv["geometry"])
    assert geom.contains(Point(36.2304, 49.9935))  # GeoJSON order: lon, lat
    minx, miny, maxx, maxy = geom.bounds
    assert 34 < minx < maxx < 39 and 48 < miny < maxy < 51


def test_geo041_admin1_outlines_subset_and_size(built: None) -> None:
    import json

    fc = admin1_outlines(("UA",), 0.02)
    assert len(fc["features"]) == 27
    assert len(json.dumps(fc)) < 600_000  # small enough to ship to a browser on venue Wi-Fi
