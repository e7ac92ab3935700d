"""Precise borders for the area the project serves: admin-1 polygons refitted to OpenStreetMap's country lines.

Natural Earth's 1:10m admin-1 lines are kilometres off along the Ukraine–Russia border, so a shelled border
village can land in the wrong country. Inside ``SERVED_AREA`` (Ukraine, Moldova, southern Belarus, Russia's
regions along Ukraine, and the neighbours' border strips) the admin-1 polygons are rebuilt from two committed
OpenStreetMap-derived files (``data/boundaries/``, ODbL, made by ``tools/boundaries/derive.py``):

* ``COUNTRIES_PATH`` — whose land each point is (geo-maps ``countries-land-10m``, 10 m);
* ``UA_ADMIN1_PATH`` — Ukraine's oblasts (geoBoundaries UKR ADM1), which replace Natural Earth's there.

:func:`fit_admin1` decides, inside the area, in this order: land belongs to the country whose OSM land it is;
water (reservoirs, lagoons, territorial sea) to a country with its own precise admin-1 partition, else to
the Natural Earth polygon that covered it. Within a country, a region keeps what its own polygon (OSM
oblast or Natural Earth region) covers; land no polygon of that country covers — a sliver along the border
that Natural Earth gave to the neighbour — goes to the nearest region of the country. Outside the area the
Natural Earth polygons are untouched. The result is one set of polygons, so the join, the gazetteer and the
outlines drawn on the map all agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard import config

__all__ = [
    "COUNTRIES_PATH",
    "SERVED_AREA",
    "UA_ADMIN1_PATH",
    "Borders",
    "fit_admin1",
    "polygons_only",
    "read_borders",
    "union_of",
]

# (min lon, min lat, max lon, max lat): Ukraine with 40–60 km around it, Russia to 41.5°E, Belarus to 54°N.
SERVED_AREA: tuple[float, float, float, float] = (21.5, 43.8, 41.5, 54.0)
BOUNDARIES_DIR = config.BOUNDARIES_DIR
COUNTRIES_PATH = BOUNDARIES_DIR / "countries-osm.parquet"
UA_ADMIN1_PATH = BOUNDARIES_DIR / "ua-admin1-geoboundaries.parquet"

_SPLIT_STEP = 0.002  # degrees between boundary points when a sliver is split between regions (~200 m)
_MIN_AREA = 1e-9  # deg², ~8 m²: slivers of floating-point noise
_NEAR = 0.05  # degrees: owners farther than this beyond a sliver's own size are not its nearest


@dataclass(frozen=True)
class Borders:
    """Country land (``country``, ``geometry``) and precise admin-1 partitions by country, inside ``area``."""

    land: gpd.GeoDataFrame
    partitions: dict[str, gpd.GeoDataFrame]
    area: tuple[float, float, float, float] = SERVED_AREA


def read_borders() -> Borders:
    """The committed border files, or a FileNotFoundError saying how to make them."""
    for path in (COUNTRIES_PATH, UA_ADMIN1_PATH):
        if not path.is_file():
            raise FileNotFoundError(
                f"precise border file missing: {path} (it is committed with the project; "
                "`tools/boundaries/derive.py` rebuilds it)"
            )
    land = gpd.read_parquet(COUNTRIES_PATH)
    ua = gpd.read_parquet(UA_ADMIN1_PATH)
    return Borders(land=land, partitions={"UA": ua})


def fit_admin1(
    admin1: gpd.GeoDataFrame,
    land: dict[str, BaseGeometry],
    partitions: dict[str, gpd.GeoDataFrame],
    area: tuple[float, float, float, float] = SERVED_AREA,
) -> gpd.GeoDataFrame:
    """``admin1`` (``admin1_code``, ``country``, ``geometry``) with its polygons refitted inside ``area``.

    ``land``: country -> its land inside the area (disjoint: overlaps must be settled before, e.g. by the
    Crimea rule). ``partitions``: country -> precise admin-1 polygons (``admin1_code``, ``geometry``) that
    replace that country's ``admin1`` polygons inside the area; every code must be in ``admin1``.
    Rows, order and other columns are kept.
    """
    box = shapely.box(*area)
    out = admin1.copy()
    geoms = np.asarray(out.geometry.values, dtype=object)
    codes = out["admin1_code"].to_numpy(dtype=object)
    row_of = {code: i for i, code in enumerate(codes)}
    countries = out["country"].to_numpy(dtype=object)
    touching = np.flatnonzero(shapely.intersects(geoms, box))

    # What each country's regions cover inside the area: the precise partition, else Natural Earth's.
    sources: dict[str, list[tuple[str, BaseGeometry]]] = defaultdict(list)
    for country, part in partitions.items():
        missing = set(part["admin1_code"]) - set(codes)
        if missing:
            raise ValueError(f"precise admin-1 codes not in the admin-1 table: {sorted(missing)}")
        for code, geom in zip(part["admin1_code"], part.geometry.values, strict=True):
            sources[country].append((code, shapely.intersection(shapely.make_valid(geom), box)))
    for i in touching:
        if countries[i] not in partitions:
            sources[countries[i]].append((codes[i], shapely.clip_by_rect(geoms[i], *area)))

    all_land = union_of([shapely.intersection(g, box) for g in land.values()])
    precise_water = union_of([shapely.difference(union_of([g for _, g in sources[c]]), all_land) for c in partitions])
    fitted: dict[str, list[BaseGeometry]] = defaultdict(list)
    for country in sorted(set(sources) | set(land)):
        own = sources.get(country, [])
        covered = union_of([g for _, g in own])
        water = shapely.difference(covered, all_land)
        if country not in partitions:
            water = shapely.difference(water, precise_water)
        extent = shapely.union(shapely.intersection(land.get(country, shapely.Polygon()), box), water)
        pieces = [(code, shapely.intersection(geom, extent)) for code, geom in own]
        for code, piece in pieces:
            fitted[code].append(piece)
        rest = shapely.difference(extent, union_of([p for _, p in pieces]))
        owners = pieces or [(codes[i], geoms[i]) for i in np.flatnonzero(countries == country)]
        for code, bits in _nearest_owner(rest, owners).items():
            fitted[code].extend(bits)

    for i in touching:
        if codes[i] not in fitted and countries[i] not in partitions:
            fitted[codes[i]] = []  # a Natural Earth polygon wholly given away to precise neighbours
    for code, parts in fitted.items():
        i = row_of[code]
        outside = shapely.difference(geoms[i], box) if codes[i] not in _partition_codes(partitions) else None
        merged = union_of([outside, *parts])
        geoms[i] = polygons_only(shapely.make_valid(merged))
    out["geometry"] = gpd.GeoSeries(geoms, index=out.index, crs=out.crs)
    return out


def union_of(geoms: list[BaseGeometry]) -> BaseGeometry:
    """The union of ``geoms``; one geometry is returned as it is (a self-union of a big polygon is slow)."""
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if len(geoms) == 1:
        return geoms[0]
    return shapely.union_all(geoms) if geoms else shapely.Polygon()


def _partition_codes(partitions: dict[str, gpd.GeoDataFrame]) -> set[str]:
    return {code for part in partitions.values() for code in part["admin1_code"]}


def polygons_only(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (an overlay can leave stray lines and points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.MultiPolygon()


def _nearest_owner(rest: BaseGeometry, owners: list[tuple[str, BaseGeometry]]) -> dict[str, list[BaseGeometry]]:
    """Split ``rest`` among ``owners`` (code, polygon): each bit of it to the nearest owner."""
    out: dict[str, list[BaseGeometry]] = defaultdict(list)
    owner_geoms = np.array([g for _, g in owners], dtype=object)
    tree = shapely.STRtree(owner_geoms)
    for part in shapely.get_parts(rest):
        if part.geom_type != "Polygon" or part.area < _MIN_AREA:
            continue
        minx, miny, maxx, maxy = part.bounds
        reach = float(np.hypot(maxx - minx, maxy - miny))
        # Distances to big polygons are costly: measure only owners whose box comes near the part.
        near_box = tree.query(shapely.box(minx, miny, maxx, maxy).buffer(reach + _NEAR))
        candidates = near_box if len(near_box) else np.arange(len(owners))
        dist = shapely.distance(owner_geoms[candidates], part)
        near = candidates[dist <= np.nanmin(dist) + reach]
        if len(near) == 1:
            out[owners[near[0]][0]].append(part)
            continue
        for code, piece in _voronoi_split(part, [owners[k] for k in near], reach).items():
            out[code].append(piece)
    return out


def _voronoi_split(part: BaseGeometry, owners: list[tuple[str, BaseGeometry]], reach: float) -> dict[str, BaseGeometry]:
    """``part`` cut by the Voronoi cells of the owners' boundary points: the nearest owner gets each bit."""
    region = shapely.box(*part.bounds).buffer(reach + 0.05)
    coords, labels = [], []
    for code, geom in owners:
        edge = shapely.segmentize(shapely.intersection(geom.boundary, region), _SPLIT_STEP)
        xy = shapely.get_coordinates(edge)
        coords.append(xy)
        labels += [code] * len(xy)
    xy = np.vstack(coords)
    xy, first = np.unique(xy, axis=0, return_index=True)  # Voronoi drops duplicate points
    label = np.asarray(labels, dtype=object)[first]
    if len(xy) < 2:
        return {label[0]: part} if len(xy) else {}
    try:
        cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=region, ordered=True))
    except shapely.errors.GEOSException:  # degenerate input (points on a few straight lines): cut a grid
        return _grid_split(part, owners)
    out = {}
    for code in dict.fromkeys(label.tolist()):
        piece = shapely.intersection(part, shapely.union_all(cells[label == code]))
        if not piece.is_empty:
            out[code] = piece
    return out


def _grid_split(part: BaseGeometry, owners: list[tuple[str, BaseGeometry]]) -> dict[str, BaseGeometry]:
    """``part`` cut into cells of ``_SPLIT_STEP``, each to the owner nearest its centre."""
    minx, miny, maxx, maxy = part.bounds
    xs = np.arange(minx, maxx + _SPLIT_STEP, _SPLIT_STEP)
    ys = np.arange(miny, maxy + _SPLIT_STEP, _SPLIT_STEP)
    cells = shapely.box(*np.meshgrid(xs[:-1], ys[:-1]), *np.meshgrid(xs[1:], ys[1:])).ravel()
    pieces = shapely.intersection(cells, part)
    pieces = pieces[~shapely.is_empty(pieces)]
    geoms = np.array([g for _, g in owners], dtype=object)
    nearest = np.array([int(np.argmin(shapely.distance(geoms, shapely.centroid(p)))) for p in pieces])
    return {owners[k][0]: shapely.union_all(pieces[nearest == k]) for k in np.unique(nearest)}
