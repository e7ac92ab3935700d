"""Admin-1 polygons with ISO 3166-2 codes: Natural Earth read, matched to pycountry, the Crimea rule applied.

:func:`build_admin1` turns Natural Earth 1:10m admin-1 (``states_provinces`` of QGIS' ``world_map.gpkg``,
public domain) into the project's admin-1 table: ``admin1_code`` (ISO 3166-2 from ``pycountry``, or a marked
``<country>-NE-<NAME>`` fallback), ``admin1`` (short English name), ``country``, ``alt_names`` (names used for
lookups), ``geometry``. Around Ukraine the polygons are then refitted to OpenStreetMap's borders
(:mod:`dashboard.geo.borders`); the Crimea rule is applied to both sources here. :func:`admin1_outlines`
draws the result for the map, so the drawn lines are the ones points are joined with.

This module reads no other ``dashboard.geo`` module but :mod:`dashboard.geo.borders`,
:mod:`dashboard.geo.loaders` and :mod:`dashboard.geo.normalize`, so the region join and the geocoder never
import it back.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pycountry
import shapely
from rapidfuzz import fuzz, process

from dashboard import config
from dashboard.geo.borders import COUNTRIES_PATH, UA_ADMIN1_PATH, fit_admin1, polygons_only, read_borders, union_of
from dashboard.geo.loaders import load_admin1, reference_cache
from dashboard.geo.normalize import normalize_name, strip_region_words

__all__ = [
    "CRIMEA_COUNTRY",
    "CRIMEA_RULE",
    "DEFAULT_OUTLINE_COUNTRIES",
    "RU_ADMIN1_NAMES",
    "UA_ADMIN1_NAMES",
    "WORLD_MAP_LAYER",
    "admin1_is_current",
    "admin1_outlines",
    "build_admin1",
    "crimea_rule_land",
    "find_world_map",
    "mark_admin1_current",
]

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
# OpenStreetMap (the precise border file) draws Crimea in both Ukraine's and Russia's land polygon: land two
# countries claim is Ukraine's. Source-coded regions follow from the codes too: a source's "Crimea" or
# "Sevastopol" is UA-43/UA-40, whatever country the source put it in (dashboard.geo.source_regions).
CRIMEA_RULE: dict[str, str] = {
    "Avtonomna Respublika Krym": "UA-43",  # NE gn_name -> ISO 3166-2 code (country follows the code)
    "Misto Sevastopol'": "UA-40",
}
CRIMEA_COUNTRY = "UA"


def crimea_rule_land(land: gpd.GeoDataFrame) -> dict[str, Any]:
    """Country -> its land (one geometry each, no two overlapping).

    Land Ukraine and another country both claim is Ukraine's: OpenStreetMap draws Crimea and Sevastopol in
    Russia's polygon as well. Apart from that the source's countries overlap only in slivers a few metres
    wide along their borders (digitising noise, under 0.001 deg² per pair), given to the country first in
    alphabetical order; a larger overlap is an error, as it would need a rule of its own.
    """
    merged = {c: union_of(list(g)) for c, g in land.groupby("country").geometry}
    order = [CRIMEA_COUNTRY, *sorted(c for c in merged if c != CRIMEA_COUNTRY)]
    raw: dict[str, Any] = {}
    out: dict[str, Any] = {}
    for country in (c for c in order if c in merged):
        geom = shapely.make_valid(merged[country])
        earlier = [g for g in raw.values() if shapely.intersects(g, geom)]
        raw[country] = geom
        if not earlier:
            out[country] = geom
            continue
        prior = union_of(earlier)
        overlap = shapely.intersection(geom, prior).area
        if overlap > 1e-3 and not (country == "RU" and CRIMEA_COUNTRY in raw):
            raise ValueError(f"land of {country} overlaps its neighbours' by {overlap:.4f} deg²: no rule for it")
        out[country] = polygons_only(shapely.make_valid(shapely.difference(geom, prior)))
    return out


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


def build_admin1(world_map: Path | None = None, *, precise: bool = True) -> gpd.GeoDataFrame:
    """Read Natural Earth admin-1 and return the project's admin-1 table (not written).

    ``precise``: refit the polygons of the served area to the OpenStreetMap borders (:mod:`dashboard.geo.borders`);
    False gives Natural Earth alone (for comparisons).
    """
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
    if precise:
        borders = read_borders()
        admin1 = fit_admin1(admin1, crimea_rule_land(borders.land), borders.partitions, borders.area)
    _check_admin1(admin1)
    return admin1


# Bump when build_admin1's rules change; the border files' bytes are part of the fingerprint anyway.
ADMIN1_RULES_VERSION = "2026-11-29 precise borders"


def _fingerprint() -> str:
    digest = hashlib.sha256(ADMIN1_RULES_VERSION.encode())
    for path in (COUNTRIES_PATH, UA_ADMIN1_PATH):
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def _fingerprint_path() -> Path:
    return config.ADMIN1_PATH.with_suffix(".build")


def admin1_is_current() -> bool:
    """The built admin-1 table comes from the present border files and rules (False when never built)."""
    path = _fingerprint_path()
    return config.ADMIN1_PATH.is_file() and path.is_file() and path.read_text().strip() == _fingerprint()


def mark_admin1_current() -> None:
    _fingerprint_path().write_text(_fingerprint() + "\n")


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
# Outlines for map layers
# ---------------------------------------------------------------------------------------------------------

# Ukraine, Russia and their neighbours, so the front line and the border regions are not drawn at the
# edge of an empty canvas. Russia east of the Urals comes with RU; the map view is what frames it.
DEFAULT_OUTLINE_COUNTRIES: tuple[str, ...] = ("UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU", "GE")


@reference_cache(maxsize=8)
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
