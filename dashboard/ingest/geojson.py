"""GeoJSON FeatureCollection → events; the project's own export comes back exactly as it left.

Properties are read like a generic table (``table.to_events``, same ``--map``); the point comes from the
geometry ([lon, lat], RFC 7946) when there is one, else from ``latitude``/``longitude`` properties. Our export
also writes a foreign member ``x_strike_atlas`` with each column's dtype, so extra columns (``killed_low``,
``date_end``, ``possible_duplicate_of``, …) come back with their types, and the regions the file carries are
kept (they came from the same spatial join).

The collection is read one feature at a time (the top-level object by hand, each member with the json module's
C decoder), in chunks of rows: a million features never exist as a million dicts at once, and the line where
each feature starts is known exactly, for the error report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.ingest.dates import DateOrder
from dashboard.ingest.mapped import Mapped
from dashboard.ingest.reader import TEXT, RawTable
from dashboard.ingest.table import to_events as table_to_events
from dashboard.schema import COLUMNS, EventValidationError, RowError

__all__ = ["META_KEY", "GeoJSONTable", "check_columns", "read_geojson", "to_events"]

NAME = "GeoJSON"
META_KEY = "x_strike_atlas"  # foreign member (RFC 7946 §6.1) written by dashboard.export
_GEOMETRY_COLUMNS = ("_geometry_lon", "_geometry_lat", "_geometry_error")
_CHUNK = 50_000  # features turned into a frame at a time
_WHITESPACE = re.compile(r"[ \t\r\n]*")


class GeoJSONTable(RawTable):
    """Properties of each feature as a row, with the feature's point and the line where it starts."""

    def __init__(self, frame: pd.DataFrame, source: Path, lines: np.ndarray, dtypes: dict[str, str]) -> None:
        super().__init__(frame=frame, source=source, _lines=lines)
        self.dtypes = dtypes


class _Reader:
    """A cursor over the text: whitespace, single characters and JSON values (C decoder), with line numbers."""

    def __init__(self, text: str, source: Path) -> None:
        self.text, self.source, self.pos = text, source, 0
        self.decoder = json.JSONDecoder()
        self.line, self._counted = 1, 0

    def fail(self, message: str) -> EventValidationError:
        return EventValidationError([RowError(self.line_at(self.pos), None, message)], str(self.source))

    def line_at(self, pos: int) -> int:
        if pos < self._counted:
            return self.text.count("\n", 0, pos) + 1
        self.line += self.text.count("\n", self._counted, pos)  # the cursor moves forward: count each break once
        self._counted = pos
        return self.line

    def skip(self) -> str:
        self.pos = _WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
        return self.text[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        if self.skip() != char:
            raise self.fail(f"not a GeoJSON FeatureCollection: expected {char!r}")
        self.pos += 1

    def value(self) -> object:
        self.skip()
        try:
            value, self.pos = self.decoder.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as exc:
            error = RowError(exc.lineno, None, f"not valid JSON: {exc.msg}")
            raise EventValidationError([error], str(self.source)) from None
        except RecursionError:  # thousands of nested arrays: hostile or broken, never a feature
            raise self.fail("JSON nested too deeply to be a GeoJSON feature") from None
        return value


def read_geojson(source: Path | str) -> GeoJSONTable:
    source = Path(source)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EventValidationError([RowError(None, None, f"not UTF-8 text: {exc}")], str(source)) from None
    reader = _Reader(text, source)
    if reader.skip() != "{":
        raise reader.fail("not a GeoJSON FeatureCollection (a JSON object)")
    members: dict[str, object] = {}
    chunks: list[pd.DataFrame] = []
    lines: list[int] = []
    reader.expect("{")
    while reader.skip() != "}":
        key = reader.value()
        if not isinstance(key, str):
            raise reader.fail("not valid JSON: object keys must be strings")
        reader.expect(":")
        if key == "features" and reader.skip() == "[":
            members[key] = True
            _read_features(reader, chunks, lines)
        else:
            members[key] = reader.value()
        if reader.skip() == ",":
            reader.pos += 1
    if members.get("type") == "Feature":  # a single feature: a collection of one
        single = {k: v for k, v in members.items() if k != "features"}
        chunks, lines = [_frame([single])], [1]
    elif members.get("type") != "FeatureCollection" or members.get("features") is not True:
        raise EventValidationError([RowError(None, None, "not a GeoJSON FeatureCollection")], str(source))
    frame = pd.concat(chunks, ignore_index=True) if chunks else _frame([])
    meta = members.get(META_KEY) if isinstance(members.get(META_KEY), dict) else {}
    dtypes = meta.get("dtypes") if isinstance(meta.get("dtypes"), dict) else {}  # type: ignore[union-attr]
    return GeoJSONTable(frame, source, np.asarray(lines, dtype=np.int64), dtypes)


def _read_features(reader: _Reader, chunks: list[pd.DataFrame], lines: list[int]) -> None:
    reader.expect("[")
    batch: list[object] = []
    while reader.skip() != "]":
        lines.append(reader.line_at(reader.pos))
        batch.append(reader.value())
        if len(batch) == _CHUNK:
            chunks.append(_frame(batch))
            batch = []
        if reader.skip() == ",":
            reader.pos += 1
    reader.pos += 1
    if batch:
        chunks.append(_frame(batch))


def _frame(features: list[object]) -> pd.DataFrame:
    """Properties as columns, plus the point of each feature (or why it has none)."""
    rows = []
    lon = np.full(len(features), np.nan)
    lat = np.full(len(features), np.nan)
    problem: list[str | None] = [None] * len(features)
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            rows.append({})
            problem[i] = "not a GeoJSON Feature"
            continue
        props = feature.get("properties")
        rows.append(props if isinstance(props, dict) else {})
        geometry = feature.get("geometry")
        if geometry is None:
            continue
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") != "Point" or not _is_position(coords):
            problem[i] = "geometry must be a Point with [longitude, latitude]"
            continue
        lon[i], lat[i] = float(coords[0]), float(coords[1])  # type: ignore[index]
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    for column in frame.columns:  # text as arrow strings: a third of the memory of Python str objects
        values = frame[column]
        if values.dtype == object and values.map(lambda v: v is None or isinstance(v, str)).all():
            frame[column] = values.astype(TEXT)
    frame.index = pd.RangeIndex(len(features))
    frame["_geometry_lon"] = lon
    frame["_geometry_lat"] = lat
    frame["_geometry_error"] = pd.Series(problem, dtype=object)
    return frame


def _is_position(coords: object) -> bool:
    return (
        isinstance(coords, list)
        and len(coords) >= 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in coords[:2])
    )


def check_columns(columns: list[str], *, source: str, mapping: dict[str, str] | None = None) -> None:
    from dashboard.ingest.table import check_columns as table_check

    table_check([c for c in columns if c not in _GEOMETRY_COLUMNS], source=source, mapping=mapping)


def to_events(
    raw: GeoJSONTable, mapping: dict[str, str] | None = None, *, date_order: DateOrder | None = None
) -> Mapped:
    frame = raw.frame
    props = frame.drop(columns=list(_GEOMETRY_COLUMNS))
    own_export = bool(raw.dtypes)
    mapped = table_to_events(
        props, mapping, source=str(raw.source), dataset="geojson", keep_regions=own_export, date_order=date_order
    )
    events = mapped.events
    has_point = frame["_geometry_lon"].notna().to_numpy(dtype=bool)
    for column, geometry_column in (("longitude", "_geometry_lon"), ("latitude", "_geometry_lat")):
        given = events[column].astype(object) if column in events.columns else pd.Series(None, index=frame.index)
        events[column] = given.where(~has_point, frame[geometry_column].astype(object))
    bad_geometry = frame["_geometry_error"].notna().to_numpy(dtype=bool)
    mapped.failures += [(int(p), "geometry", frame["_geometry_error"].iloc[p]) for p in np.flatnonzero(bad_geometry)]
    for column, dtype in raw.dtypes.items():
        if column in events.columns and column not in COLUMNS:
            events[column] = _as_dtype(events[column], dtype)
    return mapped


def _as_dtype(values: pd.Series, dtype: str) -> pd.Series:
    """Restore an extra column's dtype as the export recorded it; leave it as read if that fails."""
    try:
        if dtype.startswith("datetime64"):
            return pd.to_datetime(values, format="ISO8601").astype(dtype)
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values
