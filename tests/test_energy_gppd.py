"""The power plants extract is GPPD 1.3.0's: Ukraine's rows add up to the release's own country summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.energy.gppd import add_wiki_solar, wiki_solar_rows

SEED = Path(__file__).resolve().parent.parent / "data" / "seed" / "facilities" / "gppd_ua_ru_border.csv"
# output_database/global_power_plant_database_country_summary.csv of wri/global-power-plant-database at
# 7a91cfb ("Update version to 1.3.0"), row UKR: count 64, total 48.5698 GW, and per fuel (count, GW).
SUMMARY_1_3_0 = {
    "Coal": (21, 26.55),
    "Gas": (2, 1.74),
    "Hydro": (10, 5.729),
    "Nuclear": (4, 13.835),
    "Solar": (27, 0.7158),
}
# Two lines of raw_source_files/Wiki-Solar/wiki-solar-plant-additions-2019.csv (same commit); one has a space
# after its comma, as in the file.
WIKI_SOLAR = """country,id,name,lat,lon,loc_type,capacity,capacity_type,area,structure
UKR,62408,Bolgrad,45.765,28.599,exact,34.1,DC,86.5,Fixed tilt (N-S)
UKR,64383,Shargorod,48.785, 28.06,inexact,8.0,DC,16.0,Fixed tilt (N-S)
"""


def test_ukraine_rows_equal_the_gppd_1_3_0_country_summary() -> None:
    seed = pd.read_csv(SEED, dtype={"gppd_idnr": str})
    ukraine = seed[seed["country"] == "UA"]
    assert len(ukraine) == 64
    assert ukraine["capacity_mw"].sum() / 1000 == pytest.approx(48.5698, abs=1e-4)
    by_fuel = ukraine.groupby("primary_fuel")["capacity_mw"].agg(["size", "sum"])
    assert {f: (int(r["size"]), round(r["sum"] / 1000, 4)) for f, r in by_fuel.iterrows()} == SUMMARY_1_3_0
    assert seed["gppd_idnr"].is_unique


def test_wiki_solar_rows_as_the_gppd_build_script_makes_them(tmp_path: Path) -> None:
    raw = tmp_path / "wiki-solar.csv"
    raw.write_text(WIKI_SOLAR, encoding="utf-8")
    exclusion = tmp_path / "exclusion.csv"
    exclusion.write_text("id,iso\n64383,UKR\n", encoding="utf-8")
    rows = wiki_solar_rows(raw, exclusion)
    assert rows.to_dict(orient="records") == [
        {
            "country": "UKR",
            "gppd_idnr": "WKS0062408",
            "name": "Bolgrad",
            "primary_fuel": "Solar",
            "capacity_mw": 34.1,
            "latitude": 45.765,
            "longitude": 28.599,
        }
    ]
    assert len(wiki_solar_rows(raw)) == 2  # without the exclusion list, the spaced coordinate parses too


def test_add_wiki_solar_adds_only_new_ids(reference: None, tmp_path: Path) -> None:
    raw = tmp_path / "wiki-solar.csv"
    raw.write_text(WIKI_SOLAR, encoding="utf-8")
    seed = pd.read_csv(SEED, dtype={"gppd_idnr": str})
    assert add_wiki_solar(seed, wiki_solar_rows(raw)).equals(
        seed.sort_values(["country", "gppd_idnr"]).reset_index(drop=True)
    )
    without = seed[~seed["gppd_idnr"].isin(["WKS0062408", "WKS0064383"])]
    added = add_wiki_solar(without, wiki_solar_rows(raw))
    assert len(added) == len(seed)
    assert added.loc[added["gppd_idnr"] == "WKS0062408", ["country", "kind"]].values.tolist() == [["UA", "solar"]]
