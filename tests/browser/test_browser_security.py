"""A published dashboard in Chromium: it works under its own Content-Security-Policy, and writes are locked
until a person unlocks them with the operator's token — checked on the server (brw-sec family)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from dashboard.store import read_store
from tests.browser.conftest import ARTIFACTS, WRITE_TOKEN, serve, wait_text

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference")]

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
# Function-form probes: the page's CSP forbids eval, which Playwright uses for expression strings.
COUNT_SHOWN = "() => { const e = document.querySelector('#event-count'); return !!e && /\\d/.test(e.textContent) }"
MAP_LOADED = (
    "() => { const g = document.querySelector('#map .js-plotly-plot');"
    " return !!(g && g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot"
    " && g._fullLayout.map._subplot.map.loaded()) }"
)


@pytest.fixture
def strict_page(browser: Any, request: pytest.FixtureRequest) -> Any:
    """A page under the server's own CSP (no bypass), without the unlock cookie, recording console errors."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()


def test_brwsec001_the_dashboard_works_under_its_csp(strict_page: Any, live_server: str) -> None:
    with urllib.request.urlopen(live_server + "/") as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp and "frame-ancestors 'self'" in csp and "'unsafe-eval'" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"]
    strict_page.goto(live_server + "/?region=UA-63")
    strict_page.wait_for_function(COUNT_SHOWN)
    strict_page.wait_for_function(MAP_LOADED)
    assert strict_page.inner_text("#event-count").startswith(("1 event", "2 events", "3 events", "4 events"))
    assert strict_page.console_errors == []  # type: ignore[attr-defined]  # no CSP violation, no error


def test_brwsec002_imports_stay_locked_until_the_token_is_shown(
    strict_page: Any, writable_server: str, writable_store: Path
) -> None:
    page = strict_page
    before = len(read_store(writable_store))
    page.goto(writable_server + "/")
    page.wait_for_function(COUNT_SHOWN)
    page.wait_for_function(MAP_LOADED)  # a tab switch while the figure arrives races dcc.Graph (test_brwrev003)
    page.locator("#tabs .tab", has_text="Import data").click()
    wait_text(page, "#upload-access-status", "Editing is locked")
    data = (DATA / "acled_sample.csv").read_bytes()
    page.set_input_files(
        "#upload-file input[type=file]", files=[{"name": "a.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.wait_for_function("() => !document.querySelector('#upload-confirm').disabled")
    page.click("#upload-confirm")  # the button works; the server refuses
    wait_text(page, "#upload-result", "Nothing was written: editing is locked")
    assert len(read_store(writable_store)) == before

    page.fill("#upload-access-token", "a wrong token")
    page.click("#upload-access-unlock")
    wait_text(page, "#upload-access-status", "not the write token")
    page.fill("#upload-access-token", WRITE_TOKEN)
    page.click("#upload-access-unlock")
    wait_text(page, "#upload-access-status", "Editing is unlocked in this browser")
    cookie = next(c for c in page.context.cookies() if c["name"] == "strike_atlas_write")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and WRITE_TOKEN not in cookie["value"]
    page.click("#upload-confirm")
    wait_text(page, "#upload-result", "imported 10 of 10 events")
    assert len(read_store(writable_store)) == before + 10


def test_brwsec003_a_read_only_server_says_so(browser: Any, sample_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "events.parquet"
    store.write_bytes(sample_store_path.read_bytes())
    with serve(store, env={"STRIKE_ATLAS_WRITE_TOKEN": WRITE_TOKEN}, args=["--read-only"]) as url:
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_function(COUNT_SHOWN)
        page.locator("#tabs .tab", has_text="Import data").click()
        wait_text(page, "#upload-access-status", "Read-only: this server is read-only (serve --read-only)")
        assert not page.locator("#upload-access-token").is_visible()
        request = urllib.request.Request(
            url + "/api/import?format=acled",
            data=(DATA / "acled_sample.csv").read_bytes(),
            headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
            method="POST",
        )
        try:
            urllib.request.urlopen(request)
            raise AssertionError("a read-only server accepted an import")
        except urllib.error.HTTPError as exc:
            assert exc.code == 403 and "read-only" in json.loads(exc.read())["error"]
        context.close()
    assert len(read_store(store)) == 16
