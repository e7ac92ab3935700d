"""The benchmark harness at tiny sizes, so `make bench` cannot rot. No timing assertions: numbers vary by machine."""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

import bench
from bench import __main__ as runner
from bench import bench_dashboard as bd

CHROMIUM = Path(bd.CHROMIUM)


def test_bench001_discovers_every_module_with_run() -> None:
    modules = runner.discover()
    assert "dashboard" in modules
    for module in modules.values():
        assert callable(module.run)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([3.0], 3.0), ([1.0, 5.0, 2.0], 2.0), ([1.0, 2.0, 3.0, 10.0], 2.5), ([1.0, math.inf, math.inf], math.inf)],
)
def test_bench002_median_treats_failures_as_slowest(values: list[float], expected: float) -> None:
    assert bench.median(values) == expected


def test_bench003_unknown_module_is_an_error(tmp_path: Path) -> None:
    assert runner.main(["--only", "nosuchbench", "--data-dir", str(tmp_path), "--out", str(tmp_path / "r.md")]) == 2


def test_bench004_a_failing_module_is_reported_and_the_others_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(_args: argparse.Namespace) -> list[str]:
        raise RuntimeError("kaboom")

    fine = types.SimpleNamespace(run=lambda args: ["## fine", f"sizes {args.sizes}"])
    broken = types.SimpleNamespace(run=boom)
    monkeypatch.setattr(runner, "discover", lambda: {"broken": broken, "fine": fine})
    out = tmp_path / "latest.md"
    assert runner.main(["--sizes", "10,20", "--data-dir", str(tmp_path), "--out", str(out)]) == 1
    report = out.read_text()
    assert "bench_broken: FAILED" in report and "kaboom" in report
    assert "## fine" in report and "sizes [10, 20]" in report


def _visits(*seconds: float, size: int = 1000) -> list[bd.Visit]:
    return [bd.Visit(s, size, 0, "" if math.isfinite(s) else "> 90 s") for s in seconds]


def test_bench005_targets_pass_and_fail() -> None:
    def summary(first: list[bd.Visit], views: list[bd.Visit]) -> dict:
        run = bd.BrowserRun(first=first, views={name: views for name in bd.VIEWS})
        return {"first": bd._med_time(first), "session": 0.0, "static": 0.0, "run": run}

    good = {
        5_000: {"naive": summary(_visits(1.0), _visits(0.8)), "ours": summary(_visits(1.2), _visits(0.5, size=900))},
        300_000: {
            "naive": summary(_visits(12.0), _visits(11.0, size=20_000_000)),
            "ours": summary(_visits(2.0), _visits(1.0, size=300_000)),
        },
        1_000_000: {"ours": summary(_visits(3.5, 3.9, 3.0), _visits(1.0))},
    }
    lines = "\n".join(bd._targets(good, timeout=90))
    assert lines.count("**PASS**") == 7 and "**FAIL**" not in lines

    bad = {
        5_000: {"naive": summary(_visits(1.0), _visits(0.8)), "ours": summary(_visits(1.2), _visits(0.9, size=2000))},
        300_000: {
            "naive": summary(_visits(math.inf), _visits(11.0, size=20_000_000)),
            "ours": summary(_visits(math.inf), _visits(2.0, size=1_000_000)),  # 5.5x sooner, 1/20 of the bytes
        },
        1_000_000: {"ours": summary(_visits(4.5), _visits(2.5))},
    }
    lines = "\n".join(bd._targets(bad, timeout=90))
    assert lines.count("**FAIL**") == 5 and lines.count("**PASS**") == 2  # 300k: sooner and lighter, not enough


def test_bench006_size_report_table_has_every_view() -> None:
    counts = dict.fromkeys(bd.VIEWS, 10)
    runs = {"naive": bd.BrowserRun(first=_visits(math.inf), views={n: _visits(2.0) for n in bd.VIEWS})}
    server = {"naive": dict.fromkeys(bd.VIEWS, (0.1, 2_000_000)), "ours": dict.fromkeys(bd.VIEWS, "n/a (missing)")}
    lines, summary = bd._size_report(1000, counts, runs, server, repeat=1, timeout=90)
    start = next(i for i, line in enumerate(lines) if line.startswith("| view | matching"))
    table = [line for line in lines[start:] if line.startswith("| ") and "---" not in line]
    table = table[: table.index(next(line for line in table if line.startswith("| app |")))]
    assert len(table) == 1 + 1 + len(bd.VIEWS)  # header, first visit, views
    assert "> 90 s" in table[1]  # a failed view says how it failed
    assert "100 ms / 2.00 MB" in table[2] and "n/a (missing)" in table[2]  # server-side columns
    assert summary["naive"]["first"] == math.inf


@pytest.mark.usefixtures("reference")
def test_bench007_server_side_callbacks_of_both_apps(tmp_path: Path) -> None:
    """The dashboard's pure callbacks are still what the benchmark calls (catches API drift)."""
    store = bench.synth_store_path(400, seed=1, data_dir=tmp_path)
    args = argparse.Namespace(server_repeat=1, server_budget=10.0)
    result = bd.server_side(store, args)
    for app in ("naive", "ours"):
        for view, value in result[app].items():
            assert isinstance(value, tuple), f"{app} {view}: {value}"
            assert value[1] > 0
    counts = bd.expected_counts(store)
    assert counts["unfiltered"] == 400 and 0 < counts["region"] < 400


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.usefixtures("reference")
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}")
def test_bench008_tiny_run_through_the_browser(tmp_path: Path) -> None:
    out = tmp_path / "latest.md"
    argv = ["--only", "dashboard", "--sizes", "300", "--repeat", "1", "--apps", "naive", "--server-repeat", "1"]
    argv += ["--timeout", "60", "--data-dir", str(tmp_path), "--out", str(out)]
    # A process of its own, as `make bench` runs it: Playwright's sync API refuses to start inside the
    # event loop that the browser tests' session fixtures leave running in this process.
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "bench", *argv], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    report = out.read_text()
    assert "### 300 events" in report and "### Targets (issue 13)" in report
    first_visit = next(line for line in report.splitlines() if line.startswith("| unfiltered, first visit"))
    naive_seconds = first_visit.split("|")[3].strip()
    assert float(naive_seconds) > 0  # the naive app showed the count and the map


@pytest.mark.slow
@pytest.mark.usefixtures("reference")
def test_bench009_other_modules_run_at_tiny_size(tmp_path: Path) -> None:
    """Every other benchmark module (e.g. bench_import) runs end to end on tiny inputs."""
    others = [name for name in runner.discover() if name != "dashboard"]
    if not others:
        pytest.skip("no other benchmark modules yet")
    parser = runner.parser(runner.discover())
    argv = ["--only", ",".join(others), "--sizes", "300", "--repeat", "1"]
    argv += ["--data-dir", str(tmp_path), "--out", str(tmp_path / "latest.md")]
    options = {o for action in parser._actions for o in action.option_strings}
    if "--import-rows" in options:
        argv += ["--import-rows", "300"]
    if "--load-size" in options:  # the load test: a tiny store, two users, two seconds, a short soak
        argv += ["--load-size", "300", "--load-users", "2", "--load-seconds", "2", "--soak-requests", "20"]
    assert runner.main(argv) == 0


def test_bench010_peak_memory_is_each_steps_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A child's peak is its own, not the runner's: ru_maxrss would report the parent's size for both."""
    from bench import bench_import as bi

    small = "print(0, 0)"
    big = "b = bytearray(200 * 1024**2)\nfor i in range(0, len(b), 4096): b[i] = 1\nprint(0, 0)"
    monkeypatch.setitem(bi._CHILD, "small", small)
    monkeypatch.setitem(bi._CHILD, "big", big)
    ballast = bytearray(300 * 1024**2)  # the runner is big, as after bench_dashboard
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    _s, small_peak, _n = bi.measure("small", tmp_path)
    _s, big_peak, _n = bi.measure("big", tmp_path)
    del ballast
    assert small_peak < 150 * 1024**2  # an interpreter, not the runner's 300 MB
    assert big_peak - small_peak > 150 * 1024**2


def test_bench011_server_that_exits_or_never_answers_is_a_clear_error(tmp_path: Path) -> None:
    from dashboard import devserver

    log = tmp_path / "logs" / "server.log"
    exits = ["-c", "import sys; print('no store here'); sys.exit(3)"]  # --store/--port land in sys.argv
    with (
        pytest.raises(devserver.ServerError, match=r"(?s)exited with status 3.*no store here"),
        devserver.serve(exits, tmp_path / "events.parquet", log, timeout=30),
    ):
        pass
    silent = ["-c", "import time; print('loading', flush=True); time.sleep(60)"]
    started = time.monotonic()
    with (
        pytest.raises(devserver.ServerError, match=r"(?s)did not answer.*loading"),
        devserver.serve(silent, tmp_path / "events.parquet", log, timeout=1, grace=5),
    ):
        pass
    assert time.monotonic() - started < 15  # stopped by SIGTERM, not waited for
