"""Admin-1 outlines as Mapbox Vector Tiles, cut on demand: the land and borders the offline map draws.

Sent as one GeoJSON file, the outlines of Ukraine and its neighbours (~350 kB) had to be parsed and tiled
by MapLibre in the browser before it could draw anything, and plotly adds the event traces only once the
map's style has loaded: the outlines were the slowest step of a first view. Here each tile is cut and
simplified for its zoom on the server (cached), and the browser decodes just the handful of small binary
tiles in view. `mapbox-vector-tile` does the encoding; shapely the clipping and simplification.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache

import mapbox_vector_tile
import numpy as np
import shapely

from dashboard.geo.admin1 import DEFAULT_OUTLINE_COUNTRIES
from dashboard.geo.loaders import load_admin1

__all__ = ["LAYER", "MAX_ZOOM", "TileOutOfRange", "outline_tile", "tile_of"]

LAYER = "admin1"  # the tiles' one layer: the map style's "source-layer"
MAX_ZOOM = 22  # MapLibre's deepest; beyond SIMPLIFY_ZOOM the geometry is that zoom's, only cut finer
SIMPLIFY_ZOOM = 10  # half a pixel at zoom 10 is ~40 m: finer than the admin-1 lines themselves
EXTENT = 4096
HALF_WORLD = 20037508.342789244  # Web Mercator half width, metres
BUFFER = 64 / EXTENT  # of a tile: lines and fills run on past the edge, so no seams show
PIXEL_TOLERANCE = 0.5  # simplify to half a screen pixel (tiles are drawn 512 px wide)


# mapbox-vector-tile 2.2 calls shapely.ops.transform, deprecated since shapely 2.1: not ours to fix.
warnings.filterwarnings("ignore", "The 'shapely.ops.transform", DeprecationWarning, "mapbox_vector_tile")


class TileOutOfRange(ValueError):
    """z/x/y names no tile of the pyramid."""


def _polygonal(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """The polygons of a geometry: clipping and repair can leave slivers of lines or points beside them."""
    if geom is None or geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


@lru_cache(maxsize=1)
def _mercator(countries: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, shapely.STRtree]:
    """Polygons of the countries' admin-1 regions in Web Mercator metres, their codes, countries and an index."""
    admin1 = load_admin1()
    admin1 = admin1[admin1["country"].isin(countries)]
    geoms = admin1.geometry.clip_by_rect(-180.0, -85.0, 180.0, 85.0).to_crs(3857).values
    geoms = np.asarray([_polygonal(g) for g in shapely.make_valid(np.asarray(geoms))], dtype=object)
    return (
        geoms,
        admin1["admin1_code"].to_numpy(dtype=object),
        admin1["country"].to_numpy(dtype=object),
        shapely.STRtree(geoms),
    )


@lru_cache(maxsize=SIMPLIFY_ZOOM + 1)
def _simplified(z: int, countries: tuple[str, ...]) -> np.ndarray:
    z = min(z, SIMPLIFY_ZOOM)
    geoms, _codes, _countries, _tree = _mercator(countries)
    metres_per_pixel = 2 * HALF_WORLD / (512 * 2**z)
    return shapely.simplify(geoms, metres_per_pixel * PIXEL_TOLERANCE, preserve_topology=True)


@lru_cache(maxsize=4096)
def outline_tile(z: int, x: int, y: int, countries: tuple[str, ...] = DEFAULT_OUTLINE_COUNTRIES) -> bytes:
    """The MVT bytes of tile z/x/y (XYZ scheme): one layer `admin1`, properties admin1_code and country.

    An empty tile (open sea, far away) is a valid tile with no features, not an error: MapLibre asks for
    every tile in view.
    """
    if not 0 <= z <= MAX_ZOOM or not (0 <= x < 2**z and 0 <= y < 2**z):
        raise TileOutOfRange(f"no tile {z}/{x}/{y} (zoom 0-{MAX_ZOOM}, x and y 0-{2**z - 1 if z >= 0 else 0})")
    size = 2 * HALF_WORLD / 2**z
    west, north = -HALF_WORLD + x * size, HALF_WORLD - y * size
    east, south = west + size, north - size
    pad = size * BUFFER
    _geoms, codes, country_of, tree = _mercator(countries)
    hits = tree.query(shapely.box(west - pad, south - pad, east + pad, north + pad))
    features = []
    if len(hits):
        box = (west - pad, south - pad, east + pad, north + pad)
        clipped = shapely.clip_by_rect(_simplified(min(z, SIMPLIFY_ZOOM), countries)[hits], *box)
        for index, geom in zip(hits, clipped, strict=True):
            geom = _polygonal(geom)
            if geom is None or geom.is_empty:
                continue
            properties = {"admin1_code": str(codes[index]), "country": str(country_of[index])}
            features.append({"geometry": geom, "properties": properties})
    return mapbox_vector_tile.encode(
        [{"name": LAYER, "features": features}],
        default_options={"quantize_bounds": (west, south, east, north), "extents": EXTENT},
    )


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """(x, y) of the tile holding a place at zoom z (for tests and warm-up)."""
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)
