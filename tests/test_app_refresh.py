"""Live refresh after a panel writes: the store version, the cached frame, and the views (rfr family)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from dash import no_update

from dashboard.app import create_app, state
from dashboard.app import review as review_panel
from dashboard.app import upload as upload_panel
from dashboard.app.urlstate import refreshed_options
from dashboard.app.views import counts, map_update, table_block
from dashboard.extract.review import candidate_rows
from dashboard.store import read_store, write_store
from tests.browser.sample_store import sample_events, write_sample_store

DATA = Path(__file__).parent / "data" / "ingest"
ACLED = DATA / "acled_sample.csv"  # 10 valid events, among them Donetsk (UA-14) and Sevastopol (UA-40)


def _data_url(path: Path) -> str:
    return "data:text/csv;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    """A sample store (16 events) as the app's store for one test; the previous path and cache come back."""
    previous = state.get_store_path()
    path = write_sample_store(tmp_path / "events.parquet")
    state.set_store_path(path)
    state.invalidate()
    yield path
    state.set_store_path(previous)
    state.invalidate()


def _map_state(trigger: str | None = None, previous: dict[str, Any] | None = None) -> tuple[Any, Any]:
    return map_update(state.get_events(), trigger, "", "event_type", "outlines", None, None, previous)


def test_rfr001_a_store_written_elsewhere_is_read_at_the_next_call(store: Path) -> None:
    """Another process or tab rewrote the store without telling this one: the next callback sees it."""
    first = state.get_events()
    assert state.get_events() is first  # cached while the file is unchanged
    version = state.store_version()
    assert version and state.new_version(version) is None

    more = pd.concat([sample_events(), sample_events().assign(event_id=lambda f: f["event_id"] + "-B")])
    write_store(more.reset_index(drop=True), store)  # no invalidate(): as if another process wrote it

    new = state.store_version()
    assert new != version
    assert state.new_version(version) == new and state.new_version(new) is None
    second = state.get_events()
    assert second is not first and second.token != first.token and len(second) == 32
    assert counts(second, "", None)["count"] == "32 events"


def test_rfr002_no_store_has_no_version(tmp_path: Path) -> None:
    previous = state.get_store_path()
    try:
        state.set_store_path(tmp_path / "missing.parquet")
        assert state.store_version() is None and state.new_version("x") is None
        assert state.get_events().missing
    finally:
        state.set_store_path(previous)


@pytest.mark.usefixtures("reference", "authorised")
def test_rfr003_upload_confirm_publishes_a_version_and_every_view_follows(store: Path) -> None:
    shown = state.store_version()  # what the page got at load
    sf = state.get_events()
    assert counts(sf, "", None)["count"] == "16 events"
    figure, drawn = _map_state()
    assert figure is not no_update
    assert "UA-14" not in {o["value"] for o in refreshed_options(sf)[0]}

    # before the confirmation the panel's result changes, the store does not: nothing to refresh
    assert upload_panel._publish("a message", shown) is no_update

    message, download = upload_panel._on_confirm(1, _data_url(ACLED), "acled_sample.csv", "auto", "auto", [])
    assert "imported 10 of 10" in message and download is None
    version = upload_panel._publish(message, shown)
    assert version not in (no_update, shown) and version == state.store_version()
    assert upload_panel._publish(message, version) is no_update  # told once

    # the callbacks' next call (store-version is one of their inputs) shows the new events
    sf = state.get_events()
    assert counts(sf, "", None)["count"] == "26 events"
    assert counts(sf, "?region=UA-14", None)["count"] != "0 events"
    assert table_block(sf, "", None, {"startRow": 0, "endRow": 100})["rowCount"] == 26
    regions, weapons = refreshed_options(sf, ["UA-63", "XX-99"], ["drone", "sling"])
    values = {o["value"] for o in regions}
    assert {"UA-14", "UA-40", "UA-63", "XX-99"} <= values  # new regions; chosen ones stay offered
    assert "drone" in weapons and weapons[-1] == "sling"
    figure, redrawn = _map_state("store-version", drawn)
    assert figure is not no_update and redrawn["inputs"] != drawn["inputs"]  # the token changed: redraw
    # the same store again: the drawn figure stands
    assert _map_state("store-version", redrawn) == (no_update, no_update)


@pytest.mark.usefixtures("reference", "authorised")
def test_rfr004_invalid_upload_writes_nothing_and_publishes_nothing(store: Path) -> None:
    shown = state.store_version()
    message, _ = upload_panel._on_confirm(1, _data_url(DATA / "acled_mixed.csv"), "acled_mixed.csv", "auto", "auto", [])
    assert message.startswith("Not imported")
    assert upload_panel._publish(message, shown) is no_update
    assert len(read_store(store)) == 16


def test_rfr005_review_confirm_publishes_a_version_and_says_where_to_look(store: Path) -> None:
    from dashboard.extract import Candidate

    shown = state.store_version()
    rows = candidate_rows(
        [
            Candidate(
                place="Uman",
                lat=48.7501,
                lon=30.21944,
                country="UA",
                admin1_code="UA-71",
                admin1="Cherkasy",
                geo_precision=1,
                killed=1,
                injured=2,
                weapon="missile",
                sub_event_type="Shelling/artillery/missile attack",
                evidence="A missile hit Uman.",
                evidence_span=(15, 19),
                confidence=1.0,
            ),
        ]
    )
    args = (rows, "2025-12-26", "KI", "https://example.org/a")
    today = date(2025, 12, 28)
    report, _box, pending, _label, written = review_panel.review_step("check", *args, None, store, today=today)
    assert not written and review_panel._publish(report, shown) is no_update
    report, _box, _pending, _label, written = review_panel.review_step("confirm", *args, pending, store, today=today)
    assert written
    text = str(report)
    assert "Added 1 event" in text and "Map tab" in text and "eload" not in text  # no "reload" advice
    version = review_panel._publish(report, shown)
    assert version not in (no_update, shown)
    assert counts(state.get_events(), "", None)["count"] == "17 events"


def test_rfr006_the_app_wires_store_version_into_the_views(store: Path) -> None:
    app = create_app(store)
    page = app.layout()
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if getattr(node, "id", None):
            found[node.id] = node
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            if child is not None and not isinstance(child, str):
                walk(child)

    walk(page)
    assert found["store-version"].data == state.store_version()

    deps = app.server.test_client().get("/_dash-dependencies").get_json()

    def readers(prop: str) -> set[str]:
        return {d["output"] for d in deps if any(f"{i['id']}.{i['property']}" == prop for i in d["inputs"])}

    def writers(prop: str) -> list[dict[str, Any]]:
        return [d for d in deps if prop in d["output"]]

    read = " ".join(readers("store-version.data"))
    for output in (
        "event-count.children",
        "kpi-events.children",
        "timeseries.figure",
        "region-bar.figure",
        "table-refresh.data",
        "map.figure",
        "filter-region.options",
        "filter-weapon.options",
    ):
        assert output in read, output
    sources = {i["id"] for d in writers("store-version.data") for i in d["inputs"]}
    assert sources == {"upload-result", "review-report"}


def test_rfr007_a_file_over_the_limit_is_named_with_the_limit() -> None:
    """The server-side wording matches the browser's size guard (which fills #upload-size-error)."""
    message = upload_panel.too_large("big export.csv", upload_panel.MAX_UPLOAD_BYTES + 1024 * 1024)
    assert message.startswith("big_export.csv (51.0 MB) is over the 50 MB limit here. Nothing was imported.")
    assert "python -m dashboard import" in message
    check = upload_panel.check_upload("data:text/csv;base64,QUJD", "x.csv")  # 3 bytes: under the limit
    assert "limit" not in check.report
    panel = str(upload_panel.layout())
    assert "upload-size-error" in panel and "upload-size-guard" in panel


def test_rfr008_every_app_in_a_process_gets_the_panels_callbacks(store: Path) -> None:
    """Panels register per app (not with dash.callback, which the first app to serve would take alone)."""
    for _ in range(2):
        client = create_app(store).server.test_client()
        outputs = " ".join(d["output"] for d in client.get("/_dash-dependencies").get_json())
        assert "upload-preview" in outputs or "upload-result" in outputs
        assert "review-report" in outputs and "store-version.data" in outputs
