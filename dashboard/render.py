"""``python -m dashboard render``: the map of the filtered events as a PNG, SVG or PDF, made on the server.

The figure is the dashboard's own (:func:`dashboard.app.figures.map_figure` on the offline style) dressed
for presenting (:func:`dashboard.app.present.presentation`: title, dates, filters, legend, attribution) and
drawn by ``kaleido`` in Debian's Chromium. Nothing is fetched from the internet: plotly.js comes from the
installed plotly package, MathJax is off, the names and outlines are inline in the style, and the label
glyphs are served for the length of the render by a server on 127.0.0.1 (the page kaleido draws in is a
``file://`` page, which cannot read glyph files from disk).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import flask
import numpy as np
from werkzeug.serving import WSGIRequestHandler, make_server

from dashboard.filters import FilterSpec

if TYPE_CHECKING:
    from dashboard.serving import ServingFrame as Frame

__all__ = ["FORMATS", "RenderError", "render_map"]

FORMATS = ("png", "svg", "pdf")
CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 120  # seconds for one image: MapLibre draws in software here


class RenderError(ValueError):
    """The image could not be made (no browser, a bad option); the message says why."""


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None  # one line per glyph range would bury the command's own output


@contextlib.contextmanager
def glyph_server(install: Callable[[flask.Flask], None] | None = None) -> Iterator[str]:
    """The app's glyph route on 127.0.0.1 (an ephemeral port) while the block runs; yields its base URL.

    `install` adds routes of the caller's (the video's page and scripts) before the server starts.
    """
    from dashboard.app import mapstyle

    app = flask.Flask("strike-atlas-render")
    mapstyle.install(app)
    if install is not None:
        install(app)

    @app.after_request
    def _cors(response: flask.Response) -> flask.Response:
        response.headers["Access-Control-Allow-Origin"] = "*"  # kaleido's page is file:// (origin null)
        return response

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="render-glyphs", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _box(lat: np.ndarray, lon: np.ndarray) -> tuple[float, float, float, float]:
    """The events' extent grown by 8 degrees (Ukraine and its neighbours when there are none), as the app."""
    ok = np.isfinite(lat) & np.isfinite(lon)
    if not ok.any():
        return (10.0, 35.0, 60.0, 65.0)
    s, n = np.quantile(lat[ok], [0.001, 0.999])
    w, e = np.quantile(lon[ok], [0.001, 0.999])
    return (float(np.floor(w - 8)), float(np.floor(s - 8)), float(np.ceil(e + 8)), float(np.ceil(n + 8)))


def build_figure(
    store: Path | None,
    spec: FilterSpec,
    *,
    title: str,
    width: int,
    height: int,
    theme: str,
    base_url: str,
    sf: Frame | None = None,
) -> object:
    """The presentation figure of the filtered events, its style pointing at `base_url` for glyphs."""
    from dashboard.app import labels, mapstyle, present
    from dashboard.app.figures import map_figure
    from dashboard.geo.admin1 import DEFAULT_OUTLINE_COUNTRIES, admin1_outlines
    from dashboard.map_view import map_view
    from dashboard.serving import ServingFrame
    from dashboard.store import read_store

    if sf is None:
        if store is None:
            raise RenderError("no store to render from")
        sf = ServingFrame.from_events(read_store(store))
    positions = sf.positions(spec)
    view = map_view(sf, positions, None, "event_type")
    countries = {str(c) for c in sf.events["country"].iloc[positions].dropna().unique()}
    outlines = admin1_outlines(tuple(sorted(set(DEFAULT_OUTLINE_COUNTRIES) | countries)), tolerance=0.02)
    fig = map_figure(view, outlines=outlines, theme=theme, named=True)
    scale = present.style_scale(width, height)
    box = _box(sf.lat[positions], sf.lon[positions])
    basemap = labels.basemap_collection(box, tuple(sorted({*mapstyle.REGION_COUNTRIES, *countries})))
    fig.layout.map.style = mapstyle.map_style(theme, outlines, scale=scale, base_url=base_url, basemap=basemap)
    present.presentation(fig, title=title, lines=present.subtitle_for(sf, positions, spec), theme=theme, scale=scale)
    fig.update_layout(width=width, height=height)
    return fig


def render_map(
    store: Path | None,
    spec: FilterSpec,
    out: Path,
    *,
    title: str = "",
    width: int = 1920,
    height: int = 1080,
    theme: str = "light",
    sf: Frame | None = None,
) -> Path:
    """Write the map of `spec`'s events from `store` (or the serving frame `sf`) to `out`. Returns `out`.

    The format is `out`'s suffix.
    """
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise RenderError(f"{out}: cannot render .{fmt}; use one of {', '.join('.' + f for f in FORMATS)}")
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise RenderError(f"--width and --height must be 200–8000 pixels (got {width}×{height})")
    if theme not in ("light", "dark"):
        raise RenderError(f"--theme must be light or dark (got {theme!r})")
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    from dashboard.app.present import DEFAULT_TITLE

    if os.path.exists(CHROMIUM):  # Debian's Chromium, never a download (choreographer reads BROWSER_PATH)
        os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    with glyph_server() as base_url:
        fig = build_figure(
            store,
            spec,
            title=title or DEFAULT_TITLE,
            width=width,
            height=height,
            theme=theme,
            base_url=base_url,
            sf=sf,
        )
        try:
            image = kaleido.calc_fig_sync(
                fig.to_plotly_json(),  # type: ignore[attr-defined]
                opts={"format": fmt, "width": width, "height": height, "scale": 1},
                kopts={"mathjax": False, "timeout": TIMEOUT},
            )
        except ChromeNotFoundError as exc:
            raise RenderError(f"no Chromium found for kaleido ({exc}); install Debian's chromium") from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(image)
    return out
