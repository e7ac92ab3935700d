"""A source's own place coding (ACLED ``country``/``admin1``/``admin2``, UCDP ``country``/``adm_1``) to ISO 3166.

Pure lookups, no reference data needed: :func:`source_region` maps one (country, admin1, admin2) to
``(country alpha-2, ISO 3166-2 code or None)``; :func:`source_regions` does it for columns, once per
distinct triple. A name is read through :func:`dashboard.geo.normalize.normalize_name`, then without its
region words ("Kharkiv oblast", "Kharkiv Oblast" and "Kharkiv" meet), then through the table of spellings
seen in real ACLED and UCDP files (``SOURCE_SPELLINGS``). Names of Ukraine's and Russia's regions come from
the project's own tables, pycountry and the usual alternative spellings (:mod:`dashboard.geo.admin1`);
other countries' from pycountry (and, when given, the built admin-1 table's names).

The country follows the code, so the Crimea rule holds for source codings too: ACLED's admin1 "Crimea" is
UA-43 and its admin2 "Sevastopol" under it is UA-40 (ACLED has no admin1 Sevastopol); UCDP's
"Sevastopol City State Administration" is UA-40; both are Ukraine whatever country a source wrote.
A name that maps to nothing gives ``None``: the caller falls back to the spatial join and says so.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd
import pycountry

from dashboard.geo.admin1 import _EXTRA_REGION_NAMES, RU_ADMIN1_NAMES, UA_ADMIN1_NAMES, _name_keys
from dashboard.geo.normalize import normalize_name, strip_region_words

__all__ = ["SOURCE_SPELLINGS", "country_code", "region_name", "source_region", "source_regions"]

# Spellings in real ACLED and UCDP files that the general tables do not reach (normalised, region words
# dropped) -> ISO 3166-2. Seen: ACLED 2020-2025 exports and aggregates, UCDP GED 19.1-25.1 and Candidate 26.0.5.
SOURCE_SPELLINGS: dict[str, dict[str, str]] = {
    "UA": {
        "zaporizhia": "UA-23",  # ACLED
        "zaporizhzhya": "UA-23",  # UCDP
        "kirovograd": "UA-35",  # ACLED before late 2024
        "kirovohrad": "UA-35",
        "mykolayiv": "UA-48",  # UCDP
        "odessa": "UA-51",
        "donetsk": "UA-14",
        "donets k": "UA-14",
        "vinnytsya": "UA-05",
        "kyiv city": "UA-30",  # ACLED
        "kiev special republican city": "UA-30",  # UCDP <= 22.1
        "kyiv special republican city": "UA-30",  # UCDP 25.1
        "crimea": "UA-43",  # ACLED (Sevastopol is its admin2)
        "krym": "UA-43",
        "sevastopol city state administration": "UA-40",  # UCDP
        "sevastopol": "UA-40",
    },
    "RU": {
        "primorskiy": "RU-PRI",  # ACLED
        "zabaykalskiy": "RU-ZAB",
        "altai": "RU-ALT",  # ACLED: Altai is the krai, "Republic of Altai" the republic
        "altai republic": "RU-AL",
        "republic of altai": "RU-AL",
        "chuvash": "RU-CU",
        "udmurt": "RU-UD",
        "sakha": "RU-SA",
        "chechnya": "RU-CE",
        "north ossetia alania": "RU-SE",
        "kabardino balkaria": "RU-KB",
        "karachay cherkessia": "RU-KC",
        "moscow": "RU-MOW",
        "moscow oblast": "RU-MOS",  # before region words are dropped: UCDP's "Moscow oblast"
    },
    "BY": {  # ACLED: Russian spellings of the voblasts
        "brest": "BY-BR", "gomel": "BY-HO", "grodno": "BY-HR", "minsk": "BY-MI", "minsk city": "BY-HM",
        "mogilev": "BY-MA", "vitebsk": "BY-VI",
    },
    "MD": {"gagauzia": "MD-GA", "bender": "MD-BD"},
    "RO": {"bucharest": "RO-B"},
}  # fmt: skip
# ACLED's admin2 under admin1 "Crimea" that is a region of its own in ISO 3166-2.
_ADMIN2_REGIONS: dict[tuple[str, str], str] = {("UA-43", "sevastopol"): "UA-40"}
# UCDP writes a former name in parentheses: "Russia (Soviet Union)", "DR Congo (Zaire)".
_COUNTRY_EXTRAS: dict[str, str] = {"russia": "RU", "dr congo": "CD", "kosovo": "XK"}


@functools.cache
def country_code(name: str) -> str | None:
    """ISO alpha-2 of a country name as sources write it ("Ukraine", "Russia (Soviet Union)"), or None."""
    for part in (name, name.split("(")[0]):
        key = normalize_name(part)
        if not key:
            continue
        if key in _COUNTRY_EXTRAS:
            return _COUNTRY_EXTRAS[key]
        try:
            return pycountry.countries.lookup(part.strip()).alpha_2
        except LookupError:
            if key in _country_names():
                return _country_names()[key]
    return None


@functools.cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            key = normalize_name(getattr(c, attr, "") or "")
            if key:
                names.setdefault(key, c.alpha_2)
    return names


@functools.cache
def _index() -> dict[str, dict[str, str]]:
    """country -> {name key -> code}, keys that point at exactly one subdivision of the country."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def add(country: str, name: str, code: str) -> None:
        for key in _keys(name):
            found[country][key].add(code)

    for sub in pycountry.subdivisions:
        add(sub.country_code, sub.name, sub.code)
    for code, names in _EXTRA_REGION_NAMES.items():
        for name in names:
            add(code[:2], name, code)
    index = {c: {k: next(iter(v)) for k, v in keys.items() if len(v) == 1} for c, keys in found.items()}
    # The project's short names win over pycountry's ("Kyiv" is the oblast, as in ACLED; the city is
    # "Kyiv City"), and real sources' spellings over both.
    for table in (UA_ADMIN1_NAMES, RU_ADMIN1_NAMES):
        for code, name in table.items():
            index[code[:2]][normalize_name(name)] = code
    for country, spellings in SOURCE_SPELLINGS.items():
        index.setdefault(country, {}).update(spellings)
    return index


def _keys(name: str) -> list[str]:
    full = normalize_name(name)
    return [k for k in dict.fromkeys([full, strip_region_words(full), *_name_keys(name)]) if k]


def source_region(
    country: str | None,
    admin1: str | None,
    admin2: str | None = None,
    *,
    extra: dict[str, dict[str, str]] | None = None,
) -> tuple[str | None, str | None]:
    """(country alpha-2, ISO 3166-2 code) of a source's coding; the code is None when the name maps to nothing.

    ``extra``: more name keys by country (e.g. from the built admin-1 table), tried after the built-in ones.
    """
    alpha2 = country_code(country) if isinstance(country, str) else None
    if not isinstance(admin1, str) or not admin1.strip():
        return alpha2, None
    code = _lookup(alpha2, admin1, extra)
    if code is None and alpha2 in ("RU", "UA"):  # a source may file Crimea under Russia: the rule decides
        code = _lookup("UA" if alpha2 == "RU" else "RU", admin1, extra)
        if code is not None and code[:2] != "UA":
            code = None  # a Russian region's name under Ukraine is a mistake, not a rule
    if code is not None and isinstance(admin2, str):
        code = _ADMIN2_REGIONS.get((code, normalize_name(admin2)), code)
    return (code[:2] if code else alpha2), code


def _lookup(country: str | None, name: str, extra: dict[str, dict[str, str]] | None) -> str | None:
    if country is None:
        return None
    tables = [_index().get(country, {}), (extra or {}).get(country, {})]
    for key in _keys(name):
        for table in tables:
            if key in table:
                return table[key]
    return None


def source_regions(
    country: Iterable[object],
    admin1: Iterable[object],
    admin2: Iterable[object] | None = None,
    *,
    extra: dict[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    """``country`` and ``admin1_code`` for columns of a source's coding (missing where not given/mapped)."""
    frame = pd.DataFrame({"country": list(country), "admin1": list(admin1)})
    frame["admin2"] = list(admin2) if admin2 is not None else None
    frame = frame.astype(object).where(frame.notna(), None)
    keys = list(zip(frame["country"], frame["admin1"], frame["admin2"], strict=True))
    cache = {k: source_region(*k, extra=extra) for k in dict.fromkeys(keys)}
    out = pd.DataFrame([cache[k] for k in keys], columns=["country", "admin1_code"], index=None)
    return out.astype("string")


def region_name(code: str) -> str:
    """The short English name of a region code, as in the admin-1 table (pycountry's name if it is not there)."""
    table = _short_names()
    if code in table:
        return table[code]
    sub = pycountry.subdivisions.get(code=code)
    return sub.name if sub is not None else code


@functools.cache
def _short_names() -> dict[str, str]:
    from dashboard.geo.loaders import ReferenceMissing, load_admin1

    names = {**UA_ADMIN1_NAMES, **RU_ADMIN1_NAMES}
    try:
        admin1 = load_admin1()
    except ReferenceMissing:
        return names
    return {**dict(zip(admin1["admin1_code"], admin1["admin1"], strict=True)), **names}
