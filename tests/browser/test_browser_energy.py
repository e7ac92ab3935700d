"""The /energy page in Chromium: renders under the real CSP, counts as the CLI, facility detail, links, PDF."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_dashboard, serve

pytestmark = pytest.mark.browser

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "energy" / "acled_energy_heldout.csv"
DIGIT = re.compile(r"\d")


@pytest.fixture(scope="module")
def energy_store(reference: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed strikes (built by the pipeline) plus the held-out energy strikes (imported as ACLED)."""
    from dashboard.energy.facilities import build_facilities
    from dashboard.ingest import import_file
    from dashboard.pipeline import build

    build_facilities(progress=lambda _m: None)
    store = tmp_path_factory.mktemp("energy-browser") / "events.parquet"
    build(store, progress=lambda _m: None)
    import_file(HELDOUT, fmt="acled", store=store, progress=None)
    return store


@pytest.fixture(scope="module")
def energy_server(energy_store: Path) -> Iterator[str]:
    with serve(energy_store) as url:
        yield url


def _cli_facilities(store: Path, capsys: pytest.CaptureFixture, *args: str) -> list[dict[str, Any]]:
    from dashboard.cli import main

    assert main(["facilities", "--json", "--store", str(store), *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _wait_energy(page: Any) -> None:
    # Locator waits run outside the page's own scripts, so they work under the strict CSP too.
    page.locator("#energy-kpi-facilities").filter(has_text=DIGIT).wait_for(timeout=60_000)
    page.locator("#energy-map .js-plotly-plot").wait_for()
    page.wait_for_load_state("networkidle")


def test_energy_browser001_renders_under_csp_with_the_cli_counts(
    browser: Any, energy_server: str, energy_store: Path, capsys: pytest.CaptureFixture
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # the server's CSP applies
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(f"{energy_server}/energy?region=UA")
        _wait_energy(page)
        page.wait_for_timeout(800)  # MapLibre draws its canvas after the network is quiet
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "energy_1280x800.png"))
        page.screenshot(path=str(ARTIFACTS / "energy_1280x800_full.png"), full_page=True)
        facilities = _cli_facilities(energy_store, capsys, "--region", "UA")
        hit = [f for f in facilities if f["hits"]]
        assert page.text_content("#energy-kpi-facilities") == str(len(hit))
        assert page.text_content("#energy-kpi-hits") == str(sum(f["hits"] for f in hit))
        grid_names = page.locator("#energy-table .ag-row .ag-cell[col-id='name']").all_text_contents()
        assert sorted(grid_names) == sorted(f["name"] for f in hit)
        assert "not capacity lost" in page.text_content("#energy-capacity-kind")
        assert page.locator("#energy-map canvas").count() >= 1
        assert problems == []
    finally:
        context.close()


def test_energy_browser002_row_click_shows_events_and_sources(page: Any, energy_server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{energy_server}/energy?region=RU-ROS")
    _wait_energy(page)
    page.locator("#energy-table .ag-cell[col-id='name']", has_text="Novoshakhtinsk").click()
    detail = page.locator("#energy-facility-detail")
    detail.filter(has_text="why linked").wait_for()
    text = detail.text_content()
    assert "2 events" in text and "Novoshakhtinsk oil refinery" in text
    hrefs = [a.get_attribute("href") for a in detail.locator("a").all()]
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    detail.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "energy_detail_1280x800.png"))


def test_energy_browser003_links_keep_the_query(page: Any, energy_server: str) -> None:
    open_dashboard(page, f"{energy_server}/?region=UA-23")
    link = page.locator("#nav-energy")
    assert link.get_attribute("href") == "/energy?region=UA-23"
    link.click()
    page.wait_for_url(re.compile(r"/energy\?region=UA-23$"))
    _wait_energy(page)
    assert "Zaporizhzhia" in page.text_content("#filter-region")  # the same filters, from the same URL
    assert page.text_content("#energy-kpi-facilities") == "2"  # Dnipro HPP and the nuclear plant
    back = page.locator("#nav-map")
    assert back.get_attribute("href") == "/?region=UA-23"
    back.click()
    page.wait_for_url(re.compile(r"/\?region=UA-23$"))
    page.locator("#event-count").filter(has_text=DIGIT).wait_for()


def test_energy_browser004_pdf_button_downloads_the_report(page: Any, energy_server: str) -> None:
    page.goto(f"{energy_server}/energy?region=UA")
    _wait_energy(page)
    with page.expect_download(timeout=90_000) as info:
        page.click("#energy-pdf")
    path = info.value.path()
    assert info.value.suggested_filename == "strike-atlas-energy-report.pdf"
    assert Path(path).read_bytes().startswith(b"%PDF")
    page.locator("#energy-pdf-note").filter(has_text="facilities --pdf report.pdf --region UA").wait_for()
