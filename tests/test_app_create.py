"""create_app: no work at import, stable ids, panels, routes, compression (app family)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import dash
import plotly.utils
import pytest

from dashboard.app import PANELS, create_app, load_panels, state
from dashboard.app.layout import chart_graphs, event_table
from dashboard.cli import parser
from tests.browser.sample_store import write_sample_store

ROOT = Path(__file__).resolve().parent.parent
IDS = (
    "map",
    "event-count",
    "filter-region",
    "filter-dates",
    "filter-event-type",
    "filter-weapon",
    "filter-infrastructure",
    "filter-min-killed",
    "filter-min-injured",
    "filter-text",
    "filter-reset",
    "event-detail",
    "url",
    "download",
    "present-toggle",
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return write_sample_store(tmp_path / "events.parquet")


@pytest.fixture
def restore_state() -> object:
    before = state.get_store_path()
    yield
    state.set_store_path(before)
    state.invalidate()


def _ids(node: object) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        props = node.get("props", {})
        if isinstance(props.get("id"), str):
            found.add(props["id"])
        for value in props.values():
            found |= _ids(value)
    elif isinstance(node, list):
        for item in node:
            found |= _ids(item)
    return found


def test_app001_importing_does_no_io(tmp_path: Path) -> None:
    code = (
        "import dashboard.app, dashboard.app.callbacks, dashboard.app.layout, dashboard.app.figures\n"
        "from dashboard.app import state\n"
        "assert state._serving.cache_info().currsize == 0\n"
        "import sys; assert 'h3' not in sys.modules, 'h3 loaded at import'\n"
    )
    env = {"STRIKE_ATLAS_STORE": str(tmp_path / "missing.parquet"), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def test_app002_layout_has_the_stable_ids_and_title(store: Path, restore_state: object) -> None:
    app = create_app(store)
    assert app.title == "Strike Atlas" and app.config.serve_locally
    client = app.server.test_client()
    layout = client.get("/_dash-layout").get_json()
    assert set(IDS) <= _ids(layout)
    # The charts and the table join once the map is drawn (callbacks "lower"): not in the first layout.
    assert not {"event-table", "timeseries", "region-bar"} & _ids(layout)
    lower = json.loads(json.dumps([chart_graphs(), event_table()], cls=plotly.utils.PlotlyJSONEncoder))
    assert {"event-table", "timeseries", "region-bar", "table-note"} <= _ids(lower)
    page = client.get("/").get_data(as_text=True)
    assert "<title>Strike Atlas</title>" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()  # every script from this server


def test_app003_missing_store_shows_a_message_instead_of_crashing(tmp_path: Path, restore_state: object) -> None:
    app = create_app(tmp_path / "nothing.parquet")
    layout = json.dumps(app.server.test_client().get("/_dash-layout").get_json())
    assert "No event store yet" in layout


def test_app004_outlines_are_one_cached_geojson(store: Path, restore_state: object) -> None:
    pytest.importorskip("dashboard.geo.reference")
    from dashboard import config

    if not config.ADMIN1_PATH.exists():
        pytest.skip("reference data not built")
    client = create_app(store).server.test_client()
    response = client.get("/_atlas/admin1.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    assert "max-age" in response.headers["Cache-Control"]
    data = json.loads(response.get_data())
    codes = {f["properties"]["admin1_code"] for f in data["features"]}
    assert {"UA-63", "RU-ROS", "UA-43"} <= codes


def test_app005_large_responses_are_gzipped(store: Path, restore_state: object) -> None:
    client = create_app(store).server.test_client()
    plain = client.get("/_dash-layout")
    packed = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.get_data())) == plain.get_json()
    assert len(packed.get_data()) < len(plain.get_data()) / 3


def test_app006_panels_join_as_tabs(store: Path, restore_state: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from dash import html

    fake = types.ModuleType("dashboard.app.upload")
    fake.TITLE = "Import data"  # type: ignore[attr-defined]
    fake.layout = lambda: html.Div("upload here", id="upload-panel")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dashboard.app.upload", fake)
    assert fake in load_panels(PANELS)
    app = create_app(store)
    layout = app.server.test_client().get("/_dash-layout").get_json()
    assert "tabs" in _ids(layout) and "Import data" in json.dumps(layout)
    # the panel's own layout joins the page when its tab is first opened, not in the first layout
    assert "upload-panel" not in _ids(layout) and "panel-upload" in _ids(layout)
    mount = next(cb for key, cb in app.callback_map.items() if "panel-upload.children" in key)["callback"]
    others = [None] * (len(load_panels(PANELS)) - 1)  # the Review panel's slot, after the upload panel's
    mounted = mount.__wrapped__("dashboard.app.upload", None, *others)
    assert mounted[0].id == "upload-panel" and all(m is dash.no_update for m in mounted[1:])
    assert mount.__wrapped__("dashboard.app.upload", ["already there"], *others)[0] is dash.no_update
    assert mount.__wrapped__("map", None, *others)[0] is dash.no_update


def test_app006b_map_page_scripts(store: Path, restore_state: object) -> None:
    """The map page's index loads AG Grid `defer` (its table mounts after the map) and no DataTable; /energy,
    whose grid is in its first layout, loads AG Grid before the renderer starts."""
    client = create_app(store).server.test_client()
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"[^>]*>", client.get("/").get_data(as_text=True))
    tags = re.findall(r"<script[^>]*src=[^>]*>", client.get("/").get_data(as_text=True))
    assert not any("dash_table" in s for s in scripts)
    grid = [t for t in tags if "dash_ag_grid" in t]
    assert len(grid) == 1 and " defer " in grid[0]
    energy = re.findall(r"<script[^>]*src=[^>]*>", client.get("/energy").get_data(as_text=True))
    assert [t for t in energy if "dash_ag_grid" in t and "defer" not in t]


def test_app007_a_panel_with_a_broken_import_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str) -> object:
        raise ModuleNotFoundError("No module named 'nonexistent_dep'", name="nonexistent_dep")

    monkeypatch.setattr("importlib.import_module", broken)
    with pytest.raises(ModuleNotFoundError):
        load_panels(("dashboard.app.upload",))


def test_app008_serve_is_not_in_debug_mode_by_default() -> None:
    args = parser().parse_args(["serve"])
    assert args.debug is False


def test_app009_serves_outline_tiles_with_long_cache(store: Path, restore_state: object) -> None:
    import mapbox_vector_tile

    from dashboard.geo.outline_tiles import tile_of

    client = create_app(store).server.test_client()
    x, y = tile_of(36.23, 49.99, 6)  # Kharkiv
    response = client.get(f"/_atlas/tiles/6/{x}/{y}.pbf")
    assert response.status_code == 200 and response.mimetype == "application/vnd.mapbox-vector-tile"
    assert "max-age" in response.headers["Cache-Control"]
    features = mapbox_vector_tile.decode(response.data)["admin1"]["features"]
    assert "UA-63" in {f["properties"]["admin1_code"] for f in features}
    assert client.get("/_atlas/tiles/6/999/1.pbf").status_code == 404
