"""Map geometry: the viewport a map shows (bounds and zoom), the fit to a set of points, and a drawn selection.

Pure functions of numbers, Web Mercator with MapLibre's 512 px tiles; no Dash, no store.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

__all__ = ["FIT_MAX_ZOOM", "Selection", "Viewport", "fit_viewport"]

FIT_MAX_ZOOM = 8.5  # a fitted view never zooms closer: a town or two stay in their surroundings

Kind = Literal["box", "lasso"]


@dataclass(frozen=True)
class Viewport:
    """What the map shows: lon/lat bounds and the MapLibre zoom level."""

    west: float
    south: float
    east: float
    north: float
    zoom: float

    @property
    def center(self) -> tuple[float, float]:
        """(lat, lon) of the middle."""
        return (self.south + self.north) / 2, (self.west + self.east) / 2

    def padded(self, fraction: float = 0.5) -> Viewport:
        """Grown by `fraction` of its size on every side, so small pans need no new data."""
        dx = (self.east - self.west) * fraction
        dy = (self.north - self.south) * fraction
        return Viewport(
            max(self.west - dx, -180.0),
            max(self.south - dy, -85.0),
            min(self.east + dx, 180.0),
            min(self.north + dy, 85.0),
            self.zoom,
        )

    def contains(self, other: Viewport) -> bool:
        return (
            self.west <= other.west
            and self.south <= other.south
            and self.east >= other.east
            and self.north >= other.north
        )

    def mask(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        return (lat >= self.south) & (lat <= self.north) & (lon >= self.west) & (lon <= self.east)

    def to_dict(self) -> dict[str, float]:
        return {"west": self.west, "south": self.south, "east": self.east, "north": self.north, "zoom": self.zoom}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Viewport | None:
        if not data:
            return None
        try:
            return cls(*(float(data[k]) for k in ("west", "south", "east", "north", "zoom")))
        except (KeyError, TypeError, ValueError):
            return None

    @classmethod
    def around(cls, lat: float, lon: float, zoom: float, width: int = 1000, height: int = 650) -> Viewport:
        """The bounds a `width`x`height` px map shows at `zoom` (MapLibre: 512 px tiles, Web Mercator)."""
        deg_per_px = 360.0 / (512.0 * 2.0**zoom)
        half_w = width / 2 * deg_per_px
        y = _merc_y(lat)
        half_h = height / 2 * deg_per_px * math.pi / 180.0
        return cls(lon - half_w, _merc_lat(y - half_h), lon + half_w, _merc_lat(y + half_h), zoom)

    @classmethod
    def from_relayout(cls, data: Mapping[str, Any] | None) -> Viewport | None:
        """Bounds and zoom from a map's relayoutData after a pan or zoom; None for other relayouts."""
        if not data or ("map.zoom" not in data and "map._derived" not in data):
            return None
        zoom = data.get("map.zoom")
        corners = (data.get("map._derived") or {}).get("coordinates")
        try:
            if corners:
                lons = [float(c[0]) for c in corners]
                lats = [float(c[1]) for c in corners]
                if zoom is None:
                    return None
                return cls(min(lons), min(lats), max(lons), max(lats), float(zoom))
            center = data.get("map.center") or {}
            if zoom is None or "lat" not in center:
                return None
            return cls.around(float(center["lat"]), float(center["lon"]), float(zoom))
        except (TypeError, ValueError, IndexError):
            return None


def _merc_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _merc_lat(y: float) -> float:
    return max(min(math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2), 85.0), -85.0)


def fit_viewport(lat: np.ndarray, lon: np.ndarray, width: int = 1000, height: int = 650) -> Viewport:
    """The viewport that shows all points (central 99.8% when there are many), zoom clamped to 2..8.5.

    The cap keeps a town or two in their surroundings instead of an empty close-up.
    """
    ok = np.isfinite(lat) & np.isfinite(lon)
    lat, lon = lat[ok], lon[ok]
    if len(lat) == 0:
        return Viewport.around(48.5, 33.0, 4.6, width, height)  # Ukraine and its neighbours
    if len(lat) > 1000:  # one stray point in the Far East should not shrink the whole map
        s, n = np.quantile(lat, [0.001, 0.999])
        w, e = np.quantile(lon, [0.001, 0.999])
    else:
        s, n, w, e = lat.min(), lat.max(), lon.min(), lon.max()
    lon_span = max(float(e - w), 0.05)
    y_span = max(_merc_y(float(n)) - _merc_y(float(s)), 0.001)
    zoom_x = math.log2(width * 360.0 / (512.0 * lon_span))
    zoom_y = math.log2(height * 2 * math.pi / (512.0 * y_span))
    zoom = max(2.0, min(FIT_MAX_ZOOM, min(zoom_x, zoom_y) - 0.35))
    center_lat = _merc_lat((_merc_y(float(n)) + _merc_y(float(s))) / 2)
    return Viewport.around(center_lat, float(w + e) / 2, round(zoom, 2), width, height)


@dataclass(frozen=True)
class Selection:
    """A box or lasso drawn on the map, as lon/lat vertices (GeoJSON order)."""

    kind: Kind
    lon: tuple[float, ...]
    lat: tuple[float, ...]

    @classmethod
    def from_selected_data(cls, data: Mapping[str, Any] | None) -> Selection | None:
        """From `selectedData` of a map: {'range': {'map': [[lon, lat], [lon, lat]]}} or 'lassoPoints'."""
        if not data:
            return None
        try:
            box = (data.get("range") or {}).get("map")
            if box:
                (lon0, lat0), (lon1, lat1) = box
                return cls("box", (float(lon0), float(lon1)), (float(lat0), float(lat1)))
            ring = (data.get("lassoPoints") or {}).get("map")
            if ring and len(ring) >= 3:
                return cls("lasso", tuple(float(p[0]) for p in ring), tuple(float(p[1]) for p in ring))
        except (TypeError, ValueError):
            return None
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "lon": list(self.lon), "lat": list(self.lat)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Selection | None:
        if not data or data.get("kind") not in ("box", "lasso"):
            return None
        return cls(data["kind"], tuple(map(float, data["lon"])), tuple(map(float, data["lat"])))

    def mask(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        if self.kind == "box":
            return (lon >= min(self.lon)) & (lon <= max(self.lon)) & (lat >= min(self.lat)) & (lat <= max(self.lat))
        import shapely  # vectorised point-in-polygon, only needed for lassos

        polygon = shapely.Polygon(list(zip(self.lon, self.lat, strict=True)))
        if not polygon.is_valid:
            polygon = shapely.make_valid(polygon)
        return np.asarray(shapely.contains_xy(polygon, lon.astype(np.float64), lat.astype(np.float64)), dtype=bool)
