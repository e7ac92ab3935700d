"""How often the country and region of an event's coordinates agree with its source's own coding.

    .venv/bin/python tools/measure_regions.py ACLED_OR_UCDP.csv [...] [--before admin1_ne.parquet]

For each file (ACLED: ``country``/``admin1``/``admin2``; UCDP GED: ``country``/``adm_1``; the format is
told by the columns, an HXL tag row is skipped) the source's coding is mapped to ISO 3166
(:mod:`dashboard.geo.source_regions`) and compared with the spatial join of the point against Natural Earth
alone ("before", ``build_admin1(precise=False)``) and against the built reference polygons ("after",
``python -m dashboard build``). ACLED files cannot be shipped with the project: pass your own export.
Prints one table per file and the total; ``--show N`` lists the N most frequent disagreements after.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import geopandas as gpd
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard.geo.admin1 import build_admin1
from dashboard.geo.loaders import load_admin1
from dashboard.geo.regions import assign_admin1
from dashboard.geo.source_regions import source_regions

ACLED = ("country", "admin1", "latitude", "longitude")
UCDP = ("country", "adm_1", "latitude", "longitude")


def read_coded(path: Path, assume_country: str | None = None) -> pd.DataFrame:
    """``country``, ``admin1``, ``admin2``, ``latitude``, ``longitude`` of a file's events with coordinates."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
    raw = raw[~raw.iloc[:, 0].str.startswith("#")]  # HDX's HXL tag row
    if set(ACLED) <= set(raw.columns):
        frame = raw[["country", "admin1"]].assign(admin2=raw.get("admin2"))
    elif set(UCDP) <= set(raw.columns):
        frame = raw[["country", "adm_1"]].rename(columns={"adm_1": "admin1"}).assign(admin2=None)
    elif assume_country and {"latitude", "longitude"} <= set(raw.columns):  # a pull filtered on one country
        frame = pd.DataFrame({"country": assume_country, "admin1": None, "admin2": None}, index=raw.index)
    else:
        raise SystemExit(f"{path}: neither ACLED ({', '.join(ACLED)}) nor UCDP ({', '.join(UCDP)}) columns")
    frame = frame.assign(
        latitude=pd.to_numeric(raw["latitude"], errors="coerce"),
        longitude=pd.to_numeric(raw["longitude"], errors="coerce"),
    )
    return frame.replace("", None).dropna(subset=["latitude", "longitude"]).reset_index(drop=True)


def compare(events: pd.DataFrame, admin1: gpd.GeoDataFrame) -> pd.DataFrame:
    coded = source_regions(events["country"], events["admin1"], events["admin2"])
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(events["longitude"], events["latitude"]), crs=4326)
    joined = assign_admin1(points, admin1)
    return pd.DataFrame(
        {
            "source_country": coded["country"],
            "source_code": coded["admin1_code"],
            "country": joined["country"].astype("string").to_numpy(),
            "admin1_code": joined["admin1_code"].astype("string").to_numpy(),
            "latitude": events["latitude"],
            "longitude": events["longitude"],
        }
    )


def rates(c: pd.DataFrame) -> tuple[int, float, int, float]:
    has_country = c["source_country"].notna()
    has_code = c["source_code"].notna()
    country_ok = (c["country"] == c["source_country"]).fillna(False)[has_country]
    code_ok = (c["admin1_code"] == c["source_code"]).fillna(False)[has_code]
    return int(has_country.sum()), _pct(country_ok), int(has_code.sum()), _pct(code_ok)


def _pct(ok: pd.Series) -> float:
    return 100 * float(ok.mean()) if len(ok) else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--before", type=Path, help="Natural Earth-only admin-1 parquet (built when not given)")
    parser.add_argument("--after", type=Path, help="admin-1 parquet to measure (default: the built reference)")
    parser.add_argument("--countries", default="UA,RU", help="only events the source codes in these (all: '')")
    parser.add_argument("--assume-country", help="country of every event of files without region columns")
    parser.add_argument("--show", type=int, default=0, help="list the most frequent disagreements left")
    args = parser.parse_args()
    before = gpd.read_parquet(args.before) if args.before else build_admin1(precise=False)
    after = gpd.read_parquet(args.after) if args.after else load_admin1()
    totals: dict[str, list[pd.DataFrame]] = {"before": [], "after": []}
    print("| file | events | country before | country after | regions coded | region before | region after |")
    print("|---|---|---|---|---|---|---|")
    for path in args.files:
        events = read_coded(path, args.assume_country)
        b, a = compare(events, before), compare(events, after)
        if args.countries:
            keep = b["source_country"].isin(args.countries.split(",")).to_numpy(dtype=bool)
            b, a = b[keep], a[keep]
        totals["before"].append(b)
        totals["after"].append(a)
        nb, cb, rb, gb = rates(b)
        _, ca, _, ga = rates(a)
        print(f"| {path.name} | {nb:,} | {cb:.2f}% | {ca:.2f}% | {rb:,} | {gb:.2f}% | {ga:.2f}% |")
    b, a = pd.concat(totals["before"]), pd.concat(totals["after"])
    nb, cb, rb, gb = rates(b)
    _, ca, _, ga = rates(a)
    print(f"| **all** | {nb:,} | {cb:.2f}% | {ca:.2f}% | {rb:,} | {gb:.2f}% | {ga:.2f}% |")
    if args.show:
        wrong = a[a["source_code"].notna() & (a["admin1_code"] != a["source_code"]).fillna(True)]
        pairs = Counter(zip(wrong["source_code"], wrong["admin1_code"].fillna("-"), strict=True))
        print(f"\nmost frequent disagreements after (source -> point), of {len(wrong):,}:")
        for (src, got), n in pairs.most_common(args.show):
            sample = wrong[(wrong["source_code"] == src) & (wrong["admin1_code"].fillna("-") == got)].iloc[0]
            print(f"  {src} -> {got}: {n}  e.g. {sample['latitude']}, {sample['longitude']}")


if __name__ == "__main__":
    main()
