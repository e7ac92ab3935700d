"""Exports of (filtered) events: CSV, GeoJSON, GeoPackage, GeoParquet and HXL-tagged CSV.

CSV and HXL are opened by spreadsheets, which run a cell starting with = + - @ (or a tab or carriage
return) as a formula: such text cells get a leading apostrophe, the text itself kept (OWASP's advice).
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.schema import COLUMNS, LIST_COLUMNS
from dashboard.store import to_geodataframe, write_store

__all__ = ["FORMATS", "HXL_TAGS", "export_bytes", "export_events", "neutralise_formula"]

FORMATS = ("csv", "geojson", "gpkg", "parquet", "hxl")
SUFFIX = {"csv": ".csv", "geojson": ".geojson", "gpkg": ".gpkg", "parquet": ".parquet", "hxl": ".csv"}
MEDIA_TYPE = {
    "csv": "text/csv",
    "hxl": "text/csv",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "parquet": "application/vnd.apache.parquet",
}

# HXL hashtags (https://hxlstandard.org) for HDX; columns without a standard tag get #x_ tags.
HXL_TAGS: dict[str, str] = {
    "event_id": "#event+code",
    "event_date": "#date+occurred",
    "time_precision": "#x_time_precision",
    "event_type": "#event+type",
    "sub_event_type": "#event+type+sub",
    "weapon": "#x_weapon",
    "actor1": "#group+name+first",
    "actor2": "#group+name+second",
    "country": "#country+code",
    "admin1_code": "#adm1+code",
    "admin1": "#adm1+name",
    "location": "#loc+name",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "geo_precision": "#x_geo_precision",
    "killed": "#affected+killed",
    "injured": "#affected+injured",
    "infrastructure": "#x_infrastructure",
    "infrastructure_detail": "#x_infrastructure_detail",
    "power_outage": "#x_power_outage",
    "notes": "#description",
    "source": "#meta+source",
    "source_url": "#meta+source+url",
    "dataset": "#x_dataset",
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)"; anything else unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _columns(events: pd.DataFrame) -> list[str]:
    extra = [c for c in events.columns if c not in COLUMNS and c != "geometry" and not c.startswith("_")]
    return [c for c in COLUMNS if c in events.columns] + extra


def _tabular(events: pd.DataFrame) -> pd.DataFrame:
    """Flat text-safe table: lists joined with ';', dates ISO, formulas neutralised."""
    table = pd.DataFrame(events[_columns(events)]).copy()
    for column in LIST_COLUMNS:
        if column in table.columns:
            table[column] = table[column].map(lambda v: ";".join(v) if v is not None else "")
    table["event_date"] = pd.to_datetime(table["event_date"]).dt.strftime("%Y-%m-%d")
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(neutralise_formula)
    return table


def _json_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def geojson_dict(events: pd.DataFrame) -> dict:
    """A FeatureCollection; properties are the schema's columns, lists stay lists, [lon, lat] order."""
    columns = _columns(events)
    features = []
    for row in events[columns].itertuples(index=False):
        props = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
        props["infrastructure"] = list(props.get("infrastructure") or [])
        features.append(
            {
                "type": "Feature",
                "id": props["event_id"],
                "geometry": {"type": "Point", "coordinates": [props["longitude"], props["latitude"]]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _write_csv(events: pd.DataFrame, fh: io.TextIOBase, hxl: bool) -> None:
    table = _tabular(events)
    if hxl:
        tags = [HXL_TAGS.get(c, f"#x_{c}") for c in table.columns]
        table = pd.concat([pd.DataFrame([tags], columns=table.columns), table.astype(object)], ignore_index=True)
    table.to_csv(fh, index=False, lineterminator="\n")


def _writer(fmt: str) -> Callable[[pd.DataFrame, Path], None]:
    def csv_like(events: pd.DataFrame, path: Path) -> None:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            _write_csv(events, fh, hxl=fmt == "hxl")

    def geojson(events: pd.DataFrame, path: Path) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(geojson_dict(events), fh, ensure_ascii=False)

    def gpkg(events: pd.DataFrame, path: Path) -> None:
        # GeoPackage has no list type: categories are ';'-joined, as in CSV.
        table = _tabular(events)
        table["event_date"] = pd.to_datetime(table["event_date"]).dt.date.astype(str)
        gdf = gpd.GeoDataFrame(table, geometry=to_geodataframe(events).geometry.values, crs="EPSG:4326")
        gdf.to_file(path, layer="events", driver="GPKG", engine="pyogrio")

    def parquet(events: pd.DataFrame, path: Path) -> None:
        write_store(events, path)

    return {"csv": csv_like, "hxl": csv_like, "geojson": geojson, "gpkg": gpkg, "parquet": parquet}[fmt]


def export_events(events: pd.DataFrame, fmt: str, out: Path | str) -> Path:
    """Write `events` to `out` in `fmt`, atomically (temporary file, then rename)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=SUFFIX[fmt], dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # some writers (GPKG) refuse to write over an existing file
        _writer(fmt)(events, tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def export_bytes(events: pd.DataFrame, fmt: str) -> bytes:
    """The export as bytes, for the dashboard's download button."""
    with tempfile.TemporaryDirectory() as tmp:
        path = export_events(events, fmt, Path(tmp) / f"events{SUFFIX[fmt]}")
        return path.read_bytes()
