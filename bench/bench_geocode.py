"""The offline geocoder: memory of the loaded gazetteer and register of settlements, load time, time per query.

Runs in a fresh subprocess, so the memory is the geocoder's own: resident memory (VmRSS) after the packages are
imported and before the reference data is read, and again once the geocoder is built. Queries are timed on
``Geocoder._geocode`` (no result cache), on strings of the forms analysts write: "Place, Raion, Oblast",
"Place, Oblast", a bare city name, a place abroad. Targets (issue 16): a query in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_QUERY_MS = 10.0  # "a query stays in milliseconds": the median must be well under this

QUERIES = [
    "Popivka, Okhtyrskyi Raion, Sumy Oblast",
    "Ivanivka, Kherson Oblast",
    "Volfyne, Sumy Oblast",
    "Kupiansk, Kupianskyi Raion, Kharkiv Oblast",
    "Horinka, Buchanskyi Raion, Kyiv Oblast",
    "Popivka, Velykopysarivskyi raion, Sumy Oblast",
    "Kharkiv",
    "Zaporozhye",
    "Novoshakhtinsk, Rostov region, Russia",
    "Mariupil",
    "Odessa, Texas",
    "Sevastopol, Crimea",
    "Kacha, Sevastopol",
    "Tymkivka, Kupianskyi Raion, Kharkiv Oblast",
    "Golovchino village, Grayvoronsky raion, Belgorod oblast",
    "Nekhoteyevka, Belgorod Oblast",
]

_CHILD = """
import json, statistics, time
import pandas as pd, geopandas, rapidfuzz, pycountry  # the packages, before any data

def rss():
    with open('/proc/self/status') as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith('VmRSS:'))

queries = json.loads({queries!r})
from dashboard.geo.settlements import SettlementIndex, load_settlements
before = rss()
index = SettlementIndex(load_settlements())
register_bytes = rss() - before
del index
before = rss()
t = time.perf_counter()
from dashboard.geo.geocode import get_geocoder
geocoder = get_geocoder()
load_s = time.perf_counter() - t
after = rss()
register = geocoder._register
per_query = []
for _ in range({repeat}):
    for q in queries:
        t = time.perf_counter()
        geocoder._geocode(q, ('UA', 'RU'))
        per_query.append((time.perf_counter() - t) * 1000)
print(json.dumps({{
    "load_s": load_s, "rss_bytes": after - before, "register_bytes": register_bytes, "queries": len(per_query),
    "median_ms": statistics.median(per_query), "max_ms": max(per_query),
    "places": int(len(geocoder._name)), "settlements": int(len(register.name)) if register else 0,
    "located": int(register.located.sum()) if register else 0,
}}))
"""


def measure(repeat: int) -> dict[str, float]:
    code = _CHILD.format(queries=json.dumps(QUERIES), repeat=max(1, repeat) * 5)
    done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, cwd=ROOT, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"geocoder benchmark failed with exit status {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(args: argparse.Namespace) -> list[str]:
    r = measure(getattr(args, "repeat", 3))
    ok = r["median_ms"] <= TARGET_QUERY_MS
    return [
        "## Offline geocoder",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| places in the gazetteer (GeoNames) | {r['places']:,} |",
        f"| settlements in Ukraine's register (KATOTTG) / with a point | {r['settlements']:,} / {r['located']:,} |",
        f"| memory of the register of settlements (table and index, loaded first) | "
        f"{r['register_bytes'] / 1e6:.0f} MB |",
        f"| memory of the rest of the geocoder (gazetteer, admin-1, indexes) | {r['rss_bytes'] / 1e6:.0f} MB |",
        f"| load time (gazetteer, admin-1, register, indexes) | {r['load_s']:.1f} s |",
        f"| time per query, median / slowest of {r['queries']} (no cache) | {r['median_ms']:.2f} / "
        f"{r['max_ms']:.1f} ms |",
        "",
        f"Target: a query in milliseconds (median ≤ {TARGET_QUERY_MS:.0f} ms): **{'PASS' if ok else 'FAIL'}**.",
    ]
