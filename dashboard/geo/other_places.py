"""GeoNames' places of Ukraine that are no settlement of the register (``ua_other_places_geonames.csv.gz``):
renamed villages under their old name, hamlets merged into a village, places GeoNames keeps twice.

The register cannot see them, so they are namesakes it must be told about: a name the register answers with one
settlement is withdrawn when such a place of that name lies elsewhere in the area asked about ("Druzhba, Sumy
Oblast"), and a name no settlement bears is answered with the one such place of the area ("Timkovka, Kupianskyi
Raion", a hamlet GeoNames knows under its Russian name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from dashboard.geo.settlement_spelling import russian_forms, skeleton
from dashboard.geo.settlement_types import Area, Resolution

__all__ = ["OtherPlaces"]

NAMESAKE_KM = 10.0  # two points of one name this far apart are two places
FUZZY_RATIO = 85.0  # a misspelt or Russian-spelt name and a place's name this close are one name

# One place: (admin1_code, raion, hromada, latitude, longitude); raion and hromada are empty in Crimea.
Spot = tuple[str, str, str, float, float]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(a)))


def in_scope(code: str, raion: str, hromada: str, oblasts: set[str] | None, areas: set[Area]) -> bool:
    """Whether a place of that oblast, raion and hromada lies in the oblasts and areas asked about."""
    if oblasts and code not in oblasts:
        return False
    return not areas or any(a.admin1_code == code and a.raion == raion and a.hromada in ("", hromada) for a in areas)


class OtherPlaces:
    """GeoNames' places that are no settlement of the register, by normalised name and by raion."""

    def __init__(self, others: pd.DataFrame | None) -> None:
        self._by_key: dict[str, list[Spot]] = defaultdict(list)
        self._names: dict[tuple[float, float], str] = {}
        # Per (oblast, raion): every name key of its places, for names spelt otherwise than GeoNames spells them.
        self._keys_by_raion: dict[tuple[str, str], set[str]] = defaultdict(set)
        if others is None:
            return
        for name, names, code, raion, hromada, lat, lon in others.itertuples(index=False):
            self._names[(lat, lon)] = name
            for key in names.split("|"):
                self._by_key[key].append((code, raion, hromada, lat, lon))
                if raion:
                    self._keys_by_raion[(code, raion)].add(key)

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def spots(self, key: str) -> list[Spot]:
        return self._by_key.get(key, [])

    def name_at(self, lat: float, lon: float, default: str) -> str:
        return self._names.get((lat, lon), default)

    def place(
        self,
        key: str,
        oblasts: set[str] | None,
        areas: set[Area],
        oblast_name: Callable[[str], str],
        scope: str,
        score: float = 90.0,
    ) -> Resolution | None:
        """A name no settlement of the register bears: the place GeoNames knows by it in the area asked about, or
        the places it could be; None if GeoNames has none there. Found by name exactly (or as
        :meth:`fuzzy_key` found it), so no fuzzy step turns it into another village's name."""
        spots: list[tuple[float, float, str, str]] = []
        for code, raion, hromada, lat, lon in self._by_key.get(key, ()):
            if not in_scope(code, raion, hromada, oblasts, areas):
                continue
            if all(distance_km(lat, lon, a, o) > NAMESAKE_KM for a, o, _, _ in spots):
                spots.append((lat, lon, code, raion))
        if not spots:
            return None
        name = self._names.get(spots[0][:2], key)
        if len(spots) == 1:
            lat, lon, code, _ = spots[0]
            return Resolution(place=(name, lat, lon, code), score=score)
        where = [f"{name}, {f'{r} raion, ' if r else ''}{oblast_name(c)}" for _, _, c, r in spots]
        return Resolution(
            error=f"{len(spots)} places GeoNames knows as {name} in {scope}, none of them a settlement of Ukraine's "
            "register today — add the raion",
            candidates=tuple(where[:12]),
        )

    def fuzzy_key(self, key: str, areas: Iterable[Area]) -> tuple[float, str] | None:
        """The name of a place of the raions named that a name no settlement bears is a spelling of — misspelt,
        or written the Ukrainian way where GeoNames has the Russian ("Tymkivka" for Timkovka,
        "Zahoruikivka" for Zagoruykov) — with its score; None unless exactly one name comes close enough."""
        forms = {key, *russian_forms(key)}
        shapes = {skeleton(f) for f in forms}
        best: tuple[float, set[str]] = (0.0, set())
        for raion in {(a.admin1_code, a.raion) for a in areas}:
            for other in self._keys_by_raion.get(raion, ()):
                score = max(
                    max(fuzz.ratio(f, other) for f in forms),
                    max(fuzz.ratio(s, skeleton(other)) for s in shapes),
                )
                if score >= FUZZY_RATIO and score > best[0]:
                    best = (score, {other})
                elif score == best[0] and best[1]:
                    best[1].add(other)
        if not best[1]:
            return None
        # Several names of one place (GeoNames' and WOF's spellings) tie: still one place.
        raions = {(a.admin1_code, a.raion) for a in areas}
        spots = [s for k in best[1] for s in self._by_key[k] if (s[0], s[1]) in raions]
        if any(distance_km(a[3], a[4], b[3], b[4]) > NAMESAKE_KM for a in spots for b in spots):
            return None
        return best[0], sorted(best[1])[0]
