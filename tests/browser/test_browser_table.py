"""The event table holds every matching event: blocks from the server as it scrolls, sorted on the server
(brw-table family)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.store import read_store
from dashboard.synth import synth_store
from tests.browser.conftest import count, open_dashboard, serve, wait_text

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference")]

EVENTS = 2_500  # 25 blocks of the grid's 100 rows
FIRST_CELL = "#event-table .ag-row[row-index='0'] .ag-cell[col-id='{column}']"


@pytest.fixture(scope="module")
def table_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_store(EVENTS, tmp_path_factory.mktemp("table") / "events.parquet", seed=3, progress=lambda _m: None)


@pytest.fixture(scope="module")
def table_server(table_store: Path) -> Iterator[str]:
    with serve(table_store) as url:
        yield url


def _first(page: Any, column: str) -> str:
    return page.text_content(FIRST_CELL.format(column=column)) or ""


def test_brwtab001_every_event_sorted_over_all_of_them(page: Any, table_server: str, table_store: Path) -> None:
    events = read_store(table_store)
    open_dashboard(page, table_server + "/")
    assert count(page) == EVENTS
    wait_text(page, "#table-note", f"{EVENTS:,} events · newest first")
    page.wait_for_selector(FIRST_CELL.format(column="event_date"))
    assert _first(page, "event_date") == events["event_date"].max().strftime("%Y-%m-%d")

    # the last row is there too: the grid fetches its block when scrolled to
    page.evaluate(f"dash_ag_grid.getApi('event-table').ensureIndexVisible({EVENTS - 1}, 'bottom')")
    last = f"#event-table .ag-row[row-index='{EVENTS - 1}'] .ag-cell[col-id='event_date']"
    page.wait_for_function(f"(document.querySelector(\"{last}\") || {{}}).textContent > ''")
    assert page.text_content(last) == events["event_date"].min().strftime("%Y-%m-%d")

    # sorting by killed (ascending, then descending) orders all 2,500, not the rows on screen
    page.evaluate("dash_ag_grid.getApi('event-table').ensureIndexVisible(0, 'top')")
    header = "#event-table .ag-header-cell[col-id='killed'] .ag-header-cell-label"
    page.click(header)
    page.click(header)
    most = int(events["killed"].max())
    page.wait_for_function(
        f"(document.querySelector(\"{FIRST_CELL.format(column='killed')}\") || {{}}).textContent === '{most}'"
    )
    first_id = page.evaluate("dash_ag_grid.getApi('event-table').getDisplayedRowAtIndex(0).data.event_id")
    assert int(events.loc[events["event_id"] == first_id, "killed"].iloc[0]) == most

    # a filter from the URL: the table follows (the grid drops its blocks and asks again)
    page.goto(table_server + "/?min_killed=" + str(most))
    expected = int((events["killed"] >= most).sum())
    wait_text(page, "#table-note", f"{expected:,} event")
    page.wait_for_function(f"document.querySelectorAll('#event-table .ag-row').length === {expected}")
