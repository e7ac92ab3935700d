"""Regions as the geocoder reads them: admin-1 names in every language the reference data carries, "Kharkov
region" as the region of its largest place, and a point standing for a region (``geo_precision`` 3).

A mixin of :class:`dashboard.geo.geocode.Geocoder`: it uses the geocoder's place arrays (``_rows_for``,
``_filter``, ``_rank``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
from rapidfuzz import fuzz, process

from dashboard.geo.geocode_result import PRECISION_REGION, GeocodeResult, fail
from dashboard.geo.name_matching import threshold
from dashboard.geo.normalize import normalize_name, strip_region_words

__all__ = ["RegionLookup"]

FUZZY_MIN_LEN = 4


class RegionLookup:
    """Region names, codes and points (mixed into the geocoder)."""

    # -- regions -----------------------------------------------------------------------------------------

    def _init_regions(self, admin1: gpd.GeoDataFrame) -> None:
        codes = admin1["admin1_code"].tolist()
        short = admin1["admin1"].tolist()
        country = admin1["country"].tolist()
        pts = admin1.geometry.representative_point()
        xs, ys = pts.x.tolist(), pts.y.tolist()
        bounds = admin1.geometry.bounds.to_numpy()
        alt = admin1["alt_names"].tolist() if "alt_names" in admin1.columns else [[]] * len(admin1)
        self._region: dict[str, dict[str, Any]] = {}
        self._region_full: dict[str, list[str]] = {}
        self._region_stripped: dict[str, list[tuple[str, bool]]] = {}
        for i, code in enumerate(codes):
            self._region[code] = {
                "name": short[i],
                "country": country[i],
                "lat": ys[i],
                "lon": xs[i],
                "bounds": bounds[i],
            }
            names = [short[i], *list(alt[i])]
            if code[:2] in ("UA", "RU") and not code.endswith(("-30", "-40", "-MOW", "-SPE")):
                names.append(f"{short[i]} oblast")  # "Moscow Oblast" vs Moscow the city
            for name in names:
                full = normalize_name(name)
                if not full:
                    continue
                self._region_full.setdefault(full, [])
                if code not in self._region_full[full]:
                    self._region_full[full].append(code)
                stripped = strip_region_words(full)
                if stripped:
                    entries = self._region_stripped.setdefault(stripped, [])
                    entry = (code, stripped != full)
                    if entry not in entries:
                        entries.append(entry)
        # US postal codes as qualifiers ("Odessa, TX").
        self._region_abbrev = {c.split("-")[1].lower(): c for c in codes if c.startswith("US-") and len(c) == 5}
        self._region_fuzzy_keys = [k for k in self._region_stripped if len(k) >= FUZZY_MIN_LEN]

    def _regions_for(self, key: str, bias: Sequence[str], countries: set[str] | None) -> list[str]:
        """Region codes a (normalised) region phrase names, best first."""
        found: list[tuple[str, bool]] = [(c, True) for c in self._region_full.get(key, [])]
        stripped = strip_region_words(key)
        if not found and stripped:
            found = self._region_stripped.get(stripped, [])
        if countries:
            found = [f for f in found if self._region[f[0]]["country"] in countries]
        # Prefer regions in the bias countries, then names that carried a region word themselves.
        return [c for c, _ in sorted(found, key=lambda f: (self._region[f[0]]["country"] not in bias, not f[1]))]

    def _region_result(self, query: str, code: str, score: float) -> GeocodeResult:
        r = self._region[code]
        return GeocodeResult(
            query=query,
            name=r["name"],
            lat=r["lat"],
            lon=r["lon"],
            country=r["country"],
            admin1_code=code,
            admin1=r["name"],
            geo_precision=PRECISION_REGION,
            score=score,
        )

    def _in_region_box(self, row: int, code: str, margin: float = 0.1) -> bool:
        minx, miny, maxx, maxy = self._region[code]["bounds"]
        lat, lon = self._lat[row], self._lon[row]
        return bool(minx - margin <= lon <= maxx + margin and miny - margin <= lat <= maxy + margin)

    def _regions_for_bare(self, key: str, bias: Sequence[str], countries: set[str] | None) -> list[str]:
        """Regions named exactly by a query without region words ("Crimea", "Texas")."""
        found = self._region_full.get(key, [])
        if countries:
            found = [c for c in found if self._region[c]["country"] in countries]
        return sorted(found, key=lambda c: self._region[c]["country"] not in bias)

    def _fuzzy_region(self, key: str, bias: Sequence[str], countries: set[str] | None) -> tuple[str, float] | None:
        stripped = strip_region_words(key)
        if len(stripped) < FUZZY_MIN_LEN:
            return None
        hits = process.extract(
            stripped, self._region_fuzzy_keys, scorer=fuzz.ratio, score_cutoff=threshold(stripped), limit=5
        )
        best: tuple[str, float] | None = None
        for cand, score, _ in hits:
            codes = self._regions_for(cand, bias, countries)
            if codes and (best is None or score > best[1]):
                best = (codes[0], round(float(score), 1))
        return best

    def _geocode_region(
        self,
        query: str,
        key: str,
        bias: Sequence[str],
        countries: set[str] | None,
        regions: set[str] | None,
        penalty: float,
    ) -> GeocodeResult:
        codes = self._regions_for(key, bias, countries)
        if regions:
            codes = [c for c in codes if c in regions] or codes
        if codes:
            return self._region_result(query, codes[0], max(0.0, 100.0 - penalty))
        # "Kharkov region": the region whose largest place has that name.
        stripped = strip_region_words(key)
        rows = self._filter(self._rows_for(stripped), countries, None)
        capitals = [
            c for c in self._rank(rows, stripped, bias) if self._region_capital.get(self._admin1_code[c.row]) == c.row
        ]
        if capitals:
            best = max(capitals, key=lambda c: c.rank)
            return self._region_result(query, self._admin1_code[best.row], max(0.0, 100.0 - penalty))
        fuzzy = self._fuzzy_region(key, bias, countries)
        if fuzzy is not None:
            return self._region_result(query, fuzzy[0], max(0.0, fuzzy[1] - penalty))
        return fail(query, f"no region matches {query!r}")
