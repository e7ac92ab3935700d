"""Import of a 1M-row ACLED-format CSV: wall time and peak memory, next to pandas' plain ``read_csv``.

Each measurement runs in a fresh subprocess, which reports its own peak resident memory as it ends: the
``VmHWM`` line of ``/proc/self/status``, the high-water mark of that process image alone. Not ``ru_maxrss``:
Linux carries a process's maximum RSS over ``fork`` and ``exec``, so a child of a big parent (this runner, after
writing the CSV or running another benchmark) reports at least the parent's size, from ``wait4`` and from its
own ``getrusage`` alike; every step then showed the same figure. Not ``tracemalloc`` either: numpy and pyarrow
allocate outside Python's allocator. The floor is ``pandas.read_csv(path, dtype=str)`` of the same file:
nothing can import a file faster than it can be read. Targets (issue 4): the import ≤ 60 s and ≤ 4 GB on two
cores.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import inspect
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["ACLED_COLUMNS", "add_arguments", "measure", "run", "write_acled_csv"]

TARGET_SECONDS = 60.0
TARGET_BYTES = 4 * 1024**3
ROOT = Path(__file__).resolve().parent.parent

# ACLED export columns, codebook 2023+.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

# (location, ACLED admin1, latitude, longitude, ACLED country, ISO 3166-1 numeric). ACLED codes Crimea as Ukraine.
_PLACES = [
    ("Kharkiv", "Kharkiv", 49.9935, 36.2304, "Ukraine", 804),
    ("Kyiv", "Kyiv City", 50.4501, 30.5234, "Ukraine", 804),
    ("Odesa", "Odesa", 46.4825, 30.7233, "Ukraine", 804),
    ("Zaporizhzhia", "Zaporizhia", 47.8388, 35.1396, "Ukraine", 804),
    ("Mykolaiv", "Mykolaiv", 46.975, 31.9946, "Ukraine", 804),
    ("Kherson", "Kherson", 46.6354, 32.6169, "Ukraine", 804),
    ("Nikopol", "Dnipropetrovsk", 47.5712, 34.3964, "Ukraine", 804),
    ("Dnipro", "Dnipropetrovsk", 48.4647, 35.0462, "Ukraine", 804),
    ("Kramatorsk", "Donetsk", 48.7389, 37.5848, "Ukraine", 804),
    ("Bakhmut", "Donetsk", 48.5956, 38.0003, "Ukraine", 804),
    ("Avdiivka", "Donetsk", 48.1394, 37.7497, "Ukraine", 804),
    ("Sumy", "Sumy", 50.9077, 34.7981, "Ukraine", 804),
    ("Chernihiv", "Chernihiv", 51.4982, 31.2893, "Ukraine", 804),
    ("Lviv", "Lviv", 49.8397, 24.0297, "Ukraine", 804),
    ("Uman", "Cherkasy", 48.7484, 30.2218, "Ukraine", 804),
    ("Sevastopol", "Sevastopol", 44.6167, 33.5254, "Ukraine", 804),
    ("Simferopol", "Crimea", 44.9521, 34.1024, "Ukraine", 804),
    ("Belgorod", "Belgorod", 50.5997, 36.5983, "Russia", 643),
    ("Kursk", "Kursk", 51.7373, 36.1873, "Russia", 643),
    ("Novoshakhtinsk", "Rostov", 47.7579, 39.9364, "Russia", 643),
]
_SITES_PER_PLACE = 1500
_EVENTS = [
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack", "shelled", 0.45),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike", "launched a drone strike on", 0.25),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike", "hit with a missile", 0.1),
    ("Political violence", "Battles", "Armed clash", "clashed with Ukrainian forces near", 0.12),
    ("Demonstrations", "Protests", "Peaceful protest", "held a peaceful protest in", 0.05),
    ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED", "detonated a mine in", 0.03),
]
_TARGETS = [
    "residential buildings",
    "an energy infrastructure facility, causing power outages",
    "the port",
    "a railway station",
    "a hospital",
    "a school",
    "farmland",
    "an oil depot",
    "positions",
]


def write_acled_csv(path: Path | str, rows: int, *, seed: int = 0) -> Path:
    """An ACLED-format export of `rows` events: realistic columns, multi-line notes, Cyrillic, both date forms."""
    rng = np.random.default_rng(seed)
    path = Path(path)
    place = rng.integers(0, len(_PLACES), rows)
    weights = np.array([e[4] for e in _EVENTS])
    kind = rng.choice(len(_EVENTS), rows, p=weights / weights.sum())
    target = rng.integers(0, len(_TARGETS), rows)
    day = pd.Timestamp("2022-02-24") + pd.to_timedelta(rng.integers(0, 1400, rows), unit="D")
    places = [_PLACES[i] for i in place]
    events = [_EVENTS[i] for i in kind]
    # ACLED codes every event at its location's fixed coordinates: a few thousand points per region.
    site = rng.integers(0, _SITES_PER_PLACE, rows)
    offsets = np.round(np.random.default_rng(seed + 1).normal(0, 0.15, (len(_PLACES), _SITES_PER_PLACE, 2)), 4)
    lat = np.round(np.array([p[2] for p in places]) + offsets[place, site, 0], 4)
    lon = np.round(np.array([p[3] for p in places]) + offsets[place, site, 1], 4)
    killed = np.where(rng.random(rows) < 0.7, 0, rng.integers(1, 12, rows))
    # ACLED's web export writes "08 April 2022", the API ISO dates: mix both.
    long_form = rng.random(rows) < 0.5
    dates = np.where(long_form, day.strftime("%d %B %Y"), day.strftime("%Y-%m-%d"))
    notes = [
        f"On {d:%d %B %Y}, Russian forces {e[3]} {p[0]} ({p[1]}), hitting {_TARGETS[t]}. "
        f"[size=no report]{' Мирні жителі постраждали.' if i % 7 == 0 else ''}"
        f"{chr(10) + 'Local authorities reported casualties.' if i % 11 == 0 else ''}"
        for i, (d, e, p, t) in enumerate(zip(day, events, places, target, strict=True))
    ]
    frame = pd.DataFrame(
        {
            "event_id_cnty": [f"{'UKR' if p[5] == 804 else 'RUS'}{i + 1}" for i, p in enumerate(places)],
            "event_date": dates,
            "year": day.year,
            "time_precision": rng.choice([1, 1, 1, 2, 3], rows),
            "disorder_type": [e[0] for e in events],
            "event_type": [e[1] for e in events],
            "sub_event_type": [e[2] for e in events],
            "actor1": "Military Forces of Russia (2000-)",
            "assoc_actor_1": "",
            "inter1": 8,
            "actor2": np.where(rng.random(rows) < 0.5, "Civilians (Ukraine)", ""),
            "assoc_actor_2": "",
            "inter2": np.where(rng.random(rows) < 0.5, 7, 0),
            "interaction": 87,
            "civilian_targeting": np.where(rng.random(rows) < 0.3, "Civilian targeting", ""),
            "iso": [p[5] for p in places],
            "region": "Europe",
            "country": [p[4] for p in places],
            "admin1": [p[1] for p in places],
            "admin2": "",
            "admin3": "",
            "location": [p[0] for p in places],
            "latitude": lat,
            "longitude": lon,
            "geo_precision": rng.choice([1, 1, 2, 3], rows),
            "source": "Ukrinform; Suspilne",
            "source_scale": "National",
            "notes": notes,
            "fatalities": killed,
            "tags": "",
            "timestamp": 1700000000 + rng.integers(0, 10**7, rows),
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path


# Runs in the child: one of these, timed there so interpreter start-up is not counted.
_CHILD = {
    "read_csv": (
        "import pandas as pd, time; t = time.perf_counter(); "
        "f = pd.read_csv({path!r}, dtype=str, keep_default_na=False, na_values=['']); "
        "print(time.perf_counter() - t, len(f))"
    ),
    "import": (
        "import time; t = time.perf_counter(); from dashboard.ingest import import_file; "
        "s = import_file({path!r}, fmt='acled', store={store!r}, progress=lambda m: None); "
        "print(time.perf_counter() - t, s.imported)"
    ),
    # Every export format of the imported store; one 'format seconds bytes' line each.
    "export": (
        "import time, pathlib; from dashboard.store import read_store; from dashboard.export import FORMATS, "
        "export_events\nevents = read_store({store!r})\nfor fmt in FORMATS:\n"
        "    t = time.perf_counter()\n"
        "    out = export_events(events, fmt, pathlib.Path({store!r}).with_suffix('.' + fmt))\n"
        "    print(fmt, time.perf_counter() - t, out.stat().st_size); out.unlink()\n"
        "print(0, len(events))"
    ),
}


# Appended to every child's code: its last stdout line is its own peak RSS (see the module docstring).
_PEAK_MARK = "peak-rss-kib"
_PEAK_TRAILER = f"""
def _peak_rss_kib():
    try:
        with open('/proc/self/status') as status:
            return next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
    except (OSError, StopIteration):  # no procfs: ru_maxrss, which may include the parent's size
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print({_PEAK_MARK!r}, _peak_rss_kib())
"""


def _run_child(kind: str, path: Path, store: Path | None) -> tuple[str, int]:
    """(stdout without the peak line, the child's own peak RSS in bytes) of one child process."""
    code = _CHILD[kind].format(path=str(path), store=str(store)) + "\n" + _PEAK_TRAILER
    done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, cwd=ROOT, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed with exit status {done.returncode}")
    *lines, last = done.stdout.rstrip("\n").split("\n")
    mark, _, kib = last.partition(" ")
    if mark != _PEAK_MARK:
        raise RuntimeError(f"{kind}: no peak memory line in its output: {last!r}")
    return "\n".join(lines) + "\n", int(kib) * 1024  # VmHWM (and Linux ru_maxrss) are in KiB


def measure(kind: str, path: Path, store: Path | None = None) -> tuple[float, int, int]:
    """(seconds, own peak RSS bytes, rows) of one run of `kind` in a fresh subprocess."""
    out, peak = _run_child(kind, path, store)
    seconds, rows = out.split()[-2:]
    return float(seconds), peak, int(rows)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--import-rows", type=int, default=1_000_000, help="rows of the generated ACLED CSV")


def _generator_version() -> str:
    """Hash of the generator and its tables: a changed generator makes a new file, a changed report does not."""
    source = inspect.getsource(write_acled_csv) + repr((_PLACES, _EVENTS, _TARGETS, _SITES_PER_PLACE))
    return hashlib.sha256(source.encode()).hexdigest()[:8]


def run(args: argparse.Namespace) -> list[str]:
    rows = getattr(args, "import_rows", 1_000_000)
    repeat = max(1, getattr(args, "repeat", 1))
    seed = getattr(args, "seed", 0)
    data_dir = Path(getattr(args, "data_dir", ROOT / "bench" / "data"))
    path = data_dir / f"acled-{rows}-seed{seed}-{_generator_version()}.csv"
    if not path.exists():
        write_acled_csv(path, rows, seed=seed)
    results: dict[str, list[tuple[float, int]]] = {"read_csv": [], "import": []}
    exports: dict[str, list[tuple[float, int]]] = {}
    export_peaks: list[int] = []
    for _ in range(repeat):
        seconds, peak, _n = measure("read_csv", path)
        results["read_csv"].append((seconds, peak))
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "events.parquet"
            seconds, peak, _n = measure("import", path, store)
            results["import"].append((seconds, peak))
            out, peak = _run_child("export", path, store)
            export_peaks.append(peak)
            for line in out.splitlines()[:-1]:
                fmt, secs, size = line.split()
                exports.setdefault(fmt, []).append((float(secs), int(size)))

    def med(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[len(ordered) // 2]

    floor_s, floor_m = med([r[0] for r in results["read_csv"]]), med([r[1] for r in results["read_csv"]])
    imp_s, imp_m = med([r[0] for r in results["import"]]), med([r[1] for r in results["import"]])
    ok = imp_s <= TARGET_SECONDS and imp_m <= TARGET_BYTES  # the import's own figures, not the floor's
    gib = 1024**3  # "GB" here and in the target is 1024³ bytes, as TARGET_BYTES
    lines = [
        f"## Import of a {rows:,}-row ACLED CSV ({path.stat().st_size / 1e6:.0f} MB)",
        "",
        "Peak memory: each step's own process (VmHWM), not the runner's.",
        "",
        "| step | wall time (s) | peak memory (GB) | time vs read_csv | memory vs read_csv |",
        "|---|---:|---:|---:|---:|",
        f"| pandas `read_csv(dtype=str)` (floor) | {floor_s:.1f} | {floor_m / gib:.2f} | 1.0x | 1.0x |",
        f"| `import --format acled` into an empty store | {imp_s:.1f} | {imp_m / gib:.2f} | {imp_s / floor_s:.1f}x | "
        f"{imp_m / floor_m:.1f}x |",
        "",
        f"Target: import ≤ {TARGET_SECONDS:.0f} s and ≤ {TARGET_BYTES / gib:.0f} GB: {imp_s:.1f} s, "
        f"{imp_m / gib:.2f} GB: **{'PASS' if ok else 'FAIL'}** (median of {repeat}).",
        "",
        f"### Export of the imported {rows:,} events",
        "",
        f"Every format in one process; its peak memory: {med([float(p) for p in export_peaks]) / gib:.2f} GB.",
        "",
        "| format | wall time (s) | size (MB) |",
        "|---|---:|---:|",
    ]
    for fmt, values in exports.items():
        lines.append(f"| {fmt} | {med([v[0] for v in values]):.1f} | {med([v[1] for v in values]) / 1e6:.0f} |")
    return lines
