"""The event store: one GeoParquet file in EPSG:4326, written atomically, loaded once per process."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.schema import COLUMNS, LIST_COLUMNS

__all__ = ["StoreMissing", "load_store", "read_store", "to_geodataframe", "write_store"]

CRS = "EPSG:4326"


class StoreMissing(FileNotFoundError):
    """The store file does not exist yet."""


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
    load_store.cache_clear()
    return path


def read_store(path: Path | str) -> gpd.GeoDataFrame:
    """Read the store; list columns come back as Python lists, dtypes as in schema.COLUMNS."""
    path = Path(path)
    if not path.exists():
        raise StoreMissing(f"no event store at {path}: run `python -m dashboard build` (or import data first)")
    gdf = gpd.read_parquet(path)
    for column in LIST_COLUMNS:
        gdf[column] = [v.tolist() if isinstance(v, np.ndarray) else list(v or []) for v in gdf[column]]
    for column, (dtype, _doc) in COLUMNS.items():
        if column not in LIST_COLUMNS and column in gdf.columns:
            gdf[column] = gdf[column].astype(dtype)
    return gdf


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
