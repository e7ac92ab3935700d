"""The thin Dash shell: widget values in, plain function calls, outputs out.

Every callback is a few lines around a pure function that tests call directly with explicit arguments,
including the id of the component that triggered it (what ``dash.ctx.triggered_id`` gives in the app):
``urlstate`` keeps the URL and the filter widgets in step (``sync_state``); ``views`` computes what each view
shows (``counts``, ``views``, ``map_update``, ``pick``, ``download``).

Live refresh: the views also take the "store-version" store as an input. The Upload and Review panels set
it after they write, so the count, KPIs, charts, table, map and the region and weapon options show the new
events without a reload. Each callback reads ``state.get_events()``, which follows the store file, so other
open tabs get the new events at their next callback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import dash
import flask
from dash import Input, Output, State, ctx, no_update

from dashboard.app import state
from dashboard.app.layout import OUTLINES_URL, TILES_PATH, chart_graphs, event_table
from dashboard.app.urlstate import WIDGETS, refreshed_options, search_of, sync_state
from dashboard.app.views import counts, download, map_update, pick, selection_update, table_block, views

__all__ = ["OUTLINES_URL", "register", "tiles_url"]


# ------------------------------------------------------------------------------------------------------------
# Registration
# ------------------------------------------------------------------------------------------------------------
def _trigger(priority: Sequence[str]) -> str | None:
    """The triggering component that matters most when several fired at once.

    On page load the URL and the map's first autosize relayout can arrive together; `ctx.triggered_id`
    would name just one of them, and a map that took the relayout for the trigger would never draw.
    """
    fired = {str(i) for i in ctx.triggered_prop_ids.values()}
    for name in priority:
        if name in fired:
            return name
    return ctx.triggered_id


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+")


def tiles_url() -> str:
    """The outline tiles' absolute URL template, for the map style (dashboard.geo.outline_tiles).

    Absolute because MapLibre fetches tiles in a web worker, where a relative URL resolves against
    nothing. The origin is the one the browser called this callback on (its Origin header: right behind
    a proxy too), else this server's own.
    """
    origin = flask.request.headers.get("Origin", "")
    if not _ORIGIN.fullmatch(origin):
        origin = flask.request.host_url.rstrip("/")
    prefix = dash.get_app().config.requests_pathname_prefix or "/"
    return f"{origin}{prefix}{TILES_PATH.lstrip('/')}"


def register(app: dash.Dash) -> None:
    """Attach the callbacks to `app` (not at import: one process may build several apps in tests).

    The views (count, map, charts) take the URL's `href` as input, not its `search`: `search` is an output
    of the URL-and-widgets callback, and Dash holds every callback whose input another pending callback
    will write until that one answers — a whole round trip before the map could start on page load.
    `href` follows `search` (dcc.Location with refresh="callback-nav" re-reads the address after each
    pushState), so a widget change still reaches the views, one step later and without a server trip.
    """

    @app.callback(
        Output("url", "search"),
        *[Output(i, p) for i, p in WIDGETS],
        Output("filter-region", "options"),
        Output("url-message", "children"),
        Output("present", "data"),
        Input("url", "search"),
        *[Input(i, p) for i, p in WIDGETS],
        Input("filter-reset", "n_clicks"),
        Input("present-toggle", "n_clicks"),
        State("present", "data"),
    )
    def _sync(search: str | None, *rest: Any) -> tuple[Any, ...]:
        values, present = rest[: len(WIDGETS)], rest[-1]
        trigger = _trigger(("url", "filter-reset", "present-toggle"))
        return sync_state(trigger, search, values, bool(present), state.get_events())

    @app.callback(
        Output("filter-region", "options", allow_duplicate=True),
        Output("filter-weapon", "options"),
        Input("store-version", "data"),
        State("filter-region", "value"),
        State("filter-weapon", "value"),
        prevent_initial_call=True,  # the page was built from the current store
    )
    def _options(_version: str | None, regions: list[str] | None, weapons: list[str] | None) -> tuple[Any, Any]:
        return refreshed_options(state.get_events(), regions, weapons)

    @app.callback(
        Output("event-count", "children"),
        Output("kpi-events", "children"),
        Output("kpi-killed", "children"),
        Output("kpi-injured", "children"),
        Output("kpi-regions", "children"),
        Output("selection-note", "children"),
        Output("selection-bar", "style"),
        Input("url", "href"),
        Input("selection", "data"),
        Input("store-version", "data"),
    )
    def _counts(href: str | None, selection: dict | None, _version: str | None) -> tuple[Any, ...]:
        out = counts(state.get_events(), search_of(href), selection)
        return (
            out["count"],
            out["kpi_events"],
            out["kpi_killed"],
            out["kpi_injured"],
            out["kpi_regions"],
            out["selection_note"],
            out["selection_style"],
        )

    @app.callback(
        Output("timeseries", "figure"),
        Output("region-bar", "figure"),
        Output("table-note", "children"),
        Input("url", "href"),
        Input("selection", "data"),
        Input("store-version", "data"),
    )
    def _views(href: str | None, selection: dict | None, _version: str | None) -> tuple[Any, ...]:
        out = views(state.get_events(), search_of(href), selection)
        return out["timeseries"], out["regions"], out["table_note"]

    @app.callback(
        Output("event-table", "getRowsResponse"),
        Input("event-table", "getRowsRequest"),
        State("url", "search"),
        State("selection", "data"),
        prevent_initial_call=True,
    )
    def _table(request: dict | None, search: str | None, selection: dict | None) -> dict[str, Any]:
        return table_block(state.get_events(), search, selection, request)

    # New filters, a selection or new events: the grid drops its blocks and asks again from the top. Also
    # once the grid has joined the page: its own first request, made while Dash inserts it, can be lost.
    app.clientside_callback(
        """function() {
            dash_ag_grid.getApiAsync('event-table').then(api => api.purgeInfiniteCache());
            return window.dash_clientside.no_update;
        }""",
        Output("table-refresh", "data"),
        Input("url", "href"),
        Input("selection", "data"),
        Input("store-version", "data"),
        Input("table-slot", "children"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("selection", "data"),  # a selection from other filters is ignored where it is read (active_selection)
        Output("map", "selectedData"),
        Input("map", "selectedData"),
        Input("selection-clear", "n_clicks"),
        State("selection", "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _selection(selected: dict | None, _clear: int, current: dict | None, search: str | None) -> tuple[Any, Any]:
        trigger = _trigger(("selection-clear", "map"))
        # Cleared, the graph forgets its selectedData too: the same box drawn again is then a change.
        return selection_update(trigger, selected, current, search), None if trigger == "selection-clear" else no_update

    @app.callback(
        Output("map", "figure"),
        Output("map-state", "data"),
        Input("url", "href"),
        Input("map-color", "value"),
        Input("map-basemap", "value"),
        Input("map-viewport", "data"),
        Input("map-focus", "data"),
        Input("selection-clear", "n_clicks"),
        Input("store-version", "data"),  # new events: the drawn figure's token no longer matches, so it redraws
        State("map-state", "data"),
    )
    def _map(
        href: str | None,
        color: str,
        basemap: str,
        moved: dict | None,
        focus: dict | None,
        clear: int,
        _version: str | None,
        previous: dict | None,
    ) -> tuple[Any, Any]:
        trigger = _trigger(("url", "map-color", "map-basemap", "selection-clear", "map-focus", "map-viewport"))
        if trigger == "selection-clear":
            previous = {**(previous or {}), "clear": clear}
        events = state.get_events()
        return map_update(events, trigger, search_of(href), color, basemap, moved, focus, previous, tiles=tiles_url())

    # The charts and the table join the page once the first map is drawn (MapLibre loaded and still, or
    # after 2.5 s at most): mounted earlier, their graphs and grid compete with the map for the one main
    # thread, and their callbacks with the map's for the server.
    # Every call answers with a promise (a newer call supersedes an older one still pending, so none may
    # answer "nothing to do" while another waits); the server adds the sections once.
    app.clientside_callback(
        """function(mapState, drawn) {
            if (drawn) { return window.dash_clientside.no_update; }
            return new Promise(resolve => {
                const started = performance.now();
                const check = () => {
                    const gd = document.querySelector('#map .js-plotly-plot');
                    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
                    const ready = sub && sub.map && gd._fullData && gd._fullData.length &&
                        sub.map.loaded() && !sub.map.isMoving();
                    // The table needs AG Grid's script, loaded `defer` (AtlasDash): never mount before it ran.
                    if (window.dash_ag_grid && (ready || performance.now() - started > 2500)) {
                        setTimeout(() => resolve(true), 150);  // a few frames for the map on screen first
                    } else {
                        setTimeout(check, 25);
                    }
                };
                setTimeout(check, 25);
            });
        }""",
        Output("map-drawn", "data"),
        Input("map-state", "data"),
        State("map-drawn", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("charts", "children"),
        Output("table-slot", "children"),
        Input("map-drawn", "data"),
        State("charts", "children"),
        prevent_initial_call=True,
    )
    def _lower(_drawn: bool | None, shown: list | None) -> tuple[Any, Any]:
        if shown:
            return no_update, no_update
        return chart_graphs(), event_table()

    # The viewport store is filled in the browser: a pan or zoom reaches the server only through the map
    # callback, and a relayout never holds back a click (Dash keeps one in-flight request per callback).
    app.clientside_callback(
        """function(relayout) {
            if (!relayout || !('map.zoom' in relayout || 'map.center' in relayout)) {
                return window.dash_clientside.no_update;  // autosize, a drawn selection: not a move
            }
            return relayout;
        }""",
        Output("map-viewport", "data"),
        Input("map", "relayoutData"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("map-focus", "data"),
        Output("event-detail", "children"),
        Input("map", "clickData"),
        Input("event-table", "cellClicked"),
        State("map-state", "data"),
        State("map-focus", "data"),
        prevent_initial_call=True,
    )
    def _pick(click: dict | None, cell: dict | None, map_state: dict | None, focus: dict | None) -> tuple:
        return pick(state.get_events(), _trigger(("map", "event-table")), click, cell, map_state, focus)

    @app.callback(
        Output("download", "data"),
        Output("download-note", "children"),
        Input("download-button", "n_clicks"),
        State("url", "search"),
        State("selection", "data"),
        State("download-format", "value"),
        prevent_initial_call=True,
    )
    def _download(_clicks: int, search: str | None, selection: dict | None, fmt: str) -> tuple[Any, str]:
        return download(state.get_events(), search, selection, fmt)

    # Presentation mode's class and button label, in the browser: a server round trip on every page load
    # for two constant strings held up the first view.
    app.clientside_callback(
        """function(present, search) {
            if (!present) { return ['atlas', 'Presentation mode']; }
            const theme = (new URLSearchParams(search || '').get('theme') || '').trim().toLowerCase();
            return ['atlas present theme-' + (theme === 'dark' ? 'dark' : 'light'), 'Exit presentation'];
        }""",
        Output("app-root", "className"),
        Output("present-toggle", "children"),
        Input("present", "data"),
        Input("url", "search"),
    )
