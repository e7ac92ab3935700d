"""Filters in the browser: widgets, URLs, export parity, history (brw-filter family)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.browser.conftest import ROOT, count, open_dashboard, wait_count

pytestmark = pytest.mark.browser


def choose_region(page: Any, search: str, code: str) -> None:
    page.click("#filter-region")
    page.keyboard.type(search)
    page.locator(".dash-dropdown-option", has_text=f"({code})").click()
    page.keyboard.press("Escape")


def set_number(page: Any, selector: str, value: int) -> None:
    page.fill(selector, str(value))
    page.press(selector, "Enter")  # debounced inputs send on Enter or blur


def cli_export_count(store: Path, args: list[str], out: Path) -> int:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "--store",
            str(store),
            "--format",
            "csv",
            "--out",
            str(out),
            *args,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return len(pd.read_csv(io.BytesIO(out.read_bytes())))


@pytest.mark.parametrize(
    ("query", "args"),
    [
        ("region=UA-63", ["--region", "UA-63"]),
        ("infrastructure=energy", ["--infrastructure", "energy"]),
        ("min_killed=3", ["--min-killed", "3"]),
        (
            "from=2025-01-01&to=2025-12-31&region=UA-63,UA-51",
            ["--from", "2025-01-01", "--to", "2025-12-31", "--region", "UA-63", "--region", "UA-51"],
        ),
    ],
)
def test_brw010_url_counts_equal_export(
    page: Any, live_server: str, sample_store_path: Path, tmp_path: Path, query: str, args: list[str]
) -> None:
    expected = cli_export_count(sample_store_path, args, tmp_path / "out.csv")
    open_dashboard(page, f"{live_server}/?{query}")
    assert count(page) == expected
    assert page.text_content("#kpi-events") == str(expected)
    assert page.url.endswith("?" + query)  # the URL keeps its filters
    rows = page.locator("#event-table .ag-row").count()
    assert rows == expected


def test_brw011_widgets_update_the_url(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/")
    choose_region(page, "Kharkiv", "UA-63")
    wait_count(page, 3)
    assert page.url.endswith("/?region=UA-63")
    set_number(page, "#filter-min-injured", 10)
    wait_count(page, 1)
    assert "region=UA-63" in page.url and "min_injured=10" in page.url
    page.fill("#filter-text", "")
    page.click("#filter-reset")
    wait_count(page, 16)
    assert "?" not in page.url


def test_brw012_back_and_forward_restore_the_view(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/")
    set_number(page, "#filter-min-killed", 2)
    wait_count(page, 5)
    choose_region(page, "Kharkiv", "UA-63")
    wait_count(page, 2)
    assert "region=UA-63&min_killed=2" in page.url
    page.go_back()
    wait_count(page, 5)
    assert page.url.endswith("/?min_killed=2")
    assert page.text_content("#filter-region").strip().startswith("All regions")
    page.go_back()
    wait_count(page, 16)
    page.go_forward()
    wait_count(page, 5)
    assert page.input_value("#filter-min-killed") == "2"


def test_brw013_text_search(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/")
    page.fill("#filter-text", "odesa")
    page.press("#filter-text", "Enter")
    wait_count(page, 2)
    assert "q=odesa" in page.url
