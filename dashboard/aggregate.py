"""Hexagon aggregation for the map: many events become a few thousand H3 cells.

A browser draws 100k points in ~5 s and chokes on 1M (see DESIGN.md), so above a few tens of thousands of
matching events the map shows one marker per H3 cell, with counts and casualties summed on the server.

Why cell ids are precomputed (measured on the 2-core dev box, 1M points, h3 4.5):

- h3 4.x has no vectorised ``latlng_to_cell``; a Python loop over ``h3.api.numpy_int.latlng_to_cell`` costs
  ~0.65 s per resolution at 1M points (the ``str`` API ~1.35 s). Per filter change that is too slow.
- An H3 parent is the child with its resolution field rewritten and the finer digits set to 7, so every
  coarser resolution is a few numpy bit operations (~10 ms at 1M) from the finest one.
- So :func:`precompute_cells` runs the loop once, at the finest resolution, when the store is loaded
  (~0.7 s for 1M), and derives the others. Per filter change the dashboard indexes the cached arrays with
  its mask and calls :func:`hex_aggregate` with ``cells=``: ``pd.factorize`` (~50 ms at 1M, 3.5× faster than
  ``np.unique``'s sort) plus ``np.bincount`` (~4 ms); 75-90 ms in all for 500k matching events at res 3-5.
- Coarse cells are therefore the H3 *parents* of a point's finest cell. H3 children do not tile their parent
  exactly, so for ~6-7% of points (near cell edges) that is a neighbour of what ``latlng_to_cell`` at the
  coarse resolution returns. It is the usual H3 roll-up, and right for a map: every fine cell lies in exactly
  one coarse cell, so zooming in splits hexagons and never moves events between them. :func:`hex_aggregate`
  without ``cells=`` follows the same rule, so both paths give equal frames.

Cell ids leave this module as H3 strings (``"871e9a0ecffffff"``): JavaScript numbers cannot hold 64-bit ints.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import h3
import h3.api.numpy_int as h3_int
import numpy as np
import pandas as pd

__all__ = [
    "RESOLUTIONS",
    "cells_geojson",
    "hex_aggregate",
    "parent_cells",
    "precompute_cells",
    "resolution_for_zoom",
]

# Resolution 3 cells are ~140 km across (a sixth of an oblast), resolution 7 ~2.8 km (a town district).
RESOLUTIONS: tuple[int, ...] = (3, 4, 5, 6, 7)

_RES_SHIFT = 52
_RES_FIELD = np.uint64(0xF << _RES_SHIFT)


def resolution_for_zoom(zoom: float) -> int:
    """The H3 resolution whose cells are ~20-40 px across at this map zoom (MapLibre zoom levels).

    At latitude 48° one pixel is ~3.3 km at zoom 5 and halves per zoom level, while H3 cells shrink ~2.6×
    per resolution: zoom 5 → res 3 (~42 px), zoom 7 → res 5 (~24 px), zoom 9 → res 7 (~14 px).
    """
    if zoom is None or not math.isfinite(zoom):
        return RESOLUTIONS[0]
    return int(min(max(math.floor(zoom) - 2, RESOLUTIONS[0]), RESOLUTIONS[-1]))


def parent_cells(cells: np.ndarray, resolution: int) -> np.ndarray:
    """Vectorised ``h3.cell_to_parent``: set the resolution field and fill the finer digits with 7.

    Cells that are 0 (no valid point) stay 0.
    """
    cells = np.asarray(cells, dtype=np.uint64)
    finer_digits = np.uint64((1 << ((15 - resolution) * 3)) - 1)
    parents = (cells & ~_RES_FIELD) | np.uint64(resolution << _RES_SHIFT) | finer_digits
    return np.where(cells == 0, np.uint64(0), parents)


def _cells_at(lat: np.ndarray, lon: np.ndarray, resolution: int) -> np.ndarray:
    """uint64 cell ids, 0 where a coordinate is missing or out of range. The one Python loop."""
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    to_cell = h3_int.latlng_to_cell
    if ok.all():  # the common case: no per-point branch
        pairs = zip(lat.tolist(), lon.tolist(), strict=True)
        return np.fromiter((to_cell(y, x, resolution) for y, x in pairs), dtype=np.uint64, count=len(lat))
    cells = np.zeros(len(lat), dtype=np.uint64)
    pairs = zip(lat[ok].tolist(), lon[ok].tolist(), strict=True)
    cells[ok] = np.fromiter((to_cell(y, x, resolution) for y, x in pairs), dtype=np.uint64, count=int(ok.sum()))
    return cells


def precompute_cells(
    lat: np.ndarray, lon: np.ndarray, resolutions: Iterable[int] = RESOLUTIONS
) -> dict[int, np.ndarray]:
    """Cell ids (uint64) of every point at each resolution; compute once per store load, ~0.7 s at 1M.

    Each is the parent of the point's cell at the finest resolution (at least ``RESOLUTIONS[-1]``), see above.
    """
    resolutions = sorted(set(resolutions))
    finest = _cells_at(lat, lon, max(resolutions[-1], RESOLUTIONS[-1]))
    return {r: parent_cells(finest, r) for r in resolutions}


def _counts(values: object, n: int) -> np.ndarray:
    """Casualty counts as float64 with 'not reported' (NA/NaN) as 0."""
    if values is None:
        return np.zeros(n)
    if isinstance(values, pd.Series | pd.api.extensions.ExtensionArray):
        return pd.Series(values).to_numpy(dtype=np.float64, na_value=0.0)
    return np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)


def hex_aggregate(
    lat: np.ndarray,
    lon: np.ndarray,
    killed: np.ndarray,
    injured: np.ndarray,
    resolution: int,
    *,
    cells: np.ndarray | None = None,
) -> pd.DataFrame:
    """Events, killed and injured summed per H3 cell, one row per non-empty cell.

    Columns: ``h3`` (string id), ``lat``, ``lon`` (cell centre), ``events`` (int64), ``killed``,
    ``injured`` (int64, 'not reported' counts as 0). Rows are ordered by cell id, so equal inputs give
    equal frames. Pass ``cells`` (from :func:`precompute_cells`, already filtered like the other arrays) to
    skip the per-point H3 lookup; ``lat``/``lon`` are then only used for their length.
    """
    if cells is None:
        cells = precompute_cells(lat, lon, [resolution])[resolution]
    cells = np.asarray(cells, dtype=np.uint64)
    n = len(cells)
    killed = _counts(killed, n)
    injured = _counts(injured, n)
    valid = cells != 0
    if not valid.all():
        cells, killed, injured = cells[valid], killed[valid], injured[valid]
    codes, unique = pd.factorize(cells, sort=True)
    size = len(unique)
    centres = [h3_int.cell_to_latlng(int(c)) for c in unique]
    return pd.DataFrame(
        {
            "h3": [h3.int_to_str(int(c)) for c in unique],
            "lat": np.fromiter((c[0] for c in centres), dtype=np.float64, count=size),
            "lon": np.fromiter((c[1] for c in centres), dtype=np.float64, count=size),
            "events": np.bincount(codes, minlength=size).astype(np.int64),
            "killed": np.bincount(codes, weights=killed, minlength=size).round().astype(np.int64),
            "injured": np.bincount(codes, weights=injured, minlength=size).round().astype(np.int64),
        }
    )


def cells_geojson(h3_ids: Iterable[str]) -> dict:
    """A GeoJSON FeatureCollection of cell outlines (lon/lat order), feature ``id`` = the H3 string.

    For ``choropleth_map(geojson=..., locations=frame.h3)``; ~7 vertices per cell, so keep it to the
    cells on screen (a few thousand).
    """
    features = []
    for cell in h3_ids:
        ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(cell)]
        ring.append(ring[0])
        features.append({"type": "Feature", "id": cell, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}
