"""Ukraine's register of settlements (KATOTTG) as a look-up: which settlements carry a name, in which oblast,
raion and hromada, and which of them the gazetteer can place.

The tables are read by ``dashboard.geo.settlement_data`` (sources and licences in ``dashboard/geo/data/README.md``).
Six settlements in seven have a point (GeoNames, OpenStreetMap), and every one has a name and a place in the
hierarchy, which is what makes ambiguity visible: "Ivanivka, Kherson Oblast" is five villages, and the geocoder
says so instead of answering with one of them. GeoNames' places that are no settlement of the register (renamed
villages under their old name) are namesakes too: an answer is withdrawn when one lies elsewhere in the area asked
about. City districts (KATOTTG's category B) are kept under their city, for "Kyiv - Shevchenkivskyi".

Qualifiers understood here (the oblast is read by the geocoder): a raion of the 2020 reform by its adjective
("Okhtyrskyi Raion", "Okhtyrskyy district") or its centre ("Okhtyrka raion"), a raion abolished in 2020 by its
adjective ("Velykopysarivskyi raion" is the 2020 raion that took in its centre, Velyka Pysarivka), and a hromada
("Bilopilska hromada").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from dashboard.geo.normalize import normalize_name
from dashboard.geo.other_places import OtherPlaces, in_scope
from dashboard.geo.settlement_areas import AreaQualifiers
from dashboard.geo.settlement_data import (  # noqa: F401  (re-exported: the loader lived here)
    OLD_NAMES_PATH,
    OSM_POINTS_PATH,
    OTHER_PLACES_PATH,
    SETTLEMENTS_PATH,
    VILLAGE_POINTS_PATH,
    _with_osm_points,
    _with_village_points,
    load_settlements,
)
from dashboard.geo.settlement_spelling import russian_forms
from dashboard.geo.settlement_spelling import skeleton as _skeleton
from dashboard.geo.settlement_spelling import stem as _stem
from dashboard.geo.settlement_types import Area, Resolution

__all__ = [
    "SETTLEMENTS_PATH",
    "Area",
    "Resolution",
    "SettlementIndex",
    "load_settlements",
]

_NAMESAKE_KM = 10.0  # another place of the name this far from the answer makes the answer a guess …
_NAMESAKE_TOWN = 10_000  # … unless the answer is a town this big (GeoNames keeps hamlets named after towns)

_BIG_CITY = 50_000  # a bare name shared by such a city and smaller places means the city …
_BIG_CITY_FACTOR = 1.5  # … if it is this much bigger than every namesake
_CITY_IN_AREA = 20_000  # inside a named oblast or raion, a city this big …
_CITY_IN_AREA_FACTOR = 10.0  # … and ten times any namesake there is the one meant
_PLACE_FUZZY_RATIO = 85.0
_TOWN_AMONG_VILLAGES = 3_000
_UA_SPECIAL = {"UA-30": "Kyiv City", "UA-40": "Sevastopol", "UA-43": "Crimea"}
# KATOTTG lists under Sevastopol only the city and its districts; the villages of the city's territory (Kacha,
# Orlivka, Andriivka, Verkhnosadove, Ternivka, Orlyne, and the town of Inkerman) it files under Crimea's
# Bakhchysaraiskyi raion, in these hromadas. "Kacha, Sevastopol" is written as the city's own.
SEVASTOPOL_HROMADAS = ("Andriivska", "Inkermanska", "Kachynska", "Orlynivska", "Ternivska", "Verkhnosadivska")


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(a)))


class SettlementIndex(AreaQualifiers):
    """Names, raions and hromadas of the register, indexed for look-ups by normalised key."""

    def __init__(self, table: pd.DataFrame, region_names: dict[str, str] | None = None) -> None:
        t = table.reset_index(drop=True)
        self.table = t
        self.name = t["name"].to_numpy(dtype=object)
        self.category = t["category"].to_numpy(dtype=object)
        self.admin1 = t["admin1_code"].to_numpy(dtype=object)
        self.raion = t["raion"].fillna("").to_numpy(dtype=object)
        self.hromada = t["hromada"].fillna("").to_numpy(dtype=object)
        self.lat = t["latitude"].to_numpy(dtype=float)
        self.lon = t["longitude"].to_numpy(dtype=float)
        self.population = t["population"].fillna(0).to_numpy(dtype=np.int64)
        self.located = ~np.isnan(self.lat)
        self._region_names = region_names or {}
        # Places GeoNames knows that are no settlement of the register (a renamed town under its old name, a
        # hamlet): namesakes the register cannot see.
        self.others = OtherPlaces(table.attrs.get("other_places"))

        # Official name (Latin and Cyrillic) of every settlement; other spellings GeoNames knows for a located
        # one ("Ivanovka" for Ivanivka) apply to every settlement of that official name, so a Russian-style
        # spelling finds all the namesakes, not just the one that has a point.
        official: dict[str, list[int]] = defaultdict(list)
        # City districts (KATOTTG category B) are found only as "City - District" (see district_of).
        self._districts: dict[str, dict[str, int]] = defaultdict(dict)
        parents = t["parent"].fillna("").tolist() if "parent" in t.columns else [""] * len(t)
        for i, (latin, uk) in enumerate(zip(t["name"].tolist(), t["name_uk"].tolist(), strict=True)):
            if self.category[i] == "B":
                for key in {normalize_name(latin), normalize_name(uk), _skeleton(_stem(normalize_name(latin)))}:
                    self._districts[parents[i]][key] = i
                continue
            for key in {normalize_name(latin), normalize_name(uk)} - {""}:
                official[key].append(i)
        keys: dict[str, set[int]] = {k: set(v) for k, v in official.items()}
        old_names: dict[str, set[int]] = {}
        historic: dict[str, set[int]] = {}
        bearers: dict[str, set[int]] = {}  # every settlement GeoNames or OSM knows by a name besides its own
        for i, alts in enumerate(t["alt_names"].fillna("").tolist()):
            if not alts:
                continue
            own = normalize_name(self.name[i])
            group, own_skeleton = official.get(own, [i]), _skeleton(own)
            for alt in alts.split("|"):
                key = normalize_name(alt)
                if len(key) < 3:
                    continue
                bearers.setdefault(key, set()).add(i)
                if key not in official and fuzz.ratio(_skeleton(key), own_skeleton) >= 75:
                    keys.setdefault(key, set()).update(group)  # a spelling of the name: all its bearers
                elif key not in official:
                    historic.setdefault(key, set()).add(i)  # another name of this one ("Artemivsk" for Bakhmut)
                elif not any(self.admin1[j] == self.admin1[i] for j in official[key]):
                    # Another settlement's official name is an old name of this one ("Krasnyi Luch" for
                    # Khrustalnyi) only where the query names an area without a settlement of that name now, and
                    # never in its own oblast if one there bears it: GeoNames also keeps historical names
                    # ("Oleksandrivka" for Donetsk) that would shadow today's villages.
                    old_names.setdefault(key, set()).add(i)
        # Russian-based spellings of every official name, for all its bearers (never another's official name).
        for key, rows in official.items():
            if key.isascii():
                for form in russian_forms(key):
                    if form not in official:
                        keys.setdefault(form, set()).update(rows)
        # Names before the last renaming (the decommunisation of 2016: "Pershotravneve" is Khandobokivka now).
        olds = t["old_names"] if "old_names" in t.columns else pd.Series([""] * len(t))
        formerly: dict[str, set[int]] = {}
        for i, names in enumerate(olds.fillna("").tolist()):
            for name in filter(None, names.split("|")):
                key = normalize_name(name)
                if not key:
                    continue
                formerly.setdefault(key, set()).add(i)
                bearers.setdefault(key, set()).add(i)
                if key in official:
                    old_names.setdefault(key, set()).add(i)  # only where no settlement bears the name now
                else:
                    historic.setdefault(key, set()).add(i)
        self._keys = {k: np.array(sorted(v), dtype=np.int64) for k, v in keys.items()}
        self._bearers = {k: sorted(v) for k, v in bearers.items()}
        self._old_names = {k: np.array(sorted(v), dtype=np.int64) for k, v in old_names.items()}
        # Settlements renamed from a name another settlement bears today ("Krasnyi Lyman": two villages, and the
        # town of Lyman until 2016): a name that may mean either is ambiguous where both lie.
        self._formerly = {k: sorted(v) for k, v in formerly.items() if k in official}
        # Other names that are nobody's name today, used when no settlement has the name as its own or as a
        # spelling of it (so "Slavyansk" is Sloviansk, not Nikopol, which bore that name in the 1780s).
        self._historic = {k: np.array(sorted(v), dtype=np.int64) for k, v in historic.items() if k not in keys}
        self.official_keys = frozenset(official)

        self._index_areas()

    # -- names -------------------------------------------------------------------------------------------

    def rows_for(self, key: str) -> np.ndarray:
        rows = self._keys.get(key)
        if rows is None and "yo" in key:
            rows = self._keys.get(key.replace("yo", "e"))  # Russian ё written yo: "Novofyodorovka"
        if rows is None:
            rows = self._historic.get(key, np.empty(0, dtype=np.int64))
        return rows

    def resolve(self, key: str, oblasts: set[str] | None, areas: set[Area], bare: bool) -> Resolution | None:
        """The register's answer for ``key`` inside the oblasts and areas named; None if it has no such name.

        An answer is withdrawn when GeoNames knows another place of that name in the area, more than 10 km from it,
        that is no settlement of the register (typically the old name of a renamed one): the name is ambiguous.
        """
        res = self._resolve(key, oblasts, areas, bare)
        if res is None or res.row is None or self.population[res.row] >= _NAMESAKE_TOWN:
            return res
        r = res.row
        found = set(self.others.spots(key))
        # Without a raion, settlements of the register known by the name as another (old) name count as such
        # places too ("Druzhba, Sumy Oblast": also the town renamed Khutir-Mykhailivskyi in 2024).
        found |= {
            (self.admin1[b], self.raion[b], self.hromada[b], float(self.lat[b]), float(self.lon[b]))
            for b in (() if areas else self._bearers.get(key, ()))
            if b != r and self.located[b]
        }
        elsewhere = [
            (lat, lon, raion)
            for code, raion, hromada, lat, lon in sorted(found)
            if in_scope(code, raion, hromada, oblasts, areas)
            and _distance_km(self.lat[r], self.lon[r], lat, lon) > _NAMESAKE_KM
        ]
        if not elsewhere:
            return res
        lat, lon, raion = max(elsewhere, key=lambda e: _distance_km(self.lat[r], self.lon[r], e[0], e[1]))
        other = self.others.name_at(lat, lon, self.name[r])
        where = f"in {raion} raion, " if raion else ""
        return Resolution(
            error=f"{other} in {self._scope(oblasts, areas)} is {self.describe(r)} to the register, but GeoNames "
            f"knows another {other} {where}{_distance_km(self.lat[r], self.lon[r], lat, lon):.0f} km away (an old "
            "or local name) — add the raion or hromada",
            candidates=(
                self.describe(r),
                *(f"{other}, another place at {a:.3f}, {o:.3f}" for a, o, _ in elsewhere[:3]),
            ),
        )

    def _other_place(self, key: str, oblasts: set[str] | None, areas: set[Area]) -> Resolution | None:
        return self.others.place(key, oblasts, areas, self._oblast_name, self._scope(oblasts, areas))

    def _resolve(self, key: str, oblasts: set[str] | None, areas: set[Area], bare: bool) -> Resolution | None:
        rows = self.rows_for(key)
        if len(rows) == 0 and key in self.others:
            found = self._other_place(key, oblasts, areas)
            if found is not None:
                return found
        if len(rows) == 0 and areas:
            return self._fuzzy_in_areas(key, areas)
        if len(rows) == 0:
            return None
        everywhere = rows
        if oblasts:
            rows = rows[np.isin(self.admin1[rows], list(oblasts))]
        if areas:
            rows = np.array([r for r in rows if any(self._in_area(r, a) for a in areas)], dtype=np.int64)
        # The settlements' name, or the name as asked when it is several settlements' old or other name
        # ("Oktyabrske" is five villages renamed five ways).
        same = len({self.name[r] for r in everywhere}) == 1 and (
            key in self._keys or key.replace("yo", "e") in self._keys
        )
        label = self.name[everywhere[0]] if same else key.title()
        scope = self._scope(oblasts, areas)
        if len(rows) == 0 and (oblasts or areas):
            # An area without a settlement of that name now: a settlement there that bore it before.
            renamed = [
                int(r)
                for r in self._old_names.get(key, ())
                if (not oblasts or self.admin1[r] in oblasts) and (not areas or any(self._in_area(r, a) for a in areas))
            ]
            if len(renamed) == 1 and self.located[renamed[0]]:
                return Resolution(row=renamed[0])
            if areas and not renamed:
                # A settlement of the area that GeoNames or OpenStreetMap knows by that name (an old one, mostly).
                known = [r for r in self._bearers.get(key, ()) if any(self._in_area(r, a) for a in areas)]
                if len(known) == 1 and self.located[known[0]]:
                    return Resolution(row=known[0], score=90.0)
                if known:
                    return Resolution(
                        error=f"no settlement of {scope} is named {key!r} now; {len(known)} bore or bear it as "
                        "another name — write the current name",
                        candidates=self._listing(known),
                    )
            known_in_oblast = not areas and any(
                not oblasts or self.admin1[r] in oblasts for r in self._bearers.get(key, ())
            )
            if not renamed and not known_in_oblast:
                # A place GeoNames knows there by that name, no settlement of the register (an old name, mostly).
                found = self._other_place(key, oblasts, areas)
                if found is not None:
                    return found
        if len(rows) == 0:
            where = sorted({self._oblast_name(c) for c in self.admin1[everywhere]})
            return Resolution(
                error=f"no settlement named {label} in {scope}; Ukraine's register has {len(everywhere)} elsewhere "
                f"({', '.join(where[:6])}{', …' if len(where) > 6 else ''})",
                candidates=tuple(self.describe(r) for r in everywhere[:12]),
            )
        renamed = [
            r
            for r in self._formerly.get(key, ())
            if r not in set(rows.tolist())
            and (not oblasts or self.admin1[r] in oblasts)
            and (not areas or any(self._in_area(r, a) for a in areas))
        ]
        pool = np.array([*rows.tolist(), *renamed], dtype=np.int64)
        # A city wins over namesakes by size only among today's bearers of the name; an old name shared with
        # today's villages goes to a city only over hamlets too small for GeoNames ("Dzhankoi", not Pidhirne).
        winner = self._dominant(rows, bare=bare) if not renamed else self._town_among_villages(pool)
        if winner is None and areas and not renamed:
            winner = self._town_among_villages(rows)
        if winner is None and renamed:
            parts = ", ".join(f"{self.name[r]} (formerly {label})" for r in renamed)
            if len(rows) > 1:
                error = f"{self._ambiguity(label, rows, scope, oblasts, areas)}; also the old name of {parts}"
            else:
                error = (
                    f"{label} names a settlement in {scope} today and is the old name of {parts} — add the raion, "
                    "or write the current name"
                )
            return Resolution(error=error, candidates=self._listing(pool))
        if winner is not None:
            return Resolution(row=winner)
        if len(rows) == 1:
            r = int(rows[0])
            if self.located[r]:
                return Resolution(row=r)
            where = ", ".join(
                p for p in (f"{self.raion[r]} raion" if self.raion[r] else "", self._oblast_name(self.admin1[r])) if p
            )
            return Resolution(
                error=f"{self.name[r]} ({where}) is in Ukraine's register of settlements, but the gazetteer has no "
                "coordinates for it",
                candidates=(self.describe(r),),
            )
        return Resolution(error=self._ambiguity(label, rows, scope, oblasts, areas), candidates=self._listing(rows))

    def district_of(self, city_row: int, text: str) -> Resolution:
        """A district of a city ("Kyiv - Shevchenkivskyi", as ACLED writes them): its point, or why there is none."""
        districts = self._districts.get(str(self.table.at[city_row, "katottg"]), {})
        key = normalize_name(text.replace("raion", "").replace("district", ""))
        row = districts.get(key)
        if row is None:
            row = districts.get(_skeleton(_stem(key)))
        city = self.name[city_row]
        if row is None:
            return Resolution(error=f"{city} has no district named {text!r} in Ukraine's register")
        if not self.located[row]:
            return Resolution(
                error=f"the {self.name[row]} district of {city} is in Ukraine's register, but the gazetteer has "
                "no point for it",
                candidates=(f"{self.name[row]} district, {city}",),
            )
        return Resolution(row=row)

    def _fuzzy_in_areas(self, key: str, areas: set[Area]) -> Resolution | None:
        """A misspelt name inside a named raion ("Klischiivka"): only the settlements of that raion compete, so a
        typo cannot land in another part of the country. None if nothing there is close enough."""
        members = [
            r
            for r in np.flatnonzero(np.isin(self.raion, [a.raion for a in areas]))
            if self.category[r] != "B" and any(self._in_area(r, a) for a in areas)
        ]
        best: tuple[float, list[int]] = (0.0, [])
        for r in members:
            score = max(
                fuzz.ratio(key, normalize_name(self.name[r])),
                fuzz.ratio(_skeleton(key), _skeleton(normalize_name(self.name[r]))),
            )
            if score >= _PLACE_FUZZY_RATIO and score > best[0]:
                best = (score, [int(r)])
            elif score == best[0] and best[1]:
                best[1].append(int(r))
        other = self.others.fuzzy_key(key, areas)
        if other is not None and other[0] > best[0] and not self.rows_for(other[1]).size:
            # A place GeoNames knows there (a hamlet, a village under its Russian name) is the closer spelling.
            found = self.others.place(other[1], None, areas, self._oblast_name, self._scope(None, areas))
            if found is not None and found.place is not None:
                return Resolution(place=found.place, score=round(min(other[0], 90.0), 1))
            return found
        if not best[1]:
            return None
        names = {self.name[r] for r in best[1]}
        if len(names) > 1:
            return None  # two different names equally close: no guess
        res = self.resolve(normalize_name(self.name[best[1][0]]), None, areas, bare=False)
        if res is not None and res.row is not None:
            return Resolution(row=res.row, score=round(best[0], 1))
        return res

    def _in_area(self, row: int, area: Area) -> bool:
        return (
            area.admin1_code == self.admin1[row]
            and area.raion == self.raion[row]
            and (not area.hromada or area.hromada == self.hromada[row])
        )

    def _dominant(self, rows: np.ndarray, bare: bool) -> int | None:
        """A city so much bigger than its namesakes that the name means it ("Mykolaiv", "Kharkiv")."""
        pops = self.population[rows]
        best = int(np.argmax(pops))
        r = int(rows[best])
        if self.category[r] not in ("K", "M") or not self.located[r]:
            return None
        others = np.delete(pops, best)
        top = others.max() if len(others) else 0
        if bare:
            return r if pops[best] >= _BIG_CITY and pops[best] >= _BIG_CITY_FACTOR * top else None
        return r if pops[best] >= _CITY_IN_AREA and pops[best] >= _CITY_IN_AREA_FACTOR * top else None

    def _town_among_villages(self, rows: np.ndarray) -> int | None:
        """A city of thousands among villages of its name too small for GeoNames (under 500 people): the city
        ("Polohy", not the hamlet Polohy next to it). Villages are never ranked by size among themselves, nor a
        city over a village GeoNames lists ("Mykolaivka, Kramatorskyi raion" is as often the village)."""
        towns = [int(r) for r in rows if self.category[r] == "M" and self.located[r]]
        if len(towns) != 1 or self.population[towns[0]] < _TOWN_AMONG_VILLAGES:
            return None
        others = [int(r) for r in rows if r != towns[0]]
        if all(self.category[r] == "C" and not self.located[r] for r in others):
            return towns[0]
        return None

    def _ambiguity(self, label: str, rows: np.ndarray, scope: str, oblasts: set[str] | None, areas: set[Area]) -> str:
        if areas and len({self.raion[r] for r in rows}) == 1:
            parts = sorted({self.hromada[r] for r in rows})
            return f"{len(rows)} places named {label} in {scope}: {', '.join(parts)} hromada — add the hromada"
        if oblasts and len({self.admin1[r] for r in rows}) == 1:
            parts = sorted({self.raion[r] for r in rows if self.raion[r]})
            return f"{len(rows)} places named {label} in {scope}: {', '.join(parts)} raion — add the raion"
        parts = sorted({self._oblast_name(c) for c in self.admin1[rows]})
        shown = ", ".join(parts[:8]) + (", …" if len(parts) > 8 else "")
        return f"{len(rows)} places named {label} in {scope}: {shown} — add the oblast and raion"

    def _listing(self, rows: Iterable[int]) -> tuple[str, ...]:
        return tuple(self.describe(int(r)) for r in list(rows)[:20])

    def describe(self, row: int) -> str:
        """ "Ivanivka, Beryslavskyi raion, Kherson Oblast" (with "(no coordinates)" where it cannot be placed)."""
        parts = [self.name[row]]
        if self.raion[row]:
            parts.append(f"{self.raion[row]} raion")
        parts.append(self._oblast_name(self.admin1[row]))
        text = ", ".join(parts)
        return text if self.located[row] else f"{text} (no coordinates)"

    def _oblast_name(self, code: str) -> str:
        if code in _UA_SPECIAL:
            return _UA_SPECIAL[code]
        name = self._region_names.get(code, code)
        return f"{name} Oblast" if code.startswith("UA-") else name

    def sevastopol_areas(self) -> set[Area]:
        """Sevastopol as the register has it: the city, and the hromadas of its territory filed under Crimea."""
        return {Area("UA-40", ""), *(Area("UA-43", "Bakhchysaraiskyi", h) for h in SEVASTOPOL_HROMADAS)}

    def _scope(self, oblasts: set[str] | None, areas: set[Area]) -> str:
        if areas == self.sevastopol_areas():
            return "Sevastopol"
        if areas:
            return " or ".join(sorted(f"{a.label()}, {self._oblast_name(a.admin1_code)}" for a in areas))
        if oblasts:
            return " or ".join(sorted(self._oblast_name(c) for c in oblasts))
        return "Ukraine"
