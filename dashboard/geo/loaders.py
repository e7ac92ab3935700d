"""Cached loaders of the built reference data, and one switch to forget everything derived from it.

This module imports no other ``dashboard.geo`` module, so the region join, the geocoder and the builders can
all import it without importing each other. Anything cached on top of the reference data (the geocoder,
region points, map outlines) is declared with :func:`reference_cache`, so :func:`clear_caches` reaches it
without knowing the modules that hold it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from dashboard import config

__all__ = ["ReferenceMissing", "clear_caches", "load_admin1", "load_gazetteer", "reference_cache"]

F = TypeVar("F", bound=Callable[..., Any])

_CACHES: list[Any] = []


def reference_cache(fn: F | None = None, *, maxsize: int = 1) -> Any:
    """``functools.lru_cache`` that :func:`clear_caches` empties: for values derived from reference data.

    Use as ``@reference_cache`` or ``@reference_cache(maxsize=8)``.
    """

    def wrap(f: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(f)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return wrap(fn) if fn is not None else wrap


class ReferenceMissing(FileNotFoundError):
    """The built reference data (gazetteer, admin-1 polygons) is not there yet."""


def _require(path: Path) -> Path:
    if not path.is_file():
        raise ReferenceMissing(f"reference data missing: run `python -m dashboard build` (no {path})")
    return path


@reference_cache
def load_admin1() -> gpd.GeoDataFrame:
    """The admin-1 polygons (EPSG:4326), read once per process. Do not mutate the result."""
    return gpd.read_parquet(_require(config.ADMIN1_PATH))


@reference_cache
def load_gazetteer() -> pd.DataFrame:
    """The gazetteer table, read once per process. Do not mutate the result."""
    return pd.read_parquet(_require(config.GAZETTEER_PATH))


def clear_caches() -> None:
    """Forget loaded reference data and all derived from it (after a rebuild, or when tests move the paths)."""
    for cached in _CACHES:
        cached.cache_clear()
