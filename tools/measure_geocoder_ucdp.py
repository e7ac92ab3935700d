"""Measure the geocoder on UCDP GED events of village precision, with UCDP's own coordinates as truth.

    python tools/measure_geocoder_ucdp.py FILE.csv [FILE.csv …] [--country Ukraine|Russia] [--show-wrong]
        [--show-unresolved]

Each distinct (where_coordinates, adm_1) of the events with ``where_prec`` 1 (the point is the place itself) in
Ukraine or Russia is geocoded as UCDP writes it ("Golovchino village, Belgorod oblast"); a result within 10 km of
the median of UCDP's points for it is right, further is wrong, no point is unresolved. A second, independent check
beside ``tools/measure_geocoder.py`` (ACLED): UCDP's files are CC BY 4.0 (the ones in /work/realdata/ucdp, or any
GED or Candidate export), but nothing of them is committed by this tool, which prints figures only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure_geocoder import TOLERANCE_KM, haversine_km

from dashboard.geo import get_geocoder

COLUMNS = ["where_coordinates", "adm_1", "where_prec", "latitude", "longitude", "country"]


def read_events(path: Path) -> pd.DataFrame | None:
    """The village-precise events of a UCDP export (UTF-8 or, for files saved through a spreadsheet, cp1252);
    None, said on stderr, for a file without the place columns (reduced exports)."""
    try:
        d = pd.read_csv(path, dtype=str, encoding="utf-8")
    except UnicodeDecodeError:
        d = pd.read_csv(path, dtype=str, encoding="cp1252")
    missing = [c for c in COLUMNS if c not in d.columns]
    if missing:
        print(f"{path}: skipped, no column {', '.join(missing)} (not a full GED export)", file=sys.stderr)
        return None
    d = d[d["where_prec"].astype(str).str.strip().isin(["1", "1.0"])]  # also drops an HXL hashtag row
    return d[COLUMNS].dropna(subset=["where_coordinates", "adm_1"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, nargs="+")
    parser.add_argument("--country", default="Ukraine|Russia", help="regular expression on UCDP's country")
    parser.add_argument("--show-wrong", action="store_true")
    parser.add_argument("--show-unresolved", action="store_true")
    args = parser.parse_args(argv)
    frames = [f for f in (read_events(p) for p in args.csv) if f is not None]
    if not frames:
        raise SystemExit("no UCDP GED export with where_coordinates, adm_1 and where_prec among the files given")
    d = pd.concat(frames, ignore_index=True)
    d = d[d["country"].astype(str).str.contains(args.country)]
    d["adm_1"] = d["adm_1"].str.replace(" oblast", " Oblast")
    places = d.groupby(["where_coordinates", "adm_1"]).agg(
        latitude=("latitude", lambda s: float(s.astype(float).median())),
        longitude=("longitude", lambda s: float(s.astype(float).median())),
    )
    geocoder = get_geocoder()
    counts: Counter[str] = Counter()
    listed: list[str] = []
    for (where, adm_1), row in places.iterrows():
        query = f"{where}, {adm_1}"
        r = geocoder.geocode(query)
        if not r.ok:
            counts["unresolved"] += 1
            if args.show_unresolved:
                listed.append(f"  {query!r}: {r.error}")
            continue
        dist = haversine_km(row["latitude"], row["longitude"], r.lat, r.lon)
        counts["within 10 km" if dist <= TOLERANCE_KM else "more than 10 km off"] += 1
        if dist > TOLERANCE_KM and args.show_wrong:
            listed.append(f"  {query!r} -> {r.name} ({r.admin1_code}) {dist:.0f} km off")
    n = sum(counts.values())
    figures = ", ".join(
        f"{k} {counts[k]} ({counts[k] / max(n, 1):.1%})" for k in ("within 10 km", "more than 10 km off", "unresolved")
    )
    print(f"{n} distinct village-precise places: {figures}")
    print("\n".join(listed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
