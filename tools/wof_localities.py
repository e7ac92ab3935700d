"""GeoNames' populated places of Ukraine as held by Who's On First (``whosonfirst-data-admin-ua``), for
``tools/build_settlements.py``.

GeoNames' full country extract (``UA.txt``, every village) is not to be had as a file here, but Who's On First
imported it: one GeoJSON file per locality under ``data/``, with GeoNames' id, name, point, population and admin-1
code (``gn:*`` properties) and the Ukrainian, Russian and English names WOF gathered (``name:ukr_x_preferred`` …).
About 27,600 GeoNames villages, towns and cities of Ukraine, against 5,488 in ``cities500``.

Licences: Who's On First's own work is CC0; the GeoNames properties are GeoNames' (CC BY 4.0), credited as such.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from dashboard.geo.normalize import normalize_name
from dashboard.geo.settlement_spelling import _DIGRAPHS, _VOWELS, skeleton
from dashboard.geo.settlement_spelling import consonants as consonant_skeleton
from dashboard.geo.settlements import SEVASTOPOL_HROMADAS

UKRAINE_WOF_ID = 85633805
# Names that identify a place today; historical names are left out (a renamed village's old name is often
# another village's current one).
_NAME_PROPERTIES = (
    "wof:name",
    "gn:name",
    "gn:asciiname",
    "name:ukr_x_preferred",
    "name:ukr_x_variant",
    "name:rus_x_preferred",
    "name:rus_x_variant",
    "name:eng_x_preferred",
    "name:eng_x_variant",
)


def _names(props: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key in _NAME_PROPERTIES:
        value = props.get(key)
        for name in value if isinstance(value, list) else [value]:
            if isinstance(name, str) and name.strip() and name.strip() not in out:
                out.append(name.strip())
    return out


def _is_current(props: dict[str, Any]) -> bool:
    return not (
        props.get("wof:superseded_by")
        or props.get("edtf:deprecated")
        or props.get("edtf:cessation") not in (None, "", "uuuu")
        or props.get("mz:is_current") == 0
    )


def read_wof_localities(folder: Path, geonames_admin1: dict[str, str]) -> pd.DataFrame:
    """Every current locality of the WOF Ukraine repository (``folder`` is its checkout; its ``data/`` is read)
    that carries a GeoNames id, one row per GeoNames id, in the columns of ``build_settlements.read_geonames``.

    ``gn_admin1`` is GeoNames' admin-1 code, from the place's WOF region (``geonames_admin1`` maps ISO 3166-2
    to GeoNames' code) where GeoNames' own is missing. Places of Crimea are read in their Ukrainian hierarchy.
    Rows sharing a GeoNames id (WOF keeps some places twice) are one place, named by all of them, at the
    GeoNames point where one of them has it.
    """
    files = sorted((folder / "data").rglob("*.geojson"))
    if not files:
        raise SystemExit(f"{folder}: no data/**/*.geojson (a checkout of whosonfirst-data-admin-ua is expected)")
    regions: dict[int, str] = {}
    localities: list[dict[str, Any]] = []
    for path in files:
        if "-alt-" in path.name:
            continue  # alternative geometries of a place already read
        try:
            props = json.loads(path.read_text(encoding="utf-8"))["properties"]
        except (ValueError, KeyError) as exc:
            raise SystemExit(f"{path}: not a WOF GeoJSON feature ({exc})") from exc
        placetype = props.get("wof:placetype")
        if placetype == "region":
            iso = (props.get("wof:concordances") or {}).get("iso:code") or ""
            if iso.startswith("UA-"):
                regions[int(props["wof:id"])] = iso
        elif placetype == "locality" and _is_current(props):
            localities.append(props)

    by_id: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for props in localities:
        gid = props.get("gn:geonameid") or (props.get("wof:concordances") or {}).get("gn:id")
        if gid:
            by_id[int(gid)].append(props)

    rows = []
    for gid, group in by_id.items():
        # The GeoNames record (its own point and admin-1 code) first, then WOF's own.
        group.sort(key=lambda p: "gn:latitude" not in p)
        first = group[0]
        if "gn:latitude" in first:
            lat, lon = float(first["gn:latitude"]), float(first["gn:longitude"])
        else:
            lat, lon = float(first["geom:latitude"]), float(first["geom:longitude"])
        admin1 = str(first.get("gn:admin1_code") or "").removesuffix(".0").zfill(2)
        if admin1 in ("", "00"):
            hierarchy = [h for h in first.get("wof:hierarchy") or [] if h.get("country_id") == UKRAINE_WOF_ID]
            iso = regions.get(hierarchy[0].get("region_id", -1)) if hierarchy else None
            admin1 = geonames_admin1.get(iso or "", "")
        if not admin1:
            continue  # outside Ukraine's hierarchy (WOF files a few border places here)
        names: list[str] = []
        for props in group:
            names += [n for n in _names(props) if n not in names]
        population = max(int(p.get("gn:population") or p.get("wof:population") or 0) for p in group)
        rows.append(
            {
                "geonameid": gid,
                "gn_name": first.get("gn:name") or first.get("wof:name"),
                "latitude": round(lat, 5),
                "longitude": round(lon, 5),
                "population": population,
                "gn_admin1": admin1,
                "gn_keys": {normalize_name(n) for n in names} - {""},
                "gn_alts": names[1:],
            }
        )
    return pd.DataFrame(rows)


def _consonant_count(key: str) -> int:
    """How many consonants a normalised name has, a digraph (zh, kh, shch …) counted once."""
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    return len(key.translate(_VOWELS))


def _close_spelling(keys: set[str], key: str) -> bool:
    """Whether one of a place's names is a close spelling of a settlement's, from the same first letter (long
    names only: short ones differ by a letter and are other villages)."""
    if len(key) < 8:
        return False
    shape = skeleton(key).replace("g", "h")
    return any(
        fuzz.ratio(shape, other) >= SPELLING_RATIO and other[0] == shape[0]  # "Pryhorivka" is not Hryhorivka
        for other in (skeleton(k).replace("g", "h") for k in keys if len(k) >= 8)
    )


SPELLING_RATIO = 88.0  # rapidfuzz ratio of the spelling skeletons of a place's name and a settlement's
MISPLACED_KM = 5.0  # a cities500 point this far outside its settlement's hromada is a namesake's
HROMADA_MARGIN_DEG = 0.03  # ~3 km: GeoNames rounds many village points to the arc-minute (~1.8 km)
INSIDE_MARGIN_DEG = 0.02  # a namesake's hromada this far from a place inside another's is not the one meant
DUPLICATE_KM = 3.0  # two GeoNames entries this close are one village listed twice
OSM_DISAGREE_KM = 10.0  # a point this far from the village's OpenStreetMap boundary is a namesake's


def read_hromada_polygons(folder: Path) -> dict[str, Any]:
    """Hromada boundaries (OpenStreetMap ``admin_level`` 7 relations tagged ``katotth``) by KATOTTG code, from the
    raion files of darmat1/ukraine-geo-data (``geodata/<oblast>.<raion>.geojson``, ODbL)."""
    from shapely.geometry import shape

    polygons: dict[str, Any] = {}
    for path in sorted(folder.glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
            props, geom = feature.get("properties") or {}, feature.get("geometry") or {}
            if str(props.get("admin_level")) == "7" and geom.get("type") in ("Polygon", "MultiPolygon"):
                code = props.get("katotth")
                if isinstance(code, str) and code.startswith("UA"):
                    polygons[code] = shape(geom)
    if not polygons:
        raise SystemExit(f"{folder}: no hromada boundaries (admin_level 7 with a katotth tag) in *.geojson")
    return polygons


def misplaced_points(table: pd.DataFrame, polygons: dict[str, Any]) -> set[int]:
    """Rows of the register whose (``cities500``) point lies more than 5 km outside their own hromada's boundary:
    matched by name to a namesake elsewhere ("Terny", 244 km from its hromada)."""
    import shapely

    out = set()
    for j, hromada, lat, lon in zip(
        table.index, table["hromada_code"], table["latitude"], table["longitude"], strict=True
    ):
        outside_km = polygons[hromada].distance(shapely.Point(lon, lat)) * 111.0 if hromada in polygons else 0.0
        if not math.isnan(lat) and outside_km > MISPLACED_KM:
            out.add(j)
    return out


def match_in_hromadas(
    table: pd.DataFrame,
    places: pd.DataFrame,
    polygons: dict[str, Any],
    osm_points: pd.DataFrame,
    distance_km: Any,
    misplaced: set[int] = frozenset(),
) -> pd.DataFrame:
    """Points for the register's settlements that have none, from the GeoNames places (``places``) lying in their
    own hromada: a place names a settlement when, among the settlements of the hromada(s) it lies in (or within
    ~2 km of), exactly one carries one of its names, or failing that, exactly one has the same consonants
    ("Kleshcheyevka" for Klishchiivka). A settlement claimed by places far apart gets none; one whose
    OpenStreetMap boundary lies more than 10 km away gets none. Crimea's hromadas have no mapped boundary: there a
    name must be the only one of its kind in the register's Crimea and among the places.

    Rows in ``misplaced`` (their ``cities500`` point is a namesake's) are placed afresh, and written with
    ``replaces`` 1 (and no point if none is found): the geocoder drops their old point.

    Returns katottg, geonameid, latitude, longitude, alt_names, replaces.
    """
    import numpy as np
    import shapely

    codes = list(polygons)
    tree = shapely.STRtree([polygons[c] for c in codes])
    members: dict[str, list[int]] = defaultdict(list)
    for j, hromada in zip(table.index, table["hromada_code"], strict=True):
        members[hromada].append(j)
    hromada_code_of = dict(zip(table.index, table["hromada_code"], strict=True))
    # The Ukrainian name as normalised (read as Russian where it has no letter of its own) and its official
    # transliteration: "Вовчий Яр" is "vovchiy yar" and "vovchyi yar".
    keys_of = {
        j: {normalize_name(uk), normalize_name(latin)} - {""}
        for j, uk, latin in zip(table.index, table["name_uk"], table["name"], strict=True)
    }
    key_of = {j: normalize_name(n) for j, n in zip(table.index, table["name_uk"], strict=True)}
    skeleton_of = {j: consonant_skeleton(k) for j, k in key_of.items()}
    located = set(table.index[table["latitude"].notna()]) - set(misplaced)
    used_ids = set(table.loc[sorted(located), "geonameid"].dropna().astype(int))
    eligible = set(table.index[table["category"] != "B"])

    points = shapely.points(places["longitude"].to_numpy(), places["latitude"].to_numpy())
    near_place, near_polygon = tree.query(points, predicate="dwithin", distance=HROMADA_MARGIN_DEG)
    hromadas_of: dict[int, list[str]] = defaultdict(list)
    outside: dict[tuple[int, str], float] = {}  # degrees from the place to a hromada near it (0: inside)
    gaps = shapely.distance(points[near_place], np.array([polygons[codes[int(g)]] for g in near_polygon]))
    for p, g, gap in zip(near_place, near_polygon, gaps, strict=True):
        hromadas_of[int(p)].append(codes[int(g)])
        outside[(int(p), codes[int(g)])] = float(gap)

    # Crimea (no boundaries): names unique in the register's Crimea and among the places there.
    crimea_register = Counter(k for j in table.index[table["admin1_code"].isin(["UA-43", "UA-40"])] for k in keys_of[j])
    crimea_places = Counter(
        k for keys, a1 in zip(places["gn_keys"], places["gn_admin1"], strict=True) if a1 in ("11", "20") for k in keys
    )
    crimea_row = {k: j for j in table.index[table["admin1_code"].isin(["UA-43", "UA-40"])] for k in keys_of[j]}

    # Sevastopol's places: the register files the villages of its territory under Crimea, in a few hromadas.
    sevastopol_rows = table.index[
        table["admin1_code"].eq("UA-40") | table["hromada"].isin(SEVASTOPOL_HROMADAS) & table["admin1_code"].eq("UA-43")
    ]
    sevastopol_register = Counter(k for j in sevastopol_rows for k in keys_of[j])
    sevastopol_row = {k: j for j in sevastopol_rows for k in keys_of[j]}

    # Offers by name beat offers by consonants ("Charivne" is Charivne, whatever "Chervone" may be), and those
    # beat offers by a close spelling ("Marchykhyna Buda" for the register's Marchyshyna Buda).
    proposals: dict[int, list[int]] = defaultdict(list)
    by_sound: dict[int, list[int]] = defaultdict(list)
    by_spelling: dict[int, list[int]] = defaultdict(list)
    register_keys = {k for keys in keys_of.values() for k in keys}
    columns = zip(places["geonameid"], places["gn_keys"], places["gn_admin1"], strict=True)
    for p, (gid, keys, admin1) in enumerate(columns):
        if gid in used_ids:
            continue  # a cities500 place already given to a settlement
        if admin1 == "20":
            hits = {sevastopol_row[k] for k in keys if sevastopol_register.get(k) == 1}
            if len(hits) == 1:
                proposals[hits.pop()].append(p)
                continue
        if admin1 in ("11", "20"):
            hits = {crimea_row[k] for k in keys if crimea_register.get(k) == 1 and crimea_places.get(k) == 1}
            if len(hits) == 1:
                proposals[hits.pop()].append(p)
            continue
        around = [j for h in hromadas_of.get(p, []) for j in members.get(h, []) if j in eligible]
        hits = {j for j in around if keys_of[j] & keys}
        offers = proposals
        if not hits:
            skeletons = {consonant_skeleton(k) for k in keys}
            hits = {j for j in around if _consonant_count(key_of[j]) >= 4 and skeleton_of[j] in skeletons}
            offers = by_sound
        if len(hits) > 1:
            # Namesakes in neighbouring hromadas: the one whose hromada holds the place, if the others' are clearly
            # farther than GeoNames' rounding ("Dyliivka" of Kostiantynivska, not of Toretska 3 km beyond).
            gap = {j: outside[(p, hromada_code_of[j])] for j in hits}
            inside = {j for j in hits if gap[j] == 0.0}
            if len(inside) == 1 and all(gap[j] > INSIDE_MARGIN_DEG for j in hits - inside):
                hits = inside
        if not hits and not keys & register_keys:
            # A name no settlement bears: a close spelling of the one unplaced settlement of the hromada it lies
            # in (the register's typo, or GeoNames'), if no other settlement there comes close.
            inside = [j for h in hromadas_of.get(p, []) if outside[(p, h)] == 0.0 for j in members.get(h, [])]
            close = {j for j in inside if j in eligible and _close_spelling(keys, key_of[j])}
            if len(close) == 1 and not (close & located):
                hits, offers = close, by_spelling
        if len(hits) == 1 and (j := hits.pop()) not in located:
            offers[j].append(p)
    for j, offered in [*by_sound.items(), *by_spelling.items()]:
        proposals.setdefault(j, offered)

    lat, lon = places["latitude"].to_numpy(), places["longitude"].to_numpy()
    osm = osm_points.set_index("katottg")
    rows = []
    for j, offers in proposals.items():
        first = offers[0]
        if any(distance_km(lat[first], lon[first], lat[p], lon[p]) > DUPLICATE_KM for p in offers[1:]):
            continue  # places far apart claim one village: neither is trusted
        code = table.at[j, "katottg"]
        if code in osm.index and distance_km(lat[first], lon[first], *osm.loc[code, ["latitude", "longitude"]]) > (
            OSM_DISAGREE_KM
        ):
            continue
        alts = sorted({a for p in offers for a in [places.at[p, "gn_name"], *places.at[p, "gn_alts"]] if len(a) >= 3})
        rows.append(
            (code, int(places.at[first, "geonameid"]), lat[first], lon[first], "|".join(alts), int(j in misplaced))
        )
    placed = {r[0] for r in rows}
    for j in sorted(misplaced):
        if table.at[j, "katottg"] not in placed:
            rows.append((table.at[j, "katottg"], None, np.nan, np.nan, "", 1))
    columns = ["katottg", "geonameid", "latitude", "longitude", "alt_names", "replaces"]
    out = pd.DataFrame(rows, columns=columns).astype({"geonameid": "Int64", "latitude": float, "longitude": float})
    return out.sort_values("katottg", ignore_index=True)


def other_places(
    table: pd.DataFrame,
    villages: pd.DataFrame,
    places: pd.DataFrame,
    polygons: dict[str, Any],
    oblast_of: dict[str, str],
) -> pd.DataFrame:
    """The GeoNames places that name no settlement of the register (renamed villages under their old name,
    hamlets, places GeoNames keeps twice), with their hromada and raion where a boundary holds them: the
    geocoder will not answer a name with a register settlement while such a namesake lies elsewhere in the area
    asked about ("Druzhba, Sumy Oblast": a village, and the town renamed in 2024).

    ``oblast_of`` maps GeoNames' admin-1 code to ISO 3166-2. Returns name (GeoNames'), names (normalised,
    ``|``-separated), admin1_code, raion, hromada, latitude, longitude.
    """
    import shapely

    replaced = table["katottg"].isin(set(villages.loc[villages["replaces"] == 1, "katottg"]))
    used = set(table.loc[~replaced, "geonameid"].dropna().astype(int)) | set(villages["geonameid"].dropna().astype(int))
    left = places[~places["geonameid"].isin(used)].reset_index(drop=True)
    codes = list(polygons)
    tree = shapely.STRtree([polygons[c] for c in codes])
    points = shapely.points(left["longitude"].to_numpy(), left["latitude"].to_numpy())
    inside_place, inside_polygon = tree.query(points, predicate="within")
    hromada_of = dict(zip(inside_place.tolist(), (codes[int(g)] for g in inside_polygon), strict=True))
    units = table.drop_duplicates("hromada_code").set_index("hromada_code")
    rows = []
    for p, (name, keys, admin1, lat, lon) in enumerate(
        zip(left["gn_name"], left["gn_keys"], left["gn_admin1"], left["latitude"], left["longitude"], strict=True)
    ):
        oblast = oblast_of.get(admin1)
        if oblast is None or not keys:
            continue
        hromada = hromada_of.get(p)
        raion, hromada_name = ("", "")
        if hromada in units.index:
            raion, hromada_name = units.at[hromada, "raion"], units.at[hromada, "hromada"]
        rows.append((name, "|".join(sorted(keys)), oblast, raion, hromada_name, lat, lon))
    return pd.DataFrame(rows, columns=["name", "names", "admin1_code", "raion", "hromada", "latitude", "longitude"])
