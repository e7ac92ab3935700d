"""The facilities reference: power plants from WRI's Global Power Plant Database plus a curated list.

Sources (committed under ``data/seed/facilities/``, see its README for licences):

- ``gppd_ua_ru_border.csv``: every Ukrainian plant in GPPD and those in Russia's regions bordering Ukraine
  (Belgorod, Kursk, Bryansk, Voronezh, Rostov, Krasnodar); CC BY 4.0, World Resources Institute.
- ``curated.csv``: refineries that GPPD does not hold, each with a public source link.
- ``aliases.csv``: names people use in reports (EN/UK/RU) and the towns each facility is known by.

:func:`build_facilities` joins them, takes ``admin1_code`` from the point (spatial join, as for events) and
writes ``FACILITIES_PATH``; :func:`load_facilities` reads it (or builds in memory when it is not there).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from dashboard import config

__all__ = [
    "COLUMNS",
    "GPPD_URL",
    "KINDS",
    "FacilityError",
    "build_facilities",
    "facilities_from_seed",
    "load_facilities",
]

GPPD_URL = "https://github.com/wri/global-power-plant-database"
KINDS = (
    "thermal/coal",
    "gas CHP",
    "hydro",
    "pumped storage",
    "nuclear",
    "solar",
    "wind",
    "oil refinery",
    "oil depot",
    "substation",
)
COLUMNS = [
    "facility_id",
    "name",
    "kind",
    "country",
    "admin1_code",
    "lat",
    "lon",
    "capacity_mw",
    "source_url",
    "gppd_idnr",
    "names",
    "places",
]


class FacilityError(ValueError):
    """A bad row in a facilities file; the message names the file, the line and the reason."""


def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame.index = frame.index + 2  # line numbers as in the file (line 1 is the header)
    return frame


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def facilities_from_seed(seed_dir: Path | None = None) -> pd.DataFrame:
    """The facilities table from the committed CSVs, checked row by row (no admin-1 yet)."""
    seed_dir = seed_dir or config.FACILITIES_SEED_DIR
    gppd_path, curated_path, aliases_path = (
        seed_dir / n for n in ("gppd_ua_ru_border.csv", "curated.csv", "aliases.csv")
    )
    gppd = _read(gppd_path)
    plants = pd.DataFrame(
        {
            "facility_id": gppd["gppd_idnr"],
            "name": gppd["name"],
            "kind": gppd["kind"],
            "country": gppd["country"],
            "lat": gppd["latitude"],
            "lon": gppd["longitude"],
            "capacity_mw": gppd["capacity_mw"],
            "source_url": GPPD_URL,
            "gppd_idnr": gppd["gppd_idnr"],
            "_file": str(gppd_path),
        }
    )
    curated = _read(curated_path)
    extra = curated[["facility_id", "name", "kind", "country", "capacity_mw", "source_url"]].assign(
        lat=curated["latitude"], lon=curated["longitude"], gppd_idnr="", _file=str(curated_path)
    )
    table = pd.concat([plants, extra])
    errors: list[str] = []
    for line, row in table.iterrows():
        where = f"{row['_file']}, line {line}"
        if not row["facility_id"]:
            errors.append(f"{where}: no facility_id")
        if row["kind"] not in KINDS:
            errors.append(f"{where}: kind {row['kind']!r} is not one of {', '.join(KINDS)}")
        if not row["source_url"].startswith(("https://", "http://")):
            errors.append(f"{where}: no source_url (every fact needs a public source)")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            errors.append(f"{where}: coordinates {row['lat']!r}, {row['lon']!r} are not a point")
    duplicated = table["facility_id"][table["facility_id"].duplicated()]
    errors += [f"facility_id {v!r} appears twice" for v in duplicated]
    aliases = _read(aliases_path)
    unknown = set(aliases["facility_id"]) - set(table["facility_id"])
    errors += [f"{aliases_path}: aliases for unknown facility_id {v!r}" for v in sorted(unknown)]
    if errors:
        raise FacilityError("; ".join(errors))
    table = table.drop(columns="_file").reset_index(drop=True)
    table["lat"] = table["lat"].astype(float)
    table["lon"] = table["lon"].astype(float)
    table["capacity_mw"] = pd.to_numeric(table["capacity_mw"].replace("", None), errors="coerce")
    by_id = aliases.set_index("facility_id")
    table["names"] = [_split(by_id["names"].get(i, "")) for i in table["facility_id"]]
    table["places"] = [_split(by_id["places"].get(i, "")) for i in table["facility_id"]]
    table["admin1_code"] = pd.Series(pd.NA, index=table.index, dtype="string")
    return table[COLUMNS]


def _with_admin1(table: pd.DataFrame) -> pd.DataFrame:
    import geopandas as gpd

    from dashboard.geo import assign_admin1

    points = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=4326)
    joined = assign_admin1(points, country_column="country")
    table = table.copy()
    table["admin1_code"] = joined["admin1_code"].astype("string")
    return table


def build_facilities(progress=print) -> pd.DataFrame:
    """Write ``FACILITIES_PATH`` from the seed CSVs, with admin-1 codes from the built regions."""
    table = _with_admin1(facilities_from_seed())
    path = config.FACILITIES_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    table.to_parquet(tmp, index=False)
    tmp.replace(path)
    load_facilities.cache_clear()
    counts = table["kind"].value_counts().to_dict()
    progress(f"facilities: {len(table)} ({', '.join(f'{n} {k}' for k, n in counts.items())}) -> {path}")
    return table


@functools.lru_cache(maxsize=1)
def load_facilities() -> pd.DataFrame:
    """The built facilities table; from the seed CSVs (without admin-1) when it has not been built."""
    path = config.FACILITIES_PATH
    if path.is_file():
        table = pd.read_parquet(path)
        table["names"] = table["names"].map(list)
        table["places"] = table["places"].map(list)
        return table
    return facilities_from_seed()
