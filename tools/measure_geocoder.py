"""Measure the geocoder on the place strings of an ACLED export, with ACLED's own coordinates as truth.

    python tools/measure_geocoder.py path/to/acled-ukraine.csv [--show-wrong] [--show-unresolved] [--before-villages]
        [--part dev|held-out]

Each distinct (location, admin3, admin2, admin1) of Ukraine is written the way analysts write it, with the hromada
and the raion ("Popivka, Chupakhivska hromada, Okhtyrskyi Raion, Sumy Oblast"), with the raion ("Popivka,
Okhtyrskyi Raion, Sumy Oblast") and with the oblast only ("Popivka, Sumy Oblast"), and geocoded;
a result within 10 km of ACLED's point is right, further is wrong, and no point is unresolved (ambiguous when the
name fits several places of the area and the candidates are named). ACLED data stays on the developer's machine:
this prints figures only. ``--before-villages`` measures, in the same run, the gazetteer without GeoNames' village
points and other places (``ua_settlement_points_geonames.csv.gz``, ``ua_other_places_geonames.csv.gz``).
``--part`` measures one of two fixed parts of the place names (a quarter held out by a hash of the name, never
looked at while the gazetteer is worked on; the rest for development), so that a rule fitted to the strings one
sees can be checked on strings one has not.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.geo import get_geocoder, load_admin1, load_gazetteer
from dashboard.geo.geocode import Geocoder
from dashboard.geo.settlements import load_settlements

TOLERANCE_KM = 10.0
_NO_OBLAST_WORD = {"Kyiv City", "Crimea", "Sevastopol"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def held_out(location: str) -> bool:
    """A fixed quarter of the place names, by a hash of the name (all spellings of one place fall together)."""
    return hashlib.sha256(location.strip().lower().encode()).digest()[0] % 4 == 0


def oblast_text(admin1: str) -> str:
    return admin1 if admin1 in _NO_OBLAST_WORD else f"{admin1} Oblast"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--show-wrong", action="store_true", help="list the answers more than 10 km off")
    parser.add_argument("--show-unresolved", action="store_true", help="list the strings left without a point")
    parser.add_argument("--before-villages", action="store_true", help="also measure without GeoNames' villages")
    parser.add_argument("--part", choices=("dev", "held-out"), help="measure one part of the place names only")
    args = parser.parse_args(argv)
    d = pd.read_csv(args.csv, dtype=str)
    d = d[d["country"].eq("Ukraine") & d["location"].notna() & d["admin1"].notna()]
    if args.part:
        d = d[d["location"].map(held_out).eq(args.part == "held-out")]
    if "admin3" not in d.columns:
        d["admin3"] = None
    places = d.groupby(["location", "admin3", "admin2", "admin1"], dropna=False).agg(
        latitude=("latitude", lambda s: float(s.astype(float).median())),
        longitude=("longitude", lambda s: float(s.astype(float).median())),
    )
    geocoders = {"": get_geocoder()}
    if args.before_villages:
        table = load_settlements().copy()
        villages = table["point_source"].eq("geonames-village")
        table.loc[villages, ["latitude", "longitude", "geonameid"]] = float("nan")
        table.loc[villages, "alt_names"] = ""
        table.attrs = {}
        geocoders = {
            "before (no GeoNames villages) ": Geocoder(load_gazetteer(), load_admin1(), settlements=table),
            "after ": geocoders[""],
        }
    for prefix, geocoder in geocoders.items():
        measure(places, geocoder, prefix, args.show_wrong, args.show_unresolved)
    return 0


def measure(places: pd.DataFrame, geocoder: Geocoder, prefix: str, show_wrong: bool, show_unresolved: bool) -> None:
    for label in ("with hromada and raion", "with raion", "oblast only"):
        counts: Counter[str] = Counter()
        wrong: list[str] = []
        unresolved: list[str] = []
        done: set[str] = set()
        for (location, admin3, admin2, admin1), row in places.iterrows():
            raion = isinstance(admin2, str) and admin2 != location
            if label == "with hromada and raion" and raion and isinstance(admin3, str):
                query = f"{location}, {admin3} hromada, {admin2} Raion, {oblast_text(admin1)}"
            elif label != "oblast only" and raion:
                query = f"{location}, {admin2} Raion, {oblast_text(admin1)}"
            else:
                query = f"{location}, {oblast_text(admin1)}"
            if query in done:
                continue  # one place string once (the hromada is dropped when ACLED has none)
            done.add(query)
            r = geocoder.geocode(query)
            if not r.ok:
                counts["unresolved"] += 1
                counts["ambiguous"] += len(r.candidates) > 1
                unresolved.append(f"  {query!r}: {r.error} {list(r.candidates)[:4]}")
                continue
            dist = haversine_km(row["latitude"], row["longitude"], r.lat, r.lon)
            if dist <= TOLERANCE_KM:
                counts["within 10 km"] += 1
            else:
                counts["more than 10 km off"] += 1
                wrong.append(f"  {query!r} -> {r.name} ({r.admin1_code}) {dist:.0f} km off")
        n = counts["within 10 km"] + counts["more than 10 km off"] + counts["unresolved"]
        figures = ", ".join(
            f"{k} {counts[k]} ({counts[k] / n:.1%})" for k in ("within 10 km", "more than 10 km off", "unresolved")
        )
        print(f"{prefix}{label}: {n} distinct place strings: {figures} (of which ambiguous {counts['ambiguous']})")
        if show_wrong:
            print("\n".join(wrong))
        if show_unresolved:
            print("\n".join(unresolved))


if __name__ == "__main__":
    raise SystemExit(main())
