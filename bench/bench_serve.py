"""Serving under load: N users changing filters against a 1M-event store, gunicorn workers next to Flask's
development server, in the same run (issue 11).

What a user changing a filter sends is what the browser sends: the dashboard's callback requests for the new
URL (the event count and KPIs, the charts, the map). They are recorded once from a real page load in headless
Chromium, then replayed by ``--load-users`` threads on loopback, each picking filters at random (seeded) from
the table below, for ``--load-seconds``. Reported: requests, errors (any status but 200, or a timeout),
throughput, p50/p95 latency, and each worker's resident memory (``VmRSS``) after the warm-up and at the end.
Then a soak of ``--soak-requests`` more requests on the production server shows whether a worker's memory
stays flat. Every loop is bounded in count and time and only talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import copy
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from bench import median, synth_store_path
from dashboard import devserver

__all__ = ["FILTERS", "add_arguments", "run"]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FILTERS = [
    "", "region=UA-63", "region=UA-63,UA-23", "region=UA-14&from=2024-01-01&to=2024-03-31",
    "infrastructure=energy", "infrastructure=energy,port", "min_killed=10", "min_killed=1&region=UA-48",
    "from=2025-01-01", "from=2025-06-01&to=2025-06-30", "region=RU-BEL", "region=RU", "region=UA",
    "weapon=drone", "q=refinery", "region=UA-51&infrastructure=port", "event_type=Battles",
    "region=UA-59,UA-74&from=2024-06-01", "min_injured=5", "region=UA-30",
]  # fmt: skip
SERVERS = {
    "gunicorn": lambda workers: ["-m", "dashboard", "serve", "--workers", str(workers)],
    "Flask development server": lambda _workers: ["-m", "bench.dev_server"],
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--load-size", type=int, default=1_000_000, help="events in the load test's store")
    parser.add_argument("--load-users", type=int, default=50, help="concurrent users in the load test")
    parser.add_argument("--load-seconds", type=float, default=60.0, help="duration of each load run")
    parser.add_argument("--load-workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--soak-requests", type=int, default=10_000, help="requests of the memory soak (0: none)")


def _capture(url: str) -> list[dict[str, Any]]:
    """The callback requests a page load sends that depend on the URL's filters, as recorded in Chromium.

    In a process of its own: Playwright's sync API refuses to start inside another one's event loop (the test
    suite's browser fixtures, or a caller's).
    """
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_serve", "--capture", url],
        capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parent.parent, timeout=900,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"recording the callback requests failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _record(url: str) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    bodies: list[dict[str, Any]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(bypass_csp=True).new_page()

        def record(request: Any) -> None:
            if "/_dash-update-component" in request.url and request.post_data:
                body = json.loads(request.post_data)
                if any(_is_search(i) for i in [*body.get("inputs", []), *body.get("state", [])]):
                    bodies.append(body)

        page.on("request", record)
        page.goto(url + "/?region=UA-63", timeout=300_000)
        page.wait_for_function("document.querySelector('#event-count') && /\\d/.test("
                               "document.querySelector('#event-count').textContent)", timeout=300_000)  # fmt: skip
        page.wait_for_timeout(3000)
        browser.close()
    unique = {json.dumps(b["output"]): b for b in bodies}  # one request per callback
    if not unique:
        raise RuntimeError(f"no callback request depending on the URL was recorded from {url}")
    return list(unique.values())


def _is_search(item: object) -> bool:
    return isinstance(item, dict) and item.get("id") == "url" and item.get("property") == "search"


def _with_search(body: dict[str, Any], search: str) -> bytes:
    body = copy.deepcopy(body)
    for item in [*body.get("inputs", []), *body.get("state", [])]:
        if _is_search(item):
            item["value"] = f"?{search}" if search else ""
    return json.dumps(body).encode()


def _processes(port: int) -> list[int]:
    """PIDs of the server on `port` (gunicorn's master and workers share its command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if (b"--port" in cmdline and str(port).encode() in cmdline and b"dashboard" in b" ".join(cmdline)) or (
                b"bench.dev_server" in cmdline and str(port).encode() in cmdline
            ):
                found.append(int(entry.name))
    return sorted(found)


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _workers(port: int) -> list[int]:
    pids = _processes(port)
    parents = {}
    for pid in pids:
        with suppress(OSError, IndexError, ValueError):  # a process that ended meanwhile
            parents[pid] = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    children = [p for p in pids if parents.get(p) in pids]
    return children or pids  # the development server is one process


class _Load:
    """`users` threads replaying filter changes until `seconds` pass or `max_requests` are sent."""

    def __init__(self, port: int, bodies: list[dict[str, Any]], users: int, seed: int) -> None:
        self.port, self.bodies, self.users, self.seed = port, bodies, users, seed
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.sent = 0
        self.lock = threading.Lock()

    def _user(self, index: int, deadline: float, max_requests: int, on_count: Callable[[int], None]) -> None:
        rng = random.Random(self.seed * 1000 + index)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while time.monotonic() < deadline:
            search = rng.choice(FILTERS)
            for body in self.bodies:
                with self.lock:
                    if self.sent >= max_requests:
                        return
                    self.sent += 1
                    count = self.sent
                data = _with_search(body, search)
                started = time.perf_counter()
                try:
                    connection.request("POST", "/_dash-update-component", body=data,
                                       headers={"Content-Type": "application/json"})  # fmt: skip
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as exc:
                    status = 0
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                    reason = type(exc).__name__
                else:
                    reason = f"HTTP {status}"
                elapsed = time.perf_counter() - started
                with self.lock:
                    self.latencies.append(elapsed)
                    if status != 200:
                        self.errors.append(reason)
                on_count(count)
        connection.close()

    def run(
        self, seconds: float, max_requests: int = 10**9, on_count: Callable[[int], None] = lambda _n: None
    ) -> float:
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=self._user, args=(i, deadline, max_requests, on_count), daemon=True)
            for i in range(self.users)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + 120)
        return time.perf_counter() - started


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


@contextmanager
def _server(name: str, store: Path, workers: int, log_dir: Path) -> Iterator[tuple[str, int]]:
    port = devserver.free_port()
    command = SERVERS[name](workers)
    with devserver.serve(command, store, log_dir / f"load-{port}.log", timeout=900, port=port) as url:
        yield url, port


def run(args: argparse.Namespace) -> list[str]:
    store = synth_store_path(args.load_size, args.seed, args.data_dir)
    lines = [
        f"## Serving under load: {args.load_users} users changing filters, {args.load_size:,} events",
        "",
        f"{args.load_seconds:.0f} s per server on loopback; each filter change replays the dashboard's "
        "URL-dependent callback requests recorded from Chromium; filters drawn (seeded) from "
        f"{len(FILTERS)} views. Load generator and servers share the machine's {os.cpu_count()} CPUs.",
        "",
        "| server | requests | errors | throughput (req/s) | p50 (s) | p95 (s) | worker RSS, warm → end (MB) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]  # fmt: skip
    bodies: list[dict[str, Any]] = []
    soak_lines: list[str] = []
    for name in SERVERS:
        print(f"  {name}: starting on {store.name}", flush=True)
        with _server(name, store, args.load_workers, args.data_dir) as (url, port):
            if not bodies:
                bodies = _capture(url)
                print(f"  recorded {len(bodies)} callback requests per filter change", flush=True)
            _Load(port, bodies, users=min(args.load_users, 8), seed=args.seed + 99).run(20, max_requests=200)  # warm-up
            workers = _workers(port)
            before = [_rss_mb(p) for p in workers]
            load = _Load(port, bodies, args.load_users, args.seed)
            elapsed = load.run(args.load_seconds)
            after = [_rss_mb(p) for p in workers]
            n = len(load.latencies)
            memory = ", ".join(f"{b:.0f} → {a:.0f}" for b, a in zip(before, after, strict=True))
            label = f"{name}, {len(workers)} worker(s)" if name == "gunicorn" else name
            lines.append(
                f"| {label} | {n:,} | {len(load.errors):,} | {n / elapsed:.1f} | {median(load.latencies):.2f} | "
                f"{_pct(load.latencies, 0.95):.2f} | {memory} |"
            )
            if load.errors:
                kinds = sorted(set(load.errors))
                lines.append(f"|  | errors: {', '.join(kinds[:5])} | | | | | |")
            if name == "gunicorn" and args.soak_requests:
                soak_lines = _soak(port, bodies, workers, args)
    lines += ["", *soak_lines]
    return lines


def _soak(port: int, bodies: list[dict[str, Any]], workers: list[int], args: argparse.Namespace) -> list[str]:
    """Memory of each worker every 1,000 requests over `--soak-requests` requests (capped at 30 minutes)."""
    samples: list[tuple[int, list[float]]] = [(0, [_rss_mb(p) for p in workers])]
    marks = set(range(1000, args.soak_requests + 1, 1000))

    def on_count(count: int) -> None:
        if count in marks:
            samples.append((count, [_rss_mb(p) for p in workers]))

    load = _Load(port, bodies, args.load_users, args.seed + 7)
    elapsed = load.run(1800, max_requests=args.soak_requests, on_count=on_count)
    first, last = samples[min(1, len(samples) - 1)], samples[-1]
    growth = [b - a for a, b in zip(first[1], last[1], strict=True)]
    return [
        f"Memory soak: {len(load.latencies):,} more requests in {elapsed:.0f} s, {len(load.errors)} errors. "
        f"Worker RSS (MB) at request {first[0]:,}: {', '.join(f'{v:.0f}' for v in first[1])}; at request "
        f"{last[0]:,}: {', '.join(f'{v:.0f}' for v in last[1])} (change "
        f"{', '.join(f'{g:+.0f}' for g in growth)} MB).",
        "",
        "| requests | " + " | ".join(f"worker {i + 1} (MB)" for i in range(len(workers))) + " |",
        "|---:|" + "---:|" * len(workers),
        *(f"| {n:,} | " + " | ".join(f"{v:.0f}" for v in values) + " |" for n, values in samples),
    ]


if __name__ == "__main__":  # python -m bench.bench_serve --capture URL: what _capture runs
    if len(sys.argv) == 3 and sys.argv[1] == "--capture":
        print(json.dumps(_record(sys.argv[2])))
