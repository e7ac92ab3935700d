"""The partial plotly.js bundle: same release as the pinned plotly, every trace type the app draws, served in
place of the full bundle (and the full bundle when the two releases differ)."""

from __future__ import annotations

import ast
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.app import create_app, plotlyjs

APP_DIR = Path(plotlyjs.__file__).resolve().parent


def _trace_types_in_app() -> set[str]:
    """Trace types built anywhere in dashboard/app: every `go.<Trace>(...)` call."""
    names: set[str] = set()
    for path in APP_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                value = node.func.value
                if isinstance(value, ast.Name) and value.id == "go" and node.func.attr not in ("Figure", "Layout"):
                    names.add(node.func.attr)
    return {getattr(go, name)().type for name in names}


def test_bundle_is_the_release_the_pinned_plotly_needs() -> None:
    assert plotlyjs.BUNDLE.stat().st_size > 1_000_000
    assert plotlyjs.bundle_version() == get_plotlyjs_version()
    assert plotlyjs.serves_partial_bundle()


def test_every_trace_type_the_app_draws_is_in_the_bundle() -> None:
    used = _trace_types_in_app()
    assert {"scattermap", "bar", "scatter"} <= used  # the scan finds the figures' traces
    assert used <= set(plotlyjs.TRACES)
    banner = plotlyjs.BUNDLE.read_bytes()[:200].decode()
    assert all(trace in banner for trace in plotlyjs.TRACES)


def test_dash_gets_the_partial_bundle_with_an_etag(seed_store: Path) -> None:
    client = create_app(seed_store).server.test_client()
    response = client.get(plotlyjs.PLOTLY_PATH, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert len(response.data) < 1_200_000  # gzipped partial bundle; the full one is ~1.5 MB gzipped
    plain = client.get(plotlyjs.PLOTLY_PATH)
    assert plain.data == plotlyjs.BUNDLE.read_bytes()
    again = client.get(plotlyjs.PLOTLY_PATH, headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_bundle_of_another_release_is_not_served(
    seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    stale = tmp_path / "plotly.min.js"
    stale.write_text("/* plotly.js v0.0.1 partial bundle */ var Plotly = {};")
    assert plotlyjs.bundle_version(stale) == "0.0.1"
    monkeypatch.setattr(plotlyjs, "BUNDLE", stale)
    plotlyjs.serves_partial_bundle.cache_clear()
    plotlyjs._bundle.cache_clear()
    try:
        body = create_app(seed_store).server.test_client().get(plotlyjs.PLOTLY_PATH).data
        assert body.lstrip().startswith(b"/**\n* plotly.js v" + get_plotlyjs_version().encode())  # the full one
        assert "serving the full bundle" in caplog.text
    finally:
        plotlyjs.serves_partial_bundle.cache_clear()
        plotlyjs._bundle.cache_clear()


def test_no_bundle_means_no_version(tmp_path: Path) -> None:
    assert plotlyjs.bundle_version(tmp_path / "missing.js") is None
