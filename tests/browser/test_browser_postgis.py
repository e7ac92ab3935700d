"""`serve --store postgresql://…`: the dashboard on the PostGIS store, in Chromium (tests/conftest.py: the server).

The page shows the store's count, filters by URL as `export` does, and shows events another writer adds
without the server being restarted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard import devserver
from dashboard.filters import FilterSpec
from tests.browser.conftest import count, open_dashboard, wait_count

ROOT = Path(__file__).resolve().parents[2]
UCDP_PLAIN = ROOT / "tests" / "data" / "real" / "ucdp_plain_utf8_sample.csv"
UCDP_CANDIDATE = ROOT / "tests" / "data" / "real" / "ucdp_candidate_v26_0_5_ua_ru_sample.csv"


def test_browser_pg001_serve_from_postgis(page: Any, postgis_store: str, reference: None, tmp_path: Path) -> None:
    from dashboard.ingest import import_file
    from dashboard.pipeline import build
    from dashboard.stores import open_store

    build(postgis_store, progress=lambda _m: None)
    import_file(UCDP_PLAIN, fmt="ucdp", store=postgis_store, progress=None)
    store = open_store(postgis_store)
    total = len(store.read())
    donetsk = len(store.select(FilterSpec(regions=("UA-14",))))
    assert total == 256 and 0 < donetsk < total

    with devserver.serve(["-m", "dashboard", "serve"], postgis_store, tmp_path / "serve.log") as url:  # type: ignore[arg-type]
        open_dashboard(page, url)
        assert count(page) == total
        open_dashboard(page, f"{url}/?region=UA-14")
        assert count(page) == donetsk

        # Another writer (this process, as a colleague's import would) adds events: a reload shows them.
        summary = import_file(UCDP_CANDIDATE, fmt="ucdp", store=postgis_store, progress=None)
        assert summary.imported > 0
        page.goto(url)
        wait_count(page, total + summary.imported)
        assert not page.errors
