"""Benchmarks: ``python -m bench`` (= ``make bench``) runs every ``bench/bench_*.py`` module.

A benchmark module defines ``run(args) -> list[str]``: it measures, and returns its report as Markdown lines
(a heading, a table of medians and ratios, PASS/FAIL against the targets). ``args`` is the runner's
``argparse.Namespace`` with the shared options below; a module may add its own options by defining
``add_arguments(parser)``. The runner prints every report and writes them together to
``bench/results/latest.md``. Medians only, never timing assertions in tests: numbers depend on the machine.

Shared options (``python -m bench --help``): ``--sizes`` (events per store), ``--repeat`` (runs per
measurement, the median is reported), ``--seed``, ``--data-dir`` (cached synthetic stores and generated
inputs), ``--timeout`` (seconds before a browser view counts as failed), ``--only`` (module names).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["BENCH_DIR", "DEFAULT_DATA_DIR", "RESULTS_DIR", "median", "synth_store_path"]

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = BENCH_DIR / "data"  # cached stores: not committed
RESULTS_DIR = BENCH_DIR / "results"  # reports: not committed


def median(values: list[float]) -> float:
    """Median; a failed run is recorded as inf, so a median over mostly failed runs is inf too."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def synth_store_path(size: int, seed: int = 0, data_dir: Path | None = None) -> Path:
    """A synthetic store of `size` events, generated on first use and cached.

    The cache key includes a hash of the generator's source, so a changed generator never serves stale data.
    """
    from dashboard import synth
    from dashboard.synth import synth_store

    version = hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:8]
    path = (data_dir or DEFAULT_DATA_DIR) / f"synth-{size}-seed{seed}-{version}.parquet"
    if not path.exists():
        synth_store(size, path, seed=seed, progress=lambda message: print(f"  synth {size:,}: {message}"))
    return path
