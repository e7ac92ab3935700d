"""The committed tables behind the register of settlements, read once per process: KATOTTG's settlements
(``ua_settlements.csv.gz``) with their old names, and the points the sources give them — GeoNames' ``cities500``
(in the table), OpenStreetMap's settlement boundaries, GeoNames' full village list matched inside the hromadas —
plus GeoNames' places that are no settlement of the register (namesakes the index must know). Sources, licences
and how each file is made: ``dashboard/geo/data/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.geo.loaders import reference_cache

__all__ = [
    "OLD_NAMES_PATH",
    "OSM_POINTS_PATH",
    "OTHER_PLACES_PATH",
    "SETTLEMENTS_PATH",
    "VILLAGE_POINTS_PATH",
    "load_settlements",
]

SETTLEMENTS_PATH = Path(__file__).with_name("data") / "ua_settlements.csv.gz"
OLD_NAMES_PATH = Path(__file__).with_name("data") / "ua_old_names.csv.gz"
OSM_POINTS_PATH = Path(__file__).with_name("data") / "ua_settlement_points_osm.csv.gz"
VILLAGE_POINTS_PATH = Path(__file__).with_name("data") / "ua_settlement_points_geonames.csv.gz"
OTHER_PLACES_PATH = Path(__file__).with_name("data") / "ua_other_places_geonames.csv.gz"
_SOURCES_DISAGREE_KM = 10.0  # GeoNames and OpenStreetMap this far apart: neither point is trusted


@reference_cache
def load_settlements() -> pd.DataFrame:
    """The committed settlement table with its ``old_names`` (``|``-separated), read once per process.

    Do not mutate the result.
    """
    table = pd.read_csv(
        SETTLEMENTS_PATH,
        dtype={
            "katottg": str,
            "raion": str,
            "hromada": str,
            "alt_names": str,
            "raion_uk": str,
            "hromada_uk": str,
            "parent": str,
        },
        keep_default_na=False,
        na_values={"latitude": [""], "longitude": [""], "population": [""], "geonameid": [""]},
    )
    old = pd.read_csv(OLD_NAMES_PATH, dtype=str, keep_default_na=False)
    joined = (old["old_name_uk"] + "|" + old["old_name"]).groupby(old["katottg"]).agg("|".join)
    table["old_names"] = table["katottg"].map(joined).fillna("")
    villages = pd.read_csv(
        VILLAGE_POINTS_PATH,
        dtype={"katottg": str, "alt_names": str},
        keep_default_na=False,
        na_values={"latitude": [""], "longitude": [""], "geonameid": [""]},
    )
    # cities500 points that lie far outside their settlement's hromada were a namesake's: dropped first.
    wrong = table["katottg"].isin(set(villages.loc[villages["replaces"] == 1, "katottg"]))
    table.loc[wrong, ["latitude", "longitude", "geonameid"]] = np.nan
    table.loc[wrong, "alt_names"] = ""
    table = _with_osm_points(table, pd.read_csv(OSM_POINTS_PATH, dtype={"katottg": str}))
    table = _with_village_points(table, villages[villages["latitude"].notna()])
    table.attrs["other_places"] = pd.read_csv(OTHER_PLACES_PATH, dtype=str, keep_default_na=False).astype(
        {"latitude": float, "longitude": float}
    )
    return table


def _with_osm_points(table: pd.DataFrame, osm: pd.DataFrame) -> pd.DataFrame:
    """Points from OpenStreetMap's settlement boundaries where GeoNames has none; where both have one and they
    disagree by more than 10 km, neither (one of them is a namesake's). ``point_source`` says which."""
    osm = osm.set_index("katottg")
    lat = table["katottg"].map(osm["latitude"])
    lon = table["katottg"].map(osm["longitude"])
    table["point_source"] = np.where(table["latitude"].notna(), "geonames", "")
    p1, p2 = np.radians(table["latitude"]), np.radians(lat)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon - table["longitude"]) / 2) ** 2
    disagree = (2 * 6371.0088 * np.arcsin(np.sqrt(a)) > _SOURCES_DISAGREE_KM).fillna(False).to_numpy(dtype=bool)
    fill = table["latitude"].isna().to_numpy() & lat.notna().to_numpy()
    table.loc[fill, "latitude"] = lat[fill]
    table.loc[fill, "longitude"] = lon[fill]
    table.loc[fill, "point_source"] = "openstreetmap"
    table.loc[disagree, ["latitude", "longitude"]] = np.nan
    table.loc[disagree, "point_source"] = ""
    table["point_disputed"] = disagree
    return table


def _with_village_points(table: pd.DataFrame, villages: pd.DataFrame) -> pd.DataFrame:
    """GeoNames' village points (matched inside their hromada's boundary, see the data README) where neither
    ``cities500`` nor OpenStreetMap gave one, with the spellings GeoNames knows for them. A settlement whose two
    sources disagreed keeps no point."""
    villages = villages.drop_duplicates("katottg").set_index("katottg")
    fill = table["katottg"].isin(villages.index).to_numpy() & (table["point_source"] == "").to_numpy()
    fill &= ~table["point_disputed"].to_numpy()
    codes = table.loc[fill, "katottg"]
    table.loc[fill, "latitude"] = codes.map(villages["latitude"]).to_numpy()
    table.loc[fill, "longitude"] = codes.map(villages["longitude"]).to_numpy()
    table.loc[fill, "geonameid"] = codes.map(villages["geonameid"]).to_numpy()
    table.loc[fill, "alt_names"] = codes.map(villages["alt_names"]).to_numpy()
    table.loc[fill, "point_source"] = "geonames-village"
    return table
