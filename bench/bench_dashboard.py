"""The dashboard against the naive version, through a real browser (issue 13, "Fast at every size").

For each store size, both apps run as subprocesses on the same synthetic store (``python -m dashboard serve`` and
``python -m bench.naive_app``), one at a time so they never compete for the two cores. Headless Chromium
(Playwright driving Debian's ``/usr/bin/chromium``) opens each view and the clock runs from navigation start
until ``#event-count`` shows the right number *and* MapLibre reports every source loaded and the map still
(``map.loaded() && !map.isMoving()`` on the plotly map's MapLibre instance, with the map's data drawn), checked
every animation frame and read in the page as ``performance.now()``. Bytes are what crossed the wire (CDP
``Network.loadingFinished.encodedDataLength``: compressed size, headers included).

Each repeat is a fresh browser context: the first view opens with an empty HTTP cache (a first visit, with
the JavaScript bundles); the views after it reuse the cache, as when someone follows links in one session.
Before measuring, one unmeasured visit warms the server (the store is loaded before the server listens).

Server side, in this process: the apps' pure callback functions on the same store, filter cache cleared, with
JSON encoding of their outputs (what the server does before sending), median of ``--server-repeat``.

Targets (issue 13): at every size and view, no later than the naive page and no more bytes; at 300k events the
unfiltered view ≥10× sooner and ≤1/50 of the naive page's bytes; at 1M events every view in ≤2 s. Views after
the first visit have the scripts cached, as the issue measures.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bench import median, synth_store_path
from dashboard import devserver

__all__ = ["VIEWS", "BrowserRun", "add_arguments", "expected_counts", "measure_app", "run"]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WINDOW = {"width": 1280, "height": 800}

# The unfiltered view, then filters an analyst uses: two regions, one infrastructure class, a quarter in one
# region, a casualty threshold.
VIEWS: dict[str, str] = {
    "unfiltered": "",
    "region": "region=UA-63,UA-23",
    "infrastructure": "infrastructure=energy",
    "dates+region": "region=UA-14&from=2024-01-01&to=2024-03-31",
    "casualties": "min_killed=10",  # a few thousand events even at 1M: single points, not hexagons
}
WARM_UP = "region=UA-30&from=2025-12-01"  # Kyiv City, one month: a few dozen events
TARGET_SPEEDUP = 10.0  # at 300k, unfiltered, scripts cached: naive time / our time
TARGET_BYTES = 1 / 50  # at 300k, unfiltered: our bytes / naive bytes
TARGET_SECONDS_1M = 2.0  # at 1M, every view
NAIVE_MAX = 300_000  # the naive page is not run on bigger stores
APPS = {
    "ours": ["-m", "dashboard", "serve"],
    "naive": ["-m", "bench.naive_app"],
}

# True when the count shows `expected` and the map's first data trace has it drawn. Polled by Playwright.
# Also notes in window.__marks when each part first appeared, for the "where the time goes" table.
_READY_JS = """
(expected) => {
  const marks = window.__marks = window.__marks || {};
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  const el = document.getElementById('event-count');
  const numbers = el ? (el.textContent.match(/\\d[\\d,.\\u00a0\\u202f ]*/g) || []).map(s => s.replace(/\\D/g, '')) : [];
  const counted = numbers.includes(String(expected));
  if (counted) mark('count');
  const gd = document.querySelector('#map .js-plotly-plot');
  if (gd && gd._fullLayout) mark('graph');
  const drawn = !!(gd && gd._fullData && gd._fullData.some(t => t.visible !== false &&
    ((t.lat && t.lat.length) || (t.lon && t.lon.length) || (t.locations && t.locations.length))));
  if (drawn) mark('data');
  if (!counted || !gd || !gd._fullData || !gd._fullLayout || (expected > 0 && !drawn)) return false;
  const sub = gd._fullLayout.map && gd._fullLayout.map._subplot;
  if (!sub || !sub.map || !sub.map.loaded() || sub.map.isMoving()) return false;
  mark('ready');
  return true;
}
"""
# Milliseconds since navigation start: page parsed, scripts in, callbacks (server wait and download), marks.
_TIMING_JS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const res = performance.getEntriesByType('resource');
  const scripts = res.filter(r => /\\.js(\\?|$)/.test(r.name));
  const calls = res.filter(r => r.name.includes('_dash-update-component'));
  const sum = (xs, f) => xs.reduce((a, x) => a + f(x), 0);
  return {
    dom: nav.domContentLoadedEventEnd || 0,
    scripts: scripts.length ? Math.max(...scripts.map(r => r.responseEnd)) : 0,
    first_call: calls.length ? Math.min(...calls.map(r => r.startTime)) : 0,
    last_call: calls.length ? Math.max(...calls.map(r => r.responseEnd)) : 0,
    server: sum(calls, r => Math.max(0, r.responseStart - r.requestStart)),
    download: sum(calls, r => Math.max(0, r.responseEnd - r.responseStart)),
    calls: calls.length,
    ...(window.__marks || {}),
  };
}
"""
_PAINTED_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
_STATIC = ("/_dash-component-suites/", "/assets/", ".js", ".css", "/_favicon", ".ico")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("bench_dashboard")
    group.add_argument("--apps", default="naive,ours", help="which apps to drive in the browser (naive,ours)")
    group.add_argument("--server-repeat", type=int, default=10, help="runs of each pure callback (median)")
    group.add_argument("--server-budget", type=float, default=60.0, help="stop repeating a callback after this (s)")
    group.add_argument("--no-browser", action="store_true", help="server-side figures only")


# ----------------------------------------------------------------------------------------------------------
# Expected counts and server-side latency
# ----------------------------------------------------------------------------------------------------------
_FILTER_COLUMNS = [
    "admin1_code", "country", "event_date", "event_type", "sub_event_type", "weapon", "infrastructure",
    "killed", "injured", "notes", "location", "source",
]  # fmt: skip


def expected_counts(store: Path, views: dict[str, str] = VIEWS) -> dict[str, int]:
    """Matching events per view, by the shared filter function (what `export` would write)."""
    from dashboard.filters import FilterSpec, mask

    events = pd.read_parquet(store, columns=_FILTER_COLUMNS)
    return {name: int(mask(events, FilterSpec.from_query(query)).sum()) for name, query in views.items()}


def _timed(call: Callable[[], Any], repeat: int, budget: float) -> tuple[float, Any]:
    """Median seconds of `call` over `repeat` runs (fewer once `budget` seconds are spent), and its last result."""
    times: list[float] = []
    result = None
    while len(times) < max(repeat, 1):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
        if sum(times) > budget:
            break
    return median(times), result


def _clear_filter_caches(sf: Any) -> None:
    """Forget cached filter results and memoised views, so each run costs what a filter not seen before costs."""
    for name, value in vars(sf).items():
        if callable(getattr(value, "cache_clear", None)) and ("position" in name or "selected" in name):
            value.cache_clear()
        elif isinstance(value, dict) and ("memo" in name or "cache" in name):
            value.clear()


def server_side(store: Path, args: argparse.Namespace) -> dict[str, dict[str, tuple[float, int] | str]]:
    """{app: {view: (median seconds, JSON bytes) or an error}} for the pure callback functions."""
    from plotly.io.json import to_json_plotly

    from dashboard.filters import FilterSpec
    from dashboard.store import read_store

    out: dict[str, dict[str, tuple[float, int] | str]] = {"ours": {}, "naive": {}}
    events = read_store(store)
    try:
        from dashboard.app import views
        from dashboard.serving import ServingFrame

        sf = ServingFrame.from_events(events)
        sf.cells(3)  # done once when the app starts
    except Exception as exc:  # the app is written concurrently: report, do not fail the naive figures
        out["ours"] = {name: f"n/a ({type(exc).__name__}: {exc})" for name in VIEWS}
        sf = None
    if sf is not None:
        for name, query in VIEWS.items():
            canonical = FilterSpec.from_query(query).to_query()

            def ours(q: str = canonical) -> str:
                _clear_filter_caches(sf)
                shown = views.views(sf, q, None)
                figure, _state = views.map_update(sf, None, q, "event_type", "outlines", None, None, None)
                return to_json_plotly([shown, figure])

            try:
                seconds, body = _timed(ours, args.server_repeat, args.server_budget)
                out["ours"][name] = (seconds, len(body.encode()))
            except Exception as exc:
                out["ours"][name] = f"n/a ({type(exc).__name__}: {exc})"
        del sf
    gc.collect()

    from bench.naive_app import naive_frame, naive_view

    del events
    gc.collect()
    frame = naive_frame(store)
    for name, query in VIEWS.items():

        def naive(q: str = query) -> str:
            return to_json_plotly(list(naive_view(frame, "?" + q)))

        seconds, body = _timed(naive, args.server_repeat, args.server_budget)
        out["naive"][name] = (seconds, len(body.encode()))
        del body
        gc.collect()
    return out


# ----------------------------------------------------------------------------------------------------------
# Servers
# ----------------------------------------------------------------------------------------------------------
@contextlib.contextmanager
def serve(app: str, store: Path, log_dir: Path, timeout: float = 600.0) -> Iterator[str]:
    """Run one app on a free port until the block ends; yields its base URL once it answers."""
    log = log_dir / "logs" / f"{app}-{store.stem}.log"  # the last run's server output, for post-mortems
    with devserver.serve(APPS[app], store, log, timeout=timeout, grace=20.0) as base:
        yield base


# ----------------------------------------------------------------------------------------------------------
# Browser
# ----------------------------------------------------------------------------------------------------------
@dataclass
class Visit:
    """One navigation: seconds until shown (inf when it failed), bytes on the wire, what went wrong."""

    seconds: float
    bytes: int
    static_bytes: int
    failure: str = ""
    timing: dict[str, float] = field(default_factory=dict)  # ms since navigation start, see _TIMING_JS


@dataclass
class BrowserRun:
    """Every visit of one app at one size: {view: [Visit per repeat]}, plus the first (cold-cache) visit."""

    first: list[Visit] = field(default_factory=list)
    views: dict[str, list[Visit]] = field(default_factory=dict)


class _Wire:
    """Bytes received by a page, from the DevTools protocol, split into static bundles and the rest."""

    def __init__(self, page: Any) -> None:
        self.urls: dict[str, str] = {}
        self.total = 0
        self.static = 0
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict[str, Any]) -> None:
        size = int(event.get("encodedDataLength", 0))
        self.total += size
        url = self.urls.get(event["requestId"], "")
        if any(part in url.split("?")[0] for part in _STATIC):
            self.static += size

    def reset(self) -> None:
        self.total = self.static = 0


def _visit(page: Any, wire: _Wire, url: str, expected: int, timeout: float) -> Visit:
    wire.reset()
    crashed: list[bool] = []
    page.once("crash", lambda _page: crashed.append(True))
    started = time.perf_counter()
    try:
        page.goto(url, wait_until="commit", timeout=timeout * 1000)
        left = max(1.0, timeout - (time.perf_counter() - started))
        page.wait_for_function(_READY_JS, arg=expected, timeout=left * 1000, polling="raf")
        painted = page.evaluate(_PAINTED_JS)
        seconds = float(page.evaluate("() => window.__marks.ready")) / 1000.0
        timing = {**page.evaluate(_TIMING_JS), "painted": float(painted)}
        page.wait_for_timeout(200)  # late responses (e.g. the table) still count as bytes of this view
        return Visit(seconds, wire.total, wire.static, timing=timing)
    except Exception as exc:
        if crashed:
            return Visit(float("inf"), wire.total, wire.static, "tab crashed")
        shown = ""
        with contextlib.suppress(Exception):
            shown = page.evaluate("() => (document.getElementById('event-count') || {}).textContent || ''")
        reason = f"> {timeout:.0f} s" if "Timeout" in type(exc).__name__ else f"{type(exc).__name__}"
        return Visit(float("inf"), wire.total, wire.static, f"{reason} (count shown: {shown[:40]!r})")


def measure_app(
    app: str, store: Path, expected: dict[str, int], args: argparse.Namespace, log: Callable[[str], None] = print
) -> BrowserRun:
    """Drive one app through the first visit and every view, `args.repeat` times, in Chromium.

    A view that fails (timeout, crashed tab) is recorded once and not retried; the server is restarted after
    it, since it may still be busy building that figure, and the remaining views go on in a fresh context.
    """
    from playwright.sync_api import sync_playwright

    run = BrowserRun(views={name: [] for name in VIEWS})
    failed: set[str] = set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _attempt in range(args.repeat):
                pending = [name for name in ("first visit", *VIEWS) if name not in failed]
                while pending:
                    with serve(app, store, args.data_dir, timeout=max(600.0, args.timeout)) as base:
                        # Unmeasured warm-up with a small view that is not measured: imports, first request,
                        # lazy caches (outlines), but no cached result of a measured view.
                        warm = browser.new_context(viewport=WINDOW, bypass_csp=True)
                        page = warm.new_page()
                        _visit(page, _Wire(page), f"{base}/?{WARM_UP}", expected["warm-up"], args.timeout)
                        warm.close()
                        context = browser.new_context(viewport=WINDOW, bypass_csp=True)
                        page = context.new_page()
                        wire = _Wire(page)
                        while pending:
                            name = pending.pop(0)
                            view = "unfiltered" if name == "first visit" else name
                            url = f"{base}/?{VIEWS[view]}" if VIEWS[view] else base + "/"
                            visit = _visit(page, wire, url, expected[view], args.timeout)
                            (run.first if name == "first visit" else run.views[name]).append(visit)
                            log(f"    {app} {name}: {_seconds(visit)}, {visit.bytes / 1e6:.2f} MB")
                            if visit.failure:
                                failed.add(name)
                                break  # restart the server: it may still be working on this view
                        context.close()
        finally:
            browser.close()
    return run


# ----------------------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------------------
def _seconds(visit_or_value: Visit | float) -> str:
    if isinstance(visit_or_value, Visit):
        return visit_or_value.failure or f"{visit_or_value.seconds:.2f} s"
    return (
        "—"
        if visit_or_value != visit_or_value
        else ("failed" if visit_or_value == float("inf") else f"{visit_or_value:.2f}")
    )


def _mb(value: float) -> str:
    return "—" if value != value else f"{value / 1e6:.2f}"


def _ratio(a: float, b: float, floor: float | None = None) -> str:
    """a/b; when a failed (inf) and `floor` is what a failure is at least (the timeout), '> floor/b'."""
    if a != a or b != b or b == 0:
        return "—"
    if a == float("inf"):
        return f"> {floor / b:.0f}×" if floor is not None and b != float("inf") else "—"
    if b == float("inf"):
        return "< 1×"
    return f"{a / b:.2g}×" if a / b < 10 else f"{a / b:.0f}×"


def _med_time(visits: list[Visit]) -> float:
    return median([v.seconds for v in visits]) if visits else float("nan")


def _med_bytes(visits: list[Visit], static: bool = False) -> float:
    return median([float(v.static_bytes if static else v.bytes) for v in visits]) if visits else float("nan")


def _failure(visits: list[Visit]) -> str:
    return next((v.failure for v in visits if v.failure), "")


def _cell(visits: list[Visit]) -> str:
    value = _med_time(visits)
    if value == float("inf"):
        return _failure(visits) or "failed"
    return _seconds(value)


def _server_cell(value: tuple[float, int] | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value[0] * 1000:.0f} ms / {value[1] / 1e6:.2f} MB"


def _size_report(
    size: int,
    counts: dict[str, int],
    runs: dict[str, BrowserRun],
    server: dict[str, dict[str, tuple[float, int] | str]],
    repeat: int,
    timeout: float,
) -> tuple[list[str], dict[str, Any]]:
    lines = [f"### {size:,} events", ""]
    naive, ours = runs.get("naive"), runs.get("ours")
    lines += [
        "Browser: median seconds from navigation until the count and the painted map (and MB on the wire). "
        "Server: median time of the pure callback(s) with JSON encoding, filter cache cleared / JSON size.",
        "",
        "| view | matching | naive s | ours s | naive/ours | naive MB | ours MB | bytes ours/naive "
        "| server naive | server ours |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows: list[tuple[str, str, list[Visit], list[Visit]]] = [
        ("unfiltered, first visit", "unfiltered", naive.first if naive else [], ours.first if ours else []),
    ]
    rows += [
        (name, name, naive.views.get(name, []) if naive else [], ours.views.get(name, []) if ours else [])
        for name in VIEWS
    ]
    for label, name, n_visits, o_visits in rows:
        nt, ot = _med_time(n_visits), _med_time(o_visits)
        nb, ob = _med_bytes(n_visits), _med_bytes(o_visits)
        first = label.endswith("first visit")
        lines.append(
            f"| {label} | {counts[name]:,} | {_cell(n_visits)} | {_cell(o_visits)} | {_ratio(nt, ot, timeout)} "
            f"| {_mb(nb)} | {_mb(ob)} | {_ratio(ob, nb) if ob == ob and nb == nb else '—'} "
            f"| {'' if first else _server_cell(server.get('naive', {}).get(name))} "
            f"| {'' if first else _server_cell(server.get('ours', {}).get(name))} |"
        )
    lines += _timing_table(runs)
    # One session: the first visit (bundles included) then the filtered views from the cache.
    summary: dict[str, Any] = {}
    for app, r in runs.items():
        session = _med_bytes(r.first) + sum(_med_bytes(r.views.get(name, [])) for name in VIEWS if name != "unfiltered")
        static = _med_bytes(r.first, static=True)
        summary[app] = {"session": session, "static": static, "first": _med_time(r.first), "run": r}
    if summary:
        lines += ["", "Session bytes (first visit + the filtered views): " + ", ".join(
            f"{app} {_mb(s['session'])} MB (of which static bundles {_mb(s['static'])} MB)"
            for app, s in summary.items()
        ) + f". Medians of {repeat} run(s)."]  # fmt: skip
    return lines, summary


_TIMING_COLUMNS = (
    ("scripts", "scripts in"),
    ("first_call", "1st callback sent"),
    ("last_call", "last callback in"),
    ("count", "count shown"),
    ("graph", "graph drawn"),
    ("data", "map data in"),
    ("painted", "map painted"),
    ("server", "Σ server wait"),
    ("download", "Σ download"),
)


def _timing_table(runs: dict[str, BrowserRun]) -> list[str]:
    """Median seconds since navigation start at which each part of the page was there: where the time goes."""
    header = " | ".join(label for _key, label in _TIMING_COLUMNS)
    lines = [
        "",
        "Where the time goes (median s since navigation start; Σ = summed over the page's callback requests):",
        "",
        f"| app | view | {header} | callbacks |",
        "|---|---|" + "---:|" * (len(_TIMING_COLUMNS) + 1),
    ]
    for app, run in runs.items():
        for name, visits in [("first visit", run.first), *run.views.items()]:
            done = [v.timing for v in visits if v.timing]
            if not done:
                continue
            cells = [
                f"{median([t.get(key, float('nan')) for t in done]) / 1000:.2f}" for key, _label in _TIMING_COLUMNS
            ]
            calls = median([t.get("calls", 0) for t in done])
            lines.append(f"| {app} | {name} | {' | '.join(cells)} | {calls:.0f} |")
    return lines


def _targets(per_size: dict[int, dict[str, Any]], timeout: float) -> list[str]:
    """PASS/FAIL per target of issue 13, on the views with the scripts cached by a first visit."""
    lines = ["", "### Targets (issue 13)", "", "| target | measured | result |", "|---|---|---|"]

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("**PASS**" if ok else "**FAIL**")

    for size, summary in sorted(per_size.items()):
        if "naive" not in summary or "ours" not in summary:
            continue
        naive, ours = summary["naive"]["run"], summary["ours"]["run"]
        ratios = {name: _med_time(naive.views.get(name, [])) / _med_time(ours.views.get(name, [])) for name in VIEWS}
        shares = {name: _med_bytes(ours.views.get(name, [])) / _med_bytes(naive.views.get(name, [])) for name in VIEWS}
        slowest = min(ratios, key=lambda n: ratios[n] if ratios[n] == ratios[n] else float("inf"))
        heaviest = max(shares, key=lambda n: shares[n] if shares[n] == shares[n] else -1.0)
        lines.append(
            f"| {size:,}: every view no later than naive | worst: {slowest} naive/ours "
            f"{ratios[slowest]:.2f}× | {verdict(ratios[slowest] >= 1.0)} |"
        )
        lines.append(
            f"| {size:,}: every view no more bytes than naive | worst: {heaviest} ours/naive "
            f"{shares[heaviest]:.3f} | {verdict(shares[heaviest] <= 1.0)} |"
        )
        if size == 300_000:
            lines.append(
                f"| 300k: unfiltered ≥{TARGET_SPEEDUP:.0f}× sooner | {ratios['unfiltered']:.1f}× | "
                f"{verdict(ratios['unfiltered'] >= TARGET_SPEEDUP)} |"
            )
            lines.append(
                f"| 300k: unfiltered ≤1/50 of naive's bytes | {shares['unfiltered']:.4f} | "
                f"{verdict(shares['unfiltered'] <= TARGET_BYTES)} |"
            )
    at_1m = per_size.get(1_000_000, {})
    if "ours" in at_1m:
        r: BrowserRun = at_1m["ours"]["run"]
        slowest_s, name = max(((_med_time(v), n) for n, v in r.views.items() if v), default=(float("nan"), "-"))
        lines.append(
            f"| 1M: every view ≤{TARGET_SECONDS_1M:.0f} s | slowest: {name} {_seconds(slowest_s)} s "
            f"(first visit, scripts not cached: {_seconds(_med_time(r.first))} s) | "
            f"{verdict(slowest_s <= TARGET_SECONDS_1M)} |"
        )
    else:
        lines.append("| 1M: every view ≤2 s | size 1,000,000 not run | n/a |")
    return lines


def run(args: argparse.Namespace) -> list[str]:
    apps = [a.strip() for a in getattr(args, "apps", "naive,ours").split(",") if a.strip()]
    repeat = max(1, args.repeat)
    lines = [
        "## Dashboard vs naive: filter to figure, through a real browser",
        "",
        f"Headless Chromium ({CHROMIUM}), {os.cpu_count()} CPUs, window {WINDOW['width']}×{WINDOW['height']}, "
        f"timeout {args.timeout:.0f} s per view. Views: "
        + "; ".join(f"{name} `?{q}`" if q else name for name, q in VIEWS.items()) + ".",
        "",
    ]  # fmt: skip
    per_size: dict[int, dict[str, Any]] = {}
    for size in args.sizes:
        print(f"  size {size:,}: store", flush=True)
        store = synth_store_path(size, args.seed, args.data_dir)
        counts = expected_counts(store, {**VIEWS, "warm-up": WARM_UP})
        print(f"  size {size:,}: server-side callbacks", flush=True)
        server = server_side(store, args)
        gc.collect()
        runs: dict[str, BrowserRun] = {}
        if not args.no_browser:
            for app in apps:
                if app == "naive" and size > NAIVE_MAX:
                    lines += [f"_naive at {size:,}: not run (above {NAIVE_MAX:,} events a view takes it minutes)._", ""]
                    continue
                print(f"  size {size:,}: {app} app in Chromium", flush=True)
                try:
                    runs[app] = measure_app(app, store, counts, args, log=lambda m: print(m, flush=True))
                except Exception as exc:  # e.g. the dashboard app is not finished yet: keep the other figures
                    lines.append(f"_{app} at {size:,}: could not run: {type(exc).__name__}: {str(exc)[:300]}_")
                    lines.append("")
        report, summary = _size_report(size, counts, runs, server, repeat, args.timeout)
        lines += [*report, ""]
        per_size[size] = summary
    lines += _targets(per_size, args.timeout)
    return lines
