"""The thin Dash shell: widget values in, plain function calls, outputs out.

Every callback is a few lines around a pure function of this module (``sync_state``, ``views``,
``map_update``, ``pick``, ``download``) that tests call directly with explicit arguments, including the id
of the component that triggered it (what ``dash.ctx.triggered_id`` gives in the app).

Data flow: the URL and the filter widgets are kept in step by one callback; every view reads the
URL's query through ``parse_search`` -> ``FilterSpec``, so a URL, the widgets and ``python -m dashboard
export`` with the same filters select the same events.

Live refresh: the views also take the "store-version" store as an input. The Upload and Review panels set
it after they write, so the count, KPIs, charts, table, map and the region and weapon options show the new
events without a reload. Each callback reads ``state.get_events()``, which follows the store file, so other
open tabs get the new events at their next callback.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import dash
import flask
from dash import Input, Output, State, ctx, dcc, no_update

from dashboard.app import present as presenting
from dashboard.app import state
from dashboard.app.figures import map_figure, region_figure, timeseries_figure
from dashboard.app.layout import OUTLINES_URL, TILES_PATH, chart_graphs, event_detail, event_table, region_options
from dashboard.export import FORMATS, MEDIA_TYPE, SUFFIX, export_bytes
from dashboard.filters import FilterError, FilterSpec
from dashboard.map_view import POINT_LIMIT, map_view, needs_new_figure, view_key
from dashboard.serving import EXPORT_LIMIT, ServingFrame
from dashboard.summaries import TABLE_BLOCK, kpis, region_counts, sort_spec, table_order, table_rows, time_bins
from dashboard.viewport import Selection, Viewport

__all__ = [
    "OUTLINES_URL",
    "WIDGETS",
    "UrlState",
    "active_selection",
    "cli_command",
    "counts",
    "describe",
    "download",
    "map_update",
    "parse_search",
    "pick",
    "refreshed_options",
    "register",
    "search_for",
    "search_of",
    "spec_from_widgets",
    "sync_state",
    "table_block",
    "tiles_url",
    "views",
    "widget_values",
]

# (component id, property) of every filter widget, in the order callbacks receive and return them.
WIDGETS: tuple[tuple[str, str], ...] = (
    ("filter-region", "value"),
    ("filter-dates", "start_date"),
    ("filter-dates", "end_date"),
    ("filter-event-type", "value"),
    ("filter-sub-event-type", "value"),
    ("filter-weapon", "value"),
    ("filter-infrastructure", "value"),
    ("filter-min-killed", "value"),
    ("filter-min-injured", "value"),
    ("filter-text", "value"),
)
_TRUE = ("1", "true", "yes", "on")


# ------------------------------------------------------------------------------------------------------------
# URL <-> widgets
# ------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UrlState:
    spec: FilterSpec
    present: bool = False
    errors: tuple[str, ...] = ()


def parse_search(search: str | None) -> UrlState:
    """The filters of a URL query. Bad values are dropped one parameter at a time, each with a message."""
    params: dict[str, list[str]] = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    present = params.pop("present", ["0"])[-1].strip().lower() in _TRUE
    try:
        return UrlState(FilterSpec.from_query(params), present)
    except FilterError:
        pass
    good: dict[str, list[str]] = {}
    errors: list[str] = []
    for name, values in params.items():
        try:
            FilterSpec.from_query({name: values})
        except FilterError as exc:
            errors.append(str(exc))
        else:
            good[name] = values
    try:
        spec = FilterSpec.from_query(good)
    except FilterError as exc:  # each value fine alone, not together: from after to
        errors.append(str(exc))
        good.pop("from", None)
        good.pop("to", None)
        spec = FilterSpec.from_query(good)
    return UrlState(spec, present, tuple(errors))


def search_for(spec: FilterSpec, present: bool = False) -> str:
    """'?region=UA-63&...' (or '' for no filters); `present=1` kept for presentation mode."""
    query = spec.to_query()
    if present:
        query = f"{query}&present=1" if query else "present=1"
    return f"?{query}" if query else ""


def widget_values(spec: FilterSpec) -> list[Any]:
    """The widget values that show `spec`, in WIDGETS order (None for 'no restriction')."""
    return [
        list(spec.regions),
        spec.date_from.isoformat() if spec.date_from else None,
        spec.date_to.isoformat() if spec.date_to else None,
        list(spec.event_types),
        list(spec.sub_event_types),
        list(spec.weapons),
        list(spec.infrastructure),
        spec.min_killed or None,
        spec.min_injured or None,
        spec.text or "",
    ]


def _day(value: object) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])  # the picker may send '2025-12-26T00:00:00'


def _count(value: object, name: str, errors: list[str]) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        errors.append(f"{name} {value!r} is not a whole number")
        return 0
    if number < 0:
        errors.append(f"{name} must be 0 or more")
        return 0
    return number


def spec_from_widgets(*values: Any) -> tuple[FilterSpec, tuple[str, ...]]:
    """A FilterSpec from widget values (WIDGETS order); impossible values are dropped with a message."""
    region, start, end, types, sub_types, weapons, infrastructure, min_killed, min_injured, text = values
    errors: list[str] = []
    try:
        date_from, date_to = _day(start), _day(end)
    except ValueError:
        errors.append("dates must be YYYY-MM-DD")
        date_from = date_to = None
    if date_from and date_to and date_from > date_to:
        errors.append(f"from {date_from} is after to {date_to}: dates ignored")
        date_from = date_to = None
    fields: dict[str, Any] = {
        "regions": tuple(region or ()),
        "date_from": date_from,
        "date_to": date_to,
        "event_types": tuple(types or ()),
        "sub_event_types": tuple(sub_types or ()),
        "weapons": tuple(weapons or ()),
        "infrastructure": tuple(infrastructure or ()),
        "min_killed": _count(min_killed, "minimum killed", errors),
        "min_injured": _count(min_injured, "minimum injured", errors),
        "text": (text or "").strip(),
    }
    try:
        return FilterSpec(**fields), tuple(errors)
    except FilterError as exc:  # widgets only offer valid values; this guards hand-edited requests
        return FilterSpec(), (*errors, str(exc))


def describe(spec: FilterSpec, total: int) -> str:
    """One line saying what the map shows, for the map's caption and its PNG export."""
    parts = [count_text(total)]
    if spec.regions:
        parts.append(", ".join(spec.regions))
    if spec.date_from or spec.date_to:
        parts.append(f"{spec.date_from or '…'} to {spec.date_to or '…'}")
    parts += [", ".join(v) for v in (spec.event_types, spec.sub_event_types, spec.weapons) if v]
    if spec.infrastructure:
        parts.append("hit: " + ", ".join(spec.infrastructure))
    if spec.min_killed:
        parts.append(f"≥{spec.min_killed} killed")
    if spec.min_injured:
        parts.append(f"≥{spec.min_injured} injured")
    if spec.text:
        parts.append(f"“{spec.text}”")
    return "Strike Atlas · " + " · ".join(parts)


def _message(errors: Sequence[str], source: str) -> list[Any] | str:
    if not errors:
        return ""
    return [f"Some {source} values could not be used and were ignored: ", "; ".join(errors), "."]


def sync_state(
    trigger: str | None,
    search: str | None,
    values: Sequence[Any],
    present: bool,
    sf: ServingFrame | None = None,
) -> tuple[Any, ...]:
    """Keep URL and widgets in step. Returns (search, *widget values, region options, message, present).

    The URL drives on page load and on back/forward (`trigger` None or 'url'); a widget, the reset or the
    presentation button drive otherwise and push a new URL (dcc.Location adds a history entry). Every
    view reads the URL, so it is the one place the filters live.
    """
    n = len(WIDGETS)
    keep = [no_update] * n
    if trigger in (None, "url"):
        parsed = parse_search(search)
        options = region_options(sf.regions(), parsed.spec.regions) if sf is not None else no_update
        return (no_update, *widget_values(parsed.spec), options, _message(parsed.errors, "URL"), parsed.present)
    current = search or ""
    if trigger == "present-toggle":
        present = not present
        new = search_for(parse_search(search).spec, present)
        return (new if new != current else no_update, *keep, no_update, no_update, present)
    if trigger == "filter-reset":
        spec = FilterSpec()
        new = search_for(spec, present)
        return (new if new != current else no_update, *widget_values(spec), no_update, "", present)
    spec, errors = spec_from_widgets(*values)
    new = search_for(spec, present)
    return (new if new != current else no_update, *keep, no_update, _message(errors, "filter"), no_update)


def refreshed_options(
    sf: ServingFrame, regions: Sequence[str] | None = None, weapons: Sequence[str] | None = None
) -> tuple[list[dict[str, str]], list[str]]:
    """(region options, weapon options) of the store after a panel added events; chosen values stay offered."""
    known = sf.values("weapon")
    return region_options(sf.regions(), tuple(regions or ())), [*known, *(w for w in weapons or () if w not in known)]


# ------------------------------------------------------------------------------------------------------------
# Linked views
# ------------------------------------------------------------------------------------------------------------
def count_text(n: int) -> str:
    """The text of #event-count. Plain digits (no separators) so scripts can read it."""
    return f"{n} event" if n == 1 else f"{n} events"


def counts(sf: ServingFrame, search: str | None, selection: Mapping[str, Any] | None) -> dict[str, Any]:
    """The count and KPI cards: cheap, so they come back before the charts and the table."""
    spec = parse_search(search).spec
    chosen = active_selection(selection, spec)
    return sf.memo(("counts", spec, chosen), lambda: _counts(sf, spec, chosen))


def _counts(sf: ServingFrame, spec: FilterSpec, chosen: Selection | None) -> dict[str, Any]:
    positions = sf.selected(spec, chosen)
    numbers = kpis(sf, positions)
    shown = len(positions)
    if chosen is not None:
        total = len(sf.positions(spec))
        selection_note = f"Map selection: {shown:,} of {total:,} matching events. Table and charts show the selection."
    else:
        selection_note = ""
    return {
        "count": count_text(shown),
        "kpi_events": f"{numbers['events']:,}",
        "kpi_killed": f"{numbers['killed']:,}",
        "kpi_injured": f"{numbers['injured']:,}",
        "kpi_regions": f"{numbers['regions']:,}",
        "selection_note": selection_note,
        "selection_style": {"display": "flex"} if chosen is not None else {"display": "none"},
    }


def views(sf: ServingFrame, search: str | None, selection: Mapping[str, Any] | None) -> dict[str, Any]:
    """Time series, regions and the table's note, from the same positions as `counts`."""
    spec = parse_search(search).spec
    chosen = active_selection(selection, spec)
    return sf.memo(("views", spec, chosen), lambda: _views(sf, spec, chosen))


def _views(sf: ServingFrame, spec: FilterSpec, chosen: Selection | None) -> dict[str, Any]:
    positions = sf.selected(spec, chosen)
    bins, period = time_bins(sf, positions)
    shown = len(positions)
    note = (
        f"{shown:,} event{'s' * (shown != 1)} · newest first; a click on a column heading sorts all of them."
        if shown
        else ""
    )
    return {
        "timeseries": timeseries_figure(bins, period),
        "regions": region_figure(region_counts(sf, positions)),
        "table_note": note,
    }


def table_block(
    sf: ServingFrame, search: str | None, selection: Mapping[str, Any] | None, request: Mapping[str, Any] | None
) -> dict[str, Any]:
    """One block of the table for AG Grid's infinite row model: {rowData, rowCount}.

    The grid asks for rows `startRow` to `endRow` of every matching event in its sort order, as it scrolls;
    the order is computed here over all of them (and kept per filter, selection and sort).
    """
    request = request or {}
    spec = parse_search(search).spec
    chosen = active_selection(selection, spec)
    sort = sort_spec(request.get("sortModel"))
    order = sf.memo(("table", spec, chosen, sort), lambda: table_order(sf, sf.selected(spec, chosen), sort))
    start = max(int(request.get("startRow") or 0), 0)
    end = min(max(int(request.get("endRow") or start + TABLE_BLOCK), start), start + 10 * TABLE_BLOCK)
    return {"rowData": table_rows(sf, order[start:end]), "rowCount": len(order)}


def selection_update(
    trigger: str | None,
    selected: Mapping[str, Any] | None,
    current: Mapping[str, Any] | None = None,
    search: str | None = None,
) -> Any:
    """The selection store: a box/lasso from the map, with the filters it was drawn under; None once cleared."""
    new = None
    if trigger == "map":
        chosen = Selection.from_selected_data(selected)
        new = {**chosen.to_dict(), "filters": _filters(search)} if chosen is not None else None
    return no_update if new == (current or None) else new


def active_selection(selection: Mapping[str, Any] | None, spec: FilterSpec) -> Selection | None:
    """The map selection, if it was drawn under these filters; a selection from other filters is ignored.

    Ignored where it is read rather than cleared by the URL callback: the count and the views would then
    wait for that callback's round trip on every page load (Dash holds a callback whose input another
    pending callback writes).
    """
    if not selection or selection.get("filters", spec.to_query()) != spec.to_query():
        return None
    return Selection.from_dict(selection)


def _filters(search: str | None) -> str:
    return parse_search(search).spec.to_query()


# ------------------------------------------------------------------------------------------------------------
# The map
# ------------------------------------------------------------------------------------------------------------
def map_update(
    sf: ServingFrame,
    trigger: str | None,
    search: str | None,
    color_by: str | None,
    basemap: str | None,
    moved: Mapping[str, Any] | None,
    focus: Mapping[str, Any] | None,
    previous: Mapping[str, Any] | None,
    outlines: str | None = OUTLINES_URL,
    tiles: str | None = None,
    limit: int = POINT_LIMIT,
) -> tuple[Any, Any]:
    """(figure or no_update, map state). A pan or zoom only redraws when the drawn data no longer fits.

    `moved` is the map's relayoutData after the user's last pan or zoom. The map fits the data (in the
    browser, which knows its size) until the user places it by panning, zooming or a fly-to; from then on
    other filters keep that view, and only a change of regions fits again. A new `focus` flies to an event
    or a hexagon.

    Dash applies only the newest response of a callback, so the result must not depend on which input
    fired last: a focus newer than the drawn one always wins, and no_update is returned only when the
    drawn figure (recorded in `previous`) already shows these filters.
    """
    spec = parse_search(search).spec
    query = spec.to_query()
    positions = sf.positions(spec)
    color = "infrastructure" if color_by == "infrastructure" else "event_type"
    base = "osm" if basemap == "osm" else "outlines"
    fit_key = ",".join(spec.regions)
    previous = dict(previous or {})
    look = presenting.look(search)  # presentation mode, theme, title: drawn on the map
    inputs = [query, color, base, previous.get("clear", 0), sf.token, look.key()]
    viewport: Viewport | None
    if trigger not in ("map-viewport", "map-focus") and previous.get("inputs") == inputs:
        return no_update, no_update  # e.g. presentation mode changed the URL, not the filters
    focus_rev = int((focus or {}).get("rev", 0))
    new_focus = bool(focus) and focus_rev > int(previous.get("focus_rev", 0))
    user_view = Viewport.from_relayout(moved) if trigger == "map-viewport" and not new_focus else None
    if user_view is not None:
        drawn = previous.get("inputs") == inputs  # the figure on screen shows these filters
        if drawn and not needs_new_figure(previous.get("key"), sf, positions, user_view, limit):
            return no_update, {**previous, "viewport": user_view.to_dict(), "placed": True}
        viewport, uirevision, placed = user_view, previous.get("uirevision", f"fit-{fit_key}"), True
    elif new_focus and focus:
        viewport = Viewport.around(float(focus["lat"]), float(focus["lon"]), float(focus.get("zoom", 10)))
        uirevision, placed = f"focus-{focus_rev}", True
    elif previous.get("fit") == fit_key and previous.get("placed") and previous.get("viewport"):
        # The user placed the map (pan, zoom, fly-to): other filters keep that view.
        viewport, uirevision, placed = Viewport.from_dict(previous["viewport"]), previous["uirevision"], True
    else:
        # Untouched, or the regions changed: fit the view to what the filters select.
        viewport, uirevision, placed = None, f"fit-{fit_key}", False
    selrev = f"{query}|{previous.get('clear', 0)}"

    def render() -> tuple[Any, Any]:
        view = map_view(sf, positions, viewport, color, limit)  # type: ignore[arg-type]
        figure = map_figure(
            view,
            basemap=base,
            outlines=outlines,
            tiles=tiles,
            uirevision=uirevision,  # type: ignore[arg-type]
            selectionrevision=selrev,
            caption=describe(spec, len(positions)),
            theme=look.theme,
            named=look.present,
        )
        if look.present:
            lines = presenting.subtitle_for(sf, positions, spec)
            presenting.presentation(
                figure, title=look.title, lines=lines, theme=look.theme, scale=presenting.PRESENT_SCALE
            )
        return view, figure

    key = ("map", spec, color, base, viewport, uirevision, selrev, outlines, tiles, limit, look)
    view, figure = sf.memo(key, render, size=16)
    new_state = {
        "inputs": inputs,
        "query": query,
        "fit": fit_key,
        "viewport": view.viewport.to_dict(),
        "uirevision": uirevision,
        "key": view_key(view),
        "clear": previous.get("clear", 0),
        "focus_rev": max(focus_rev, int(previous.get("focus_rev", 0))),
        "placed": placed,
    }
    return figure, new_state


# ------------------------------------------------------------------------------------------------------------
# Clicks: detail panel and fly-to
# ------------------------------------------------------------------------------------------------------------
def _record(sf: ServingFrame, position: int) -> dict[str, Any] | None:
    if not 0 <= position < len(sf):
        return None
    row = sf.events.iloc[position]
    return {k: row[k] for k in row.index if not str(k).startswith("_")}


def pick(
    sf: ServingFrame,
    trigger: str | None,
    click: Mapping[str, Any] | None,
    cell: Mapping[str, Any] | None,
    map_state: Mapping[str, Any] | None,
    focus: Mapping[str, Any] | None,
) -> tuple[Any, Any]:
    """(map focus, detail panel) after a click on the map or a table row."""
    rev = int((focus or {}).get("rev", 0)) + 1
    if trigger == "event-table" and cell and cell.get("rowId") is not None:
        position = sf.find(str(cell["rowId"]))
        if position is None:
            return no_update, no_update
        record = _record(sf, position)
        lat, lon = float(sf.lat[position]), float(sf.lon[position])
        return {"lat": lat, "lon": lon, "zoom": 10.5, "rev": rev}, event_detail(record)
    if trigger == "map" and click and click.get("points"):
        point = click["points"][0]
        data = point.get("customdata")
        if isinstance(data, list):
            data = data[0] if data else None
        if data is not None:  # a single event
            return no_update, event_detail(_record(sf, int(data)))
        if "lat" in point and "lon" in point:  # a hexagon: zoom in on it
            zoom = float(((map_state or {}).get("viewport") or {}).get("zoom", 5)) + 2
            target = {"lat": float(point["lat"]), "lon": float(point["lon"]), "zoom": min(zoom, 12), "rev": rev}
            return target, no_update
    return no_update, no_update


# ------------------------------------------------------------------------------------------------------------
# Downloads
# ------------------------------------------------------------------------------------------------------------
def cli_command(spec: FilterSpec, fmt: str) -> str:
    """The `python -m dashboard export` command that writes the same events."""
    args = ["python", "-m", "dashboard", "export", "--format", fmt, "--out", f"events{SUFFIX[fmt]}"]
    for code in spec.regions:
        args += ["--region", code]
    if spec.date_from:
        args += ["--from", spec.date_from.isoformat()]
    if spec.date_to:
        args += ["--to", spec.date_to.isoformat()]
    for flag, values in (
        ("--event-type", spec.event_types),
        ("--sub-event-type", spec.sub_event_types),
        ("--weapon", spec.weapons),
        ("--infrastructure", spec.infrastructure),
    ):
        for value in values:
            args += [flag, value]
    if spec.min_killed:
        args += ["--min-killed", str(spec.min_killed)]
    if spec.min_injured:
        args += ["--min-injured", str(spec.min_injured)]
    if spec.text:
        args += ["--q", spec.text]
    return shlex.join(args)


def download(
    sf: ServingFrame, search: str | None, selection: Mapping[str, Any] | None, fmt: str | None
) -> tuple[Any, str]:
    """(dcc.Download data or no_update, note). Built in memory up to EXPORT_LIMIT events."""
    fmt = fmt if fmt in FORMATS else "csv"
    spec = parse_search(search).spec
    chosen = active_selection(selection, spec)
    positions = sf.selected(spec, chosen)
    if len(positions) > EXPORT_LIMIT:
        return no_update, (
            f"{len(positions):,} events is more than the {EXPORT_LIMIT:,} the browser download builds. "
            f"Narrow the filters, or run: {cli_command(spec, fmt)}"
        )
    data = export_bytes(sf.export_frame(positions), fmt)
    stamp = date.today().strftime("%Y%m%d")
    name = f"strike-atlas-{stamp}{'.hxl' if fmt == 'hxl' else ''}{SUFFIX[fmt]}"
    where = " (map selection)" if chosen is not None else ""
    note = f"Downloaded {len(positions):,} events{where} as {fmt}. Same as: {cli_command(spec, fmt)}"
    return dcc.send_bytes(data, name, type=MEDIA_TYPE[fmt]), note


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


def search_of(href: str | None) -> str:
    """The query of the page's address ('?region=UA-63'), from dcc.Location's `href`."""
    query = urlsplit(href or "").query
    return f"?{query}" if query else ""


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
