"""Which facility an energy event hit, and why we think so.

An event links to a facility when

1. its notes **name** the facility ("DniproHES", "Трипільська ТЕС", "Zaporizhzhia NPP"), or name the town the
   facility is known by **and** say what kind of facility was hit ("the Novoshakhtinsk oil refinery",
   "нафтопереробний завод у Новошахтинську") — within ``NAME_MAX_KM`` of the event, against namesakes; or
2. nothing is named, but the event lies within ``RADIUS_KM[geo_precision]`` of a facility **and** the notes say
   that kind of facility was hit (a "thermal power plant" 3 km from Trypillia TPP).

Only events whose notes are about energy (or name a facility) link at all: a residential strike in a refinery
town links to nothing, and a substation hit with no listed substation is an energy event without a link. Every
link keeps its evidence: the phrase that named it, the kind the notes gave, and the distance.

Links are computed from the events on demand (:func:`link_events`), not stored: a new alias or facility applies to
every store at once, without re-importing; only rows with energy notes are examined.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.ingest.infrastructure import EXCLUDE, KEYWORDS

__all__ = [
    "KINDS_OF_DETAIL",
    "NAME_MAX_KM",
    "RADIUS_KM",
    "Link",
    "energy_details",
    "energy_details_many",
    "link_events",
    "with_links",
]

# Radius by geo_precision (1 exact place, 2 near it / within a district, 3 only the region's centre).
RADIUS_KM: dict[int, float] = {1: 5.0, 2: 15.0, 3: 30.0}
NAME_MAX_KM = 150.0

_GENERATION = {"thermal/coal", "gas CHP", "hydro", "pumped storage", "nuclear", "solar", "wind"}
# Energy detail in the notes -> the facility kinds it can describe.
KINDS_OF_DETAIL: dict[str, set[str]] = {
    "oil refinery": {"oil refinery"},
    "nuclear power plant": {"nuclear"},
    "thermal power plant": {"thermal/coal", "gas CHP"},
    "combined heat and power plant": {"gas CHP", "thermal/coal"},
    "hydroelectric power plant": {"hydro", "pumped storage"},
    "solar power plant": {"solar"},
    "wind power plant": {"wind"},
    "power plant": _GENERATION,
    "substation": {"substation"},
    "oil depot": {"oil depot"},
    "fuel depot": {"oil depot"},
    "oil terminal": {"oil depot"},
}

_LETTERS = "0-9A-Za-zА-Яа-яЁёІіЇїЄєҐґ'’"
_CYRILLIC = re.compile("[А-Яа-яЁёІіЇїЄєҐґ]")
_WORD = re.compile(f"[{_LETTERS}]+")


@dataclass(frozen=True)
class Link:
    facility_id: str
    evidence: str
    distance_km: float | None


@functools.cache
def _energy_patterns() -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], str]]]:
    exclude = re.compile(EXCLUDE["energy"], re.IGNORECASE)
    return exclude, [(re.compile(p, re.IGNORECASE), d) for p, d in KEYWORDS["energy"]]


def energy_details(text: object) -> list[str]:
    """Every energy detail the text gives (not only the most specific), in vocabulary order."""
    if not isinstance(text, str) or not text:
        return []
    exclude, patterns = _energy_patterns()
    masked = exclude.sub(" ", text)
    found: list[str] = []
    for pattern, detail in patterns:
        if detail not in found and pattern.search(masked):
            found.append(detail)
    return found


def energy_details_many(texts: pd.Series) -> list[list[str]]:
    """:func:`energy_details` for a column, in pyarrow (RE2): one pass per detail over the column."""
    arr = pa.array(texts.astype("string").fillna(""), type=pa.large_string())
    arr = pc.replace_substring_regex(arr, "(?i)" + EXCLUDE["energy"], " ")
    found: list[list[str]] = [[] for _ in range(len(texts))]
    for detail, pattern in _by_detail().items():
        for row in np.flatnonzero(pc.match_substring_regex(arr, pattern, ignore_case=True).to_numpy(False)):
            found[row].append(detail)
    return found


@functools.cache
def _by_detail() -> dict[str, str]:
    joined: dict[str, list[str]] = {}
    for pattern, detail in KEYWORDS["energy"]:
        joined.setdefault(detail, []).append(f"(?:{pattern})")
    return {detail: "|".join(patterns) for detail, patterns in joined.items()}


def _cyrillic_stem(word: str) -> str:
    """ "Запорожская" -> "Запорожск", "Трипільська" -> "Трипільськ": the word without its vowel ending."""
    stem = re.sub("[аяоеєіїиыуюйьёАЯОЕЄІЇИЫУЮЙЬЁ]{1,3}$", "", word)
    return stem if len(stem) >= 4 else word


def _alias_pattern(alias: str) -> str:
    """A name as reports write it: a Cyrillic word takes any case ending (up to four letters after its stem, so
    "Бєлгород" is not "Бєлгородській області"), a Latin word is a whole word ("Kyiv's" included)."""
    words = []
    for word in re.split(r"[\s\-]+", alias.strip()):
        if _CYRILLIC.search(word):
            words.append(re.escape(_cyrillic_stem(word)) + f"[{_LETTERS}]{{0,4}}(?![{_LETTERS}])")
        else:
            words.append(re.escape(word) + r"(?:'s|’s)?(?![A-Za-z])")
    return f"(?<![{_LETTERS}])" + r"[\s\-]*".join(words)


class _Aliases:
    """All aliases of one sort (names or places), indexed by their first word.

    A text is split into words once; only aliases whose first word occurs (a Cyrillic first word as a stem)
    are then searched for with their own pattern: cost grows with the text, not with the number of aliases.
    Facilities sharing an alias (two plants in Enerhodar) all get it; the longest alias is the evidence.
    """

    def __init__(self, per_facility: list[list[str]]) -> None:
        owners: dict[str, list[int]] = {}
        spelled: dict[str, str] = {}
        for i, aliases in enumerate(per_facility):
            for alias in aliases:
                key = alias.casefold()
                owners.setdefault(key, []).append(i)
                spelled.setdefault(key, alias)
        self.keys = sorted(owners, key=len, reverse=True)
        self.owners = [owners[k] for k in self.keys]
        self.patterns = [re.compile(_alias_pattern(spelled[k]), re.IGNORECASE) for k in self.keys]
        self.latin: dict[str, list[int]] = {}
        self.cyrillic: dict[str, list[int]] = {}
        for k, key in enumerate(self.keys):
            first = _WORD.findall(key)[0]
            if _CYRILLIC.search(first):
                self.cyrillic.setdefault(_cyrillic_stem(first), []).append(k)
            else:
                self.latin.setdefault(first, []).append(k)
        self.stem_lengths = sorted({len(stem) for stem in self.cyrillic})
        # A superset in RE2 (no look-arounds) to skip rows that name nothing, vectorised in pyarrow.
        self.prefilter = "|".join(r"[\s\-]*".join(map(re.escape, re.split(r"[\s\-]+", spelled[k]))) for k in self.keys)

    def _candidates(self, text: str) -> list[int]:
        found: set[int] = set()
        for word in _WORD.findall(text.casefold()):
            found.update(self.latin.get(word.removesuffix("'s").removesuffix("’s"), ()))
            for n in self.stem_lengths:
                if n > len(word):
                    break
                found.update(self.cyrillic.get(word[:n], ()))
        return sorted(found)  # longest alias first

    def find(self, text: str) -> dict[int, str]:
        """Facility index -> the phrase that names it."""
        found: dict[int, str] = {}
        if not text:
            return found
        for k in self._candidates(text):
            match = self.patterns[k].search(text)
            if match:
                for i in self.owners[k]:
                    found.setdefault(i, match.group(0).strip())
        return found


@dataclass(frozen=True)
class _Matcher:
    ids: np.ndarray
    kinds: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    names: _Aliases
    places: _Aliases


@functools.lru_cache(maxsize=4)
def _matcher_cached(key: tuple) -> _Matcher:
    ids, kinds, lat, lon, names, places = key
    return _Matcher(
        ids=np.asarray(ids, dtype=object),
        kinds=np.asarray(kinds, dtype=object),
        lat=np.asarray(lat, dtype=float),
        lon=np.asarray(lon, dtype=float),
        names=_Aliases([list(v) for v in names]),
        places=_Aliases([list(v) for v in places]),
    )


def _matcher(facilities: pd.DataFrame) -> _Matcher:
    key = (
        tuple(facilities["facility_id"]),
        tuple(facilities["kind"]),
        tuple(facilities["lat"].astype(float)),
        tuple(facilities["lon"].astype(float)),
        tuple(tuple(v) for v in facilities["names"]),
        tuple(tuple(v) for v in facilities["places"]),
    )
    return _matcher_cached(key)


def _distance_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distance (haversine), km."""
    p1, p2 = np.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


def _kind_phrase(details: list[str], kind: str) -> str | None:
    return next((d for d in details if kind in KINDS_OF_DETAIL.get(d, ())), None)


def _km(distance: float) -> str:
    return "no coordinates" if np.isnan(distance) else f"{distance:.1f} km"


def link_one(
    matcher: _Matcher,
    notes: str,
    location: str,
    lat: float,
    lon: float,
    geo_precision: float,
    details: list[str] | None = None,
) -> list[Link]:
    """The facilities one event hit (see the module docstring for the rules); `details` as
    :func:`energy_details` gives them for `notes` (computed when not given)."""
    details = energy_details(notes) if details is None else details
    dist = _distance_km(lat, lon, matcher.lat, matcher.lon) if not np.isnan(lat) else np.full(len(matcher.ids), np.nan)
    near_enough = np.isnan(dist) | (dist <= NAME_MAX_KM)
    found: dict[int, str] = {}
    for i, phrase in matcher.names.find(notes).items():
        if near_enough[i]:
            found[i] = f"name '{phrase}', {_km(dist[i])}"
    if details and not found:  # a named facility is the one hit, not another of its kind in the same town
        places = matcher.places.find(notes)
        for i, phrase in matcher.places.find(location).items():
            places.setdefault(i, phrase)
        for i, phrase in places.items():
            kind = _kind_phrase(details, matcher.kinds[i])
            if i not in found and kind is not None and near_enough[i]:
                found[i] = f"place '{phrase}' + '{kind}', {_km(dist[i])}"
    if not found and details and not np.isnan(lat):
        radius = RADIUS_KM.get(int(geo_precision) if not np.isnan(geo_precision) else 1, RADIUS_KM[3])
        for i in np.flatnonzero(dist <= radius):
            kind = _kind_phrase(details, matcher.kinds[i])
            if kind is not None:
                found[i] = (
                    f"'{kind}' within {dist[i]:.1f} km (radius {radius:.0f} km at geo_precision {geo_precision:g})"
                )
    return [Link(matcher.ids[i], found[i], _round(dist[i])) for i in sorted(found)]


def _round(distance: float) -> float | None:
    return None if np.isnan(distance) else round(float(distance), 1)


def _is_energy(events: pd.DataFrame) -> np.ndarray:
    if "infrastructure" not in events.columns:
        return np.ones(len(events), dtype=bool)
    return np.fromiter(
        ("energy" in v if isinstance(v, list | tuple | np.ndarray) else False for v in events["infrastructure"]),
        dtype=bool,
        count=len(events),
    )


def _column(events: pd.DataFrame, name: str, default: object) -> pd.Series:
    if name in events.columns:
        return events[name]
    return pd.Series(default, index=events.index)


def link_events(events: pd.DataFrame, facilities: pd.DataFrame | None = None) -> pd.DataFrame:
    """``facility_ids`` (list) and ``facility_evidence`` (list, one phrase per id) for every event row.

    Only rows classed as energy (``infrastructure``) or whose notes name a facility are examined: naming one
    ("DniproHES was hit") says what was hit even when no energy keyword does.
    """
    if facilities is None:
        from dashboard.energy.facilities import load_facilities

        facilities = load_facilities()
    matcher = _matcher(facilities)
    ids: list[list[str]] = [[] for _ in range(len(events))]
    evidence: list[list[str]] = [[] for _ in range(len(events))]
    candidate = _is_energy(events)
    if matcher.names.prefilter and "notes" in events.columns and not candidate.all():
        notes_arrow = pa.array(events["notes"].astype("string").fillna(""), type=pa.large_string())
        named = pc.match_substring_regex(notes_arrow, matcher.names.prefilter, ignore_case=True)
        candidate |= named.to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(candidate)
    if len(rows):
        notes = _column(events, "notes", "").iloc[rows].fillna("").astype(str).to_numpy()
        location = _column(events, "location", "").iloc[rows].fillna("").astype(str).to_numpy()
        lat = pd.to_numeric(_column(events, "latitude", np.nan).iloc[rows], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(_column(events, "longitude", np.nan).iloc[rows], errors="coerce").to_numpy(dtype=float)
        prec = pd.to_numeric(_column(events, "geo_precision", np.nan).iloc[rows], errors="coerce")
        prec = prec.to_numpy(dtype=float, na_value=np.nan)
        details = energy_details_many(pd.Series(notes))
        for k, row in enumerate(rows):
            links = link_one(matcher, notes[k], location[k], lat[k], lon[k], prec[k], details[k])
            ids[row] = [link.facility_id for link in links]
            evidence[row] = [link.evidence for link in links]
    return pd.DataFrame({"facility_ids": ids, "facility_evidence": evidence}, index=events.index)


def with_links(events: pd.DataFrame, facilities: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events with ``facility_ids`` and ``facility_evidence`` (computed unless already there)."""
    if "facility_ids" in events.columns:
        return events
    links = link_events(events, facilities)
    out = events.copy()
    out["facility_ids"] = links["facility_ids"]
    out["facility_evidence"] = links["facility_evidence"]
    return out
