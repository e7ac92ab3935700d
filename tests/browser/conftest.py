"""Browser fixtures: a live `python -m dashboard serve` on the sample store and Debian's Chromium via Playwright.

Every test gets a fresh 1440x900 page; after the test its screenshot is saved to tests/artifacts/<test>.png
(look at them). Requests to hosts other than the local server are recorded on `page.external_requests`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from dashboard import devserver
from dashboard.web.auth import COOKIE, TOKEN_ENV, WritePolicy
from tests.browser.sample_store import write_sample_store

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("STRIKE_ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# JavaScript conditions the tests wait for.
MAP_READY = (
    "(() => {const g = document.querySelector('#map .js-plotly-plot');"
    " return !!(g && g._fullData && g._fullData.length > 0 && g._fullLayout.map && g._fullLayout.map._subplot)})()"
)
# MapLibre has loaded the outlines: only then does dcc.Graph report clicks (plotly resolves the plot then).
MAP_LOADED = "document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map.loaded()"
COUNT_READY = "(() => { const e = document.querySelector('#event-count'); return !!e && /\\d/.test(e.textContent) })()"
# The charts and the table, which join the page once the map is drawn: the time series has its title then.
LOWER_READY = (
    "(() => { const t = document.querySelector('#timeseries .js-plotly-plot');"
    " return !!(t && t._fullLayout && t._fullLayout.title && /per/.test(t._fullLayout.title.text || ''))"
    " && !!document.querySelector('#event-table .ag-root')"
    # the grid has its first block of rows: the server's answer says how many rows there are in all
    " && (() => { try { return dash_ag_grid.getApi('event-table').isLastRowIndexKnown() === true; }"
    " catch (e) { return false; } })() })()"
)


@contextlib.contextmanager
def serve(
    store: Path, timeout: float = 90.0, env: dict[str, str] | None = None, args: Sequence[str] = ()
) -> Iterator[str]:
    """`python -m dashboard serve [args]` on `store`; yields its base URL; stops it afterwards (dashboard.devserver)."""
    port = devserver.free_port()
    log = store.parent / f"serve-{port}.log"  # next to the store: several servers may share one store
    with devserver.serve(["-m", "dashboard", "serve", *args], store, log, timeout, port=port, env=env) as url:
        yield url


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_store(tmp_path_factory.mktemp("browser") / "events.parquet")


@pytest.fixture(scope="session")
def live_server(sample_store_path: Path) -> Iterator[str]:
    with serve(sample_store_path) as url:
        yield url


@pytest.fixture(scope="module")
def writable_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sample store of the test module's own, for tests that add events to it."""
    return write_sample_store(tmp_path_factory.mktemp("writable") / "events.parquet")


# The servers tests write through are started with a write token; `page` carries the cookie a browser gets
# when a person unlocks editing with it (the unlock box itself is tested in test_browser_security.py).
WRITE_TOKEN = "browser-test-write-token"


def unlock_cookie(url: str) -> dict[str, str]:
    return {"name": COOKIE, "value": WritePolicy(token=WRITE_TOKEN).cookie_value(), "url": url}


@pytest.fixture(scope="module")
def writable_server(writable_store: Path) -> Iterator[str]:
    with serve(writable_store, env={TOKEN_ENV: WRITE_TOKEN}) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def viewport() -> dict[str, int]:
    return {"width": 1440, "height": 900}


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, viewport: dict[str, int]) -> Iterator[Any]:
    # bypass_csp: the tests' own probes are strings Playwright evaluates; the page itself is checked under the
    # server's Content-Security-Policy by test_browser_security.py.
    context = browser.new_context(viewport=viewport, accept_downloads=True, bypass_csp=True)
    context.add_cookies([unlock_cookie("http://127.0.0.1")])
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.external_requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]

    def record(req: Any) -> None:
        parsed = urlparse(req.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            page.external_requests.append(req.url)

    page.on("request", record)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()


def open_dashboard(page: Any, url: str) -> None:
    """Go to `url`, wait until the count and the map's data are shown, then the charts and the table (which
    follow the map), then until the page is quiet.

    Clicks on the map count only once MapLibre has loaded its sources (dcc.Graph binds its click handler
    when plotly's render promise resolves), so interactions wait for that and for the network to settle.
    """
    page.goto(url)
    page.wait_for_function(COUNT_READY)
    page.wait_for_function(MAP_READY)
    page.wait_for_function(MAP_LOADED)
    page.wait_for_function(LOWER_READY)
    page.wait_for_load_state("networkidle")


def wait_text(page: Any, selector: str, text: str, timeout: float = 60_000) -> None:
    """Wait until the element's text contains `text`."""
    page.wait_for_function(
        "([s, t]) => { const e = document.querySelector(s); return !!e && e.textContent.includes(t); }",
        arg=[selector, text],
        timeout=timeout,
    )


def count(page: Any) -> int:
    return int(page.text_content("#event-count").split()[0])


def wait_count(page: Any, expected: int) -> None:
    page.wait_for_function(
        f"(() => {{ const e = document.querySelector('#event-count'); return !!e && e.textContent.split(' ')[0] === "
        f"'{expected}' }})()"
    )


def map_pixel(page: Any, lon: float, lat: float) -> tuple[float, float]:
    """Page coordinates of a lon/lat on the MapLibre map."""
    return tuple(
        page.evaluate(
            """([lon, lat]) => { const g = document.querySelector('#map .js-plotly-plot');
            const m = g._fullLayout.map._subplot.map; const c = m.getCanvas().getBoundingClientRect();
            const p = m.project([lon, lat]); return [c.x + p.x, c.y + p.y]; }""",
            [lon, lat],
        )
    )


def map_points(page: Any) -> int:
    """Events drawn as points (the ring trace of approximate places not counted)."""
    return int(
        page.evaluate(
            """(() => { const g = document.querySelector('#map .js-plotly-plot');
            return g._fullData.filter(t => t.hoverinfo !== 'skip' && t.customdata)
                              .reduce((n, t) => n + t.lat.length, 0); })()"""
        )
    )


def click_map(page: Any, lon: float, lat: float) -> str:
    """Hover, wait for the hover label, then click (plotly's map click reports the hovered point).

    Returns the hover label's text as it was before the click.
    """
    x, y = map_pixel(page, lon, lat)
    page.mouse.move(x - 5, y - 5)
    page.mouse.move(x, y, steps=4)
    page.wait_for_selector("#map .hoverlayer .hovertext")
    hover = page.text_content("#map .hoverlayer")
    page.mouse.click(x, y)
    return hover


def nearest_marker(page: Any, lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) of the drawn marker nearest to a place (a hexagon's centre is not the town)."""
    return tuple(
        page.evaluate(
            """([lon, lat]) => { const g = document.querySelector('#map .js-plotly-plot');
            let best = null, dist = Infinity;
            for (const t of g._fullData) for (let i = 0; i < t.lat.length; i++) {
                const d = (t.lat[i] - lat) ** 2 + (t.lon[i] - lon) ** 2;
                if (d < dist) { dist = d; best = [t.lon[i], t.lat[i]]; } }
            return best; }""",
            [lon, lat],
        )
    )
