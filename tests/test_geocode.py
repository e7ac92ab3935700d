"""Geocoder: a table of real queries against the built reference data, and pure ranking on small frames."""

from __future__ import annotations

import csv
import dataclasses
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from dashboard.geo import (
    Geocoder,
    GeocodeResult,
    get_geocoder,
    load_admin1,
    load_gazetteer,
    normalize_name,
    region_centroid,
)
from dashboard.geo.geocode import spelling_skeleton
from dashboard.geo.normalize import strip_region_words, transliterate_uk_official

CASES_PATH = Path(__file__).with_name("geocode_cases.csv")
TOLERANCE_KM = 10.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def load_cases() -> list[dict[str, str]]:
    with CASES_PATH.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


CASES = load_cases()


@pytest.fixture(scope="module")
def geocoder(reference: None) -> Geocoder:
    """The real geocoder over the reference data the ``reference`` fixture (conftest.py) builds once."""
    return get_geocoder()


# --------------------------------------------------------------------------------------------------------
# The table (tests/geocode_cases.csv)
# --------------------------------------------------------------------------------------------------------


def test_geo100_case_table_is_large_and_unique() -> None:
    ids = [c["case_id"] for c in CASES]
    assert len(ids) >= 60
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['case_id']}-{c['query'] or 'empty'}" for c in CASES])
def test_geo101_case_table(geocoder: Geocoder, case: dict[str, str]) -> None:
    result = geocoder.geocode(case["query"])
    if not case["country"]:
        assert not result.ok, f"{case['query']!r} should not be a place, got {result}"
        assert result.error
        assert result.lat is None and result.lon is None
        return
    assert result.ok, result.error
    assert result.country == case["country"]
    assert result.admin1_code == case["admin1_code"]
    assert result.geo_precision == int(case["geo_precision"])
    assert 0 < result.score <= 100
    if case["lat"]:
        dist = haversine_km(float(case["lat"]), float(case["lon"]), result.lat, result.lon)
        assert dist <= TOLERANCE_KM, f"{dist:.1f} km off: {result}"
    else:
        # Regions: the representative point of the polygon, which lies inside it.
        assert (result.lat, result.lon) == region_centroid(case["admin1_code"])
        admin1 = load_admin1().set_index("admin1_code")
        assert admin1.loc[case["admin1_code"], "geometry"].contains(Point(result.lon, result.lat))


def test_geo102_table_accuracy_report(geocoder: Geocoder) -> None:
    """All table rows pass (the per-row test says which fails); this one reports the figure."""
    hits = 0
    for case in CASES:
        r = geocoder.geocode(case["query"])
        if not case["country"]:
            hits += not r.ok
        elif r.ok and r.country == case["country"] and r.admin1_code == case["admin1_code"]:
            hits += 1
    print(f"geocode table accuracy: {hits}/{len(CASES)}")
    assert hits == len(CASES)


# --------------------------------------------------------------------------------------------------------
# Villages, written the way analysts write them (tests/geocode_settlement_cases.csv)
# --------------------------------------------------------------------------------------------------------

SETTLEMENT_CASES = list(csv.DictReader(CASES_PATH.with_name("geocode_settlement_cases.csv").open(encoding="utf-8")))


@pytest.mark.parametrize("case", SETTLEMENT_CASES, ids=[f"{c['case_id']}-{c['query']}" for c in SETTLEMENT_CASES])
def test_geo103_settlement_table(geocoder: Geocoder, case: dict[str, str]) -> None:
    """Place, raion, oblast: the right village, or no point and the reason, never a namesake elsewhere."""
    r = geocoder.geocode(case["query"])
    if case["expect"] == "place":
        assert r.ok, r.error
        assert (r.name, r.admin1_code, r.geo_precision) == (case["name"], case["admin1_code"], 1)
        assert haversine_km(float(case["lat"]), float(case["lon"]), r.lat, r.lon) <= TOLERANCE_KM
        return
    assert not r.ok and r.lat is None, f"{case['query']!r} should not get a point, got {r}"
    assert case["error_has"] in r.error
    if case["expect"] != "elsewhere" or "district" not in r.error:
        assert r.candidates, "the places it could be are named"
    if case["expect"] == "ambiguous":
        assert len(r.candidates) >= 2
        assert "add the" in r.error


def test_geo104_ambiguity_in_json(geocoder: Geocoder) -> None:
    d = geocoder.geocode("Ivanivka, Kherson Oblast").to_dict()
    assert d["lat"] is None and "add the raion" in d["error"]
    assert any("Beryslavskyi raion" in c for c in d["candidates"])
    assert "candidates" not in geocoder.geocode("Kharkiv").to_dict()


def test_geo105_fuzzy_never_lands_on_another_settlement(geocoder: Geocoder) -> None:
    # Kalynivka is a real village name (dozens of them): no fuzzy step may turn it into Kalynivskyi.
    for q in ["Kalynivka, Donetsk Oblast", "Kalynivka"]:
        r = geocoder.geocode(q)
        assert not r.ok or r.name == "Kalynivka", r


# --------------------------------------------------------------------------------------------------------
# Behaviour on the real data
# --------------------------------------------------------------------------------------------------------


def test_geo110_odessa_prefers_bias_not_absence(geocoder: Geocoder) -> None:
    gaz = load_gazetteer()
    us = gaz[(gaz["country"] == "US") & (gaz["name"] == "Odessa")]
    assert len(us) >= 1, "Odessa, Texas must be in the gazetteer"
    assert geocoder.geocode("Odessa").country == "UA"
    # The bias is a parameter: towards the US, the Texan town (whose main name is Odessa) wins.
    assert geocoder.geocode("Odessa", country_bias=("US",)).admin1_code == "US-TX"
    assert geocoder.geocode("Odessa, Texas").admin1_code == "US-TX"


def test_geo111_country_bias_parameter(geocoder: Geocoder) -> None:
    # Moscow, Idaho (25k) only wins when the bias points there and a US qualifier narrows.
    assert geocoder.geocode("Moscow").country == "RU"
    r = geocoder.geocode("Moscow, Idaho")
    assert (r.country, r.admin1_code) == ("US", "US-ID")


def test_geo112_city_names_use_official_transliteration(geocoder: Geocoder) -> None:
    names = {q: geocoder.geocode(q).name for q in ("Zaporozhye", "Nikolaev", "Kiev", "Pervomaysk", "Izyum")}
    assert names == {
        "Zaporozhye": "Zaporizhzhia",
        "Nikolaev": "Mykolaiv",
        "Kiev": "Kyiv",
        "Pervomaysk": "Pervomaisk",
        "Izyum": "Izium",
    }


def test_geo113_admin1_comes_from_the_point_not_the_text(geocoder: Geocoder) -> None:
    # The query names Kharkiv oblast, but the only Pokrovsk of that size is in Donetsk oblast: a region
    # qualifier that excludes every candidate leaves the query unresolved instead of mislabelling it.
    r = geocoder.geocode("Pokrovsk, Kharkiv Oblast")
    assert not r.ok or r.admin1_code == "UA-63"
    assert geocoder.geocode("Pokrovsk").admin1 == "Donetsk"


def test_geo114_unknown_qualifier_lowers_score(geocoder: Geocoder) -> None:
    r = geocoder.geocode("Kharkiv, near the railway station")
    assert r.ok and r.admin1_code == "UA-63"
    assert r.score < 100


def test_geo115_fuzzy_scores_below_exact(geocoder: Geocoder) -> None:
    exact, fuzzy = geocoder.geocode("Mariupol"), geocoder.geocode("Mariupil")
    assert exact.score == 100
    assert 80 <= fuzzy.score < 100
    assert fuzzy.name == exact.name


def test_geo116_errors_say_why(geocoder: Geocoder) -> None:
    assert geocoder.geocode("").error == "empty query"
    assert geocoder.geocode("Florida meeting").error == "no place matches 'Florida meeting'"
    assert "country" in geocoder.geocode("Russia").error
    assert "Donetsk" in geocoder.geocode("Donbas").error
    assert "in Russia" in geocoder.geocode("Odessa, Russia").error


def test_geo117_geocode_many_keeps_order_and_caches(geocoder: Geocoder) -> None:
    queries = ["Kharkiv", "Odesa", "Florida meeting", "Kharkiv", "Uman"]
    results = geocoder.geocode_many(queries)
    assert [r.query for r in results] == queries
    assert results[0] is results[3]  # cached: the very same object
    assert [r.ok for r in results] == [True, True, False, True, True]


def test_geo118_none_and_nan_queries(geocoder: Geocoder) -> None:
    assert geocoder.geocode(None).error == "empty query"  # type: ignore[arg-type]
    assert geocoder.geocode(float("nan")).error == "empty query"  # type: ignore[arg-type]


def test_geo119_gazetteer_names_resolve_in_bulk(geocoder: Geocoder) -> None:
    # Timing lives in `make bench`, never in unit tests: here only that bulk lookups resolve.
    gaz = load_gazetteer()
    names = gaz.loc[gaz["country"].isin(["UA", "RU"]), "name"].sample(2000, random_state=7).tolist()
    results = Geocoder(gaz, load_admin1()).geocode_many(names)
    assert sum(r.ok for r in results) >= 0.99 * len(names)


# --------------------------------------------------------------------------------------------------------
# Pure ranking on small hand-built frames
# --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_admin1() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "admin1_code": ["UA-51", "UA-14", "US-TX", "RU-SAR", "UA-43"],
            "admin1": ["Odesa", "Donetsk", "Texas", "Saratov", "Crimea"],
            "country": ["UA", "UA", "US", "RU", "UA"],
            "alt_names": [["Odessa"], ["Donets'ka Oblast'"], [], [], ["Republic of Crimea"]],
        },
        geometry=[
            box(29, 45, 31, 48),
            box(36, 47, 39, 49),
            box(-106, 26, -94, 36),
            box(44, 50, 48, 53),
            box(32, 44, 36.7, 46),
        ],
        crs=4326,
    )


@pytest.fixture(scope="module")
def small_gazetteer() -> pd.DataFrame:
    rows = [
        # name, lat, lon, country, population, admin1_code, admin1, alternate names
        ("Odesa", 46.48, 30.74, "UA", 1_010_000, "UA-51", "Odesa", ["Odessa", "Одеса"]),
        ("Odessa", 31.85, -102.37, "US", 114_000, "US-TX", "Texas", []),
        ("Pokrovsk", 48.28, 37.18, "UA", 60_000, "UA-14", "Donetsk", ["Krasnoarmeysk"]),
        ("Engels", 51.48, 46.11, "RU", 196_000, "RU-SAR", "Saratov", ["Pokrovsk"]),
        ("Kerch", 45.36, 36.47, "UA", 149_000, "UA-43", "Crimea", ["Керчь"]),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "name",
            "latitude",
            "longitude",
            "country",
            "population",
            "admin1_code",
            "admin1",
            "alternatenames",
        ],
    )


@pytest.fixture(scope="module")
def small(small_gazetteer: pd.DataFrame, small_admin1: gpd.GeoDataFrame) -> Geocoder:
    return Geocoder(small_gazetteer, small_admin1)


@pytest.mark.parametrize(
    ("query", "bias", "expected"),
    [
        ("Odessa", ("UA", "RU"), ("Odesa", "UA")),
        ("Odessa", ("US",), ("Odessa", "US")),  # bias x100 and main name x10 beat 9x the population
        ("Odessa, Texas", ("UA", "RU"), ("Odessa", "US")),
        ("Odessa, US", ("UA", "RU"), ("Odessa", "US")),
        ("Pokrovsk", ("UA", "RU"), ("Pokrovsk", "UA")),  # main name beats Engels' old name
        ("Krasnoarmeysk", ("UA", "RU"), ("Pokrovsk", "UA")),
        ("Керчь", ("UA", "RU"), ("Kerch", "UA")),
        ("ODESSA", ("UA",), ("Odesa", "UA")),
    ],
)
def test_geo120_small_ranking(small: Geocoder, query: str, bias: tuple[str, ...], expected: tuple[str, str]) -> None:
    r = small.geocode(query, country_bias=bias)
    assert (r.name, r.country) == expected


def test_geo121_small_bias_decides_between_similar_sizes(
    small_gazetteer: pd.DataFrame, small_admin1: gpd.GeoDataFrame
) -> None:
    gaz = small_gazetteer.copy()
    gaz.loc[gaz["country"] == "US", "population"] = 2_000_000  # a bigger Odessa abroad
    g = Geocoder(gaz, small_admin1)
    assert g.geocode("Odessa").country == "UA"  # 1.0M + bias (x100) beats 2.0M
    assert g.geocode("Odessa", country_bias=("US",)).country == "US"


def test_geo122_small_region_queries(small: Geocoder, small_admin1: gpd.GeoDataFrame) -> None:
    r = small.geocode("Odessa region")
    assert (r.admin1_code, r.geo_precision, r.name) == ("UA-51", 3, "Odesa")
    poly = small_admin1.set_index("admin1_code").loc["UA-51", "geometry"]
    assert poly.contains(Point(r.lon, r.lat))
    assert small.geocode("Republic of Crimea").admin1_code == "UA-43"
    assert small.geocode("Donetska oblast").admin1_code == "UA-14"


def test_geo123_small_crimea_city_admin1_from_gazetteer_row(small: Geocoder) -> None:
    r = small.geocode("Kerch")
    assert (r.country, r.admin1_code, r.admin1, r.geo_precision) == ("UA", "UA-43", "Crimea", 1)


def test_geo124_small_unresolved(small: Geocoder) -> None:
    for q in ["", "   ", ",", "Florida meeting", "NATO", "Ukraine", "Odessa, Russia"]:
        r = small.geocode(q)
        assert not r.ok and r.error, q


# --------------------------------------------------------------------------------------------------------
# GeocodeResult
# --------------------------------------------------------------------------------------------------------


def test_geo130_result_to_dict_order() -> None:
    r = GeocodeResult("Kharkiv", "Kharkiv", 49.98, 36.25, "UA", "UA-63", "Kharkiv", 1, 100.0)
    assert list(r.to_dict()) == [
        "query", "name", "lat", "lon", "country", "admin1_code", "admin1", "geo_precision", "score",
    ]  # fmt: skip
    assert r.ok
    bad = GeocodeResult("asdf", error="no place matches 'asdf'")
    assert list(bad.to_dict())[-1] == "error"
    assert not bad.ok
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.lat = 0.0  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Kharkiv", "kharkiv"),
        ("Харків", "kharkiv"),
        ("Харьков", "kharkov"),
        ("Запоріжжя", "zaporizhzhia"),
        ("Запорожье", "zaporozhye"),
        ("Zaporozh’ye", "zaporozhye"),
        ("Zaporozh'ye", "zaporozhye"),
        ("Zaporozhʼye", "zaporozhye"),
        ("Zaporozh`ye", "zaporozhye"),
        ("Київ", "kyiv"),
        ("Новошахтинск", "novoshakhtinsk"),
        ("Rostov-on-Don", "rostov on don"),
        ("  St.  Petersburg ", "st petersburg"),
        ("Kraków", "krakow"),
        ("Łódź", "lodz"),
        ("Харківська область", "kharkivska oblast"),
        ("東京", ""),
        ("", ""),
    ],
)
def test_geo140_normalize_name(text: str, key: str) -> None:
    assert normalize_name(text) == key


@pytest.mark.parametrize(
    ("text", "official"),
    [("Запоріжжя", "Zaporizhzhia"), ("Київ", "Kyiv"), ("Миколаїв", "Mykolaiv"), ("Згурівка", "Zghurivka"),
     ("Лук'янівка", "Lukianivka"), ("Євпаторія", "Yevpatoriia"), ("Ізюм", "Izium")],
)  # fmt: skip
def test_geo141_ukrainian_official_transliteration(text: str, official: str) -> None:
    assert transliterate_uk_official(text) == official


def test_geo143_other_gender_is_another_place() -> None:
    from dashboard.geo.name_matching import other_gender as _other_gender

    assert _other_gender("trudivski", "trudivskyi")
    assert _other_gender("pokrovske", "pokrovska")
    assert not _other_gender("pokrovske", "pokrovskoye")  # one neuter name, two romanisations
    assert not _other_gender("mariupil", "mariupol")
    assert spelling_skeleton("trudivski") != spelling_skeleton("trudivskyi")


def test_geo142_region_words_and_skeleton() -> None:
    assert strip_region_words("kharkivska oblast") == "kharkivska"
    assert strip_region_words("republic of crimea") == "crimea"
    assert spelling_skeleton("kharkiw") == spelling_skeleton("kharkiv")
    assert spelling_skeleton("odesssa") == spelling_skeleton("odesa")


def test_geo105_no_fuzzy_step_from_one_village_s_name_to_another_s(geocoder: Geocoder) -> None:
    """A border village the gazetteer does not know is not turned into a bigger one it knows by changing the first
    letter ("Nekhoteevka" is 87% "Bekhteyevka", another village of Belgorod Oblast)."""
    r = geocoder.geocode("Nekhoteyevka, Belgorod Oblast")
    assert not r.ok and r.lat is None
    assert geocoder.geocode("Charkiw").name == "Kharkiv"  # a city's name is misspelt there


def test_geo106_namesakes_in_a_russian_region_are_named_not_ranked(geocoder: Geocoder) -> None:
    """Two places of one name in the region asked about: the places it could be, not the bigger one (the rule the
    register applies in Ukraine), unless one is a city ten times bigger ("Semiluki", the town, not the village)."""
    r = geocoder.geocode("Podgornoye, Voronezh Oblast")
    assert not r.ok and len(r.candidates) == 2 and "2 places named Podgornoye" in r.error
    assert geocoder.geocode("Semiluki, Voronezh Oblast").ok
    assert geocoder.geocode("Novoshakhtinsk, Rostov region, Russia").ok
