"""``python -m bench``: run every benchmark module, print the reports, write ``bench/results/latest.md``."""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from bench import BENCH_DIR, DEFAULT_DATA_DIR, RESULTS_DIR

__all__ = ["discover", "main", "parser"]


def discover() -> dict[str, ModuleType]:
    """Every ``bench/bench_<name>.py`` that defines ``run``, keyed by <name>, in name order."""
    found: dict[str, ModuleType] = {}
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        if callable(getattr(module, "run", None)):
            found[path.stem.removeprefix("bench_")] = module
    return found


def _sizes(text: str) -> list[int]:
    try:
        return [int(float(v)) for v in text.replace("_", "").split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of sizes") from None


def parser(modules: dict[str, ModuleType]) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--sizes", type=_sizes, default=[5_000, 20_000, 300_000, 1_000_000], help="events per store")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; medians are reported")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="cache of generated stores and inputs")
    p.add_argument("--timeout", type=float, default=90.0, help="seconds before a browser view counts as failed")
    p.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(modules) or '(none found)'}")
    p.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.md", help="Markdown report")
    for module in modules.values():
        if callable(getattr(module, "add_arguments", None)):
            module.add_arguments(p)
    return p


def _call(module: ModuleType, args: argparse.Namespace) -> list[str]:
    """Call ``run``; accept a list of lines, one string, or None (the module printed its own report)."""
    result = module.run(args) if inspect.signature(module.run).parameters else module.run()
    if result is None:
        return []
    if isinstance(result, str):
        return result.splitlines()
    return [str(line) for line in result]


def _header(args: argparse.Namespace) -> list[str]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BENCH_DIR, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return [
        "# Strike Atlas benchmarks",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · commit {commit or '?'} (plus uncommitted changes, if any) · "
        f"{platform.python_implementation()} {platform.python_version()} · {os.cpu_count()} CPUs · "
        f"sizes {', '.join(f'{s:,}' for s in args.sizes)} · repeat {args.repeat} · seed {args.seed} · "
        f"{_load()} at start",
        "",
    ]


def _load() -> str:
    """The machine's load average: figures taken while other work runs are not comparable."""
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def main(argv: Sequence[str] | None = None) -> int:
    modules = discover()
    args = parser(modules).parse_args(argv)
    wanted = [name.strip() for name in args.only.split(",") if name.strip()] or list(modules)
    unknown = [name for name in wanted if name not in modules]
    if unknown:
        print(f"error: no benchmark {', '.join(unknown)} (found: {', '.join(modules)})", file=sys.stderr)
        return 2
    args.data_dir.mkdir(parents=True, exist_ok=True)
    report = _header(args)
    print("\n".join(report), flush=True)
    failed = []
    for name in wanted:
        print(f"## running bench_{name} ...", flush=True)
        started = time.perf_counter()
        try:
            lines = _call(modules[name], args)
        except Exception:  # one broken benchmark must not hide the others' figures
            failed.append(name)
            lines = [f"## bench_{name}: FAILED", "", "```", traceback.format_exc().rstrip(), "```"]
        lines += ["", f"_bench_{name} took {time.perf_counter() - started:.0f} s; {_load()} at its end._", ""]
        print("\n".join(lines), flush=True)
        report += lines
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"report written to {args.out}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
