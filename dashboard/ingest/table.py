"""Any CSV (or GeoJSON properties) → events, with a column mapping: ``--map event_date=Date --map location=Place``.

- A file column with a schema name is taken as is; ``mapping`` (schema column → file column) renames others.
  Columns that are neither mapped nor schema columns are kept as extra columns, under their own names.
- ``country``, ``admin1_code`` and ``admin1`` come from the spatial join of the point; a file's own values
  are only a hint for points in no region (at sea), unless the caller keeps them (our own GeoJSON export).
- Rows without coordinates are geocoded offline by their ``location`` (each distinct name once); a place that
  cannot be resolved is an error naming its line. ``geocoded`` marks the rows whose point came from the
  gazetteer.
- Without an ``event_id`` column, ids are ``CSV-`` + a hash of the row's values (plus a counter for identical
  rows), so importing the same file again adds nothing.
- ``infrastructure`` (``;``-separated) is kept when given; otherwise derived from notes and location.
- Dates: every form of :mod:`dashboard.ingest.dates` (``2022-04-08``, ``08 April 2022``, ``08.04.2022``,
  spreadsheet serials); ``04/08/2022`` when the file tells the day/month order, or with ``--date-order``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.ingest.dates import DATE_FORMS, DateOrder, decide_order, parse_event_dates
from dashboard.ingest.mapped import Mapped, MissingColumnsError
from dashboard.ingest.values import Failure, map_distinct
from dashboard.schema import COLUMNS

__all__ = [
    "GEOCODE_FAILED",
    "REQUIRED",
    "check_columns",
    "geocode_missing",
    "resolve_mapping",
    "to_events",
]

NAME = "CSV"
REQUIRED = ("event_date", "event_type", "location")
_REGION_COLUMNS = ("country", "admin1_code", "admin1")
GEOCODE_FAILED = "cannot geocode"
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def resolve_mapping(columns: list[str], mapping: Mapping[str, str] | None, *, source: str) -> dict[str, str]:
    """Schema column -> file column, from `mapping` and the file's own schema-named columns.

    Raises ValueError for a target that is not a schema column, and MissingColumnsError for mapped file
    columns that do not exist or required columns that nothing provides.
    """
    mapping = {k.strip(): v.strip() for k, v in (mapping or {}).items()}
    unknown = sorted(k for k in mapping if k not in COLUMNS)
    if unknown:
        raise ValueError(
            f"--map {', '.join(unknown)}: not a column of the event table; choose from {', '.join(COLUMNS)}"
        )
    absent = [v for v in mapping.values() if v not in columns]
    if absent:
        raise MissingColumnsError(source, NAME, [f"{v} (from --map)" for v in absent], columns)
    resolved = {c: c for c in COLUMNS if c in columns}
    resolved.update(mapping)
    missing = [c for c in REQUIRED if c not in resolved]
    if missing:
        raise MissingColumnsError(source, NAME, [f"{c} (or --map {c}=COLUMN)" for c in missing], columns)
    return resolved


def check_columns(columns: list[str], *, source: str, mapping: Mapping[str, str] | None = None) -> None:
    resolve_mapping(columns, mapping, source=source)


def _booleans(values: pd.Series, column: str) -> tuple[pd.Series, list[Failure]]:
    def parse(uniques: pd.Series) -> pd.Series:
        text = uniques.map(lambda v: str(v).strip().lower())
        return text.map(lambda v: True if v in _TRUE else False if v in _FALSE else None)

    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean"), []
    parsed = map_distinct(values, parse)
    bad = (parsed.isna() & values.notna()).to_numpy(dtype=bool)
    failures = [(int(p), column, f"{values.iloc[p]!r} is not true or false") for p in np.flatnonzero(bad)]
    return parsed.astype("boolean").fillna(False), failures


def to_events(
    raw: pd.DataFrame,
    mapping: Mapping[str, str] | None = None,
    *,
    source: str,
    dataset: str = "csv",
    keep_regions: bool = False,
    date_order: DateOrder | None = None,
) -> Mapped:
    """Map a generic table (index = record position) onto the event schema.

    Raises DateOrderError when slashed dates need a `date_order` the file does not tell.
    """
    resolved = resolve_mapping(list(raw.columns), mapping, source=source)
    failures: list[Failure] = []
    events = pd.DataFrame(index=raw.index)
    for column, from_column in resolved.items():
        if column in _REGION_COLUMNS and not keep_regions:
            continue
        events[column] = raw[from_column]

    if _is_datetime(events):
        dates, bad = events["event_date"], np.zeros(len(events), dtype=bool)
    else:
        pairs = [("event_date", "date_end")] if "date_end" in events.columns else []
        columns = ["event_date", *(end for _start, end in pairs)]
        order = decide_order(events, columns, given=date_order, pairs=pairs, source=source)
        dates, bad = parse_event_dates(events["event_date"], order)
    failures += [
        (int(p), "event_date", f"{events['event_date'].iloc[p]!r} is not a date ({DATE_FORMS})")
        for p in np.flatnonzero(bad)
    ]
    events["event_date"] = dates
    if "power_outage" in events.columns:
        events["power_outage"], found = _booleans(events["power_outage"], resolved["power_outage"])
        failures += found
    if "dataset" not in events.columns:
        events["dataset"] = dataset
    else:
        events["dataset"] = events["dataset"].fillna(dataset)
    if "event_id" not in events.columns:
        events["event_id"] = _content_ids(raw[list(dict.fromkeys(resolved.values()))])

    # Everything else in the file travels along as extra columns; nothing is dropped silently.
    used = set(resolved.values())
    for column in raw.columns:
        if column in used or column in _REGION_COLUMNS:
            continue
        name = column if column not in COLUMNS else f"{column}_original"
        events[name] = raw[column]

    hint = None
    if "country" in resolved and not keep_regions:
        given = raw[resolved["country"]].astype("string").str.strip().str.upper()
        hint = given.where(given.str.fullmatch(r"[A-Z]{2}").fillna(False))
    classify = None
    if "infrastructure" not in events.columns:
        notes = events["notes"] if "notes" in events.columns else pd.Series("", index=raw.index)
        classify = notes.fillna("").astype("string").str.cat(events["location"].fillna("").astype("string"), sep=" ")
    return Mapped(
        events=events,
        failures=failures,
        source_columns={c: f for c, f in resolved.items() if c != f},
        country_hint=hint,
        classify_text=classify,
        keep_regions=keep_regions,
    )


def _is_datetime(events: pd.DataFrame) -> bool:
    return pd.api.types.is_datetime64_any_dtype(events["event_date"])


def _content_ids(table: pd.DataFrame) -> pd.Series:
    """Deterministic ids from the row's values; identical rows get -2, -3, ... so none is lost."""
    text = table.astype("string").fillna("\x00")
    joined = (
        text.iloc[:, 0].str.cat([text[c] for c in text.columns[1:]], sep="\x1f")
        if len(text.columns) > 1
        else (text.iloc[:, 0])
    )
    digest = pd.Series(
        ["CSV-" + hashlib.sha1(v.encode("utf-8")).hexdigest()[:16] for v in joined], index=table.index, dtype="string"
    )
    repeat = digest.groupby(digest).cumcount()
    return digest.where(repeat == 0, digest + "-" + (repeat + 1).astype("string"))


def geocode_missing(mapped: Mapped, *, geocoder: object | None = None) -> None:
    """Fill coordinates of rows that have none from their place name, in place; unresolved rows are failures.

    Each distinct place name is looked up once.
    """
    events = mapped.events
    for column in ("latitude", "longitude"):
        if column not in events.columns:
            events[column] = pd.Series(pd.NA, index=events.index, dtype=object)
    # Only rows with no coordinate text at all: a malformed number is a validation error, not a place.
    needs = (events["latitude"].isna() & events["longitude"].isna()).to_numpy(dtype=bool)
    if not needs.any():
        return
    if "geo_precision" not in events.columns:  # the schema's default (1) for the rows with coordinates
        events["geo_precision"] = pd.Series(np.where(needs, None, 1), index=events.index, dtype=object)
    if geocoder is None:
        from dashboard.geo import get_geocoder

        geocoder = get_geocoder()
    place_column = mapped.source_columns.get("location", "location")
    places = events["location"].where(needs)
    results = {q: geocoder.geocode(q) for q in pd.unique(places.dropna().astype(str))}  # type: ignore[attr-defined]
    lat = events["latitude"].astype(object).to_numpy(copy=True)
    lon = events["longitude"].astype(object).to_numpy(copy=True)
    precision = events["geo_precision"].astype(object).to_numpy(copy=True)
    geocoded = np.zeros(len(events), dtype=bool)
    for position in np.flatnonzero(needs):
        place = places.iloc[position]
        result = results.get(str(place)) if pd.notna(place) else None
        if result is None or not result.ok:
            reason = result.error if result is not None else "no coordinates and no place name"
            mapped.failures.append((int(position), place_column, f"{GEOCODE_FAILED} {place!r}: {reason}"))
            continue
        lat[position], lon[position] = result.lat, result.lon
        if pd.isna(precision[position]):
            precision[position] = result.geo_precision
        geocoded[position] = True
    events["latitude"] = pd.Series(lat, index=events.index, dtype=object)
    events["longitude"] = pd.Series(lon, index=events.index, dtype=object)
    events["geo_precision"] = pd.Series(precision, index=events.index, dtype=object)
    events["geocoded"] = pd.Series(geocoded, index=events.index, dtype="boolean")
