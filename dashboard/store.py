"""The event store: one GeoParquet file in EPSG:4326, written atomically, loaded once per process.

Every write also leaves a copy of the new store beside it (``.<name>.last-good``, written atomically too).
If the store is later found unreadable — truncated by a copy that stopped half-way, a full disk, a bad
sector — reading it fails with a message naming the file and that copy, and ``python -m dashboard restore``
puts the copy back (the unreadable file is kept aside, never deleted).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.schema import COLUMNS, LIST_COLUMNS

__all__ = [
    "StoreCorrupt",
    "StoreMissing",
    "last_good_path",
    "load_store",
    "read_store",
    "restore_store",
    "to_geodataframe",
    "write_store",
]

CRS = "EPSG:4326"


class StoreMissing(FileNotFoundError):
    """The store file does not exist yet."""


class StoreCorrupt(ValueError):
    """The store file exists but cannot be read; the message names it and the last good copy."""


def last_good_path(path: Path | str) -> Path:
    """Where the copy of the last store written is kept: ``.<name>.last-good`` beside it."""
    path = Path(path)
    return path.parent / f".{path.name}.last-good"


def _rows_in(path: Path) -> int | None:
    """Events in a store file by its Parquet footer, or None when the file is not readable Parquet."""
    import pyarrow.parquet as pq

    try:
        return pq.read_metadata(path).num_rows
    except (OSError, ValueError):  # pyarrow's ArrowInvalid is a ValueError
        return None


def _copy_atomic(source: Path, target: Path) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 22)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(source, tmp_name)  # mkstemp makes it owner-only; the copy is as readable as the store
        os.replace(tmp_name, target)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def to_geodataframe(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """Events with a Point geometry built from longitude/latitude (GeoJSON order: x = lon, y = lat)."""
    geometry = gpd.points_from_xy(df["longitude"], df["latitude"], crs=CRS)
    return gpd.GeoDataFrame(df.drop(columns="geometry", errors="ignore"), geometry=geometry, crs=CRS)


def write_store(events: pd.DataFrame, path: Path | str) -> Path:
    """Write events as GeoParquet, atomically: a crash leaves the previous file whole.

    The file is written next to the target, flushed to disk, then renamed over it; a rename within
    one directory is atomic on POSIX and Windows.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    gdf = events if isinstance(events, gpd.GeoDataFrame) else to_geodataframe(events)
    gdf = gdf.reset_index(drop=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        gdf.to_parquet(tmp, index=False, compression="zstd", schema_version="1.0.0")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        # mkstemp creates the file owner-only; give it the permissions a plain open() would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _copy_atomic(path, last_good_path(path))  # a separate file: damage to the store in place spares it
    load_store.cache_clear()
    return path


def read_store(path: Path | str) -> gpd.GeoDataFrame:
    """Read the store; list columns come back as Python lists, dtypes as in schema.COLUMNS."""
    path = Path(path)
    if not path.exists():
        raise StoreMissing(f"no event store at {path}: run `python -m dashboard build` (or import data first)")
    try:
        gdf = gpd.read_parquet(path)
    except (OSError, ValueError) as exc:  # truncated or damaged Parquet (pyarrow's ArrowInvalid is a ValueError)
        raise StoreCorrupt(_corrupt_message(path, exc)) from None
    for column in LIST_COLUMNS:
        gdf[column] = [v.tolist() if isinstance(v, np.ndarray) else list(v or []) for v in gdf[column]]
    for column, (dtype, _doc) in COLUMNS.items():
        if column not in LIST_COLUMNS and column in gdf.columns:
            gdf[column] = gdf[column].astype(dtype)
    return gdf


def _corrupt_message(path: Path, exc: Exception) -> str:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    backup = last_good_path(path)
    rows = _rows_in(backup)  # None when missing or unreadable
    if rows is None:
        return f"{path} is not a readable event store ({reason}), and there is no readable copy to restore"
    written = time.strftime("%Y-%m-%d %H:%M", time.localtime(backup.stat().st_mtime))
    return (
        f"{path} is not a readable event store ({reason}). The last good copy, {backup} ({rows:,} events, "
        f"written {written}), is kept: run `python -m dashboard restore --store {path}` to bring it back"
    )


def restore_store(path: Path | str) -> tuple[Path | None, int]:
    """Put the last good copy back in place of an unreadable store: (where the bad file was kept, events).

    The unreadable file is renamed ``<name>.unreadable-<time>`` beside it, never deleted. Refuses (ValueError)
    when the store is readable, or when there is no readable copy.
    """
    path = Path(path)
    backup = last_good_path(path)
    rows = _rows_in(backup)  # None when missing or unreadable
    if rows is None:
        raise ValueError(f"no readable last good copy of {path} ({backup}): nothing to restore")
    kept: Path | None = None
    if path.exists():
        try:
            read_store(path)
        except StoreCorrupt:
            pass
        else:
            raise ValueError(f"{path} is readable: nothing to restore (the last good copy is {backup})")
        kept = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(path, kept)
    _copy_atomic(backup, path)
    load_store.cache_clear()
    return kept, rows


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> gpd.GeoDataFrame:
    return read_store(path)


def load_store(path: Path | str) -> gpd.GeoDataFrame:
    """Cached read, refreshed when the file changes. Callers must not mutate the result."""
    path = Path(path)
    if not path.exists():
        raise StoreMissing(f"no event store at {path}: run `python -m dashboard build` (or import data first)")
    return _load(str(path.resolve()), path.stat().st_mtime_ns)


load_store.cache_clear = _load.cache_clear  # type: ignore[attr-defined]
