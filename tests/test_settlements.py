"""The committed settlement table (Ukraine's register KATOTTG, GeoNames points) and its index."""

from __future__ import annotations

import pandas as pd
import pycountry

from dashboard.geo.settlements import SettlementIndex, load_settlements


def test_set100_every_register_settlement_with_its_oblast_and_raion() -> None:
    t = load_settlements()
    districts = t["category"] == "B"  # city districts, under their city
    assert districts.sum() == 108 and t.loc[districts, "parent"].isin(t["katottg"]).all()
    t = t[~districts]
    assert len(t) == 29_703  # KATOTTG edition of 19 January 2024: 461 cities, 1,979 selyshches, 27,261 villages, 2
    assert t["katottg"].is_unique and t["katottg"].str.match(r"^UA\d{17}$").all()
    assert set(t["admin1_code"]) == {s.code for s in pycountry.subdivisions.get(country_code="UA")}
    assert (t.loc[t["category"] != "K", "raion"] != "").all()
    located = t["latitude"].notna()
    assert located.sum() > 4_500  # GeoNames places of ≥ 500 people matched to the register
    inside = t.loc[located, "latitude"].between(44.3, 52.4) & t.loc[located, "longitude"].between(22.1, 40.3)
    assert inside.all()
    sevastopol = t[t["name"] == "Sevastopol"].iloc[0]
    assert (sevastopol["category"], sevastopol["admin1_code"]) == ("K", "UA-40")


def test_set101_raion_qualifiers() -> None:
    index = SettlementIndex(load_settlements())
    okhtyrskyi = {(a.admin1_code, a.raion) for a in index.areas_for("okhtyrskyi raion", {"UA-59"})}
    assert okhtyrskyi == {("UA-59", "Okhtyrskyi")}
    assert index.areas_for("okhtyrka raion", {"UA-59"}) == index.areas_for("okhtyrskyi raion", {"UA-59"})
    # Abolished in 2020: the raion that took in its centre, Velyka Pysarivka.
    assert {a.raion for a in index.areas_for("velykopysarivskyi raion", {"UA-59"})} == {"Okhtyrskyi"}
    assert {a.raion for a in index.areas_for("sievierodonetskyi", {"UA-09"})} == {"Siverskodonetskyi"}
    assert index.areas_for("near the railway station", {"UA-59"}) == set()
    # Abolished raions named after a centre's former name, or by its consonants only.
    assert {a.raion for a in index.areas_for("krasnoarmiiskyi raion", {"UA-14"})} == {"Pokrovskyi"}
    assert {a.raion for a in index.areas_for("sakskyi raion", {"UA-43"})} == {"Yevpatoriiskyi"}
    assert {a.raion for a in index.areas_for("krasnohvardiiskyi raion", {"UA-43"})} == {"Kurmanskyi"}
    assert {a.raion for a in index.areas_for("velykonovosilkivskyi raion", {"UA-14"})} == {"Volnovaskyi"}
    assert index.areas_for("oleksandrivskyi raion", {"UA-14"}) == set()  # Oleksandrivkas in several raions


def test_set102_russian_based_spellings() -> None:
    from dashboard.geo.settlements import russian_forms

    assert "volfino" in russian_forms("volfyne")
    assert {"ivanovka", "ivanevka"} <= russian_forms("ivanivka")
    assert "pokrovskoye" in russian_forms("pokrovske")
    assert "gorenka" in russian_forms("horenka")
    assert "kharkiv" not in russian_forms("kharkiv")  # kh stays kh


def test_set103_points_from_two_sources_that_agree() -> None:
    t = load_settlements()
    sources = t["point_source"].value_counts()
    assert sources["geonames"] > 4_500 and sources["openstreetmap"] > 4_500
    assert (t["latitude"].notna() == t["point_source"].ne("")).all()
    # Where GeoNames and OpenStreetMap disagree by more than 10 km, neither point is kept.
    from dashboard.geo.settlements import _with_osm_points

    two = pd.DataFrame({"katottg": ["A", "B"], "latitude": [50.0, 50.0], "longitude": [30.0, 30.0]})
    osm = pd.DataFrame({"katottg": ["A", "B"], "latitude": [50.01, 50.5], "longitude": [30.0, 30.0]})
    out = _with_osm_points(two, osm)
    assert out["latitude"].tolist()[0] == 50.0 and pd.isna(out["latitude"].tolist()[1])


def test_set104_sevastopol_covers_the_villages_the_register_files_under_crimea() -> None:
    from dashboard.geo import get_geocoder

    g = get_geocoder()
    kacha = g.geocode("Kacha, Sevastopol")
    assert kacha.ok and kacha.name == "Kacha" and abs(kacha.lat - 44.777) < 0.01
    assert g.geocode("Orlivka, Sevastopol").ok  # one Orlivka there; Crimea has three
    assert not g.geocode("Orlivka, Crimea").ok and len(g.geocode("Orlivka, Crimea").candidates) == 3
    assert g.geocode("Balaklava, Sevastopol").ok


def test_set105_a_hamlet_geonames_spells_the_russian_way_found_in_its_raion() -> None:
    from dashboard.geo import get_geocoder

    g = get_geocoder()
    r = g.geocode("Tymkivka, Kupianskyi Raion, Kharkiv Oblast")  # GeoNames: Timkovka, no register settlement
    assert r.ok and r.name == "Timkovka" and r.score <= 90
    assert not g.geocode("Tymkivka, Kharkiv Oblast").ok or g.geocode("Tymkivka, Kharkiv Oblast").score < 100
