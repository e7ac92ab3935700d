"""Ukraine's register of settlements as the geocoder consults it: a name it knows is decided by the register when
the query names no place abroad (qualifiers read as oblast, raion, hromada), a city district by its city, and a
bare name the register knows stays a region or a bigger town abroad when that is what it means.

A mixin of :class:`dashboard.geo.geocode.Geocoder`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from dashboard.geo.geocode_result import PRECISION_TOWN, GeocodeResult
from dashboard.geo.normalize import normalize_name
from dashboard.geo.settlements import Area, Resolution

__all__ = ["RegisterAnswers"]

UNKNOWN_QUALIFIER_PENALTY = 5.0  # score points per qualifier that was neither a region nor a country
BIG_CITY = 500_000  # a bare name shared by a region and a city this big means the city
FUZZY_MIN_POPULATION = 15_000


class RegisterAnswers:
    """Answers from the register of settlements (mixed into the geocoder)."""

    def _register_answer(
        self,
        query: str,
        main_key: str,
        qualified: bool,
        countries: set[str] | None,
        regions: set[str] | None,
        unknown: list[str],
        bias: Sequence[str],
    ) -> GeocodeResult | None:
        """Ukraine's register of settlements decides names it knows, inside Ukraine or with no place named.

        None hands the query on to the gazetteer ranking (names the register does not have, places abroad).
        """
        reg = self._register
        if reg is None or (countries and "UA" not in countries) or (not qualified and "UA" not in bias):
            return None
        oblasts = {c for c in regions if c.startswith("UA-")} if regions else None
        if regions and not oblasts:
            return None
        sevastopol = oblasts is not None and "UA-40" in oblasts and "UA-43" not in oblasts
        if sevastopol:
            oblasts = oblasts | {"UA-43"}  # the register files Sevastopol's villages under Crimea
        named: list[set[Area]] = []
        still_unknown: list[str] = []
        for key in unknown:
            found = reg.areas_for(key, oblasts)
            if found:
                named.append(found)
            else:
                still_unknown.append(key)
        areas = reg.narrow(named)
        if areas and not any(a.hromada for a in areas):
            for qualifier in still_unknown:
                hromadas = reg.hromada_in_raions(qualifier, areas)
                if hromadas:
                    areas = hromadas
                    still_unknown.remove(qualifier)
                    break
        if sevastopol and not areas:
            areas = reg.sevastopol_areas()
        key = main_key
        res = reg.resolve(key, oblasts, areas, bare=not qualified)
        if res is None and key.endswith(" city"):
            key = key[: -len(" city")]
            res = reg.resolve(key, oblasts, areas, bare=not qualified)

        if (
            res is not None
            and res.row is None
            and res.place is None
            and any(a.hromada for a in areas)
            and not reg.bears_name_in(key, areas)
        ):
            # No settlement of the hromada named bears the name: hromadas were drawn otherwise before 2020 (and in
            # some sources still are), so the raion decides, a little less surely.
            in_raion = reg.resolve(key, oblasts, {Area(a.admin1_code, a.raion) for a in areas}, bare=False)
            if in_raion is not None and (in_raion.row is not None or in_raion.place is not None):
                res = dataclasses.replace(in_raion, score=min(in_raion.score, 90.0))
        if res is None:
            return None
        if not qualified and not self._register_owns_bare_name(key, res, bias):
            return None
        if res.place is not None:
            name, lat, lon, code = res.place
            return GeocodeResult(
                query=query,
                name=name,
                lat=lat,
                lon=lon,
                country="UA",
                admin1_code=code,
                admin1=self._region[code]["name"] if code in self._region else None,
                geo_precision=PRECISION_TOWN,
                score=max(0.0, res.score - UNKNOWN_QUALIFIER_PENALTY * len(still_unknown)),
            )
        if res.row is None:
            return GeocodeResult(query=query, error=res.error, candidates=res.candidates)
        r = res.row
        code = reg.admin1[r]
        return GeocodeResult(
            query=query,
            name=reg.name[r],
            lat=float(reg.lat[r]),
            lon=float(reg.lon[r]),
            country="UA",
            admin1_code=code,
            admin1=self._region[code]["name"] if code in self._region else None,
            geo_precision=PRECISION_TOWN,
            score=max(0.0, res.score - UNKNOWN_QUALIFIER_PENALTY * len(still_unknown)),
        )

    def _city_district(
        self,
        query: str,
        text: str,
        qualified: bool,
        countries: set[str] | None,
        regions: set[str] | None,
        unknown: list[str],
        bias: Sequence[str],
    ) -> GeocodeResult | None:
        """ "Kyiv - Shevchenkivskyi" (ACLED's form for a city district): the district's point, never the city's
        (a district of a big city may lie 10-15 km from its centre)."""
        city_text, _, district = text.partition(" - ")
        city = self._register_answer(query, normalize_name(city_text), qualified, countries, regions, unknown, bias)
        reg = self._register
        if city is None or reg is None or not city.ok:
            return city if city is not None and not city.ok else None
        rows = reg.rows_for(normalize_name(city_text))
        rows = [int(r) for r in rows if reg.name[r] == city.name and reg.admin1[r] == city.admin1_code]
        if not rows:
            return None
        res = reg.district_of(rows[0], district.strip())
        if res.row is None:
            return GeocodeResult(query=query, error=res.error, candidates=res.candidates)
        return dataclasses.replace(city, name=f"{city.name} - {reg.name[res.row]}", lat=float(reg.lat[res.row]),
                                   lon=float(reg.lon[res.row]))  # fmt: skip

    def _register_owns_bare_name(self, key: str, res: Resolution, bias: Sequence[str]) -> bool:
        """A bare name the register knows is still a region ("Crimea") or a bigger town abroad ("Paris") if the
        register's settlement is not in that region or smaller than that town."""
        reg = self._register
        assert reg is not None
        population = int(reg.population[res.row]) if res.row is not None else 0
        region_codes = self._regions_for_bare(key, bias, None)
        if region_codes and (res.row is None or reg.admin1[res.row] != region_codes[0]):
            return population >= BIG_CITY
        abroad = [int(r) for r in self._rows_for(key) if self._country[r] != "UA"]
        biggest_abroad = max((int(self._population[r]) for r in abroad), default=0)
        return not (biggest_abroad >= FUZZY_MIN_POPULATION and biggest_abroad > population)
