"""Admin-1 regions of points: a vectorised spatial join with the admin-1 polygons.

Points are matched to the polygon that contains them (spatial index, no Python loop per point). Points in
no polygon — on a coast, a river mouth or an island Natural Earth's 1:10m lines cut off — take the nearest
polygon within ``max_distance`` degrees. Distances are measured in degrees on purpose: 0.1° is 11 km
north–south and 6–8 km east–west at Ukraine's and southern Russia's latitudes, which is the tolerance
wanted, and no projection is good for the whole world. Points farther out (open sea) stay unassigned.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.geo.loaders import load_admin1, reference_cache

__all__ = ["DEFAULT_MAX_DISTANCE", "assign_admin1", "region_centroid", "region_names"]

DEFAULT_MAX_DISTANCE = 0.1  # degrees, see the module docstring

_OUT_COLUMNS = ("country", "admin1_code", "admin1")


def _nearest(points: np.ndarray, polys: gpd.GeoDataFrame, max_distance: float) -> tuple[np.ndarray, np.ndarray]:
    """(point positions, polygon positions) of the nearest polygon within max_distance, one per point."""
    if len(points) == 0 or len(polys) == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    pairs = polys.sindex.nearest(points, max_distance=max_distance, return_all=False)
    return pairs[0], pairs[1]


def assign_admin1(
    gdf: gpd.GeoDataFrame,
    admin1: gpd.GeoDataFrame | None = None,
    *,
    max_distance: float = DEFAULT_MAX_DISTANCE,
    country_column: str | None = None,
) -> gpd.GeoDataFrame:
    """Return a copy of ``gdf`` (same rows, order and index) with ``country``, ``admin1_code``, ``admin1``.

    ``admin1`` defaults to the built reference polygons. Points in no region within ``max_distance``
    (and empty or missing geometries) get missing values; no row is ever dropped. Geometries in another
    CRS are joined in EPSG:4326 and handed back unchanged; a frame without a CRS is taken as EPSG:4326.

    With ``country_column`` (ISO alpha-2 per point), a point only takes a region of its own country, and
    its ``country`` is kept: for data whose country is known better than a 1:10m border (gazetteers,
    ACLED rows near a border).
    """
    polys = (load_admin1() if admin1 is None else admin1).reset_index(drop=True)
    if polys.crs is not None and not polys.crs.equals("EPSG:4326"):
        polys = polys.to_crs(4326)
    geoms = gdf.geometry
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        geoms = geoms.to_crs(4326)
    points = np.asarray(geoms.values, dtype=object)
    n = len(points)
    valid = ~(pd.isna(points) | gpd.GeoSeries(points).is_empty.to_numpy())
    poly_country = polys["country"].to_numpy(dtype=object)
    own_country = gdf[country_column].to_numpy(dtype=object) if country_column else None

    match = np.full(n, -1, dtype=np.intp)
    valid_pos = np.flatnonzero(valid)
    if len(valid_pos):
        pt_idx, poly_idx = polys.sindex.query(points[valid_pos], predicate="within")
        pt_idx = valid_pos[pt_idx]
        if own_country is not None:
            keep = poly_country[poly_idx] == own_country[pt_idx]
            pt_idx, poly_idx = pt_idx[keep], poly_idx[keep]
        # A point on a shared border may fall in two polygons: keep the first, deterministically.
        first = np.unique(pt_idx, return_index=True)[1]
        match[pt_idx[first]] = poly_idx[first]

    todo = np.flatnonzero(valid & (match < 0))
    if len(todo) and max_distance > 0:
        if own_country is None:
            pt, poly = _nearest(points[todo], polys, max_distance)
            match[todo[pt]] = poly
        else:
            # Per country, so a coastal village is not snapped across a border; few points get here.
            for country in pd.unique(own_country[todo]):
                sub = todo[own_country[todo] == country]
                cand = np.flatnonzero(poly_country == country)
                pt, poly = _nearest(points[sub], polys.iloc[cand], max_distance)
                match[sub[pt]] = cand[poly]

    out = gdf.copy()
    hit = match >= 0
    for col in _OUT_COLUMNS:
        if col == "country" and own_country is not None:
            continue
        values = np.full(n, None, dtype=object)
        values[hit] = polys[col].to_numpy(dtype=object)[match[hit]]
        out[col] = pd.Series(values, index=gdf.index, dtype="str")
    return out


@reference_cache
def _representative_points() -> dict[str, tuple[float, float]]:
    admin1 = load_admin1()
    pts = admin1.geometry.representative_point()
    return {code: (float(p.y), float(p.x)) for code, p in zip(admin1["admin1_code"], pts, strict=True)}


def region_centroid(admin1_code: str) -> tuple[float, float]:
    """(lat, lon) of a point inside the region (``representative_point``, unlike a centroid, is inside)."""
    try:
        return _representative_points()[admin1_code]
    except KeyError:
        raise KeyError(f"unknown admin1_code {admin1_code!r}") from None


def region_names(countries: tuple[str, ...] | None = None) -> pd.DataFrame:
    """``admin1_code``, ``admin1``, ``country`` of every region (or of ``countries``), for widgets."""
    admin1 = load_admin1()
    table = pd.DataFrame(admin1[["admin1_code", "admin1", "country"]])
    if countries is not None:
        table = table[table["country"].isin(countries)]
    return table.sort_values(["country", "admin1"]).reset_index(drop=True)
