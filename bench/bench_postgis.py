"""The PostGIS store next to the GeoParquet store, on the same 1M synthetic events, in the same run.

For each store, median of ``--postgis-repeat`` runs (default: ``--repeat``):

- **import**: the write step of ``import`` (``open_store(...).add``: idempotency on ``event_id``, cross-source
  duplicate flags, the write) of every event into an empty store. Reading, mapping and validating the file do
  not depend on the store and are measured by ``bench_import``.
- **re-import**: the same events again (all already there: nothing written).
- **filtered export**: five filters (country, from, event type, min. killed, infrastructure) → CSV, as
  ``export`` runs them (PostGIS: in SQL).
- **dashboard load**: what a web worker does for its first view: read the store, build the serving frame, the
  map view of every event.

The server is the one ``make postgis`` starts (``make bench`` passes its URL in ``STRIKE_ATLAS_BENCH_POSTGIS``)
or ``--postgis URL``; each run uses a fresh database on it, dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench import median, synth_store_path

__all__ = ["add_arguments", "run"]

TARGET_IMPORT_SECONDS = 60.0
SIZE = 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--postgis",
        default=os.environ.get("STRIKE_ATLAS_BENCH_POSTGIS", ""),
        metavar="URL",
        help="PostGIS server for bench_postgis (default: $STRIKE_ATLAS_BENCH_POSTGIS, set by make bench)",
    )
    parser.add_argument(
        "--postgis-size", type=int, default=0, help="events for bench_postgis (default: the largest of --sizes)"
    )
    parser.add_argument("--postgis-repeat", type=int, default=0, help="runs per step (default: --repeat)")


_CLUSTER = Path(__file__).resolve().parent.parent / "data" / "postgis" / "cluster"


def _server_cpu() -> float:
    """CPU seconds used so far by the local server's processes (`make postgis`); 0 when it is not on this machine.

    Wall time on a busy shared machine says little; CPU time of client and server together is what the same
    work would take, serially, on an idle one."""
    try:
        postmaster = int((_CLUSTER / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == postmaster:  # its own time, and (cutime + cstime) that of the backends that have ended
            total += sum(int(f) for f in fields[11:15])
        elif ppid == postmaster:
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def _timed(call: Callable[[], Any]) -> tuple[float, Any, float]:
    """(wall seconds, value, CPU seconds of this process and the local server)."""
    cpu, server = time.process_time(), _server_cpu()
    started = time.perf_counter()
    value = call()
    wall = time.perf_counter() - started
    return wall, value, time.process_time() - cpu + _server_cpu() - server


def _steps(location: Path | str, events: Any, out: Path) -> dict[str, tuple[float, int, float]]:
    from dashboard.export import export_events
    from dashboard.filters import FilterSpec
    from dashboard.map_view import map_view
    from dashboard.serving import ServingFrame
    from dashboard.stores import open_store

    store = open_store(location)
    spec = FilterSpec(
        regions=("UA",),
        date_from=date(2023, 1, 1),
        event_types=("Explosions/Remote violence",),
        min_killed=1,
        infrastructure=("energy",),
    )
    figures: dict[str, tuple[float, int, float]] = {}
    seconds, result, cpu = _timed(lambda: store.add(events))
    figures["import"] = (seconds, result.added, cpu)
    seconds, result, cpu = _timed(lambda: store.add(events))
    figures["re-import"] = (seconds, result.duplicates, cpu)

    def export() -> int:
        selected = store.select(spec)
        export_events(selected, "csv", out)
        return len(selected)

    seconds, rows, cpu = _timed(export)
    figures["filtered export"] = (seconds, rows, cpu)

    def load() -> int:
        frame = ServingFrame.from_events(store.read())
        view = map_view(frame, frame.positions(FilterSpec()))
        return view.total

    seconds, total, cpu = _timed(load)
    figures["dashboard load"] = (seconds, total, cpu)
    return figures


def run(args: argparse.Namespace) -> list[str]:
    from dashboard.stores import open_store

    url = getattr(args, "postgis", "")
    size = getattr(args, "postgis_size", 0) or max(getattr(args, "sizes", None) or [SIZE])
    heading = f"## PostGIS store next to GeoParquet ({size:,} events)"
    if not url:
        return [heading, "", "Skipped: no PostGIS server (run `make postgis`, or pass `--postgis URL`)."]
    from tests.postgis import fresh_database

    repeat = max(1, getattr(args, "postgis_repeat", 0) or getattr(args, "repeat", 1))
    events = open_store(synth_store_path(size, getattr(args, "seed", 0), Path(args.data_dir))).read()
    runs: dict[str, dict[str, list[tuple[float, int, float]]]] = {"GeoParquet": {}, "PostGIS": {}}
    loads: list[float] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-postgis-") as tmp:
            for name in runs:
                loads.append(os.getloadavg()[0])
                if name == "PostGIS":
                    with fresh_database(url) as database:
                        figures = _steps(database, events, Path(tmp) / "pg.csv")
                        open_store(database).close()  # type: ignore[attr-defined]
                else:
                    figures = _steps(Path(tmp) / "events.parquet", events, Path(tmp) / "pq.csv")
                for step, value in figures.items():
                    runs[name].setdefault(step, []).append(value)

    def med(name: str, step: str, cpu: bool = False) -> float:
        return median([figure[2] if cpu else figure[0] for figure in runs[name][step]])

    lines = [
        heading,
        "",
        f"Median of {repeat} run(s); machine load average (1 min) during the runs: "
        f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} CPUs.",
        "",
        "CPU: seconds of CPU used by this process and, for PostGIS, the local server's processes together: on a",
        "busy machine the wall time waits for other work; the CPU time is what the step costs.",
        "",
        "| step | rows | GeoParquet wall (s) | PostGIS wall (s) | GeoParquet CPU (s) | PostGIS CPU (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for step in runs["PostGIS"]:
        rows = runs["PostGIS"][step][0][1]
        lines.append(
            f"| {step} | {rows:,} | {med('GeoParquet', step):.1f} | {med('PostGIS', step):.1f} | "
            f"{med('GeoParquet', step, cpu=True):.1f} | {med('PostGIS', step, cpu=True):.1f} |"
        )
    imported, cpu = med("PostGIS", "import"), med("PostGIS", "import", cpu=True)
    verdict = "PASS" if imported <= TARGET_IMPORT_SECONDS else "FAIL"
    lines += [
        "",
        f"Target: {size:,} events into PostGIS ≤ {TARGET_IMPORT_SECONDS:.0f} s: {imported:.1f} s wall "
        f"({cpu:.1f} s CPU, client and server): **{verdict}** at this load.",
    ]
    return lines
