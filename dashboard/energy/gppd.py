"""Derive ``data/seed/facilities/gppd_ua_ru_border.csv`` from a Global Power Plant Database CSV.

    python -m dashboard.energy.gppd global_power_plant_database.csv > data/seed/facilities/gppd_ua_ru_border.csv

GPPD 1.3.0 adds 27 Ukrainian solar parks from Wiki-Solar to the earlier releases' plants. Its build script
(``build_databases/build_global_power_plant_database.py``) reads them from the repository's
``raw_source_files/Wiki-Solar/wiki-solar-plant-additions-2019.csv``; ``--wiki-solar`` does the same to an
existing extract (``gppd_idnr`` = ``WKS`` + the 7-digit Wiki-Solar id, capacity as given, fuel Solar, the ids
of ``resources/wiki-solar-exclusion.csv`` skipped):

    python -m dashboard.energy.gppd --wiki-solar wiki-solar-plant-additions-2019.csv \
        --exclusion wiki-solar-exclusion.csv data/seed/facilities/gppd_ua_ru_border.csv > new.csv

Keeps every plant in Ukraine (GPPD country UKR, and any plant whose point lies in Crimea) and the plants in
Russia's regions bordering Ukraine, found by the point (GPPD has no region column). Needs the built admin-1
reference (``python -m dashboard build``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

__all__ = ["BORDER_REGIONS", "EXCLUDED", "add_wiki_solar", "derive", "derive_frame", "kind_of", "wiki_solar_rows"]

BORDER_REGIONS = ("RU-BEL", "RU-KRS", "RU-BRY", "RU-VOR", "RU-ROS", "RU-KDA")
# GPPD rows whose point contradicts their name: "Smolensk TPP-2" sits in Rostov oblast in GPPD.
EXCLUDED = {"WRI1003813": "Smolensk TPP-2: GPPD's point is in Rostov oblast, the plant is in Smolensk"}
_CRIMEA = ("UA-43", "UA-40")


def kind_of(primary_fuel: str, name: str) -> str:
    """GPPD's fuel as the facilities table's kind (pumped storage is a hydro plant that says so)."""
    if primary_fuel == "Hydro":
        return "pumped storage" if "pumped" in name.lower() or name == "Tashlyk" else "hydro"
    return {"Coal": "thermal/coal", "Gas": "gas CHP", "Nuclear": "nuclear", "Solar": "solar", "Wind": "wind"}.get(
        primary_fuel, primary_fuel.lower()
    )


def derive(gppd_csv: Path | str) -> pd.DataFrame:
    return derive_frame(pd.read_csv(gppd_csv, dtype={"gppd_idnr": str}, low_memory=False))


def derive_frame(gppd: pd.DataFrame) -> pd.DataFrame:
    """The extract's rows from GPPD-shaped rows (country ISO3, gppd_idnr, name, primary_fuel, capacity_mw, ...)."""
    import geopandas as gpd

    from dashboard.geo import assign_admin1

    rows = gppd[gppd["country"].isin(["UKR", "RUS"])]
    points = gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy(rows["longitude"], rows["latitude"]), crs=4326)
    region = assign_admin1(points)["admin1_code"]
    keep = (rows["country"] == "UKR") | region.isin(BORDER_REGIONS + _CRIMEA)
    keep &= ~rows["gppd_idnr"].isin(EXCLUDED)
    kept = rows[keep]
    in_ukraine = (kept["country"] == "UKR") | region[keep].isin(_CRIMEA)
    out = pd.DataFrame(
        {
            "gppd_idnr": kept["gppd_idnr"],
            "name": kept["name"],
            "country": in_ukraine.map({True: "UA", False: "RU"}),
            "primary_fuel": kept["primary_fuel"],
            "kind": [kind_of(f, n) for f, n in zip(kept["primary_fuel"], kept["name"], strict=True)],
            "capacity_mw": kept["capacity_mw"],
            "latitude": kept["latitude"],
            "longitude": kept["longitude"],
        }
    )
    return out.sort_values(["country", "gppd_idnr"]).reset_index(drop=True)


def wiki_solar_rows(wiki_solar_csv: Path | str, exclusion_csv: Path | str | None = None) -> pd.DataFrame:
    """The Wiki-Solar plants as GPPD 1.3.0's build script turns them into GPPD rows."""
    raw = pd.read_csv(wiki_solar_csv, dtype={"id": str}, skipinitialspace=True)
    if exclusion_csv is not None:
        excluded = set(pd.read_csv(exclusion_csv, dtype={"id": str})["id"])
        raw = raw[~raw["id"].isin(excluded)]
    return pd.DataFrame(
        {
            "country": raw["country"],
            "gppd_idnr": [f"WKS{int(i):07d}" for i in raw["id"]],
            "name": raw["name"],
            "primary_fuel": "Solar",
            "capacity_mw": raw["capacity"].astype(float),
            "latitude": raw["lat"].astype(float),
            "longitude": raw["lon"].astype(float),
        }
    )


def add_wiki_solar(extract: pd.DataFrame, wiki_solar: pd.DataFrame) -> pd.DataFrame:
    """`extract` (the seed file's columns) with the Wiki-Solar plants of Ukraine and the border regions added."""
    added = derive_frame(wiki_solar)
    added = added[~added["gppd_idnr"].isin(extract["gppd_idnr"])]
    return pd.concat([extract, added]).sort_values(["country", "gppd_idnr"]).reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m dashboard.energy.gppd", description=__doc__.split("\n")[0])
    parser.add_argument("csv", type=Path, help="a GPPD CSV, or with --wiki-solar the extract to add to")
    parser.add_argument("--wiki-solar", type=Path, help="GPPD's raw_source_files/Wiki-Solar/...-2019.csv")
    parser.add_argument("--exclusion", type=Path, help="GPPD's resources/wiki-solar-exclusion.csv")
    args = parser.parse_args(argv)
    if args.wiki_solar:
        extract = pd.read_csv(args.csv, dtype={"gppd_idnr": str})
        out = add_wiki_solar(extract, wiki_solar_rows(args.wiki_solar, args.exclusion))
    else:
        out = derive(args.csv)
    out.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
