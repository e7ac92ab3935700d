"""What the offline basemap draws besides admin-1 outlines: land, national borders and the names of places.

One GeoJSON FeatureCollection per area (:func:`basemap_bytes`), served by the app and read by the map style
(:mod:`dashboard.app.mapstyle`), with a ``kind`` on every feature:

- ``land``: each country's land (admin-1 polygons dissolved), so the coasts of countries without outlines
  (Turkey, the Caucasus) still read as land; ``country`` lets the style tint Ukraine and Russia apart.
- ``border``: land borders between two countries (the shared part of their outlines, not the coasts).
- ``country``, ``region``, ``sea``: names at a label point inside the polygon (``polylabel``) or, for seas,
  at a hand-placed point.
- ``city``: GeoNames places (CC BY 4.0) with their population class ``rank`` 1 (a million and more) to 5, so
  the style shows the large ones first and more as the map zooms in.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pycountry
import shapely
from shapely.geometry import box as shapely_box

from dashboard.geo.loaders import load_admin1, load_gazetteer, reference_cache

__all__ = ["CITY_RANKS", "SEAS", "basemap_bytes", "basemap_collection", "city_rank", "country_name"]

Box = tuple[float, float, float, float]  # west, south, east, north

# Population classes: (rank, at least). The style gives each rank its own minimum zoom.
CITY_RANKS: tuple[tuple[int, int], ...] = ((1, 1_000_000), (2, 300_000), (3, 100_000), (4, 40_000), (5, 15_000))
MIN_CITY_POPULATION = CITY_RANKS[-1][1]

# Seas have no polygon in the reference data; their names are placed by hand, in open water.
SEAS: tuple[tuple[str, float, float], ...] = (
    ("Black Sea", 43.2, 34.2),
    ("Sea of Azov", 46.05, 36.6),
    ("Caspian Sea", 42.3, 50.6),
    ("Baltic Sea", 55.6, 18.6),
    ("Aegean Sea", 39.0, 25.0),
    ("Adriatic Sea", 42.8, 15.8),
    ("Sea of Marmara", 40.75, 28.2),
)

# pycountry gives official names ("Russian Federation"); a map says what people call them.
_COUNTRY_NAMES = {
    "RU": "Russia",
    "MD": "Moldova",
    "TR": "Türkiye",
    "CZ": "Czechia",
    "SY": "Syria",
    "IR": "Iran",
    "XK": "Kosovo",
}
# Admin-1 units that are a city already labelled as a city.
_CITY_REGIONS = {"UA-30", "UA-40", "RU-MOW", "RU-SPE", "BY-HM"}
# GeoNames' entries from 13,000,000 on near here are city districts added as places in 2021 (Livoberezhnyi in
# Mariupol, Chumakivskyi in Dnipro, Desna in Kyiv): none is a town of its own.
DISTRICT_IDS = 13_000_000
SIMPLIFY = 0.02
LAND_MARGIN = 15.0  # degrees of land drawn around the named area  # degrees (~2 km), as the outlines


def city_rank(population: np.ndarray) -> np.ndarray:
    """Rank 1..5 for each population (0 below the smallest class)."""
    rank = np.zeros(len(population), dtype=np.int8)
    for value, least in reversed(CITY_RANKS):
        rank[population >= least] = value
    return rank


def country_name(code: str) -> str:
    if code in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    return [_rounded(v) for v in value]


def _feature(kind: str, geometry: Any, **properties: Any) -> dict[str, Any]:
    shape = json.loads(shapely.to_geojson(geometry))
    shape["coordinates"] = _rounded(shape["coordinates"])
    return {"type": "Feature", "properties": {"kind": kind, **properties}, "geometry": shape}


def _point(kind: str, lon: float, lat: float, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"kind": kind, **properties},
        "geometry": {"type": "Point", "coordinates": [round(lon, 3), round(lat, 3)]},
    }


def _only(geometry: Any, kinds: tuple[str, ...]) -> Any:
    """The parts of `geometry` of the given types (an intersection may add stray points and lines)."""
    parts = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type in kinds]
    flat = [p for g in parts for p in getattr(g, "geoms", [g])]
    if not flat:
        return None
    if kinds[0] == "Polygon":
        return shapely.MultiPolygon(flat) if len(flat) > 1 else flat[0]
    return shapely.MultiLineString(flat) if len(flat) > 1 else flat[0]


def _label_point(geometry: Any) -> Any:
    """A point well inside the largest part of a polygon (not its centroid, which may fall outside)."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda g: g.area)
    tolerance = max(0.01, (largest.area**0.5) / 50)
    return shapely.ops.polylabel(largest, tolerance=tolerance)


def _lands(box: Box) -> dict[str, Any]:
    """Each country's land within `box`, dissolved from its admin-1 polygons and simplified."""
    admin1 = load_admin1()
    frame = shapely_box(*box)
    near = admin1[admin1.geometry.intersects(frame)]
    lands: dict[str, Any] = {}
    for country, group in near.groupby("country", sort=True):
        geoms = shapely.simplify(group.geometry.values, SIMPLIFY, preserve_topology=True)
        land = shapely.union_all(shapely.make_valid(geoms), grid_size=1e-3).intersection(frame)
        land = _only(land, ("Polygon", "MultiPolygon"))
        if land is not None and not land.is_empty:
            lands[str(country)] = land
    return lands


def _borders(lands: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """Land borders of each pair of neighbours: the part of one's outline that runs along the other."""
    codes = sorted(lands)
    edges = {code: lands[code].boundary for code in codes}
    grown = {code: lands[code].buffer(0.03) for code in codes}
    out = []
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if not grown[a].intersects(grown[b]):
                continue
            line = _only(edges[a].intersection(grown[b]), ("LineString", "MultiLineString"))
            if line is None or line.length < 0.05:
                continue
            out.append((a, b, shapely.line_merge(shapely.simplify(line, 0.005))))
    return out


def _cities(box: Box) -> pd.DataFrame:
    """GeoNames places in `box` with at least the smallest class's population, without city districts.

    GeoNames lists districts (Saltivka in Kharkiv, Pravyi Bereh in Mariupol, Bucharest's sectors) as places
    with their own population, sometimes larger than the city's. Of two places closer than the larger one's
    built-up radius (~3.5 km × √(population / 100,000)), the smaller is left out, unless it has half the larger's
    population and is the older GeoNames entry: the city, since districts were added later (higher ids).
    """
    west, south, east, north = box
    g = load_gazetteer()
    pick = (
        g["longitude"].between(west, east)
        & g["latitude"].between(south, north)
        & (g["population"] >= MIN_CITY_POPULATION)
    )
    pick &= g["geonameid"] < DISTRICT_IDS
    places = g.loc[pick, ["geonameid", "name", "latitude", "longitude", "country", "population"]]
    places = places.sort_values("population", ascending=False, kind="stable").reset_index(drop=True)
    lat = places["latitude"].to_numpy(dtype=float)
    lon = places["longitude"].to_numpy(dtype=float)
    pop = places["population"].to_numpy(dtype=float)
    radius_km = 3.5 * np.sqrt(places["population"].to_numpy(dtype=float) / 100_000)
    ids = places["geonameid"].to_numpy(dtype=np.int64)
    keep = np.ones(len(places), dtype=bool)
    for i in range(1, len(places)):
        dy = (lat[:i] - lat[i]) * 111.0
        dx = (lon[:i] - lon[i]) * 111.0 * np.cos(np.radians(lat[i]))
        near = np.flatnonzero(keep[:i] & (np.hypot(dx, dy) < radius_km[:i]))  # the larger one's radius
        if len(near) == 0:
            continue
        if ids[i] < ids[near].min() and pop[i] >= 0.5 * pop[near].max():
            # the city itself, listed after a larger district: it takes the district's place
            keep[near] = False
        else:
            keep[i] = False
    places = places[keep & ~places["name"].duplicated(keep="first").to_numpy()]  # a name once, the largest
    return places.assign(rank=city_rank(places["population"].to_numpy()))


@reference_cache(maxsize=4)
def basemap_collection(box: Box, region_countries: tuple[str, ...]) -> dict[str, Any]:
    """Land, borders and labels within `box`; region names for `region_countries` only. Cached."""
    features: list[dict[str, Any]] = []
    west, south, east, north = box
    # Land and borders reach well beyond the names: a zoomed-out map must not show the area's edge as a coast.
    wide = (max(west - LAND_MARGIN, -180.0), max(south - LAND_MARGIN, -85.0), min(east + LAND_MARGIN, 180.0))
    lands = _lands((*wide, min(north + LAND_MARGIN, 85.0)))
    for code, land in lands.items():
        features.append(_feature("land", land, country=code))
    for a, b, line in _borders(lands):
        features.append(_feature("border", line, countries=f"{a}-{b}"))
    frame = shapely_box(*box)
    for code, wide_land in lands.items():
        land = _only(wide_land.intersection(frame), ("Polygon", "MultiPolygon"))  # names near the events
        if land is None or land.area < 0.5:  # a sliver of a country at the edge of the area would mislead
            continue
        point = _label_point(land)
        features.append(_point("country", point.x, point.y, name=country_name(code), country=code))
    admin1 = load_admin1()
    regions = admin1[admin1["country"].isin(region_countries) & admin1.geometry.intersects(frame)]
    for code, name, country, geometry in zip(
        regions["admin1_code"], regions["admin1"], regions["country"], regions.geometry, strict=True
    ):
        if code in _CITY_REGIONS or geometry is None or geometry.is_empty:
            continue
        point = _label_point(shapely.simplify(geometry, SIMPLIFY / 2))
        if frame.contains(point):
            features.append(_point("region", point.x, point.y, name=str(name), country=str(country)))
    for name, lat, lon in SEAS:
        if west <= lon <= east and south <= lat <= north:
            features.append(_point("sea", lon, lat, name=name))
    for row in _cities(box).itertuples(index=False):
        features.append(
            _point(
                "city",
                float(row.longitude),
                float(row.latitude),
                name=str(row.name),
                country=str(row.country),
                rank=int(row.rank),
                population=int(row.population),
            )
        )
    return {"type": "FeatureCollection", "features": features}


@reference_cache(maxsize=4)
def basemap_bytes(box: Box, region_countries: tuple[str, ...]) -> bytes:
    """:func:`basemap_collection` as compact JSON."""
    return json.dumps(basemap_collection(box, region_countries), separators=(",", ":"), ensure_ascii=False).encode()
