"""Offline geocoding: a place-name string to coordinates, by pure ranking over a loaded gazetteer.

How a query is read:

1. It is split on commas (and parentheses): the first part is the place, the others qualify it — a
   region ("Mykolaiv Oblast", "Donetsk region", "Texas") or a country ("Ukraine", "Росія", "RU").
2. A first part with a region word (oblast, region, krai, republic, область, край, …) is a region: the
   answer is a point inside the region (``geo_precision`` 3). So is a bare region name that is not also
   the name of a place inside that region ("Crimea" is a region; "Kharkiv" is the city).
3. A name in Ukraine's register of settlements (KATOTTG, :mod:`dashboard.geo.settlements`) is decided by the
   register, when the query names no place abroad: qualifiers may name the oblast, the raion of the 2020 reform
   (or an abolished one, or a renamed one) and the hromada ("Popivka, Okhtyrskyi Raion, Sumy Oblast"; "Crimea"
   covers Sevastopol). One settlement in that area with a point: the answer. Several: unresolved, the error
   says how many and where, ``candidates`` lists them ("3 places named Ivanivka in Kherson Oblast: … — add the
   raion"); the biggest is never picked, except a city of ≥ 20,000 ten times bigger than its namesakes there
   (≥ 50,000 and 1.5 times for a bare name: "Mykolaiv", "Kharkiv") or a city over hamlets too small for
   GeoNames. One settlement without a point: unresolved with that said, never a namesake elsewhere. A misspelt
   name is matched only among the settlements of a named raion. Old names (decommunised 2016) and Russian-based
   spellings ("Volfino", "Ivanovka") find their settlements; another settlement's current name does not.
4. Otherwise the normalised name is looked up among the names and alternate names of all places; the
   candidates are narrowed by the qualifiers, then ranked by
   ``log10(population) + 1 (name is the place's main name) + 2 (country in country_bias)``:
   the country bias is worth a factor 100 in population and the main name a factor 10. So "Odessa" is
   Odesa (Ukraine, 1M, biased) not Odessa, Texas (114k); "Pokrovsk" is the Donetsk-oblast town (main name,
   60k) not Engels (196k), whose old name it was; "Paris" stays in France over a Russian village.
5. No exact name: first the "spelling skeleton" (kh/h, w/v, y/i/j and doubled letters folded, so
   "Kharkiw" and "Odesssa" are found, score 95), then fuzzy matching (rapidfuzz ``ratio`` ≥ 86 on the whole
   normalised name, ≥ 92 for names of up to 6 letters), so "Mariupil" finds Mariupol but "Florida meeting"
   does not find Florida, nor "Putin" Putian. Fuzzy candidates are every name of places in Ukraine, Russia
   and their neighbours, and the main name of towns of ≥ 15,000 elsewhere: typos of villages abroad are
   not worth the false positives. Two genders of one adjectival name ("Trudivski", "Trudivskyi") are two places.
6. A bare name that is both a region and a place is the place if the place lies in that region
   ("Kharkiv", "Moscow"), or is a city of ≥ 500,000 ("Washington" is the capital, not the state), and
   the region otherwise ("Crimea", "Florida"). "Kharkov region" (a region word after a name that is not
   a region's) is the region whose largest place has that name.

Not places: the empty string, a bare country ("Ukraine" — the geocoder does not invent a point for it),
names that span several regions ("Donbas": Donetsk and Luhansk, so no single point is honest), and a few
acronyms that are also village names in GeoNames ("NATO" is a town in the Philippines). They come back
unresolved with an ``error`` saying why.

``admin1_code``/``admin1`` always come from the place (the register's oblast, or the spatial join made when the
gazetteer was built), never from the text of the query.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
from rapidfuzz import fuzz, process

from dashboard.geo.geocode_regions import FUZZY_MIN_LEN as _FUZZY_MIN_LEN
from dashboard.geo.geocode_regions import RegionLookup
from dashboard.geo.geocode_register import BIG_CITY as _BIG_CITY
from dashboard.geo.geocode_register import FUZZY_MIN_POPULATION as _FUZZY_MIN_POPULATION
from dashboard.geo.geocode_register import UNKNOWN_QUALIFIER_PENALTY as _UNKNOWN_QUALIFIER_PENALTY
from dashboard.geo.geocode_register import RegisterAnswers
from dashboard.geo.geocode_result import PRECISION_REGION, PRECISION_TOWN, GeocodeResult, fail
from dashboard.geo.loaders import load_admin1, load_gazetteer, reference_cache
from dashboard.geo.name_matching import (
    FUZZY_THRESHOLD,
    SHORT_LEN,
    first_sound,
    other_gender,
    spelling_skeleton,
    threshold,
)
from dashboard.geo.normalize import REGION_WORDS, normalize_name, strip_place_type
from dashboard.geo.settlements import SettlementIndex, load_settlements

__all__ = [
    "DEFAULT_COUNTRY_BIAS",
    "FUZZY_THRESHOLD",
    "PRECISION_REGION",
    "PRECISION_TOWN",
    "GeocodeResult",
    "Geocoder",
    "get_geocoder",
]

DEFAULT_COUNTRY_BIAS: tuple[str, ...] = ("UA", "RU")

# Ranking weights, in log10(population) units (see the module docstring).
_BIAS_BONUS = 2.0
_PRIMARY_BONUS = 1.0

# Two places of one name this far apart are two places; in a named region the bigger is chosen only if it is a
# city this big and this many times bigger (the register's rule for Ukraine, applied to Russia's places).
_NAMESAKE_KM = 10.0
_CITY_IN_REGION = 20_000
_CITY_FACTOR = 10.0

# Every place of these countries can be fuzzy-matched; elsewhere only towns of ≥ _FUZZY_MIN_POPULATION.
_FUZZY_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "GE", "PL", "RO", "SK", "HU"})

# Words and acronyms that are GeoNames alternate names of some village but in this project's texts are
# never places.
_NOT_PLACES = frozenset({
    "nato", "otan", "eu", "un", "osce", "iaea", "g7", "g20", "brics", "opec", "csto",
    "white house", "pentagon", "city", "town", "village", "region", "oblast", "hospital",
})  # fmt: skip
# Names of areas spanning several regions: no single point stands for them.
_MULTI_REGION = {
    "donbas": ("UA-14", "UA-09"),
    "donbass": ("UA-14", "UA-09"),
    "donbas region": ("UA-14", "UA-09"),
    "donbass region": ("UA-14", "UA-09"),
}
_STRONG_REGION_WORDS = REGION_WORDS - {"of", "the"}
_SKELETON_SCORE = 95.0
_COUNTRY_EXTRAS: dict[str, str] = {
    "ukraina": "UA", "ukrayina": "UA", "the ukraine": "UA",
    "rossiya": "RU", "rossiia": "RU", "rosiia": "RU", "rosiya": "RU", "russia": "RU", "rf": "RU",
    "rossiyskaya federatsiya": "RU", "rosiiska federatsiia": "RU",
    "belarus": "BY", "bilorus": "BY", "byelorussia": "BY", "moldova": "MD", "usa": "US", "us": "US",
    "united states": "US", "america": "US", "uk": "GB", "britain": "GB", "great britain": "GB",
    "england": "GB", "turkey": "TR", "turkiye": "TR",
}  # fmt: skip


@functools.cache
def _country_keys() -> tuple[dict[str, str], dict[str, str]]:
    """(names -> alpha-2, for bare queries and qualifiers; codes -> alpha-2, for qualifiers only)."""
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            key = normalize_name(getattr(c, attr, "") or "")
            if key:
                names.setdefault(key, c.alpha_2)
        codes[c.alpha_2.lower()] = c.alpha_2
        codes[c.alpha_3.lower()] = c.alpha_2
    names.update(_COUNTRY_EXTRAS)
    for cyr, code in {"Україна": "UA", "Украина": "UA", "Росія": "RU", "Россия": "RU", "РФ": "RU"}.items():
        names[normalize_name(cyr)] = code
    return names, codes


def _group_keys(flat: np.ndarray, parents: np.ndarray) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Key -> slot, and the rows of slot i as ``rows[starts[i]:starts[i + 1]]``."""
    codes, uniques = pd.factorize(flat, sort=False)
    order = np.argsort(codes, kind="stable")
    starts = np.zeros(len(uniques) + 1, dtype=np.int64)
    np.cumsum(np.bincount(codes, minlength=len(uniques)), out=starts[1:])
    slots = dict(zip(uniques.tolist(), range(len(uniques)), strict=True))
    return slots, parents[order], starts


def _flatten(lists: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    values = lists.to_numpy()
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    parents = np.repeat(np.arange(len(values)), lengths)
    flat = np.concatenate([np.asarray(v, dtype=object) for v in values]) if len(values) else np.empty(0, object)
    return flat.astype(object), parents


@dataclass(frozen=True)
class _Candidate:
    row: int
    rank: float
    score: float


class Geocoder(RegionLookup, RegisterAnswers):
    """Geocoder over a gazetteer and admin-1 table (the built reference data, or small frames in tests).

    ``gazetteer`` needs ``name``, ``latitude``, ``longitude``, ``country``, ``population``, ``admin1_code``,
    ``admin1``; ``keys``/``primary_keys`` (normalised names) are computed from ``name`` and an optional
    ``alternatenames`` list column when absent. ``admin1`` needs ``admin1_code``, ``admin1``, ``country``,
    ``geometry`` and optionally ``alt_names``. ``settlements`` is the register of settlements
    (:func:`dashboard.geo.settlements.load_settlements`); without it (small test frames) the ranking alone decides.
    """

    def __init__(
        self,
        gazetteer: pd.DataFrame,
        admin1: gpd.GeoDataFrame,
        cache_size: int = 65_536,
        settlements: pd.DataFrame | None = None,
    ) -> None:
        gaz = gazetteer.reset_index(drop=True)
        if "keys" not in gaz.columns or "primary_keys" not in gaz.columns:
            gaz = gaz.assign(**_compute_keys(gaz))
        self._name = gaz["name"].to_numpy(dtype=object)
        self._lat = gaz["latitude"].to_numpy(dtype=float)
        self._lon = gaz["longitude"].to_numpy(dtype=float)
        self._country = gaz["country"].to_numpy(dtype=object)
        self._population = gaz["population"].fillna(0).to_numpy(dtype=np.int64)
        self._admin1_code = _none_for_na(gaz["admin1_code"])
        self._admin1 = _none_for_na(gaz["admin1"])
        self._log_pop = np.log10(np.maximum(self._population, 1))

        flat, parents = _flatten(gaz["keys"])
        self._slots, self._rows, self._starts = _group_keys(flat, parents)
        pflat, pparents = _flatten(gaz["primary_keys"])
        self._primary = set(zip(pflat.tolist(), pparents.tolist(), strict=True))
        self._flat_keys, self._flat_parents = flat, parents

        # Fuzzy candidates: every name of places in Ukraine, Russia and neighbours; elsewhere the main name
        # of towns of ≥ 15,000. Sorted by length, so a query only scans keys of a length that can reach
        # the threshold (ratio ≥ t needs lengths within a factor (200 - t) / t).
        near = np.isin(self._country, list(_FUZZY_COUNTRIES))
        big = self._population >= _FUZZY_MIN_POPULATION
        fuzzy = np.concatenate([flat[near[parents]], pflat[(big & ~near)[pparents]]])
        fuzzy_keys = sorted((k for k in pd.unique(fuzzy).tolist() if len(k) >= _FUZZY_MIN_LEN), key=len)
        self._fuzzy_keys: list[str] = fuzzy_keys
        self._fuzzy_lengths = np.fromiter(map(len, fuzzy_keys), dtype=np.int64, count=len(fuzzy_keys))

        # Spelling skeletons of the names of places near the front (see spelling_skeleton).
        near_keys = pd.unique(flat[near[parents]])
        skel_flat = np.array([spelling_skeleton(k) for k in near_keys.tolist()], dtype=object)
        self._skeleton_keys: dict[str, list[str]] = {}
        for skel, key in zip(skel_flat.tolist(), near_keys.tolist(), strict=True):
            self._skeleton_keys.setdefault(skel, []).append(key)

        self._init_regions(admin1)
        # Ukraine's register of settlements: every village's name, oblast, raion and hromada (see settlements.py).
        self._register = (
            SettlementIndex(settlements, {c: r["name"] for c, r in self._region.items()})
            if settlements is not None
            else None
        )
        # The largest place of each region stands for it in "<place> region" queries ("Kharkov region").
        pop = pd.Series(self._population)
        code = pd.Series(self._admin1_code)
        largest = pop[code.notna()].groupby(code[code.notna()]).idxmax()
        self._region_capital = dict(zip(largest.to_numpy().tolist(), largest.index.tolist(), strict=True))
        self._cached = functools.lru_cache(maxsize=cache_size)(self._geocode)

    # -- places ------------------------------------------------------------------------------------------

    def _rows_for(self, key: str) -> np.ndarray:
        slot = self._slots.get(key)
        if slot is None:
            return np.empty(0, dtype=np.int64)
        return self._rows[self._starts[slot] : self._starts[slot + 1]]

    def _known_name(self, key: str) -> bool:
        """Whether a place, or a settlement of Ukraine's register, has this very name."""
        return len(self._rows_for(key)) > 0 or (self._register is not None and len(self._register.rows_for(key)) > 0)

    def _rank(self, rows: Iterable[int], key: str, bias: Sequence[str]) -> list[_Candidate]:
        out = []
        for row in rows:
            row = int(row)
            rank = self._log_pop[row]
            rank += _PRIMARY_BONUS if (key, row) in self._primary else 0.0
            rank += _BIAS_BONUS if self._country[row] in bias else 0.0
            out.append(_Candidate(row=row, rank=float(rank), score=100.0))
        return out

    def _filter(self, rows: np.ndarray, countries: set[str] | None, regions: set[str] | None) -> np.ndarray:
        if countries:
            rows = rows[np.isin(self._country[rows], list(countries))]
        if regions:
            rows = rows[np.isin(self._admin1_code[rows], list(regions))]
        return rows

    def _fuzzy(
        self, key: str, bias: Sequence[str], countries: set[str] | None, regions: set[str] | None
    ) -> list[_Candidate]:
        if len(key) < _FUZZY_MIN_LEN:
            return []
        near: list[_Candidate] = []
        for cand in self._skeleton_keys.get(spelling_skeleton(key), []) if len(key) > SHORT_LEN - 1 else []:
            rows = self._filter(self._rows_for(cand), countries, regions)
            near += [_Candidate(row=c.row, rank=c.rank, score=_SKELETON_SCORE) for c in self._rank(rows, cand, bias)]
        if near:
            return near
        if countries or regions:
            mask = np.ones(len(self._name), dtype=bool)
            if countries:
                mask &= np.isin(self._country, list(countries))
            if regions:
                mask &= np.isin(self._admin1_code, list(regions))
            choices = pd.unique(self._flat_keys[mask[self._flat_parents]]).tolist()
        else:
            ratio = (200.0 - FUZZY_THRESHOLD) / FUZZY_THRESHOLD
            lo = np.searchsorted(self._fuzzy_lengths, math.floor(len(key) / ratio), side="left")
            hi = np.searchsorted(self._fuzzy_lengths, math.ceil(len(key) * ratio), side="right")
            choices = self._fuzzy_keys[lo:hi]
        hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=threshold(key), limit=10)
        hits = [h for h in hits if not other_gender(key, h[0])]
        if not hits:
            return []
        best = max(score for _, score, _ in hits)
        out: list[_Candidate] = []
        for cand, score, _ in hits:
            if score < best:
                continue
            rows = self._filter(self._rows_for(cand), countries, regions)
            if first_sound(cand) != first_sound(key):
                # Another first letter is another village's name ("Nekhoteevka" is not Bekhteevka, which the
                # gazetteer knows only because it is bigger); only a town's name is misspelt there ("Charkiw").
                rows = rows[self._population[rows] >= _FUZZY_MIN_POPULATION]
            out += [
                _Candidate(row=c.row, rank=c.rank, score=round(float(score), 1)) for c in self._rank(rows, cand, bias)
            ]
        return out

    def _namesakes_in_region(
        self, best: _Candidate, cands: list[_Candidate], query: str, name: str, where: str
    ) -> GeocodeResult | None:
        """Several places of the name in the region named, more than 10 km apart: unresolved with the places it
        could be, unless one is a city of 20,000 ten times bigger than the others (as for Ukraine's register:
        "Podgornoye, Voronezh Oblast" is two villages, not the bigger one). None when the name is one place."""
        others = [
            c
            for c in cands
            if c.row != best.row
            and _distance_km(self._lat[best.row], self._lon[best.row], self._lat[c.row], self._lon[c.row])
            > _NAMESAKE_KM
        ]
        if not others:
            return None
        top = max(int(self._population[c.row]) for c in others)
        if self._population[best.row] >= _CITY_IN_REGION and self._population[best.row] >= _CITY_FACTOR * top:
            return None
        spots = [best, *others]
        return GeocodeResult(
            query=query,
            error=f"{len(spots)} places named {name} in {where} — add the district, or write the coordinates",
            candidates=tuple(
                f"{self._name[c.row]}, {self._admin1[c.row]} ({self._lat[c.row]:.3f}, {self._lon[c.row]:.3f})"
                for c in spots[:12]
            ),
        )

    def _place_result(self, query: str, cand: _Candidate, penalty: float) -> GeocodeResult:
        row = cand.row
        return GeocodeResult(
            query=query,
            name=self._name[row],
            lat=float(self._lat[row]),
            lon=float(self._lon[row]),
            country=self._country[row],
            admin1_code=self._admin1_code[row],
            admin1=self._admin1[row],
            geo_precision=PRECISION_TOWN,
            score=max(0.0, cand.score - penalty),
        )

    # -- the query -----------------------------------------------------------------------------------------

    def geocode(self, query: str, country_bias: Sequence[str] = DEFAULT_COUNTRY_BIAS) -> GeocodeResult:
        """Geocode one place-name string (cached per query and bias)."""
        text = "" if query is None or (isinstance(query, float) and math.isnan(query)) else str(query)
        return self._cached(text, tuple(country_bias))

    def geocode_many(
        self, queries: Iterable[str], country_bias: Sequence[str] = DEFAULT_COUNTRY_BIAS
    ) -> list[GeocodeResult]:
        """Geocode each query in order (repeated queries cost a cache look-up)."""
        return [self.geocode(q, country_bias) for q in queries]

    def cache_info(self) -> Any:
        return self._cached.cache_info()

    def _parse_qualifiers(
        self, parts: list[str], bias: Sequence[str]
    ) -> tuple[set[str] | None, set[str] | None, list[str]]:
        country_names, country_codes = _country_keys()
        countries: set[str] = set()
        unknown: list[str] = []
        region_keys: list[str] = []
        for part in parts:
            key = normalize_name(part)
            if not key:
                continue
            code = country_names.get(key) or country_codes.get(key)
            if code:
                countries.add(code)
            else:
                region_keys.append(key)
        regions: set[str] = set()
        for key in region_keys:
            found = self._regions_for(key, bias, countries or None)
            if not found and key in self._region_abbrev:
                found = [self._region_abbrev[key]]
            if not found:
                unknown.append(key)
                continue
            # The best region, and any other of the same country with that very name (rare).
            top_country = self._region[found[0]]["country"]
            regions.update(c for c in found if self._region[c]["country"] == top_country)
        if "UA-43" in regions and "UA-40" in self._region:
            regions.add("UA-40")  # "Crimea" covers Sevastopol too (the peninsula, not only the republic)
        return countries or None, regions or None, unknown

    def _geocode(self, query: str, bias: tuple[str, ...]) -> GeocodeResult:
        text = query.replace("(", ",").replace(")", " ").replace(";", ",")
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts:
            return fail(query, "empty query")
        main_key = normalize_name(parts[0])
        if not main_key:
            return fail(query, f"no place matches {query!r}")
        if main_key in _NOT_PLACES:
            return fail(query, f"{parts[0]!r} is not a place")
        if main_key in _MULTI_REGION:
            names = ", ".join(self._region[c]["name"] for c in _MULTI_REGION[main_key] if c in self._region)
            return fail(query, f"{parts[0]!r} spans several regions ({names}); name one of them")
        bare_key = strip_place_type(main_key)
        if bare_key != main_key and not self._known_name(main_key):
            main_key = bare_key  # "Golovchino village": the village Golovchino
        countries, regions, unknown = self._parse_qualifiers(parts[1:], bias)
        penalty = _UNKNOWN_QUALIFIER_PENALTY * len(unknown)
        where = ", ".join(parts[1:])

        if any(w in _STRONG_REGION_WORDS for w in main_key.split()):
            return self._geocode_region(query, main_key, bias, countries, regions, penalty)

        registered = self._register_answer(query, main_key, bool(parts[1:]), countries, regions, unknown, bias)
        if registered is None and " - " in parts[0]:
            registered = self._city_district(query, parts[0], bool(parts[1:]), countries, regions, unknown, bias)
        if registered is not None:
            return registered

        country_names, _ = _country_keys()
        bare_country = country_names.get(main_key) if not parts[1:] else None

        rows = self._filter(self._rows_for(main_key), countries, regions)
        if len(rows) == 0 and main_key.endswith(" city"):
            rows = self._filter(self._rows_for(main_key[: -len(" city")]), countries, regions)
        cands = self._rank(rows, main_key, bias)
        region_codes = [] if regions else self._regions_for_bare(main_key, bias, countries)

        if bare_country:
            # "Ukraine" is not a point; "Luxembourg" and "Kuwait" are also cities of that country.
            in_country = [c for c in cands if self._country[c.row] == bare_country]
            if not in_country:
                return fail(query, f"{parts[0]!r} is a country, not a place")
            cands = in_country

        best = max(cands, key=lambda c: c.rank) if cands else None
        if region_codes:
            code = region_codes[0]
            # The city, if it lies in (or at) that region, is in a bias country when the region is not, or is
            # a big city ("Washington" is the capital, "Florida" the state, "Crimea" the peninsula).
            city_wins = best is not None and (
                self._in_region_box(best.row, code)
                or (self._country[best.row] in bias and self._region[code]["country"] not in bias)
                or self._population[best.row] >= _BIG_CITY
            )
            if not city_wins:
                return self._region_result(query, code, max(0.0, 100.0 - penalty))
        if best is not None and regions:
            namesakes = self._namesakes_in_region(best, cands, query, parts[0], where)
            if namesakes is not None:
                return namesakes
        if best is not None:
            return self._place_result(query, best, penalty)

        fuzzy = self._fuzzy(main_key, bias, countries, regions)
        region_fuzzy = self._fuzzy_region(main_key, bias, countries) if not regions else None
        if fuzzy:
            best = max(fuzzy, key=lambda c: (c.score, c.rank))
            if region_fuzzy is None or region_fuzzy[1] <= best.score:
                return self._place_result(query, best, penalty)
        if region_fuzzy is not None:
            return self._region_result(query, region_fuzzy[0], max(0.0, region_fuzzy[1] - penalty))
        if countries or regions:
            return fail(query, f"no place matches {parts[0]!r} in {where}")
        return fail(query, f"no place matches {query!r}")


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _none_for_na(series: pd.Series) -> np.ndarray:
    values = series.to_numpy(dtype=object)
    return np.where(pd.isna(values), None, values)


def _compute_keys(gaz: pd.DataFrame) -> dict[str, list[list[str]]]:
    """``primary_keys`` and ``keys`` for a gazetteer frame that lacks them (hand-built test frames)."""
    alts = gaz["alternatenames"] if "alternatenames" in gaz.columns else pd.Series([[]] * len(gaz))
    primary, keys = [], []
    for name, alt in zip(gaz["name"], alts, strict=True):
        p = [k for k in [normalize_name(name)] if k]
        ks = list(dict.fromkeys(p + [normalize_name(a) for a in (alt if isinstance(alt, list | tuple) else [])]))
        primary.append(p)
        keys.append([k for k in ks if k])
    return {"primary_keys": primary, "keys": keys}


@reference_cache
def get_geocoder() -> Geocoder:
    """The geocoder over the built reference data, created once per process."""
    return Geocoder(load_gazetteer(), load_admin1(), settlements=load_settlements())
