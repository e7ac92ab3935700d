"""The ``/energy`` page: facilities hit, how often, when last, capacity at the sites hit — for NGOs.

Routing: Dash serves the same HTML at every path, and the browser then asks ``/_dash-layout``. :func:`serve`
answers that request with this page when the page's own address (the request's ``Referer``, which the
server's ``Referrer-Policy: strict-origin-when-cross-origin`` sends in full to its own origin) is ``/energy``,
else with the map page exactly as before. The two pages link to each other with the query string kept.

Filters and URL state are the map's: the same sidebar widgets (same ids) and the same ``url`` location, so
``callbacks.register``'s URL <-> widgets callback serves both pages and one ``FilterSpec`` reads the URL.
The map page's views are not on this page, so their callbacks do not run here.
"""

from __future__ import annotations

import json
import logging
import shlex
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any
from urllib.parse import urlparse

import dash
import dash_ag_grid as dag
import flask
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard.app import layout as map_layout
from dashboard.app import state
from dashboard.app.energy_figures import (
    capacity_figure,
    facilities_map_figure,
    timeline_figure,
)
from dashboard.app.figures import empty_figure
from dashboard.app.layout import CHART_CONFIG, MAP_CONFIG, OUTLINES_URL, safe_link
from dashboard.app.urlstate import describe, parse_search
from dashboard.app.views import cli_command
from dashboard.energy.view import EnergyView, energy_view, facility_events, links_for
from dashboard.filters import FilterSpec
from dashboard.serving import ServingFrame

__all__ = ["ENERGY_PATH", "GRID_COLUMNS", "facility_detail", "layout", "page_data", "register", "serve", "warm"]

ENERGY_PATH = "/energy"
DETAIL_LIMIT = 50  # events listed under one facility; the rest are counted
EVENT_DOTS = 5_000  # energy events drawn on the facilities map (the most recent); ~250 kB of hover text
ATTRIBUTION_GPPD = (
    "Power plants: Global Power Plant Database, World Resources Institute (CC BY 4.0). Refineries and depots: "
    "curated from the public sources linked per facility."
)
GRID_COLUMNS: list[dict[str, Any]] = [
    {"field": "name", "headerName": "Facility", "minWidth": 160, "flex": 3, "tooltipField": "name"},
    {"field": "hits", "headerName": "Hits", "minWidth": 72, "flex": 1, "type": "numericColumn", "sort": "desc"},
    {"field": "first_hit", "headerName": "First hit", "minWidth": 100, "flex": 1.2},
    {"field": "last_hit", "headerName": "Last hit", "minWidth": 100, "flex": 1.2},
    {"field": "days_since", "headerName": "Days since", "minWidth": 112, "flex": 1, "type": "numericColumn"},
    {"field": "capacity_mw", "headerName": "MW", "minWidth": 70, "flex": 1, "type": "numericColumn"},
    {"field": "kind", "headerName": "Kind", "minWidth": 104, "flex": 1.3},
    {"field": "region", "headerName": "Region", "minWidth": 128, "flex": 1.4},
]


def _page_path() -> str | None:
    """The path of the page that asked for the layout (see the module docstring); None outside a request."""
    if not flask.has_request_context():
        return None
    referrer = flask.request.referrer
    return urlparse(referrer).path.rstrip("/") if referrer else None


def warm(sf: ServingFrame) -> threading.Thread:
    """Compute the store's facility links in a background thread, so the first visit to /energy need not.

    A visitor who comes earlier waits for this thread (``links_for`` holds one lock) instead of computing twice.
    Each gunicorn worker calls ``create_app`` after the fork (``dashboard.web.wsgi``), so no process inherits
    the lock held by a thread that did not come with it.
    """

    def run() -> None:
        try:
            links_for(sf)
        except (FileNotFoundError, ValueError) as exc:  # no facilities table: the page says so when opened
            logging.getLogger(__name__).warning("energy links not precomputed: %s", exc)

    thread = threading.Thread(target=run, name="energy-links", daemon=True)
    thread.start()
    return thread


def serve(panels: Sequence[ModuleType] = ()) -> html.Div:
    """The layout for the page being opened: this one at ``/energy``, else the map page."""
    path = _page_path()
    if path is not None and path.endswith(ENERGY_PATH):
        return layout()
    return map_layout.serve(panels)


# ------------------------------------------------------------------------------------------------------------
# Layout
# ------------------------------------------------------------------------------------------------------------
def _sidebar(sf: ServingFrame) -> html.Aside:
    """The map page's filter sidebar without its map settings (colour, basemap): same widgets, same ids."""
    aside = map_layout._filters(sf)
    children = list(aside.children)
    out: list[Any] = []
    skipping = False
    for i, child in enumerate(children):
        nxt = children[i + 1] if i + 1 < len(children) else None
        if isinstance(child, html.Hr) and isinstance(nxt, html.H2) and nxt.children == "Map":
            skipping = True
            continue
        if skipping and isinstance(child, html.Hr):
            skipping = False
        if not skipping:
            out.append(child)
    aside.children = out
    return aside


def _kpi(label: str, id_: str) -> html.Div:
    return html.Div(
        className="kpi", children=[html.Div("—", id=id_, className="kpi-value"), html.Div(label, className="kpi-label")]
    )


def _main(sf: ServingFrame) -> html.Main:
    message = [html.Div(sf.problem or "No event store yet.", className="alert")] if sf.missing else []
    return html.Main(
        className="content energy-content",
        children=[
            *message,
            html.Div(id="url-message", role="alert", className="url-message"),
            html.P(id="energy-caption", className="energy-caption"),
            html.Section(
                className="kpis",
                children=[
                    _kpi("energy events", "energy-kpi-events"),
                    _kpi("facilities hit", "energy-kpi-facilities"),
                    _kpi("hits on listed facilities", "energy-kpi-hits"),
                    _kpi("MW installed at sites hit — not capacity lost", "energy-kpi-capacity"),
                ],
            ),
            html.Section(
                className="energy-map-wrap",
                children=[
                    dcc.Graph(
                        id="energy-map",
                        figure=empty_figure("Loading the facilities…"),
                        config={**MAP_CONFIG, "toImageButtonOptions": {"format": "png", "filename": "energy-map"}},
                        responsive=True,
                        className="energy-map-graph",
                    )
                ],
            ),
            html.P(
                "Marker size: installed capacity (MW; refineries and depots have no MW figure) · colour: hits at any "
                "date under the other filters · dark ring: hit in the selected period · dots: the energy events.",
                className="muted small",
            ),
            html.Section(
                className="table-and-detail energy-table-and-detail",
                children=[
                    html.Div(
                        className="table-wrap",
                        children=[
                            html.H2("Facilities hit", className="energy-h2"),
                            html.Div(id="energy-table-note", className="muted small"),
                            dag.AgGrid(
                                id="energy-table",
                                columnDefs=GRID_COLUMNS,
                                rowData=[],
                                getRowId="params.data.facility_id",
                                defaultColDef={"sortable": True, "resizable": True},
                                dashGridOptions={
                                    "rowSelection": {
                                        "mode": "singleRow",
                                        "checkboxes": False,
                                        "enableClickSelection": True,
                                    },
                                    "animateRows": False,
                                    "localeText": {"noRowsToShow": "No listed facility was hit under these filters"},
                                },
                                style={"height": "380px", "width": "100%"},
                            ),
                        ],
                    ),
                    html.Aside(id="energy-facility-detail", className="detail", children=facility_detail(None, [])),
                ],
            ),
            html.Section(
                className="energy-charts",
                children=[
                    dcc.Graph(id="energy-timeline", figure=empty_figure(), config=CHART_CONFIG, className="chart"),
                    html.Div(
                        className="energy-capacity",
                        children=[
                            dcc.Graph(id="energy-capacity-kind", figure=empty_figure(), config=CHART_CONFIG),
                            dcc.Graph(id="energy-capacity-region", figure=empty_figure(), config=CHART_CONFIG),
                        ],
                    ),
                ],
            ),
        ],
    )


def layout() -> html.Div:
    """The whole energy page. Called per page load, like the map page's layout."""
    sf = state.get_events()
    return html.Div(
        id="app-root",
        className="atlas",
        children=[
            dcc.Location(id="url", refresh="callback-nav"),
            dcc.Store(id="selection"),  # the shared URL callback clears it; this page has no map selection
            dcc.Store(id="present", data=False),
            dcc.Store(id="store-version", data=state.store_version()),
            html.Header(
                className="topbar",
                children=[
                    html.H1("Strike Atlas · Energy facilities"),
                    html.Span(id="energy-count", className="event-count", **{"aria-live": "polite"}),
                    html.Div(
                        className="topbar-actions",
                        children=[
                            html.A("← Map", id="nav-map", href="/", className="nav-link"),
                            html.Button("Printable report (PDF)", id="energy-pdf", n_clicks=0),
                            html.Button("Presentation mode", id="present-toggle", n_clicks=0),
                        ],
                    ),
                ],
            ),
            html.Div(className="dashboard energy-page", children=[_sidebar(sf), _main(sf)]),
            dcc.Loading(html.Div(id="energy-pdf-note", className="muted small energy-pdf-note"), type="dot"),
            dcc.Download(id="energy-pdf-download"),
            html.Footer(
                className="attribution",
                children=[
                    html.Span(ATTRIBUTION_GPPD + " "),
                    html.Span(map_layout.ATTRIBUTION_NE_GN + ". "),
                    html.Span("Capacity is what is installed at the sites hit, not capacity lost."),
                ],
            ),
        ],
    )


# ------------------------------------------------------------------------------------------------------------
# Pure functions the callbacks call (tests call them directly)
# ------------------------------------------------------------------------------------------------------------
def _view(sf: ServingFrame, search: str | None) -> EnergyView:
    return energy_view(sf, parse_search(search).spec)


def _energy_events(sf: ServingFrame, view: EnergyView, limit: int = EVENT_DOTS) -> pd.DataFrame:
    """The energy events with coordinates, the `limit` most recent (the map stays light at a million events)."""
    columns = ["latitude", "longitude", "event_date", "location"]
    events = sf.events.iloc[view.energy_positions][columns].dropna(subset=["latitude", "longitude"])
    if len(events) > limit:
        events = events.sort_values("event_date").tail(limit)
    events.attrs["of"] = len(view.energy_positions)
    return events


def table_rows(view: EnergyView) -> list[dict[str, Any]]:
    """The grid's rows: the facilities hit, JSON-ready."""
    hit = view.hit
    rows = []
    for row in hit.itertuples(index=False):
        rows.append(
            {
                "facility_id": row.facility_id,
                "name": row.name,
                "hits": int(row.hits),
                "first_hit": row.first_hit,
                "last_hit": row.last_hit,
                "days_since": None if pd.isna(row.days_since) else int(row.days_since),
                "capacity_mw": None if pd.isna(row.capacity_mw) else round(float(row.capacity_mw)),
                "kind": row.kind,
                "region": row.region,
            }
        )
    return rows


def table_style(rows: int) -> dict[str, str]:
    """The grid as tall as its rows (header 50 px, 42 px a row), at most 420 px, then it scrolls."""
    return {"height": f"{min(420, 50 + 42 * max(rows, 2))}px", "width": "100%"}


def page_data(sf: ServingFrame, search: str | None) -> dict[str, Any]:
    """Everything the page's views show for one URL query."""
    view = _view(sf, search)
    hit = view.hit
    capacity = hit["capacity_mw"].sum(min_count=1)
    spec = view.spec
    return {
        "count": f"{view.energy_events} energy event{'s' * (view.energy_events != 1)}",
        "caption": describe(spec, view.matching).replace("Strike Atlas · ", "Filters: ", 1)
        + f" · of them, {view.energy_events:,} energy events",
        "kpi_events": f"{view.energy_events:,}",
        "kpi_facilities": f"{len(hit):,}",
        "kpi_hits": f"{view.total_hits:,}",
        "kpi_capacity": "—" if pd.isna(capacity) else f"{capacity:,.0f}",
        "map": facilities_map_figure(view, _energy_events(sf, view), OUTLINES_URL),
        "timeline": timeline_figure(view.weekly),
        "capacity_kind": capacity_figure(view.capacity_by("kind"), "kind"),
        "capacity_region": capacity_figure(view.capacity_by("region"), "region"),
        "rows": table_rows(view),
        "table_note": (
            f"{len(hit):,} of {len(view.table):,} listed facilities hit · days since the last hit as of "
            f"{view.as_of.isoformat()} · click a row for its events and sources"
        ),
    }


def _source_link(url: object, label: str = "source ↗") -> html.A | None:
    link = safe_link(url)
    return html.A(label, href=link, target="_blank", rel="noopener noreferrer") if link else None


def facility_detail(facility: dict[str, Any] | None, events: list[dict[str, Any]]) -> list[Any]:
    """A facility and its events with their sources. Every text is a plain string (React renders it as text);
    links are http(s) only (``safe_link``)."""
    if not facility:
        return [
            html.P(
                "Click a facility in the table or on the map to see its events and their sources.", className="muted"
            )
        ]
    mw = "no MW figure" if facility.get("capacity_mw") is None else f"{facility['capacity_mw']:,.0f} MW"
    head: list[Any] = [
        html.H3(str(facility.get("name") or "")),
        html.P(
            f"{facility.get('kind') or ''} · {mw} · {facility.get('region') or ''} "
            f"({facility.get('admin1_code') or '—'})",
            className="muted",
        ),
    ]
    reference = _source_link(facility.get("source_url"), "facility data source ↗")
    if reference is not None:
        head.append(html.P(reference))
    if not events:
        return [*head, html.P("No event under these filters links to it.", className="muted")]
    items = []
    for event in events[:DETAIL_LIMIT]:
        link = _source_link(event.get("source_url"))
        source = str(event.get("source") or "")
        items.append(
            html.Li(
                className="energy-event",
                children=[
                    html.Div(
                        [html.B(str(event.get("event_date") or "")), f" · {event.get('location') or ''}"],
                        className="energy-event-head",
                    ),
                    html.Div(f"why linked: {event.get('evidence') or ''}", className="muted small"),
                    html.Div(str(event.get("notes") or ""), className="energy-event-notes"),
                    html.Div(
                        [f"{source} " if source else "", *([link] if link is not None else [])],
                        className="small",
                    ),
                ],
            )
        )
    more = len(events) - DETAIL_LIMIT
    tail = [html.P(f"… and {more:,} more (use the export for all).", className="muted small")] if more > 0 else []
    return [
        *head,
        html.H4(f"{len(events):,} event{'s' * (len(events) != 1)}"),
        html.Ul(items, className="energy-events"),
        *tail,
    ]


def detail_for(sf: ServingFrame, search: str | None, facility_id: str | None) -> list[Any]:
    """The detail panel of one facility under the URL's filters."""
    if not facility_id:
        return facility_detail(None, [])
    view = _view(sf, search)
    found = view.table[view.table["facility_id"] == facility_id]
    if found.empty:
        return facility_detail(None, [])
    row = found.iloc[0]
    from dashboard.energy.view import region_names

    facility = {
        "name": row["name"],
        "kind": row["kind"],
        "capacity_mw": None if pd.isna(row["capacity_mw"]) else float(row["capacity_mw"]),
        "region": region_names(pd.Series([row["admin1_code"]])).iloc[0],
        "admin1_code": row["admin1_code"],
        "source_url": row["source_url"],
    }
    events = facility_events(sf, view.spec, facility_id)
    records = []
    for event in events.itertuples(index=False):
        records.append(
            {
                "event_date": pd.Timestamp(event.event_date).strftime("%Y-%m-%d"),
                "location": "" if pd.isna(event.location) else str(event.location),
                "evidence": event.evidence,
                "notes": "" if pd.isna(event.notes) else str(event.notes),
                "source": "" if pd.isna(event.source) else str(event.source),
                "source_url": None if pd.isna(event.source_url) else str(event.source_url),
            }
        )
    return facility_detail(facility, records)


def picked_facility(trigger: str | None, cell: dict | None, click: dict | None) -> str | None:
    """The facility id a table cell or a map marker click names."""
    if trigger == "energy-table" and cell:
        return cell.get("rowId")
    if trigger == "energy-map" and click:
        points = click.get("points") or []
        if points and isinstance(points[0].get("customdata"), str):
            return points[0]["customdata"]
    return None


# ------------------------------------------------------------------------------------------------------------
# Callbacks
# ------------------------------------------------------------------------------------------------------------
def register(app: dash.Dash) -> None:
    """Attach the energy page's callbacks (and the map page's link to it) to `app`."""

    # The links between the pages keep the filters; in the browser, not a server trip on every page load.
    app.clientside_callback(
        f"function(search) {{ return {json.dumps(ENERGY_PATH)} + (search || ''); }}",
        Output("nav-energy", "href"),
        Input("url", "search"),
    )
    app.clientside_callback(
        "function(search) { return '/' + (search || ''); }",
        Output("nav-map", "href"),
        Input("url", "search"),
    )

    @app.callback(
        Output("energy-count", "children"),
        Output("energy-caption", "children"),
        Output("energy-kpi-events", "children"),
        Output("energy-kpi-facilities", "children"),
        Output("energy-kpi-hits", "children"),
        Output("energy-kpi-capacity", "children"),
        Output("energy-map", "figure"),
        Output("energy-timeline", "figure"),
        Output("energy-capacity-kind", "figure"),
        Output("energy-capacity-region", "figure"),
        Output("energy-table", "rowData"),
        Output("energy-table", "style"),
        Output("energy-table-note", "children"),
        Input("url", "search"),
        Input("store-version", "data"),
    )
    def _views(search: str | None, _version: str | None) -> tuple[Any, ...]:
        out = page_data(state.get_events(), search)
        return (
            out["count"],
            out["caption"],
            out["kpi_events"],
            out["kpi_facilities"],
            out["kpi_hits"],
            out["kpi_capacity"],
            out["map"],
            out["timeline"],
            out["capacity_kind"],
            out["capacity_region"],
            out["rows"],
            table_style(len(out["rows"])),
            out["table_note"],
        )

    @app.callback(
        Output("energy-facility-detail", "children"),
        Input("energy-table", "cellClicked"),
        Input("energy-map", "clickData"),
        Input("url", "search"),
        prevent_initial_call=True,
    )
    def _detail(cell: dict | None, click: dict | None, search: str | None) -> list[Any]:
        trigger = ctx.triggered_id
        if trigger == "url":  # new filters: the facility's events under them are another list
            return facility_detail(None, [])
        facility_id = picked_facility(str(trigger), cell, click)
        if facility_id is None:
            return no_update
        return detail_for(state.get_events(), search, facility_id)

    @app.callback(
        Output("energy-pdf-download", "data"),
        Output("energy-pdf-note", "children"),
        Input("energy-pdf", "n_clicks"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _pdf(_clicks: int, search: str | None) -> tuple[Any, str]:
        from dashboard.app.energy_report import ReportError, report_pdf

        spec = parse_search(search).spec
        try:
            data = report_pdf(state.get_events(), spec)
        except ReportError as exc:
            return no_update, str(exc)
        note = f"Report downloaded ({len(data) // 1024:,} kB). Same as: {pdf_command(spec)}"
        return dcc.send_bytes(data, "strike-atlas-energy-report.pdf", type="application/pdf"), note


def pdf_command(spec: FilterSpec) -> str:
    """The `python -m dashboard facilities --pdf` command that prints the same report."""
    command = cli_command(spec, "csv").replace("export --format csv --out events.csv", "facilities --pdf report.pdf", 1)
    return " ".join([command, *(f"--facility {shlex.quote(f)}" for f in spec.facilities)])
