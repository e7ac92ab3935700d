"""A file in, valid events and every refused row out: read → map → classify → geocode → validate → join.

Nothing here writes the store: `prepare` is shared by the CLI import (which then merges and writes) and the
dashboard's upload panel (which shows the preview and the report, and writes only when the user confirms).

Validation loses nothing: every problem of every row is collected (mapping problems such as an unreadable
date, then the schema's checks), each reported with the file line where its record starts and the file's own
column name; the refused rows keep their original fields for the rejects file.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.ingest import FORMATS, Progress, acled, geojson, table, ucdp
from dashboard.ingest.dates import DateOrder
from dashboard.ingest.mapped import Mapped
from dashboard.ingest.reader import RawTable, read_header, read_table
from dashboard.ingest.spreadsheet import is_spreadsheet, read_spreadsheet, sheet_header
from dashboard.ingest.textfile import TextFormat, sniff
from dashboard.schema import COLUMNS, EventValidationError, RowError, validate_events
from dashboard.store import to_geodataframe

__all__ = ["FORMATS", "ImportRefused", "Prepared", "Progress", "detect_format", "prepare"]


@dataclass
class Prepared:
    """The outcome of reading one file: the valid events, and every refused row with its reasons."""

    source: str
    fmt: str
    read: int  # records in the file (valid + refused)
    read_as: str  # how the file was read: "Windows-1251, ';'-delimited", "spreadsheet, sheet 'Events'", …
    events: gpd.GeoDataFrame  # valid rows: validated, regions joined, ready to merge
    errors: list[RowError] = field(default_factory=list)  # one per bad value, sorted by line
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)  # original fields + line + reason

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self) -> ImportRefused:
        return ImportRefused(self.errors, self.source, rows=len(self.rejected))


class ImportRefused(EventValidationError):
    """The file was refused (all-or-nothing): the message lists every problem, up to `SHOWN` of them."""

    SHOWN = 1000  # the schema's own message stops at 50; a refused import should name every bad line

    def __init__(self, errors: list[RowError], source: str, rows: int) -> None:
        super().__init__(errors, source)
        shown = "\n".join(f"  {source}: {e}" for e in errors[: self.SHOWN])
        more = f"\n  ... and {len(errors) - self.SHOWN} more" if len(errors) > self.SHOWN else ""
        ValueError.__init__(
            self,
            f"{source} refused, nothing was written: {rows} invalid row(s), {len(errors)} problem(s):\n{shown}{more}\n"
            "  (--skip-invalid imports the valid rows; --rejects PATH lists the invalid ones with their reasons)",
        )


def _is_geojson(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"{", b"["))


def detect_format(path: Path | str, sheet: str | None = None, text_format: TextFormat | None = None) -> str:
    """acled, ucdp, geojson or csv, from the first bytes and the header row (of a CSV file or a spreadsheet).

    `text_format`: the file's encoding and delimiter when the caller has sniffed them already.
    """
    path = Path(path)
    if _is_geojson(path):
        return "geojson"
    header = sheet_header(path, sheet) if is_spreadsheet(path) else read_header(path, text_format)
    columns = {_canonical(c) for c in header}
    if {"event_id_cnty", "event_date", "fatalities"} <= columns:
        return "acled"
    if {"id", "type_of_violence", "date_start", "best"} <= columns:
        return "ucdp"
    return "csv"


def _silent(_message: str) -> None:
    pass


def read_raw(path: Path, fmt: str, sheet: str | None = None, text_format: TextFormat | None = None) -> RawTable:
    """The file as a table of raw text: GeoJSON features, a spreadsheet's sheet, or delimited text."""
    if fmt == "geojson":
        return geojson.read_geojson(path)
    if is_spreadsheet(path):
        return read_spreadsheet(path, sheet)
    if sheet is not None:
        raise ValueError(f"--sheet applies to spreadsheets (.xlsx, .xls, .ods); {path} is a text file")
    return read_table(path, text_format)


def _canonical(name: str) -> str:
    """ACLED and UCDP name their columns in lower case with underscores; files re-saved by people may not."""
    return "_".join(name.split()).lower()


def canonical_columns(frame: pd.DataFrame, fmt: str, mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Renames (file name -> canonical name) that make headers like " Event_Date" match the format's names.

    ACLED and UCDP: every column. CSV and GeoJSON: only a column spelling a schema column another way, and not
    a column named in ``--map``. Names two columns would share are left as they are.
    """
    targets = {c: _canonical(c) for c in frame.columns}
    if fmt not in ("acled", "ucdp"):
        named = set((mapping or {}).values())
        targets = {c: t for c, t in targets.items() if t in COLUMNS and t not in frame.columns and c not in named}
    counts = pd.Series(list(targets.values())).value_counts()
    taken = set(frame.columns) - set(targets)
    return {c: t for c, t in targets.items() if c != t and counts[t] == 1 and t not in taken}


def _describe(raw: RawTable, fmt: str, sheet: str | None) -> str:
    if fmt == "geojson":
        return "GeoJSON"
    if raw.text_format is not None:
        described = raw.text_format.describe()
    else:
        described = f"spreadsheet, sheet {sheet!r}" if sheet else "spreadsheet, first sheet"
    return described + (", HXL hashtag row skipped" if raw.hxl_row else "")


# Coordinates written with a decimal comma (spreadsheets in Ukrainian, Russian or German): 50,4501 is 50.4501.
_DECIMAL_COMMA = r"^\s*(-?\d+),(\d+)\s*$"


def _decimal_points(events: pd.DataFrame) -> None:
    for column in ("latitude", "longitude"):
        if column in events.columns and not pd.api.types.is_numeric_dtype(events[column]):
            text = events[column].astype("string")
            comma = text.str.contains(",", regex=False).fillna(False).to_numpy(dtype=bool)
            if comma.any():  # rare: only those cells go through the (per-value) regex
                text[comma] = text[comma].str.replace(_DECIMAL_COMMA, r"\1.\2", regex=True)
                events[column] = text


def prepare(
    path: Path | str,
    fmt: str,
    *,
    mapping: Mapping[str, str] | None = None,
    geocoder: object | None = None,
    progress: Progress | None = None,
    date_order: DateOrder | None = None,
    sheet: str | None = None,
) -> Prepared:
    """Read, map and validate `path`; raises only for file-level problems (unknown format, missing columns, a
    day/month order the file does not tell — :class:`dashboard.ingest.dates.DateOrderError`).

    Row problems do not raise: they are in `Prepared.errors` and `Prepared.rejected`. `date_order` ("dmy" or
    "mdy") reads slashed dates such as 05/02/2014; `sheet` names a spreadsheet's sheet (default: the first).
    """
    progress = progress or _silent
    path = Path(path)
    source = str(path)
    # Sniffing reads the whole file (is it UTF-8?): once, for detecting the format and for reading it.
    text_format = None if _is_geojson(path) or is_spreadsheet(path) else sniff(path)
    if fmt == "auto":
        fmt = detect_format(path, sheet, text_format)
    if fmt not in FORMATS:
        raise ValueError(f"unknown import format {fmt!r} for {source}: choose one of {', '.join(FORMATS)}")
    if mapping and fmt in ("acled", "ucdp"):
        raise ValueError(f"--map applies to --format csv and geojson, not {fmt}")
    clock = _Clock(progress)

    raw: RawTable = read_raw(path, fmt, sheet, text_format)
    raw.skip_hxl_row()
    read_as = _describe(raw, fmt, sheet)
    renames = canonical_columns(raw.frame, fmt, mapping)
    original = {new: old for old, new in renames.items()}  # messages name the file's own headers
    raw.frame = raw.frame.rename(columns=renames)
    columns = list(raw.frame.columns)
    clock(f"read {len(raw.frame) + len(raw.malformed):,} records from {path.name} ({read_as})", 15)
    mapped: Mapped
    if fmt == "acled":
        acled.check_columns(columns, source=source)
        mapped = acled.to_events(raw.frame, date_order=date_order, source=source)
    elif fmt == "ucdp":
        ucdp.check_columns(columns, source=source)
        mapped = ucdp.to_events(raw.frame, date_order=date_order, source=source)
    elif fmt == "geojson":
        geojson.check_columns(columns, source=source, mapping=dict(mapping or {}))
        mapped = geojson.to_events(raw, dict(mapping or {}), date_order=date_order)  # type: ignore[arg-type]
    else:
        mapped = table.to_events(raw.frame, mapping, source=source, date_order=date_order)
    clock(f"mapped {fmt} columns onto the event table", 25)

    events = mapped.events
    _decimal_points(events)
    if mapped.classify_text is not None:
        from dashboard.ingest.infrastructure import classify_many

        derived = classify_many(mapped.classify_text)
        for column in derived.columns:
            events[column] = derived[column]
        clock("derived infrastructure from notes and place names", 55)
    if fmt in ("csv", "geojson"):
        table.geocode_missing(mapped, geocoder=geocoder)

    valid, failures = _validate(events, source)
    # A place that could not be geocoded explains its empty coordinates: one message, not four.
    ungeocoded = {p for p, _c, r in mapped.failures if r.startswith(table.GEOCODE_FAILED)}
    failures = [f for f in failures if not (f[0] in ungeocoded and f[1] in _POINT_COLUMNS)]
    failures = [(p, _file_column(c, mapped, original), r) for p, c, r in mapped.failures + failures]
    bad = sorted({p for p, _c, _r in failures})
    if bad:
        valid, again = _validate(events.drop(index=bad), source)
        if again:  # cannot happen unless a check depends on other rows; never write half-checked data
            raise EventValidationError([RowError(None, c, r) for _p, c, r in again], source)
    clock(f"validated {len(events):,} rows: {len(bad):,} refused", 70)

    lines = raw.lines(bad)
    errors = _row_errors(failures, lines) + [RowError(m.line, None, m.reason) for m in raw.malformed]
    errors.sort(key=lambda e: (e.line is None, e.line or 0, e.column or ""))
    rejected = _rejected(raw, failures, lines).rename(columns=original)
    del events, raw

    gdf = _join_regions(valid, mapped)
    clock(f"joined {len(gdf):,} points with admin-1 regions", 85)
    read = len(gdf) + len(rejected)
    return Prepared(source=source, fmt=fmt, read=read, read_as=read_as, events=gdf, errors=errors, rejected=rejected)


def _file_column(column: str | None, mapped: Mapped, original: dict[str, str]) -> str | None:
    """The file's own header behind a schema column, for messages."""
    if not column:
        return column
    column = mapped.source_columns.get(column, column)
    return original.get(column, column)


class _Clock:
    """Progress as '[ 25%] message (1.2 s)': stages of very different cost, so the percentage is a guide."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.start = time.perf_counter()

    def __call__(self, message: str, percent: int) -> None:
        self.progress(f"[{percent:3d}%] {message} ({time.perf_counter() - self.start:.1f} s)")


def _validate(events: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[tuple[int, str | None, str]]]:
    """validate_events with the index as record position: (valid frame or empty, failures)."""
    try:
        return validate_events(events, require_coordinates=True, source=source), []
    except EventValidationError as exc:
        failures: list[tuple[int, str | None, str]] = []
        for e in exc.errors:
            if e.line is None:  # a file-level problem: the mapper guarantees the columns, so this is a bug
                raise
            failures.append((e.line, e.column, e.reason))
        return pd.DataFrame(), failures


def _row_errors(failures: list[tuple[int, str | None, str]], lines: dict[int, int]) -> list[RowError]:
    """One error per (row, column): the first reason found (mapping before validation) is the telling one."""
    seen: set[tuple[int, str | None]] = set()
    out = []
    for position, column, reason in failures:
        if (position, column) in seen:
            continue
        seen.add((position, column))
        out.append(RowError(lines[position], column, reason))
    return out


def _rejected(raw: RawTable, failures: list[tuple[int, str | None, str]], lines: dict[int, int]) -> pd.DataFrame:
    """Refused rows with their original fields, then `line` and `reason` (all reasons of the row)."""
    reasons: dict[int, list[str]] = {}
    seen: set[tuple[int, str | None]] = set()
    for position, column, reason in failures:
        if (position, column) not in seen:
            seen.add((position, column))
            reasons.setdefault(position, []).append(f"{column}: {reason}" if column else reason)
    positions = sorted(reasons)
    columns = [c for c in raw.frame.columns if not c.startswith("_geometry_")]
    out = raw.frame.iloc[positions][columns].copy()
    if isinstance(raw, geojson.GeoJSONTable):  # the point is part of the original feature: keep it
        for column in ("longitude", "latitude"):
            point = raw.frame[f"_geometry_{column[:3]}"].iloc[positions]
            out[column] = point.where(point.notna(), out[column] if column in out.columns else None)
    out.insert(0, "reason", ["; ".join(reasons[p]) for p in positions])
    out.insert(0, "line", [lines[p] for p in positions])
    if raw.malformed:
        width = len(columns)
        extra = max(len(m.fields) for m in raw.malformed) - width
        names = columns + [f"extra_field_{i + 1}" for i in range(max(extra, 0))]
        records = [
            {"line": m.line, "reason": m.reason, **dict(zip(names, m.fields, strict=False))} for m in raw.malformed
        ]
        out = pd.concat([out, pd.DataFrame.from_records(records)], ignore_index=True)
    out["line"] = out["line"].astype("int64")
    return out.sort_values("line", kind="stable").reset_index(drop=True)


def _join_regions(valid: pd.DataFrame, mapped: Mapped) -> gpd.GeoDataFrame:
    """country / admin1_code / admin1: the source's own coding where it has one that maps to ISO 3166-2, else
    the spatial join of the point; the source's country hint only where neither gives a country.

    Coordinates never move. Where the source coded the place, the join is made as well and, where the two
    disagree, recorded beside it (``country_spatial``, ``admin1_code_spatial``, ``region_disagrees``);
    ``region_source`` says which one the row's region is (README, "The event table").
    """
    gdf = to_geodataframe(valid)
    if len(gdf) == 0:
        return gdf
    for column in _REGION_COLUMNS:
        if column not in gdf.columns:
            gdf[column] = pd.Series(pd.NA, index=gdf.index, dtype="string")
        gdf[column] = gdf[column].astype("string")
    # Our own export: its regions came from this same join; fill only the gaps.
    need = (gdf["country"].isna() & gdf["admin1_code"].isna()).to_numpy(dtype=bool) if mapped.keep_regions else None
    rows = gdf if need is None else gdf[need]
    if len(rows):
        joined = _regions_of_points(rows["latitude"].to_numpy(dtype=float), rows["longitude"].to_numpy(dtype=float))
        for column in _REGION_COLUMNS:
            if need is None:
                gdf[column] = pd.Series(joined[column], index=gdf.index, dtype="string")
            else:
                gdf.loc[need, column] = pd.Series(joined[column], index=rows.index, dtype="string")
    if mapped.source_regions is not None and not mapped.keep_regions:
        _keep_source_regions(gdf, mapped.source_regions.reindex(gdf.index))
    if mapped.country_hint is not None and not mapped.keep_regions:
        gdf["country"] = gdf["country"].fillna(mapped.country_hint.reindex(gdf.index).astype("string"))
    return gdf


def _keep_source_regions(gdf: gpd.GeoDataFrame, coded: pd.DataFrame) -> None:
    """Put the source's coding (ISO-mapped) over the spatial join already in ``gdf``, recording disagreements."""
    from dashboard.geo.source_regions import region_name

    point_country, point_code = gdf["country"].copy(), gdf["admin1_code"].copy()
    code = coded["admin1_code"].astype("string")
    country = coded["country"].astype("string")
    named = coded["source_admin1"].notna()
    has_code = code.notna()
    # A source country without a region keeps the point's region only if it lies in that country.
    gdf["country"] = country.fillna(point_country)
    gdf["admin1_code"] = code.where(has_code, point_code.where(point_country.eq(gdf["country"]).fillna(False)))
    names = {c: region_name(c) for c in pd.unique(code[has_code])}
    gdf["admin1"] = code.map(names).astype("string").where(has_code, gdf["admin1"].where(gdf["admin1_code"].notna()))
    gdf["source_admin1"] = coded["source_admin1"].astype("string")
    gdf["region_source"] = pd.Series("point", index=gdf.index, dtype="string").mask(has_code, "source")
    gdf.loc[named & ~has_code, "region_source"] = "point, source name unknown"
    # A point at sea, in no region, says nothing: that is not a disagreement.
    country_differs = country.notna() & point_country.notna() & point_country.ne(country).fillna(False)
    code_differs = has_code & point_code.notna() & point_code.ne(code).fillna(False)
    gdf["country_spatial"] = point_country.where(country_differs)
    gdf["admin1_code_spatial"] = point_code.where(code_differs | country_differs)
    gdf["region_disagrees"] = (country_differs | code_differs).astype("boolean")


_REGION_COLUMNS = ("country", "admin1_code", "admin1")
_POINT_COLUMNS = ("latitude", "longitude", "geo_precision")


def _regions_of_points(lat: np.ndarray, lon: np.ndarray) -> dict[str, np.ndarray]:
    """The spatial join, once per distinct point: a million ACLED events sit on a few ten thousand places."""
    from dashboard.geo import assign_admin1

    codes, uniques = pd.factorize(lat + 1j * lon)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(uniques.imag, uniques.real), crs="EPSG:4326")
    joined = assign_admin1(points)
    return {c: joined[c].astype("string").to_numpy(dtype=object, na_value=None)[codes] for c in _REGION_COLUMNS}
