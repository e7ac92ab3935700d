"""Callbacks as plain functions: URL state, counts, the map, clicks, downloads (url/cnt/map/pick/dl families)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pandas as pd
import pytest
from dash import no_update

from dashboard.app import views as views_module
from dashboard.app.urlstate import (
    WIDGETS,
    count_text,
    describe,
    parse_search,
    search_for,
    spec_from_widgets,
    sync_state,
    widget_values,
)
from dashboard.app.views import cli_command, counts, download, map_update, pick, selection_update, table_block, views
from dashboard.filters import FilterSpec
from dashboard.serving import ServingFrame
from dashboard.store import read_store
from tests.browser.sample_store import write_sample_store
from tests.filter_cases import FilterCase, cli_export, filter_case_params, filter_count


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_store(tmp_path_factory.mktemp("app") / "events.parquet")


@pytest.fixture(scope="module")
def sf(store: Path) -> ServingFrame:
    return ServingFrame.from_events(read_store(store), token="sample")


# --- URL state ----------------------------------------------------------------------------------------------
def test_url001_parse_search_reads_every_parameter() -> None:
    parsed = parse_search(
        "?region=UA-63,ua-23&from=2025-01-01&to=2025-12-31&event_type=Battles&weapon=drone"
        "&infrastructure=energy,port&min_killed=2&min_injured=3&q=refinery, oil&present=1"
    )
    assert parsed.errors == ()
    assert parsed.present
    spec = parsed.spec
    assert spec.regions == ("UA-63", "UA-23")
    assert str(spec.date_from) == "2025-01-01" and str(spec.date_to) == "2025-12-31"
    assert spec.infrastructure == ("energy", "port") and spec.min_killed == 2 and spec.text == "refinery, oil"


@pytest.mark.parametrize(
    ("search", "kept", "message"),
    [
        ("?region=Kharkiv&min_killed=2", FilterSpec(min_killed=2), "region 'KHARKIV'"),
        ("?from=2025-13-01&region=UA-63", FilterSpec(regions=("UA-63",)), "from '2025-13-01'"),
        ("?from=2025-12-01&to=2025-01-01&min_injured=1", FilterSpec(min_injured=1), "is after"),
        ("?infrastructure=bananas", FilterSpec(), "infrastructure 'bananas'"),
        ("?min_killed=lots", FilterSpec(), "min_killed 'lots'"),
        ("?event_type=<script>", FilterSpec(), "event type '<script>'"),
    ],
)
def test_url002_bad_values_are_dropped_with_a_message(search: str, kept: FilterSpec, message: str) -> None:
    parsed = parse_search(search)
    assert parsed.spec == kept
    assert any(message in e for e in parsed.errors), parsed.errors


@pytest.mark.parametrize(
    "query",
    ["", "region=UA-63,UA-23", "from=2025-01-01&to=2025-06-30", "infrastructure=energy&min_killed=1", "q=a b"],
)
def test_url003_widgets_round_trip(query: str) -> None:
    spec = FilterSpec.from_query(query)
    again, errors = spec_from_widgets(*widget_values(spec))
    assert errors == () and again == spec
    assert parse_search(search_for(spec)).spec == spec
    assert parse_search(search_for(spec, present=True)).present


def test_url004_url_drives_widgets_on_load_and_back(sf: ServingFrame) -> None:
    out = sync_state("url", "?region=UA-63&min_killed=2&present=1", [None] * len(WIDGETS), False, sf)
    assert out[0] is no_update  # the URL is left as typed
    assert out[1] == ["UA-63"] and out[8] == 2
    options = out[1 + len(WIDGETS)]
    assert {"label": "UA · Kharkiv (UA-63)", "value": "UA-63"} in options
    assert out[-2] == "" and out[-1] is True
    bad = sync_state(None, "?region=nowhere", [None] * len(WIDGETS), False, sf)
    assert "could not be used" in "".join(bad[-2])


def test_url005_widgets_drive_the_url() -> None:
    values = widget_values(FilterSpec())
    values[0] = ["UA-63"]
    values[6] = ["energy"]
    out = sync_state("filter-region", "", values, False)
    assert out[0] == "?region=UA-63&infrastructure=energy"
    assert all(v is no_update for v in out[1 : 1 + len(WIDGETS)])
    same = sync_state("filter-region", "?region=UA-63&infrastructure=energy", values, False)
    assert same[0] is no_update  # nothing changed: no new history entry
    negative = list(values)
    negative[7] = -3
    msg = sync_state("filter-min-killed", "", negative, False)
    assert "minimum killed must be 0 or more" in "".join(msg[-2])


def test_url006_reset_and_presentation_keep_each_other() -> None:
    reset = sync_state("filter-reset", "?region=UA-63&present=1", [None] * len(WIDGETS), True)
    assert reset[0] == "?present=1" and reset[1] == [] and reset[-1] is True
    toggle = sync_state("present-toggle", "?region=UA-63", [None] * len(WIDGETS), False)
    assert toggle[0] == "?region=UA-63&present=1" and toggle[-1] is True


# --- counts and linked views ----------------------------------------------------------------------------------
@pytest.mark.parametrize("case", filter_case_params())
def test_cnt001_counts_equal_cli_export(store: Path, sf: ServingFrame, tmp_path: Path, case: FilterCase) -> None:
    expected, exported = cli_export(store, case.cli_args, tmp_path / "export.csv")
    assert expected == filter_count(store, case.query)  # the table's URL and CLI options are the same filter
    assert counts(sf, case.search, None)["count"] == count_text(expected)
    # the dashboard's download is byte for byte the CLI's export
    data, _note = download(sf, case.search, None, "csv")
    assert data["content"] is not None
    assert base64.b64decode(data["content"]) == exported


def test_cnt002_views_share_the_filtered_frame(sf: ServingFrame) -> None:
    out = views(sf, "?region=UA-63", None)
    block = table_block(sf, "?region=UA-63", None, {"startRow": 0, "endRow": 100, "sortModel": []})
    assert block["rowCount"] == 3 and {r["region"] for r in block["rowData"]} == {"Kharkiv (UA-63)"}
    assert out["table_note"].startswith("3 events · newest first")
    assert int(sum(out["timeseries"].data[0].y)) == 3
    assert list(out["regions"].data[0].y) == ["Kharkiv (UA-63)"]
    kpi = counts(sf, "?region=UA-63", None)
    assert (kpi["kpi_events"], kpi["kpi_killed"], kpi["kpi_injured"], kpi["kpi_regions"]) == ("3", "12", "45", "1")
    assert counts(sf, "?region=UA-99", None)["count"] == "0 events"


def test_cnt003_selection_narrows_counts_table_and_charts(sf: ServingFrame) -> None:
    selected = {"range": {"map": [[35.5, 50.5], [37.0, 49.5]]}, "points": []}
    chosen = selection_update("map", selected)
    assert chosen is not None and chosen["kind"] == "box"
    out = counts(sf, "", chosen)
    assert out["count"] == "3 events" and "3 of 16" in out["selection_note"]
    assert table_block(sf, "", chosen, {"startRow": 0, "endRow": 100})["rowCount"] == 3
    assert selection_update("map", selected, chosen, "") is no_update
    assert selection_update("selection-clear", None, chosen) is None  # the clear button
    # drawn under other filters, it no longer applies (presentation mode is not a filter: it still does)
    assert counts(sf, "?region=UA-63", chosen)["selection_note"] == ""
    assert counts(sf, "?region=UA-63", chosen)["count"] == "3 events"  # the filter's own count, not 3 of 16
    assert "3 of 16" in counts(sf, "?present=1", chosen)["selection_note"]


# --- map ------------------------------------------------------------------------------------------------------
def _names(figure: object) -> list[str]:
    """What the legend lists: trace names, and the lines of the legend annotation (one trace, many colours)."""
    legend = [a.text for a in figure.layout.annotations if a.name == "legend"]  # type: ignore[attr-defined]
    return [t.name for t in figure.data] + [line for text in legend for line in text.split("<br>")]  # type: ignore[attr-defined]


def test_map001_filters_by_region(sf: ServingFrame) -> None:
    figure, state = map_update(sf, None, "?region=UA-63", "event_type", "outlines", None, None, None)
    lats = [lat for t in figure.data if t.hoverinfo != "skip" for lat in t.lat]
    assert len(lats) == 3
    assert state["key"]["mode"] == "points" and state["fit"] == "UA-63"
    assert figure.layout.map.layers[1].source == "/_atlas/admin1.geojson"  # no tiles URL given: the GeoJSON
    assert figure.layout.uirevision == "fit-UA-63"


def test_map002_pan_inside_the_drawn_area_sends_nothing(sf: ServingFrame) -> None:
    _figure, state = map_update(sf, None, "", "event_type", "outlines", None, None, None)
    moved = {"map.center": {"lat": 48.5, "lon": 33.0}, "map.zoom": 5.6}
    figure, new_state = map_update(sf, "map-viewport", "", "event_type", "outlines", moved, None, state)
    assert figure is no_update and new_state["viewport"]["zoom"] == 5.6
    # presentation mode draws its title on the map, keeping the user's view; the same URL again sends nothing
    shown, shown_state = map_update(sf, "url", "?present=1", "event_type", "outlines", None, None, new_state)
    assert shown is not no_update and shown.layout.annotations[0].text.startswith("<b>Strike Atlas</b>")
    assert shown_state["uirevision"] == new_state["uirevision"] and shown_state["viewport"]["zoom"] == 5.6
    again, _ = map_update(sf, "url", "?present=1", "event_type", "outlines", None, None, shown_state)
    assert again is no_update


def test_map003_zoomed_out_above_the_limit_shows_hexagons_then_points(sf: ServingFrame) -> None:
    figure, state = map_update(sf, None, "", "event_type", "outlines", None, None, None, limit=4)
    assert state["key"]["mode"] == "hex" and not figure.layout.showlegend
    moved = {"map.center": {"lat": 50.0, "lon": 36.25}, "map.zoom": 10}
    zoomed, zstate = map_update(sf, "map-viewport", "", "event_type", "outlines", moved, None, state, limit=4)
    assert zoomed is not no_update and zstate["key"]["mode"] == "points"
    assert zstate["uirevision"] == state["uirevision"]  # the user's view is kept


def test_map004_colour_by_infrastructure_and_osm_basemap(sf: ServingFrame) -> None:
    figure, _ = map_update(sf, None, "", "infrastructure", "osm", None, None, None)
    names = " ".join(_names(figure))
    assert "energy" in names and "residential" in names
    assert figure.layout.map.style == "open-street-map"
    assert any("OpenStreetMap" in a.text for a in figure.layout.annotations)


def test_map006_a_new_focus_wins_whichever_input_fired_last(sf: ServingFrame) -> None:
    # Dash applies only the newest response of a callback: a pan reported right after a row click must
    # not undo the fly-to.
    _figure, state = map_update(sf, None, "", "event_type", "outlines", None, None, None)
    focus = {"lat": 50.0, "lon": 36.23, "zoom": 10.5, "rev": 1}
    moved = {"map.center": {"lat": 48.5, "lon": 33.0}, "map.zoom": 5.3}
    figure, new_state = map_update(sf, "map-viewport", "", "event_type", "outlines", moved, focus, state)
    assert new_state["uirevision"] == "focus-1" and figure.layout.map.zoom == 10.5
    # once drawn, the same focus no longer overrides the user's pans
    _again, later = map_update(sf, "map-viewport", "", "event_type", "outlines", moved, focus, new_state)
    assert later["viewport"]["zoom"] == 5.3


def test_map005_fits_until_the_user_places_the_map_then_keeps_the_view(sf: ServingFrame) -> None:
    _figure, state = map_update(sf, None, "?region=UA-63", "event_type", "outlines", None, None, None)
    assert state["placed"] is False
    refit, _untouched = map_update(sf, "url", "?region=UA-63&min_killed=1", "event_type", "outlines", None, None, state)
    assert refit.layout.map.fitbounds == "locations" or refit.layout.map.zoom == 8.5  # fitted to the new data
    moved = {"map.center": {"lat": 50.0, "lon": 36.3}, "map.zoom": 7.5}
    _figure, placed = map_update(sf, "map-viewport", "?region=UA-63", "event_type", "outlines", moved, None, state)
    assert placed["placed"] is True
    kept, after = map_update(sf, "url", "?region=UA-63&min_killed=1", "event_type", "outlines", None, None, placed)
    assert after["viewport"]["zoom"] == 7.5 and kept.layout.map.zoom == 7.5
    assert after["uirevision"] == placed["uirevision"]
    _figure, other = map_update(sf, "url", "?region=UA-51", "event_type", "outlines", None, None, after)
    assert other["uirevision"] == "fit-UA-51" and other["placed"] is False


# --- clicks ---------------------------------------------------------------------------------------------------
def _text(children: object) -> str:
    return json.dumps(children, default=lambda c: c.to_plotly_json())


def test_pick001_row_click_zooms_and_shows_details(sf: ServingFrame) -> None:
    focus, detail = pick(sf, "event-table", None, {"rowId": "SEED-1", "colId": "location"}, None, None)
    assert focus["zoom"] >= 10 and abs(focus["lat"] - 49.99) < 0.01 and focus["rev"] == 1
    assert "Kharkiv" in _text(detail) and "https://example.org/SEED-1" in _text(detail)
    figure, state = map_update(sf, "map-focus", "", "event_type", "outlines", None, focus, None)
    assert state["uirevision"] == "focus-1" and figure.layout.map.zoom >= 10


def test_pick002_detail_panel_is_text_and_refuses_unsafe_links(sf: ServingFrame) -> None:
    position = sf.find("T-XSS")
    _focus, detail = pick(sf, "map", {"points": [{"customdata": position, "lat": 46.6, "lon": 32.6}]}, None, None, None)
    text = _text(detail)
    assert "javascript:" not in text.split("withheld")[0].replace("Sample", "")  # never an href
    assert "<img src=x onerror=window.__xss=1>" in text  # shown as it is, React escapes it
    assert not any(getattr(c, "href", None) for c in detail)
    assert "withheld" in text


def test_pick003_hexagon_click_zooms_in(sf: ServingFrame) -> None:
    state = {"viewport": {"zoom": 4.5}}
    focus, detail = pick(sf, "map", {"points": [{"lat": 48.0, "lon": 37.0}]}, None, state, {"rev": 3})
    assert focus == {"lat": 48.0, "lon": 37.0, "zoom": 6.5, "rev": 4} and detail is no_update


# --- downloads ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg", "parquet", "hxl"])
def test_dl001_every_format_downloads(sf: ServingFrame, fmt: str) -> None:
    data, note = download(sf, "?region=UA-63", None, fmt)
    assert data["filename"].startswith("strike-atlas-") and "3 events" in note
    assert "--region UA-63" in note


def test_dl002_too_many_events_gives_the_cli_command(sf: ServingFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views_module, "EXPORT_LIMIT", 2)
    data, note = download(sf, "?region=UA-63&q=sample event", None, "hxl")
    assert data is no_update
    assert "python -m dashboard export --format hxl --out events.csv --region UA-63 --q 'sample event'" in note


def test_dl003_cli_command_covers_every_filter() -> None:
    spec = FilterSpec.from_query(
        "region=UA-63&from=2025-01-01&to=2025-02-01&event_type=Battles&sub_event_type=Armed clash&weapon=drone"
        "&infrastructure=energy&min_killed=1&min_injured=2&q=x"
    )
    command = cli_command(spec, "csv")
    for flag in (
        "--region",
        "--from",
        "--to",
        "--event-type",
        "--sub-event-type",
        "--weapon",
        "--infrastructure",
        "--min-killed",
        "--min-injured",
        "--q",
    ):
        assert flag in command


def test_map007_caption_says_what_the_map_shows(sf: ServingFrame) -> None:
    figure, _ = map_update(
        sf, None, "?region=UA-63&min_killed=1&from=2025-01-01", "event_type", "outlines", None, None, None
    )
    note = figure.layout.annotations[0].text
    assert "Strike Atlas · 1 event · UA-63 · 2025-01-01 to … · ≥1 killed" in note
    spec = FilterSpec.from_query("q=<b>x</b>&infrastructure=energy")
    assert describe(spec, 2) == "Strike Atlas · 2 events · hit: energy · “<b>x</b>”"
    figure, _ = map_update(sf, None, "?q=<b>x</b>", "event_type", "outlines", None, None, None)
    assert "&lt;b&gt;x&lt;/b&gt;" in figure.layout.annotations[0].text  # escaped in the figure


def test_pick004_detail_panel_copes_with_missing_values() -> None:
    from dashboard.app.layout import event_detail

    record = {
        "event_id": "X",
        "location": pd.NA,
        "admin1": pd.NA,
        "admin1_code": None,
        "killed": pd.NA,
        "geo_precision": pd.NA,
        "time_precision": 2,
        "actor1": pd.NA,
        "actor2": "Civilians",
        "infrastructure": [],
        "notes": pd.NA,
        "source_url": pd.NA,
        "event_date": pd.Timestamp("2025-01-02"),
    }
    text = _text(event_detail(record))
    assert "Unknown place" in text and "within a week" in text and "Civilians" in text


def test_cnt004_table_blocks_page_through_every_event_in_the_asked_order(sf: ServingFrame) -> None:
    first = table_block(sf, "", None, {"startRow": 0, "endRow": 5, "sortModel": [{"colId": "killed", "sort": "desc"}]})
    rest = table_block(sf, "", None, {"startRow": 5, "endRow": 100, "sortModel": [{"colId": "killed", "sort": "desc"}]})
    assert first["rowCount"] == rest["rowCount"] == len(sf) and len(first["rowData"]) == 5
    rows = first["rowData"] + rest["rowData"]
    assert len({r["event_id"] for r in rows}) == len(sf)  # no row twice, none missing
    killed = [r["killed"] for r in rows if r["killed"] is not None]
    assert killed == sorted(killed, reverse=True)
    assert table_block(sf, "?region=UA-99", None, {"startRow": 0, "endRow": 100}) == {"rowData": [], "rowCount": 0}
