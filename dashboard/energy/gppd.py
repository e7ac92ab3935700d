"""Derive ``data/seed/facilities/gppd_ua_ru_border.csv`` from a Global Power Plant Database CSV.

    python -m dashboard.energy.gppd global_power_plant_database.csv > data/seed/facilities/gppd_ua_ru_border.csv

Keeps every plant in Ukraine (GPPD country UKR, and any plant whose point lies in Crimea) and the plants in
Russia's regions bordering Ukraine, found by the point (GPPD has no region column). Needs the built admin-1
reference (``python -m dashboard build``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

__all__ = ["BORDER_REGIONS", "EXCLUDED", "derive", "kind_of"]

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
    import geopandas as gpd

    from dashboard.geo import assign_admin1

    gppd = pd.read_csv(gppd_csv, dtype={"gppd_idnr": str}, low_memory=False)
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


if __name__ == "__main__":
    derive(sys.argv[1]).to_csv(sys.stdout, index=False)
