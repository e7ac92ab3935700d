"""COPY between pandas frames and PostgreSQL, for the PostGIS store (``dashboard.store_postgis``).

Rows go in and out as CSV, the form ``COPY`` reads and writes fastest, parsed and written by pyarrow: texts
quoted, NULL as an unquoted empty field, ``infrastructure`` as a ``text[]`` literal in and JSON out, the
importers' extra columns as one JSON object in and one text column each out (``extra ->> name``), turned back
into the dtype they arrived with (``event_columns``).
"""

from __future__ import annotations

import io
import json
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
from psycopg import sql

from dashboard.ingest.merge import DUPLICATE_COLUMN
from dashboard.schema import COLUMNS, LIST_COLUMNS
from dashboard.store import to_geodataframe

__all__ = [
    "ARROW_TYPES",
    "BY_SEQ",
    "DATA_COLUMNS",
    "PG_TYPES",
    "copy_out",
    "copy_payload",
    "extra_names",
    "first_line",
    "to_csv",
]

PG_TYPES = {
    "string": "text",
    "datetime64[ns]": "date",
    "Int8": "smallint",
    "Int32": "integer",
    "float64": "double precision",
    "boolean": "boolean",
    "object": "text[]",
}
ARROW_TYPES = {
    "string": pa.string(),
    "datetime64[ns]": pa.date32(),
    "Int8": pa.int16(),
    "Int32": pa.int32(),
    "float64": pa.float64(),
    "boolean": pa.bool_(),
    "object": pa.string(),  # text[] leaves the server as JSON text
}
BY_SEQ = sql.SQL("seq")  # store order: by arrival, as the GeoParquet file is
# Stored columns, in table order; the generated geom and the seq are the database's.
DATA_COLUMNS = [*COLUMNS, DUPLICATE_COLUMN, "extra"]


def copy_out(
    conn: psycopg.Connection,
    extras: dict[str, str],
    source: sql.Composable,
    order: sql.Composable | None = BY_SEQ,
    columns: list[str] | None = None,
    with_seq: bool = False,
) -> gpd.GeoDataFrame:
    """Rows of `source` as the GeoDataFrame read_store would give (COPY as CSV, parsed by pyarrow)."""
    names = columns or [*COLUMNS, DUPLICATE_COLUMN]
    wanted = {name: extras[name] for name in extras} if columns is None else {}
    selected = [
        sql.SQL("array_to_json({})::text").format(sql.Identifier(n)) if n in LIST_COLUMNS else sql.Identifier(n)
        for n in names
    ]
    selected += [sql.SQL("extra ->> {}").format(sql.Literal(n)) for n in wanted]
    if with_seq:
        selected.append(sql.SQL("seq"))
    ordered = sql.SQL(" ORDER BY {}").format(order) if order is not None else sql.SQL("")
    query = sql.SQL("COPY (SELECT {} FROM {}{}) TO STDOUT (FORMAT csv)").format(
        sql.SQL(", ").join(selected), source, ordered
    )
    buffer = bytearray()
    with conn.cursor().copy(query) as copy:
        for data in copy:
            buffer += data
    header = [*names, *(f"extra:{n}" for n in wanted), *(["_seq"] if with_seq else [])]
    types = {n: ARROW_TYPES[COLUMNS[n][0]] if n in COLUMNS else pa.string() for n in names}
    types.update({f"extra:{n}": pa.string() for n in wanted})
    types["_seq"] = pa.int64()
    if not buffer:  # no rows: pyarrow reads no schema from an empty file
        table = pa.table({name: pa.array([], type=types[name]) for name in header})
    else:
        table = _parse(buffer, header, types)
    frame = pd.DataFrame(index=range(table.num_rows))
    for name in names:
        values = table.column(name)
        if name in LIST_COLUMNS:
            frame[name] = _lists(values.to_pandas())
        elif name in COLUMNS:
            dtype = COLUMNS[name][0]
            if dtype == "datetime64[ns]":
                values = values.cast(pa.timestamp("ns"))
            frame[name] = values.to_pandas().astype(dtype)
        else:
            frame[name] = values.to_pandas().astype("string")
    for name, dtype in wanted.items():
        frame[name] = _typed(table.column(f"extra:{name}").to_pandas(), dtype)
    if with_seq:  # a caller's bookmark (blocks): removed by it
        frame["_seq"] = table.column("_seq").to_numpy()
    return to_geodataframe(frame)


def _parse(buffer: bytearray, header: list[str], types: dict[str, pa.DataType]) -> pa.Table:
    return pacsv.read_csv(
        pa.py_buffer(buffer),  # no copy: pyarrow reads the bytearray in place
        read_options=pacsv.ReadOptions(column_names=header),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=types,
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,  # "" is an empty text, an unquoted empty field is NULL
            true_values=["t"],
            false_values=["f"],
        ),
    )


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def extra_names(events: pd.DataFrame) -> list[str]:
    geometry = events.geometry.name if isinstance(events, gpd.GeoDataFrame) else "geometry"
    own = {*COLUMNS, DUPLICATE_COLUMN, geometry}
    return [c for c in events.columns if c not in own and not c.startswith("_")]


def _array_literal(items: Any) -> str | None:
    if items is None or (isinstance(items, float) and np.isnan(items)):
        return None
    quoted = ('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in items)
    return "{" + ",".join(quoted) + "}"


def copy_payload(conn: psycopg.Connection, query: sql.Composable, payload: bytes) -> None:
    with conn.cursor().copy(query) as copy:
        view = memoryview(payload)
        for start in range(0, len(view), 1 << 20):
            copy.write(view[start : start + (1 << 20)])


def to_csv(events: pd.DataFrame, columns: list[str] | None = None) -> bytes:
    """The rows as PostgreSQL CSV (default: DATA_COLUMNS): texts quoted, NULLs as unquoted empty fields."""
    columns = columns or DATA_COLUMNS
    arrays = []
    for name in columns:
        if name == "extra":
            extra = extra_names(events)
            if extra:
                lines = events[extra].to_json(orient="records", lines=True, date_format="iso", force_ascii=False)
                arrays.append(pa.array(lines.rstrip("\n").split("\n") if len(events) else [], type=pa.string()))
            else:
                arrays.append(pa.nulls(len(events), pa.string()))
            continue
        if name not in events.columns:
            arrays.append(pa.nulls(len(events), pa.string()))
            continue
        series = events[name]
        if name in LIST_COLUMNS:
            codes, uniques = pd.factorize(series.map(lambda v: None if v is None else tuple(v)), use_na_sentinel=True)
            literals = np.array([_array_literal(u) for u in uniques] + [None], dtype=object)
            arrays.append(pa.array(literals[codes], type=pa.string()))
        elif name in COLUMNS and COLUMNS[name][0] == "datetime64[ns]":
            arrays.append(pa.array(series.to_numpy(dtype="datetime64[D]"), type=pa.date32(), from_pandas=True))
        elif name in COLUMNS and COLUMNS[name][0] in ("Int8", "Int32", "float64", "boolean"):
            arrays.append(pa.array(series, from_pandas=True))
        else:
            arrays.append(pa.array(series.astype("string"), type=pa.string(), from_pandas=True))
    sink = io.BytesIO()
    pacsv.write_csv(pa.table(arrays, names=columns), sink, pacsv.WriteOptions(include_header=False))
    return sink.getvalue()


def _lists(texts: pd.Series) -> list[list[str]]:
    """JSON arrays (``array_to_json``) to Python lists; few distinct values, so each is parsed once."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    parsed = [json.loads(u) or [] for u in uniques] + [[]]
    return [list(parsed[c]) for c in codes]


def _typed(values: pd.Series, dtype: str) -> pd.Series:
    """An extra column back in the dtype it arrived with (JSON text from ``extra ->> name``); text if not."""
    try:
        if dtype.startswith("datetime64"):
            return pd.to_datetime(values, format="ISO8601").astype(dtype)
        if dtype.lower() in ("boolean", "bool"):
            return values.map({"true": True, "false": False}).astype("boolean")
        if dtype.lower().startswith(("int", "uint", "float")):
            return pd.to_numeric(values).astype(dtype)
        return values.astype(dtype if dtype != "object" else "string")
    except (TypeError, ValueError):
        return values.astype("string")
