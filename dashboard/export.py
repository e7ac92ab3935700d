"""Exports of (filtered) events: CSV, GeoJSON, GeoPackage, GeoParquet and HXL-tagged CSV.

Callers filter first (``filters.apply``); every format writes exactly the rows it is given, with the schema's
columns first and any extra columns (``killed_low``, ``possible_duplicate_of``, …) after them.

- **CSV and HXL** are opened by spreadsheets, which run a text cell starting with ``= + - @`` (or a tab or
  carriage return) as a formula: such *text* cells get a leading apostrophe, the text itself kept (OWASP's
  advice). Numbers are not text and stay numbers (a longitude of -33.5 is written as -33.5). Lists are
  ``;``-joined, dates ``YYYY-MM-DD``, UTF-8 without BOM. HXL adds a second row of hashtags for HDX.
- **GeoJSON** (RFC 7946, [lon, lat]): properties are all columns, lists stay lists, one feature per line. A
  foreign member ``x_strike_atlas`` records each column's dtype, so ``import --format geojson`` restores the
  frame exactly. Written in chunks with column-wise string operations (pyarrow), not a Python loop per row.
- **GeoPackage**: layer ``events``, values as they are (a GeoPackage is not run by a spreadsheet), lists
  ``;``-joined (no list type), dates as dates.
- **GeoParquet**: the store's own format.

Every file is written to a temporary name next to the target and renamed over it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import shapely

from dashboard.schema import COLUMNS, LIST_COLUMNS

__all__ = [
    "FORMATS",
    "HXL_TAGS",
    "MEDIA_TYPE",
    "SUFFIX",
    "export_bytes",
    "export_events",
    "geojson_dict",
    "hxl_tag",
    "iter_csv",
    "iter_geojson",
    "neutralise_formula",
    "neutralise_frame",
    "write_atomic",
    "write_geojson",
]

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

GEOJSON_META_KEY = "x_strike_atlas"  # foreign member read back by dashboard.ingest.geojson
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_RE = r"^[=+\-@\t\r]"
# Text that is just a number ("-3", "-33.5", "+1e-3") is a number to a spreadsheet too, never a formula.
_NUMBER_RE = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(_NUMBER_RE)
_CHUNK = 100_000  # GeoJSON rows per vectorised batch: bounded memory at a million rows


def neutralise_formula(value: object) -> object:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)"; anything else unchanged, numbers and number text ('-3') too."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralised (vectorised for string columns); numeric columns untouched."""
    out = table.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.StringDtype):
            risky = values.str.contains(_FORMULA_RE, regex=True).fillna(False).to_numpy(dtype=bool)
            if risky.any():
                risky = risky & ~values.str.fullmatch(_NUMBER_RE).fillna(False).to_numpy(dtype=bool)
            if risky.any():
                out[column] = values.mask(risky, "'" + values)
        elif values.dtype == object:
            out[column] = values.map(neutralise_formula)
    return out


def hxl_tag(column: str) -> str:
    """The column's HXL hashtag; other columns get a valid custom tag: '#x_' + lower-case name."""
    return HXL_TAGS.get(column) or "#x_" + (re.sub(r"[^a-z0-9_]+", "_", column.lower()).strip("_") or "column")


def _columns(events: pd.DataFrame) -> list[str]:
    geometry = events.geometry.name if isinstance(events, gpd.GeoDataFrame) else "geometry"
    extra = [c for c in events.columns if c not in COLUMNS and c != geometry and not str(c).startswith("_")]
    return [c for c in COLUMNS if c in events.columns] + extra


def _date_text(values: pd.Series) -> pd.Series:
    """YYYY-MM-DD (or full ISO when a time is set), NA kept; vectorised through numpy."""
    dates = pd.to_datetime(values)
    stamps = dates.to_numpy(dtype="datetime64[ns]")
    has_time = (dates.notna() & (dates != dates.dt.normalize())).any()
    text = np.datetime_as_string(stamps, unit="s" if has_time else "D")
    return pd.Series(text, index=values.index, dtype="string").where(dates.notna())


def _flat_lists(values: pd.Series) -> pd.Series:
    """Lists (or arrays) as 'a;b'; each distinct list joined once."""
    cache: dict[tuple, str] = {}

    def join(v: object) -> object:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        key = tuple(v)  # type: ignore[arg-type]
        if key not in cache:
            cache[key] = ";".join(map(str, key))
        return cache[key]

    return pd.Series([join(v) for v in values], index=values.index, dtype="string")


def _tabular(events: pd.DataFrame) -> pd.DataFrame:
    """Flat table for spreadsheets: lists joined with ';', dates ISO, text formulas neutralised."""
    table = pd.DataFrame(events[_columns(events)])
    for column in table.columns:
        values = table[column]
        if isinstance(values.dtype, pd.CategoricalDtype):  # the dashboard's frame: text must be neutralised too
            values = table[column] = values.astype(values.cat.categories.dtype)
        if column in LIST_COLUMNS or (values.dtype == object and _holds_lists(values)):
            table[column] = _flat_lists(values)
        elif pd.api.types.is_datetime64_any_dtype(values):
            table[column] = _date_text(values)
        elif values.dtype == object:
            table[column] = values.map(lambda v: v if v is None or isinstance(v, str | int | float | bool) else str(v))
    return neutralise_frame(table)


def _holds_lists(values: pd.Series) -> bool:
    first = values.dropna()
    return len(first) > 0 and isinstance(first.iloc[0], list | tuple | np.ndarray)


def _to_arrow(table: pd.DataFrame) -> pa.Table:
    """Arrow table for the CSV writer; object columns become text."""
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].map(lambda v: None if v is None else str(v)).astype("string")
    return pa.Table.from_pandas(table, preserve_index=False)


def _csv_head(columns: list[str], hxl: bool) -> bytes:
    head = io.StringIO()
    writer = csv.writer(head, lineterminator="\n")
    writer.writerow(columns)
    if hxl:  # HXL: the second row carries the hashtags
        writer.writerow([hxl_tag(c) for c in columns])
    return head.getvalue().encode("utf-8")


def _csv_rows(table: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    # pyarrow's writer: multi-threaded, and floats in their shortest round-trip form.
    pacsv.write_csv(_to_arrow(table), out, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
    return out.getvalue()


def _write_csv(events: pd.DataFrame, path: Path, hxl: bool) -> None:
    with open(path, "wb") as fh:
        for chunk in iter_csv([events], hxl=hxl):
            fh.write(chunk)


def iter_csv(blocks: Iterable[pd.DataFrame], *, hxl: bool = False) -> Iterator[bytes]:
    """The CSV (or HXL) export of consecutive `blocks` of events (same columns, at least one block) as byte
    chunks: the header once, then each block's rows. Joined, the file ``export --format csv|hxl`` writes for
    the blocks together; a streamed HTTP response never holds all rows at once.
    """
    for i, block in enumerate(blocks):
        table = _tabular(block)
        if i == 0:
            yield _csv_head(list(table.columns), hxl)
        yield _csv_rows(table)


# -- GeoJSON ---------------------------------------------------------------------------------------------

_NEEDS_ESCAPE = '[\\\\"\\x00-\\x1f]'  # RE2: a backslash, a quote or a control character


def _arrow_text(values: pd.Series) -> pa.Array:
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        array = pa.array(values.array)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
    else:
        array = pa.array(values.astype("string").to_numpy(dtype=object, na_value=None), type=pa.string())
    return array.cast(pa.string()) if array.type != pa.string() else array


def _json_strings(values: pd.Series) -> pa.Array:
    """JSON string literals ("...") for a text column, null where missing; escaping only where needed."""
    array = _arrow_text(values)
    quoted = pc.binary_join_element_wise('"', array, '"', "")
    needs = pc.fill_null(pc.match_substring_regex(array, _NEEDS_ESCAPE), False)
    count = pc.sum(needs).as_py() or 0
    if count:
        # Few rows have quotes, backslashes or line breaks: the json module escapes exactly those.
        subset = pc.filter(array, needs).to_pylist()
        escaped = pa.array([json.dumps(v, ensure_ascii=False) for v in subset], type=pa.string())
        quoted = pc.replace_with_mask(quoted, needs, escaped)
    return quoted


def _json_values(values: pd.Series) -> pa.Array:
    """JSON text of each value of one column (null where missing), vectorised by dtype."""
    dtype = values.dtype
    if len(values) == 0:
        return pa.array([], type=pa.string())
    if pd.api.types.is_bool_dtype(dtype):
        flags = pa.array(values.astype("boolean").to_numpy(dtype=object, na_value=None), type=pa.bool_())
        return pc.if_else(flags, "true", "false")
    if pd.api.types.is_integer_dtype(dtype):
        return pc.cast(pa.array(values.astype("Int64").to_numpy(dtype=object, na_value=None), pa.int64()), pa.string())
    if pd.api.types.is_float_dtype(dtype):
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        array = pa.array(numbers, mask=~np.isfinite(numbers))  # JSON has no NaN or Infinity
        return pc.cast(array, pa.string())  # shortest text that reads back as the same double
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return _json_strings(_date_text(values))
    if isinstance(dtype, pd.StringDtype) or (dtype is np.dtype(object) and _all_text(values)):
        return _json_strings(values)
    return _json_objects(values)


def _json_objects(values: pd.Series) -> pa.Array:
    """Lists and anything else: the json module, each distinct value once; lists never null."""
    cache: dict[object, str] = {}
    is_list_column = values.name in LIST_COLUMNS

    def dump(v: object) -> str | None:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return "[]" if is_list_column else None
        key = tuple(v) if isinstance(v, list | np.ndarray) else v
        try:
            return cache[key]
        except (KeyError, TypeError):
            pass
        text = json.dumps(v.tolist() if isinstance(v, np.ndarray) else v, ensure_ascii=False, default=str)
        with contextlib.suppress(TypeError):  # unhashable values are simply not cached
            cache[key] = text
        return text

    return pa.array([dump(v) for v in values.to_numpy(dtype=object)], type=pa.string())


def _all_text(values: pd.Series) -> bool:
    present = values.dropna()
    return len(present) > 0 and all(isinstance(v, str) for v in present.iloc[:1000])


def _coordinates(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """(lon, lat, is_point, geometries or None) of each row."""
    if isinstance(events, gpd.GeoDataFrame) and events.geometry.name in events.columns:
        geoms = events.geometry.to_numpy()
        return shapely.get_x(geoms), shapely.get_y(geoms), shapely.get_type_id(geoms) == 0, geoms
    lon = events["longitude"].to_numpy(dtype=float, na_value=np.nan)
    lat = events["latitude"].to_numpy(dtype=float, na_value=np.nan)
    return lon, lat, np.ones(len(events), dtype=bool), None


def _geometry_json(events: pd.DataFrame) -> pa.Array:
    """Point geometries as JSON ([lon, lat], RFC 7946 order, round-trip floats); null where there is none."""
    lon, lat, is_point, geoms = _coordinates(events)
    ok = is_point & np.isfinite(lon) & np.isfinite(lat)
    text = pc.binary_join_element_wise(
        '{"type":"Point","coordinates":[',
        pc.cast(pa.array(lon, mask=~ok), pa.string()),
        ",",
        pc.cast(pa.array(lat, mask=~ok), pa.string()),
        "]}",
        "",
    )
    if geoms is not None:  # anything but a point (never in the store, but a caller may pass one)
        other = ~is_point & ~shapely.is_missing(geoms)
        if other.any():
            text = pc.replace_with_mask(text, pa.array(other), pa.array(shapely.to_geojson(geoms[other])))
    return pc.fill_null(text, "null")


def _feature_chunks(events: pd.DataFrame, columns: list[str]) -> Iterator[pa.Buffer]:
    """UTF-8 bytes of the features, a chunk of rows at a time, one feature per line."""
    keys = [json.dumps(str(c), ensure_ascii=False) + ":" for c in columns]
    for start in range(0, len(events), _CHUNK):
        chunk = events.iloc[start : start + _CHUNK]
        n = len(chunk)
        ident = _json_strings(chunk["event_id"]) if "event_id" in chunk.columns else pa.nulls(n, pa.string())
        # One element-wise join per chunk: the constant parts are scalars between the value columns.
        parts: list[object] = ['{"type":"Feature","id":', pc.fill_null(ident, "null")]
        parts += [',"geometry":', _geometry_json(chunk), ',"properties":{']
        for i, (key, column) in enumerate(zip(keys, columns, strict=True)):
            parts += [("," if i else "") + key, pc.fill_null(_json_values(chunk[column]), "null")]
        parts.append("}}")
        features = pc.binary_join_element_wise(*parts, "")
        lines = pa.ListArray.from_arrays(pa.array([0, n], pa.int32()), features)
        yield pc.binary_join(lines, ",\n")[0].as_buffer()


def iter_geojson(blocks: Iterable[pd.DataFrame]) -> Iterator[bytes]:
    """A FeatureCollection of consecutive `blocks` of events (same columns and dtypes, at least one block) as
    UTF-8 chunks; joined, the ``export`` file for the blocks together."""
    blocks = iter(blocks)
    first = next(blocks)
    columns = _columns(first)
    meta = {"version": 1, "dtypes": {c: str(first[c].dtype) for c in columns}}
    yield f'{{"type":"FeatureCollection","{GEOJSON_META_KEY}":{json.dumps(meta, ensure_ascii=False)},\n'.encode()
    yield b'"features":[\n'
    separator = b""
    for block in itertools.chain([first], blocks):
        for chunk in _feature_chunks(block, columns):
            yield separator + chunk.to_pybytes()
            separator = b",\n"
    yield b"\n]}\n"


def write_geojson(events: pd.DataFrame, fh: BinaryIO) -> None:
    """Stream a FeatureCollection of `events` as UTF-8 to a binary file handle."""
    for chunk in iter_geojson([events]):
        fh.write(chunk)


def geojson_dict(events: pd.DataFrame) -> dict:
    """A FeatureCollection as a dict (same content as the file): for small frames and tests."""
    buf = io.BytesIO()
    write_geojson(events, buf)
    return json.loads(buf.getvalue())


# -- GeoPackage ------------------------------------------------------------------------------------------


def _write_gpkg(events: pd.DataFrame, path: Path) -> None:
    # GeoPackage has no list type: categories are ';'-joined, as in CSV. Values are not neutralised.
    table = pd.DataFrame(events[_columns(events)]).copy()
    for column in table.columns:
        values = table[column]
        if column in LIST_COLUMNS or (values.dtype == object and _holds_lists(values)):
            table[column] = _flat_lists(values)
        elif pd.api.types.is_datetime64_any_dtype(values):
            table[column] = values.dt.date if (values.dropna() == values.dropna().dt.normalize()).all() else values
    geometry = _points(events)
    gdf = gpd.GeoDataFrame(table.reset_index(drop=True), geometry=geometry, crs="EPSG:4326")
    gdf.to_file(path, layer="events", driver="GPKG", engine="pyogrio", use_arrow=True)  # 3x faster at 1M


def _points(events: pd.DataFrame) -> np.ndarray:
    if isinstance(events, gpd.GeoDataFrame) and events.geometry.name in events.columns:
        return events.geometry.to_numpy()
    return gpd.points_from_xy(events["longitude"], events["latitude"]).to_numpy()  # GeoJSON order: x = lon


# -- files -----------------------------------------------------------------------------------------------


def write_atomic(out: Path | str, write: Callable[[Path], None], suffix: str = ".tmp") -> Path:
    """Call `write(tmp)` for a temporary path next to `out`, then rename it over `out` (atomic on POSIX)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=suffix, dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # some writers (GPKG) refuse to write over an existing file
        write(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _writer(fmt: str) -> Callable[[pd.DataFrame, Path], None]:
    def csv_like(events: pd.DataFrame, path: Path) -> None:
        _write_csv(events, path, hxl=fmt == "hxl")

    def geojson(events: pd.DataFrame, path: Path) -> None:
        with open(path, "wb") as fh:
            write_geojson(events, fh)

    def parquet(events: pd.DataFrame, path: Path) -> None:
        from dashboard.store import to_geodataframe

        gdf = events if isinstance(events, gpd.GeoDataFrame) else to_geodataframe(events)
        gdf.reset_index(drop=True).to_parquet(path, index=False, compression="zstd", schema_version="1.0.0")

    return {"csv": csv_like, "hxl": csv_like, "geojson": geojson, "gpkg": _write_gpkg, "parquet": parquet}[fmt]


def export_events(events: pd.DataFrame, fmt: str, out: Path | str) -> Path:
    """Write `events` to `out` in `fmt`, atomically (temporary file, then rename)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    writer = _writer(fmt)
    return write_atomic(out, lambda tmp: writer(events, tmp), SUFFIX[fmt])


def export_bytes(events: pd.DataFrame, fmt: str) -> bytes:
    """The export as bytes, for the dashboard's download button."""
    with tempfile.TemporaryDirectory() as tmp:
        path = export_events(events, fmt, Path(tmp) / f"events{SUFFIX[fmt]}")
        return path.read_bytes()
