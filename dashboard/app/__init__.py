"""The Dash shell of Strike Atlas: ``create_app(store_path)`` builds the app; nothing happens at import.

Panels written elsewhere (``PANELS``) join as tabs when their module exists. Each exposes ``TITLE``,
``layout()`` and registers its callbacks with ``@dash.callback`` at import; it reaches the data through
``dashboard.app.state`` (``get_store_path``, ``get_events``, ``invalidate``), never through the app object.
"""

from __future__ import annotations

import gzip
import importlib
import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import dash
import flask
import numpy as np

from dashboard import config
from dashboard.app import callbacks, energy_page, export_media, mapstyle, plotlyjs, present, state, story, timelapse
from dashboard.app import layout as map_layout
from dashboard.map_view import POINT_LIMIT
from dashboard.web import api
from dashboard.web.auth import WritePolicy, install_policy
from dashboard.web.headers import install_headers

__all__ = ["PANELS", "AtlasDash", "create_app", "load_panels"]

PANELS: tuple[str, ...] = ("dashboard.app.upload", "dashboard.app.review")
ASSETS = Path(__file__).resolve().parent / "assets"
OUTLINE_TOLERANCE = 0.04  # degrees (~4 km, 2-3 px at the zoom a country fills the map): see _outlines_bytes


def load_panels(names: Sequence[str] = PANELS) -> list[ModuleType]:
    """The panel modules that exist. Only a missing panel module is skipped; its own import errors raise."""
    found = []
    for name in names:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


def _bounds(geometry: dict) -> tuple[float, float, float, float]:
    flat = np.asarray([xy for polygon in _polygons(geometry) for ring in polygon for xy in ring], dtype=float)
    return flat[:, 0].min(), flat[:, 1].min(), flat[:, 0].max(), flat[:, 1].max()


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


@lru_cache(maxsize=4)
def _outlines_bytes(countries: tuple[str, ...], box: tuple[float, float, float, float]) -> bytes:
    """Admin-1 outlines of the data's countries and their neighbours, within `box` (west, south, east, north).

    MapLibre parses this file before the map is interactive (and before a click counts), so it is kept
    small: regions far from every event are left out (Russia alone is 650 kB, most of it Siberia), lines
    are simplified to ~4 km and coordinates rounded to ~100 m, plenty for admin-1 borders under the markers
    (Ukraine and its neighbours: 560 kB at ~2 km with names, 230 kB so; MapLibre parses it in ~half the time).
    """
    from dashboard.geo.admin1 import DEFAULT_OUTLINE_COUNTRIES, admin1_outlines

    wanted = tuple(sorted(set(DEFAULT_OUTLINE_COUNTRIES) | set(countries)))
    collection = admin1_outlines(wanted, tolerance=OUTLINE_TOLERANCE)
    west, south, east, north = box
    features = []
    for feature in collection["features"]:
        w, s, e, n = _bounds(feature["geometry"])
        if w <= east and e >= west and s <= north and n >= south:
            geometry = {**feature["geometry"], "coordinates": _rounded(feature["geometry"]["coordinates"])}
            properties = {k: feature["properties"][k] for k in ("admin1_code", "country")}  # what a style reads
            features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()


def _rounded(coordinates: list) -> list:
    if coordinates and isinstance(coordinates[0], int | float):
        return [round(coordinates[0], 3), round(coordinates[1], 3)]
    return [_rounded(c) for c in coordinates]


def _data_box() -> tuple[tuple[str, ...], tuple[float, float, float, float]]:
    """The store's countries and its extent (central 99.8 %) grown by 8 degrees, rounded for caching."""
    events = state.get_events()
    countries = tuple(sorted(str(c) for c in events.events["country"].dropna().unique()))
    lat, lon = events.lat[np.isfinite(events.lat)], events.lon[np.isfinite(events.lon)]
    if len(lat) == 0:
        return countries, (10.0, 35.0, 60.0, 65.0)  # Ukraine and its neighbours
    s, n = np.quantile(lat, [0.001, 0.999])
    w, e = np.quantile(lon, [0.001, 0.999])
    return countries, (float(np.floor(w - 8)), float(np.floor(s - 8)), float(np.ceil(e + 8)), float(np.ceil(n + 8)))


def _install_routes(server: flask.Flask) -> None:
    @server.route(callbacks.OUTLINES_URL)
    def _admin1_outlines() -> flask.Response:
        # Admin-1 outlines as one cached GeoJSON file: figures carry its URL, not 1-2 MB of polygons each.
        try:
            body = _outlines_bytes(*_data_box())
        except (FileNotFoundError, ModuleNotFoundError):  # reference data not built: the map has no outlines
            return flask.Response('{"type":"FeatureCollection","features":[]}', mimetype="application/geo+json")
        response = flask.Response(body, mimetype="application/geo+json")
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    @server.route(callbacks.TILES_PATH.replace("{z}", "<int:z>").replace("{x}", "<int:x>").replace("{y}", "<int:y>"))
    def _outline_tile(z: int, x: int, y: int) -> flask.Response:
        # The offline map's land and borders as vector tiles (dashboard.geo.outline_tiles), cut once each.
        from dashboard.geo.outline_tiles import TileOutOfRange, outline_tile

        try:
            body = outline_tile(z, x, y, _tile_countries())
        except TileOutOfRange as exc:
            return flask.Response(str(exc), status=404, mimetype="text/plain")
        except (FileNotFoundError, ModuleNotFoundError):  # reference data not built: no land, sea only
            body = b""
        response = flask.Response(body, mimetype="application/vnd.mapbox-vector-tile")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response


_TILE_COUNTRIES: dict[str, tuple[str, ...]] = {}  # store version -> countries: one entry


def _tile_countries() -> tuple[str, ...]:
    """Ukraine's neighbourhood and every country the store has events in, once per store version.

    Asked on every tile request: _data_box's unique countries and quantiles cost tens of ms at 1M events.
    """
    from dashboard.geo.admin1 import DEFAULT_OUTLINE_COUNTRIES

    token = state.get_events().token
    if token not in _TILE_COUNTRIES:
        countries = tuple(sorted(set(DEFAULT_OUTLINE_COUNTRIES) | set(_data_box()[0])))
        _TILE_COUNTRIES.clear()
        _TILE_COUNTRIES[token] = countries
    return _TILE_COUNTRIES[token]


def _install_cache_policy(server: flask.Flask) -> None:
    """Let the browser keep what does not change between visits, so a revisit asks the server for data only.

    Dash sends its lazily loaded chunks (async-graph.js, the dropdown, the grid) and the favicon with an
    ETag but no lifetime, so every visit revalidated each of them — a round trip before the graph could
    even start — and the favicon (15 kB) came again every time. Assets carry a modification stamp in
    their URL (``?m=``) and can be kept for good.
    """

    @server.after_request
    def _cache(response: flask.Response) -> flask.Response:
        if response.status_code not in (200, 304) or "max-age" in response.headers.get("Cache-Control", ""):
            return response  # an error, or a lifetime set on purpose (fingerprinted bundles, tiles, outlines)
        path = flask.request.path
        if path.startswith("/assets/") and "m" in flask.request.args:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif path == "/_favicon.ico" or path.startswith("/_dash-component-suites/"):
            response.headers["Cache-Control"] = "public, max-age=3600"  # not fingerprinted: an hour
        return response


_COMPRESSIBLE = ("application/json", "application/geo+json", "application/javascript", "text/")


def _install_gzip(server: flask.Flask) -> None:
    """gzip JSON, JS and CSS responses (flask-compress is not among the pinned packages).

    Callback responses carry hover text and base64 typed arrays; gzip shrinks them 3-6x. Static bundles
    (plotly.js is 4.6 MB) are compressed once per URL and kept, since their URLs are fingerprinted.
    """
    cache: dict[str, bytes] = {}

    @server.after_request
    def _compress(response: flask.Response) -> flask.Response:
        accepts = "gzip" in flask.request.headers.get("Accept-Encoding", "")
        if (
            not accepts
            or response.direct_passthrough
            or response.status_code != 200
            or "Content-Encoding" in response.headers
            or not (response.mimetype or "").startswith(_COMPRESSIBLE)
        ):
            return response
        body = response.get_data()
        if len(body) < 1024:
            return response
        static = flask.request.path.startswith(("/_dash-component-suites/", "/assets/", callbacks.OUTLINES_URL))
        if static:
            key = flask.request.full_path
            if key not in cache:
                cache[key] = gzip.compress(body, compresslevel=6)
            packed = cache[key]
        else:
            packed = gzip.compress(body, compresslevel=4)
        response.set_data(packed)
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(packed))
        response.vary.add("Accept-Encoding")
        return response


# The map page needs AG Grid (1.3 MB of script) only after its first view: the table mounts once the map is
# drawn, the Review tab's grid on a click. As a `defer` script it is evaluated while the layout request is on
# the wire, not before it is sent. Dash's DataTable, which Dash always lists, is used nowhere: left out (its
# script also reads document.cookie, a synchronous call to the browser process, as it loads).
_DEFERRED_LIBRARIES = ("/dash_ag_grid/",)
_UNUSED_LIBRARIES = ("/dash_table/",)


class AtlasDash(dash.Dash):
    """Dash whose map page loads AG Grid `defer` and leaves out DataTable (see _DEFERRED_LIBRARIES)."""

    def interpolate_index(self, **kwargs: str) -> str:
        map_page = flask.has_request_context() and not flask.request.path.rstrip("/").endswith(energy_page.ENERGY_PATH)
        lines = []
        for line in kwargs.get("scripts", "").split("\n"):
            if line.startswith("<script src=") and any(lib in line for lib in _UNUSED_LIBRARIES):
                continue
            if map_page and line.startswith("<script src=") and any(lib in line for lib in _DEFERRED_LIBRARIES):
                line = line.replace("<script src=", "<script defer src=", 1)
            lines.append(line)
        kwargs["scripts"] = "\n".join(lines)
        return super().interpolate_index(**kwargs)


def create_app(store_path: Path | str | None = None, policy: WritePolicy | None = None) -> dash.Dash:
    """The dashboard for one store. Loads the store now (once per process), so the first visitor waits less.

    `policy` says who may write through the web (default: from ``STRIKE_ATLAS_WRITE_TOKEN``; see
    ``dashboard.web.auth``). The data API (``/healthz``, ``/api/events``, ``/api/import``) and the security
    headers are installed on the same server.
    """
    state.set_store_path(store_path or config.DEFAULT_STORE)
    panels = load_panels()
    app = AtlasDash(
        __name__,
        title="Strike Atlas",
        update_title=None,
        serve_locally=True,  # every script from this server: the dashboard works with no network
        assets_folder=str(ASSETS),
        # Two pages (map, /energy), each with the ids of its own callbacks; the map page's charts, table and
        # panels render their components later.
        suppress_callback_exceptions=True,
    )
    app.layout = lambda: energy_page.serve(panels)  # the map page, or /energy (energy_page.serve)
    callbacks.register(app)
    energy_page.register(app)
    present.register(app)  # presentation mode's theme switch
    map_layout.mount_panels(app, panels)
    for panel in panels:  # a panel module: TITLE, layout() and, optionally, its `callbacks`
        if getattr(panel, "callbacks", None) is not None:
            panel.callbacks.register(app)
    _install_routes(app.server)
    mapstyle.install(app.server, warm=True)  # the map style's glyphs and names
    timelapse.install(app.server)  # each event's day, for the time-lapse played in the browser
    export_media.install(app.server)  # Export image / Export video: render jobs
    story.install(app.server)  # story mode's steps (?story=...)
    plotlyjs.install(app.server)
    install_policy(app.server, policy if policy is not None else WritePolicy.from_env())
    app.server.register_blueprint(api.blueprint)
    install_headers(app.server, app.csp_hashes(), app.callback_map)
    _install_gzip(app.server)
    _install_cache_policy(app.server)
    # Dash registers the component libraries' script paths when it first renders the page. Under several
    # gunicorn workers the page and its scripts are served by different processes: a worker that never
    # rendered the page refused the scripts (500, "dash is not a registered library") and the page stayed
    # blank. Rendering it once here registers them in every process.
    with app.server.test_request_context("/"):
        app.index()
    events = state.get_events()
    if len(events) > POINT_LIMIT:  # H3 cells of every event, ~0.7 s per million, before serving
        events.cells(3)
        energy_page.warm(events)  # facility links (~5 s per 300k events) in the background, for /energy
    threading.Thread(target=_warm_tiles, name="warm-outline-tiles", daemon=True).start()
    return app


def _warm_tiles() -> None:
    """Cut the tiles a first view asks for (Ukraine at zoom 4-7) before anyone asks: ~1 s, once per process."""
    from dashboard.geo.outline_tiles import outline_tile, tile_of

    try:
        countries = _tile_countries()
        for z in range(4, 8):
            x, y = tile_of(31.5, 48.5, z)
            outline_tile(z, x, y, countries)
    except Exception:  # reference data missing or unreadable: the route says so when asked
        return
