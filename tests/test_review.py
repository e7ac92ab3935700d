"""The "Add events from text" review panel: its pure helpers and its callbacks as plain functions (rev family)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import pytest
from dash import html, no_update

from dashboard.app import review as panel
from dashboard.extract import Candidate, extract_events
from dashboard.extract.review import (
    MAX_UPLOAD_BYTES,
    ReviewError,
    add_events,
    apply_edit,
    candidate_rows,
    check_source,
    dates_in_text,
    decode_upload,
    highlight,
    parse_count,
    parse_infrastructure,
    prepare_events,
    preview_merge,
    sub_event_for,
    suggest_event_date,
)
from dashboard.geo.geocode import GeocodeResult
from dashboard.schema import COLUMNS
from dashboard.store import read_store
from tests.browser.sample_store import write_sample_store

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "tests" / "data" / "seed_article.txt"
TODAY = date(2025, 12, 28)


class FakeGeocoder:
    """Knows a few places; counts its calls."""

    PLACES: ClassVar[dict[str, GeocodeResult]] = {
        "kherson": GeocodeResult("Kherson", "Kherson", 46.6354, 32.6169, "UA", "UA-65", "Kherson", 1, 100.0),
        "khersonn": GeocodeResult("Khersonn", "Kherson", 46.6354, 32.6169, "UA", "UA-65", "Kherson", 1, 95.0),
        "uman": GeocodeResult("Uman", "Uman", 48.7501, 30.21944, "UA", "UA-71", "Cherkasy", 1, 100.0),
        "paris": GeocodeResult("Paris", "Paris", 48.8534, 2.3488, "FR", "FR-IDF", "Ile-de-France", 1, 100.0),
        "belgorod region": GeocodeResult(
            "Belgorod region", "Belgorod", 50.7, 37.4, "RU", "RU-BEL", "Belgorod", 3, 100.0
        ),
    }

    def __init__(self) -> None:
        self.calls: list[str] = []

    def geocode(self, query: str, country_bias: Sequence[str] = ()) -> GeocodeResult:
        self.calls.append(query)
        return self.PLACES.get(query.lower(), GeocodeResult(query, error=f"no place matches {query!r}"))


def _candidate(place: str = "Kharkiv", **kw: Any) -> Candidate:
    base = Candidate(
        place=place,
        lat=49.98177,
        lon=36.25475,
        country="UA",
        admin1_code="UA-63",
        admin1="Kharkiv",
        geo_precision=1,
        killed=2,
        injured=6,
        weapon="guided aerial bomb",
        sub_event_type="Air/drone strike",
        infrastructure=["transport"],
        infrastructure_detail="road",
        reported_by="Mayor Ihor Terekhov",
        evidence=f"In {place}, a bomb hit a road, killing two.",
        evidence_span=(3, 3 + len(place)),
        confidence=1.0,
    )
    return replace(base, **kw)


def _rows() -> list[dict[str, Any]]:
    return candidate_rows(
        [
            _candidate(),
            _candidate(
                "Uman",
                lat=48.7501,
                lon=30.21944,
                admin1_code="UA-71",
                admin1="Cherkasy",
                killed=None,
                weapon="missile",
                sub_event_type="Shelling/artillery/missile attack",
                infrastructure=[],
            ),
        ]
    )


def _data_url(raw: bytes) -> str:
    return "data:text/plain;base64," + base64.b64encode(raw).decode()


@pytest.fixture(scope="module")
def seed_rows(reference: None) -> list[dict[str, Any]]:
    return candidate_rows(extract_events(SEED_ARTICLE.read_text(encoding="utf-8")))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return write_sample_store(tmp_path / "events.parquet")


# -- text in -------------------------------------------------------------------------------------------------


def test_rev001_upload_decodes_utf8_text() -> None:
    raw = "\ufeffKharkiv was hit.\r\nХарків.\r\n".encode()
    assert decode_upload(_data_url(raw), "article.txt") == "Kharkiv was hit.\nХарків.\n"


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"text", "article.pdf", "not a .txt file"),
        (b"x" * (MAX_UPLOAD_BYTES + 10), "big.txt", "larger than 1 MB"),
        ("Kharkiv é".encode("latin-1"), "latin.txt", "not UTF-8"),
        (b"PK\x03\x04\x00\x00", "zip.txt", "not a text file"),
    ],
)
def test_rev002_upload_refuses_what_is_not_a_small_text_file(raw: bytes, name: str, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        decode_upload(_data_url(raw), name)


def test_rev003_upload_refuses_broken_payload_and_nothing() -> None:
    with pytest.raises(ReviewError, match="could not be read"):
        decode_upload("data:text/plain;base64,@@@", "a.txt")
    with pytest.raises(ReviewError, match="No file"):
        decode_upload(None, None)


def test_rev004_upload_callback_fills_the_text_box_or_says_why_not() -> None:
    text, note = panel.upload_text(_data_url(b"Odesa port was hit."), "a.txt")
    assert text == "Odesa port was hit." and "Loaded a.txt" in note
    text, note = panel.upload_text(_data_url(b"x"), "a.docx")
    assert text is no_update and ".txt" in note
    assert panel.upload_text(None, None) == (no_update, "")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Russia's invasion on Feb. 24, 2022.", [date(2022, 2, 24)]),
        ("KYIV, December 26, 2025 — Drones hit", [date(2025, 12, 26)]),
        ("On 3 March 2024 and 2024-03-05", [date(2024, 3, 3), date(2024, 3, 5)]),
        ("Feb. 30, 2024 is not a day; nor is 2024-13-01", []),
        ("No dates here, only 2022.", []),
    ],
)
def test_rev005_dates_in_text(text: str, found: list[date]) -> None:
    assert [d for d, _at in dates_in_text(text)] == found


def test_rev006_suggested_date_is_the_dateline_only() -> None:
    assert suggest_event_date("KYIV, Dec. 26, 2025 — Overnight drones hit Odesa.", TODAY) == date(2025, 12, 26)
    far_down = "x " * 400 + "Russia's invasion on Feb. 24, 2022."
    assert suggest_event_date(far_down, TODAY) is None
    assert suggest_event_date("KYIV, Dec. 26, 2030 — a typo in the year", TODAY) is None  # never the future
    assert suggest_event_date(SEED_ARTICLE.read_text(encoding="utf-8"), TODAY) is None  # only the 2022 invasion


# -- rows and edits ------------------------------------------------------------------------------------------


def test_rev010_seed_article_gives_six_json_rows(seed_rows: list[dict[str, Any]]) -> None:
    assert [r["place"] for r in seed_rows] == ["Kharkiv", "Zaporizhzhia", "Uman", "Mykolaiv", "Odesa", "Novoshakhtinsk"]
    assert json.loads(json.dumps(seed_rows)) == seed_rows  # the grid sends them back and forth as JSON
    assert all(r["keep"] and r["check"] == "" and r["geocoded"] == r["place"] for r in seed_rows)
    odesa = seed_rows[4]
    assert odesa["infrastructure"] == "energy, port" and odesa["region"] == "Odesa (UA-51)"
    assert len({r["row_id"] for r in seed_rows}) == 6


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("  ", None), (0, 0), (3, 3), (3.0, 3), ("4", 4), (" 12 ", 12), (float("nan"), None)],
)
def test_rev011_parse_count(value: object, expected: int | None) -> None:
    assert parse_count(value) == expected


@pytest.mark.parametrize("value", [-1, "-2", 2.5, "two", True, [1]])
def test_rev012_parse_count_refuses(value: object) -> None:
    with pytest.raises(ReviewError):
        parse_count(value, "killed")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", []),
        (None, []),
        ("port, Energy", ["energy", "port"]),
        ("energy;water", ["energy", "water"]),
        (["health"], ["health"]),
        ("energy, energy", ["energy"]),
    ],
)
def test_rev013_parse_infrastructure(value: object, expected: list[str]) -> None:
    assert parse_infrastructure(value) == expected


def test_rev014_parse_infrastructure_names_the_vocabulary() -> None:
    with pytest.raises(ReviewError, match=r"'power grid' not a category; use energy, port"):
        parse_infrastructure("energy, power grid")


@pytest.mark.parametrize(
    ("weapon", "expected"),
    [
        ("Shahed drones", "Air/drone strike"),
        ("guided aerial bomb", "Air/drone strike"),
        ("Storm Shadow missile", "Shelling/artillery/missile attack"),
        ("artillery", "Shelling/artillery/missile attack"),
        ("", "Shelling/artillery/missile attack"),
        ("mystery device", "Grenade"),
    ],
)
def test_rev015_sub_event_type_follows_the_weapon(weapon: str, expected: str) -> None:
    assert sub_event_for(weapon, fallback="Grenade") == expected


def test_rev016_edited_place_is_geocoded_again() -> None:
    geo = FakeGeocoder()
    row = _rows()[0]
    out = apply_edit({**row, "place": "Kherson"}, "place", geo)
    assert (out["lat"], out["lon"], out["admin1_code"], out["region"]) == (46.6354, 32.6169, "UA-65", "Kherson (UA-65)")
    assert out["geocoded"] == "Kherson" and out["check"] == "" and geo.calls == ["Kherson"]
    fuzzy = apply_edit({**row, "place": "Khersonn"}, "place", geo)
    assert fuzzy["region"] == "Kherson · Kherson (UA-65)"  # the reviewer sees what the typo was taken for


@pytest.mark.parametrize(
    ("place", "message"),
    [("Atlantisz", "place 'Atlantisz' not found"), ("Paris", "outside Ukraine and Russia"), ("  ", "place is empty")],
)
def test_rev017_unresolved_place_is_a_problem_and_loses_its_point(place: str, message: str) -> None:
    out = apply_edit({**_rows()[0], "place": place}, "place", FakeGeocoder())
    assert message in out["check"]
    if place.strip():
        assert out["lat"] is None and out["lon"] is None and out["region"] == ""


def test_rev018_other_edits_are_checked_without_geocoding() -> None:
    geo = FakeGeocoder()
    row = _rows()[0]
    assert "killed: -1 must be 0 or more" in apply_edit({**row, "killed": -1}, "killed", geo)["check"]
    assert "not a category" in apply_edit({**row, "infrastructure": "bridge"}, "infrastructure", geo)["check"]
    drone = apply_edit({**row, "weapon": "Shahed drone"}, "weapon", geo)
    assert drone["sub_event_type"] == "Air/drone strike" and drone["check"] == ""
    assert geo.calls == []


def test_rev019_edit_callback_returns_only_the_edited_rows() -> None:
    rows = _rows()
    changes = [{"rowId": "c2", "colId": "place", "data": {**rows[1], "place": "Kherson"}}]
    updated = panel.edit_rows(changes, rows, None, FakeGeocoder())
    assert [r["row_id"] for r in updated] == ["c2"] and updated[0]["admin1_code"] == "UA-65"
    assert panel.edit_rows(None, rows, rows) == []
    assert panel.edit_rows([{"rowId": "nope", "data": {"row_id": "nope"}}], rows, rows) == []


def test_rev020_current_rows_prefers_the_grid_view_keeps_extraction_order() -> None:
    rows = _rows()
    virtual = [{**rows[1], "killed": 0}, rows[0]]  # sorted in the grid, and edited
    current = panel.current_rows(rows, virtual)
    assert [r["row_id"] for r in current] == ["c1", "c2"] and current[1]["killed"] == 0
    assert panel.current_rows(None, None) == []


# -- date, source, events ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("", True),
        (None, True),
        ("https://kyivindependent.com/a", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("ftp://example.org/a", False),
        ("http://", False),
        ("https://example.org/a b", False),
        ("example.org", False),
    ],
)
def test_rev030_source_url_must_be_http(url: str | None, ok: bool) -> None:
    problems = check_source("Kyiv Independent", url)
    assert (problems == []) is ok
    if not ok:
        assert "must start with http:// or https://" in problems[0]


def test_rev031_source_name_is_required() -> None:
    assert "Source: name the outlet" in check_source("  ", "https://example.org")[0]


def test_rev032_prepare_builds_valid_extracted_events() -> None:
    rows = _rows()
    rows[1]["killed"] = "0"
    prepared = prepare_events(rows, "2025-12-26", " Kyiv Independent ", "https://example.org/a", today=TODAY)
    assert prepared.ok and prepared.kept == 2 and prepared.dropped == 0
    events = prepared.events
    assert events is not None and list(events.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert (events["dataset"] == "extracted").all() and events["event_id"].str.startswith("EXT-").all()
    assert (events["event_date"] == pd.Timestamp("2025-12-26")).all()
    assert events["killed"].tolist() == [2, 0]
    assert events["source"].tolist() == ["Mayor Ihor Terekhov; Kyiv Independent"] * 2
    assert (events["source_url"] == "https://example.org/a").all()
    # the same review gives the same events: a confirmation is bound to exactly these
    again = prepare_events(rows, "2025-12-26", "Kyiv Independent", "https://example.org/a", today=TODAY)
    assert again.fingerprint == prepared.fingerprint
    rows[0]["injured"] = 7
    assert (
        prepare_events(rows, "2025-12-26", "Kyiv Independent", "https://example.org/a", today=TODAY).fingerprint
        != prepared.fingerprint
    )


def test_rev033_dropped_rows_are_left_out() -> None:
    rows = _rows()
    rows[0]["keep"] = False
    prepared = prepare_events(rows, "2025-12-26", "KI", None, today=TODAY)
    assert prepared.ok and prepared.kept == 1 and prepared.dropped == 1
    assert prepared.events is not None and prepared.events["location"].tolist() == ["Uman"]
    assert prepared.events["source_url"].isna().all()


def test_rev034_prepare_lists_every_problem() -> None:
    rows = _rows()
    rows[0]["killed"] = -3
    rows[1]["infrastructure"] = "bridges"
    prepared = prepare_events(rows, None, "", "javascript:alert(1)", today=TODAY)
    assert not prepared.ok and prepared.events is None
    text = "\n".join(prepared.problems)
    for expected in (
        "Event date: choose",
        "Source: name",
        "javascript:alert(1)",
        "Row 1 (Kharkiv): killed",
        "Row 2 (Uman): infrastructure",
    ):
        assert expected in text
    assert "in the future" in prepare_events(_rows(), "2026-01-05", "KI", None, today=TODAY).problems[0]
    nothing = [{**r, "keep": False} for r in _rows()]
    assert "No candidate is kept" in prepare_events(nothing, "2025-12-26", "KI", None, today=TODAY).problems[0]


def test_rev035_prepare_geocodes_a_place_the_grid_has_not_yet() -> None:
    rows = _rows()
    rows[1]["place"] = "Kherson"  # edited, its callback not run yet
    prepared = prepare_events(rows, "2025-12-26", "KI", None, today=TODAY, geocoder=FakeGeocoder())
    assert prepared.ok and prepared.events is not None
    assert prepared.events["admin1_code"].tolist() == ["UA-63", "UA-65"]
    rows[1]["place"] = "Nowhere-on-earth"
    bad = prepare_events(rows, "2025-12-26", "KI", None, today=TODAY, geocoder=FakeGeocoder())
    assert "Row 2 (Nowhere-on-earth): place 'Nowhere-on-earth' not found" in bad.problems[0]


def test_rev036_the_same_event_twice_is_refused() -> None:
    rows = _rows()
    rows.append({**rows[0], "row_id": "c3"})
    problems = prepare_events(rows, "2025-12-26", "KI", None, today=TODAY).problems
    assert problems == ["Row 3 (Kharkiv): the same event as Row 1 (Kharkiv); drop one of them."]


# -- into the store ----------------------------------------------------------------------------------------


def test_rev040_add_is_idempotent_and_flags_cross_source_duplicates(store: Path) -> None:
    before = len(read_store(store))
    events = prepare_events(_rows(), "2025-12-26", "KI", "https://example.org/a", today=TODAY).events
    assert events is not None
    preview = preview_merge(events, store)
    assert (preview.added, preview.already) == (2, 0) and len(read_store(store)) == before  # a preview writes nothing
    result = add_events(events, store)
    assert (result.added, result.already, result.total) == (2, 0, before + 2)
    assert result.flagged == 2  # the seed rows of the sample store: same day, within 5 km, another dataset
    stored = read_store(store)
    assert len(stored) == before + 2 and (stored["dataset"] == "extracted").sum() == 2
    again = add_events(events, store)
    assert (again.added, again.already, again.total) == (0, 2, before + 2)
    assert "(2 were already there)" in again.message(done=True)


def test_rev041_add_creates_a_missing_store(tmp_path: Path) -> None:
    events = prepare_events(_rows(), "2025-12-26", "KI", None, today=TODAY).events
    assert events is not None
    path = tmp_path / "new" / "events.parquet"
    assert add_events(events, path).added == 2
    assert len(read_store(path)) == 2


def test_rev042_nothing_is_written_before_confirmation(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    invalidated: list[bool] = []
    monkeypatch.setattr(panel.state, "invalidate", lambda: invalidated.append(True))
    before = len(read_store(store))
    rows = _rows()
    args = (rows, "2025-12-26", "KI", "https://example.org/a")

    report, box, pending, label, written = panel.review_step("check", *args, None, store, today=TODAY)
    assert box["display"] == "flex" and pending and label == "Yes, add 2 events" and not written
    assert "Ready: 2 events dated 2025-12-26" in str(report) and "Nothing is written until you confirm" in str(report)
    assert len(read_store(store)) == before and not invalidated

    # the table changed after the check: the old confirmation does not apply, the new state is checked instead
    changed = [{**rows[0], "killed": 5}, rows[1]]
    report, box, pending2, _label, written = panel.review_step(
        "confirm", changed, *args[1:], pending, store, today=TODAY
    )
    assert not written and pending2 != pending and "changed since the last check" in str(report)
    assert len(read_store(store)) == before

    report, box, pending3, _label, written = panel.review_step("confirm", *args, pending, store, today=TODAY)
    assert written and box == {"display": "none"} and pending3 is None and invalidated == [True]
    assert "Added 2 events to the store (0 were already there)" in str(report)
    assert len(read_store(store)) == before + 2

    report, box, _p, _l, written = panel.review_step("check", *args, None, store, today=TODAY)
    assert "Nothing new to add" in str(report) and box == {"display": "none"} and not written


def test_rev043_cancel_reset_and_problems_hide_the_confirmation(store: Path) -> None:
    rows = _rows()
    for action in ("cancel", "reset"):
        _report, box, pending, _label, written = panel.review_step(action, rows, "2025-12-26", "KI", None, "x", store)
        assert box == {"display": "none"} and pending is None and not written
    report, box, pending, _label, written = panel.review_step(
        "confirm", rows, "2025-12-26", "KI", "javascript:alert(1)", "abc", store, today=TODAY
    )
    assert box == {"display": "none"} and pending is None and not written
    assert "Nothing can be added yet" in str(report) and "javascript:alert(1)" in str(report)


# -- evidence, map, layout ---------------------------------------------------------------------------------


def test_rev050_highlight_marks_span_and_every_mention() -> None:
    text = "Kharkiv, Uman were hit.\nIn kharkiv, a bomb hit a road. Kharkivska oblast"
    pieces = highlight(text, ["Kharkiv"], (0, 7))
    assert [p for p, m in pieces if m] == ["Kharkiv", "kharkiv"]  # whole words only, any case
    assert "".join(p for p, _m in pieces) == text


def test_rev051_highlight_survives_bad_spans_and_overlaps() -> None:
    assert highlight("a b c", ["b"], (5, 9)) == [("a ", False), ("b", True), (" c", False)]
    assert highlight("Novoshakhtinsk refinery", ["Novoshakhtinsk", "Novoshakhtinsk refinery"], (0, 14)) == [
        ("Novoshakhtinsk refinery", True)
    ]
    assert highlight("", ["x"], None) == []


def test_rev052_evidence_is_rendered_as_text_with_marks() -> None:
    row = {
        **_rows()[0],
        "evidence": "<img src=x onerror=alert(1)> Kharkiv\nIn Kharkiv, <b>bold</b>",
        "evidence_span": None,
        "actor": "Military Forces of Russia (2000-)",
    }
    view = panel.evidence_view(row)
    paragraphs = [c for c in view if isinstance(c, html.P) and getattr(c, "className", None) != "muted small"]
    assert len(paragraphs) == 2
    first = paragraphs[0].children
    assert first[0] == "<img src=x onerror=alert(1)> " and isinstance(first[1], html.Mark)
    assert first[1].children == "Kharkiv"
    assert paragraphs[1].children[-1] == ", <b>bold</b>"  # a plain string: React shows it as text
    assert "reported by Mayor Ihor Terekhov" in str(view[1].children)
    assert "Click a row" in str(panel.evidence_view(None))


def test_rev053_map_is_offline_and_escapes_hover_text() -> None:
    rows = _rows()
    rows[1]["keep"] = False
    rows[0]["place"] = "<b>Kharkiv</b>"
    fig = panel.candidates_map(rows, selected="c2")
    assert fig.layout.map.style == "white-bg"
    assert [layer.source for layer in fig.layout.map.layers][-1] == panel.OUTLINES_URL  # after the sea
    traces = {t.name: t for t in fig.data}
    assert len(traces["kept"].lat) == 1 and len(traces["dropped"].lat) == 1 and len(traces["selected"].lat) == 1
    assert "&lt;b&gt;Kharkiv&lt;/b&gt;" in traces["kept"].hovertext[0]
    assert "carto" not in json.dumps(fig.to_plotly_json(), default=str)
    empty = panel.candidates_map([])
    assert empty.layout.map.center.lat == 48.5  # Ukraine when there is nothing yet


def test_rev054_extract_callback(seed_rows: list[dict[str, Any]]) -> None:
    rows, status, suggested, note = panel.extract_rows(SEED_ARTICLE.read_text(encoding="utf-8"), today=TODAY)
    assert len(rows) == 6 and status.startswith("6 candidate events found")
    assert suggested is None and "2022-02-24" in note and "set the day of the strikes" in note
    assert rows[0]["confidence"] == round(seed_rows[0]["confidence"], 2)
    assert panel.extract_rows("   ")[1].startswith("Paste the text")
    rows, status, _s, _n = panel.extract_rows("Leaders met in Florida to talk about peace.", today=TODAY)
    assert rows == [] and "No strike" in status


def _ids(component: Any) -> list[str]:
    found = []
    if getattr(component, "id", None):
        found.append(component.id)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found.extend(_ids(child))
    return found


def test_rev055_layout_ids_are_prefixed_and_nothing_is_raw_html() -> None:
    layout = panel.layout()
    ids = _ids(layout)
    assert ids and all(i.startswith("review-") for i in ids)
    for required in (
        "review-text",
        "review-upload",
        "review-extract",
        "review-grid",
        "review-map",
        "review-date",
        "review-source",
        "review-url",
        "review-add",
        "review-confirm",
        "review-cancel",
        "review-report",
    ):
        assert required in ids
    assert "dangerously_allow_html" not in json.dumps(layout.to_plotly_json(), default=str)
    assert panel.TITLE == "Add events from text"
    editable = {c["field"] for c in panel.COLUMNS if c.get("editable")}
    assert editable == {"keep", "place", "killed", "injured", "weapon", "infrastructure", "power_outage"}


def test_rev056_the_app_mounts_the_panel_as_a_tab(tmp_path: Path) -> None:
    from dashboard.app import create_app, load_panels

    assert panel in load_panels()
    app = create_app(write_sample_store(tmp_path / "events.parquet"))
    page = app.server.test_client().get("/_dash-layout").get_data(as_text=True)
    assert "Add events from text" in page and "panel-review" in page
    # its grid joins the page when the tab is first opened (layout.mount_panels)
    mount = next(cb for key, cb in app.callback_map.items() if "panel-review.children" in key)["callback"]
    others = [None] * (len(load_panels()) - 1)
    mounted = json.dumps(mount.__wrapped__(panel.__name__, *others, None), default=str)
    assert "review-grid" in mounted
