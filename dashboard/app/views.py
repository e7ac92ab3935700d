"""The map page's views as pure functions: the count and KPIs, the charts, the table's blocks, the map's
figure, the detail panel on a click, and downloads. Each takes the serving frame and the URL's query (and
what the browser sent) and returns what the callback outputs, so tests call them without a browser.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from datetime import date
from typing import Any

from dash import dcc, no_update

from dashboard.app import present as presenting
from dashboard.app.figures import map_figure, region_figure, timeseries_figure
from dashboard.app.layout import OUTLINES_URL, event_detail
from dashboard.app.urlstate import count_text, describe, parse_search
from dashboard.export import FORMATS, MEDIA_TYPE, SUFFIX, export_bytes
from dashboard.filters import FilterSpec
from dashboard.map_view import POINT_LIMIT, map_view, needs_new_figure, view_key
from dashboard.serving import EXPORT_LIMIT, ServingFrame
from dashboard.summaries import TABLE_BLOCK, kpis, region_counts, sort_spec, table_order, table_rows, time_bins
from dashboard.viewport import Selection, Viewport

__all__ = [
    "active_selection",
    "cli_command",
    "counts",
    "download",
    "map_update",
    "pick",
    "selection_update",
    "table_block",
    "views",
]


# ------------------------------------------------------------------------------------------------------------
# Linked views
# ------------------------------------------------------------------------------------------------------------
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
