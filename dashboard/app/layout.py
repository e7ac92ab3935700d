"""The page: filter sidebar, KPI cards, map, charts, table, detail panel; extra panels as tabs.

`serve(panels)` is called per page load (Dash layout function), so widget options follow the current
store; after a panel adds events, `urlstate.refreshed_options` updates the region and weapon options in
place. Component ids are stable: automation and embedding rely on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from dashboard.app import export_media, present, state, story, timelapse
from dashboard.app.figures import ATTRIBUTION_NE_GN, ATTRIBUTION_OSM, BASEMAPS, empty_figure, loading_map_figure
from dashboard.export import FORMATS
from dashboard.schema import EVENT_TYPES, INFRASTRUCTURE, SUB_EVENT_TYPES
from dashboard.serving import ServingFrame
from dashboard.summaries import TABLE_BLOCK

OUTLINES_URL = "/_atlas/admin1.geojson"  # served by create_app's route; one cached file for every figure
TILES_PATH = "/_atlas/tiles/{z}/{x}/{y}.pbf"  # the same outlines as vector tiles, for the offline style

__all__ = ["MAP_CONFIG", "OUTLINES_URL", "event_detail", "region_options", "safe_link", "serve"]

# The modebar keeps "Download plot as PNG" (plotly's toImage works offline, in the browser) with a
# presenter-friendly file name and twice the screen resolution.
MAP_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "scrollZoom": True,
    "displayModeBar": True,
    # "Share chart" uploads the figure to Plotly Cloud: never for conflict data, never offline.
    "modeBarButtonsToRemove": ["sendChartToCloud"],
    "toImageButtonOptions": {"format": "png", "filename": "strike-atlas-map", "scale": 2},
}
CHART_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["sendChartToCloud", "select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "filename": "strike-atlas-chart", "scale": 2},
}
FORMAT_LABELS = {
    "csv": "CSV",
    "geojson": "GeoJSON",
    "gpkg": "GeoPackage",
    "parquet": "GeoParquet",
    "hxl": "HXL CSV (HDX)",
}


def region_options(regions: pd.DataFrame, extra: Sequence[str] = ()) -> list[dict[str, str]]:
    """'UA · Kharkiv (UA-63)' options sorted by country then name, each country first as 'UA · all regions'.

    Dash 4's dropdown has no option groups, so the country prefix groups them; `extra` keeps values from a
    URL that the store has no events for, so the widget still shows what the URL asks for.
    """
    options: list[dict[str, str]] = []
    for country, group in regions.groupby("country", sort=True, observed=True):
        total = int(group["events"].sum())
        options.append({"label": f"{country} · all regions ({total:,})", "value": str(country)})
        for row in group.itertuples(index=False):
            options.append({"label": f"{country} · {row.admin1} ({row.admin1_code})", "value": str(row.admin1_code)})
    known = {o["value"] for o in options}
    for value in extra:
        if value not in known:
            options.append({"label": f"{value} (no events)", "value": value})
    return options


def safe_link(url: object) -> str | None:
    """The URL when it is http(s), else None: a `javascript:` link must never become clickable."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def _missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _field(label: str, value: object) -> list[Any]:
    return [html.Dt(label), html.Dd("—" if _missing(value) or value == "" else str(value))]


def event_detail(record: Mapping[str, Any] | None) -> list[Any]:
    """The detail panel for one event. Children are plain strings, which React renders as text."""
    if not record:
        return [
            html.P("Click an event on the map, or a row in the table, to see its notes and sources.", className="muted")
        ]
    record = {k: None if _missing(v) else v for k, v in record.items()}  # NA is neither true nor false
    precision = {1: "the town itself", 2: "near a town / part of a region", 3: "the region"}
    time_precision = {1: "exact day", 2: "within a week", 3: "within a month"}
    date = record.get("event_date")
    date_text = date.strftime("%Y-%m-%d") if hasattr(date, "strftime") else str(date or "")
    infrastructure = record.get("infrastructure") or []
    link = safe_link(record.get("source_url"))
    gp, tp = record.get("geo_precision"), record.get("time_precision")
    children: list[Any] = [
        html.H3(str(record.get("location") or "Unknown place")),
        html.P(f"{date_text} · {record.get('admin1') or ''} ({record.get('admin1_code') or '—'})", className="muted"),
        html.Dl(
            [
                *_field("Type", f"{record.get('event_type') or ''} — {record.get('sub_event_type') or ''}"),
                *_field("Weapon", record.get("weapon")),
                *_field("Killed", record.get("killed")),
                *_field("Injured", record.get("injured")),
                *_field("Infrastructure", "; ".join(infrastructure)),
                *_field("What was hit", record.get("infrastructure_detail")),
                *_field("Actors", " → ".join(str(a) for a in (record.get("actor1"), record.get("actor2")) if a)),
                *_field("Place precision", precision.get(None if gp is None else int(gp), "")),
                *_field("Date precision", time_precision.get(None if tp is None else int(tp), "")),
                *_field("Source", record.get("source")),
                *_field("Dataset", record.get("dataset")),
                *_field("Event id", record.get("event_id")),
            ],
            className="detail-fields",
        ),
        html.P(str(record.get("notes") or ""), className="detail-notes"),
    ]
    if link:
        children.append(
            html.A("Open the source ↗", href=link, target="_blank", rel="noopener noreferrer", className="detail-link")
        )
    elif record.get("source_url"):
        children.append(html.P("Source link withheld: only http(s) links are opened.", className="muted"))
    return children


def _filters(sf: ServingFrame) -> html.Aside:
    first, last = sf.date_range()
    weapons = sf.values("weapon")
    sub_types = [s for subs in SUB_EVENT_TYPES.values() for s in subs]
    present_sub = set(sf.values("sub_event_type", limit=1000))
    return html.Aside(
        id="filters",
        className="sidebar",
        children=[
            html.H2("Filters"),
            html.Label("Region (admin-1)", htmlFor="filter-region", className="field-label"),
            dcc.Dropdown(
                id="filter-region",
                options=region_options(sf.regions()),
                multi=True,
                placeholder="All regions",
                maxHeight=320,
            ),
            html.Label("Dates", htmlFor="filter-dates", className="field-label"),
            dcc.DatePickerRange(
                id="filter-dates",
                display_format="YYYY-MM-DD",
                start_date_placeholder_text="From",
                end_date_placeholder_text="To",
                initial_visible_month=last,
                clearable=True,
                first_day_of_week=1,
                number_of_months_shown=1,
            ),
            html.Label("Event type", htmlFor="filter-event-type", className="field-label"),
            dcc.Dropdown(id="filter-event-type", options=list(EVENT_TYPES), multi=True, placeholder="All types"),
            html.Label("Sub-event type", htmlFor="filter-sub-event-type", className="field-label"),
            dcc.Dropdown(
                id="filter-sub-event-type",
                options=[s for s in sub_types if s in present_sub] or sub_types,
                multi=True,
                placeholder="All sub-types",
            ),
            html.Label("Weapon", htmlFor="filter-weapon", className="field-label"),
            dcc.Dropdown(id="filter-weapon", options=weapons, multi=True, placeholder="All weapons"),
            html.Label("Infrastructure hit (any of)", htmlFor="filter-infrastructure", className="field-label"),
            dcc.Dropdown(
                id="filter-infrastructure", options=list(INFRASTRUCTURE), multi=True, placeholder="Any or none"
            ),
            html.Div(
                className="row2",
                children=[
                    html.Div(
                        [
                            html.Label("Min. killed", htmlFor="filter-min-killed", className="field-label"),
                            dcc.Input(
                                id="filter-min-killed", type="number", min=0, step=1, debounce=True, placeholder="0"
                            ),
                        ]
                    ),
                    html.Div(
                        [
                            html.Label("Min. injured", htmlFor="filter-min-injured", className="field-label"),
                            dcc.Input(
                                id="filter-min-injured", type="number", min=0, step=1, debounce=True, placeholder="0"
                            ),
                        ]
                    ),
                ],
            ),
            html.Label("Text in notes, place or source", htmlFor="filter-text", className="field-label"),
            dcc.Input(id="filter-text", type="search", debounce=True, placeholder="e.g. refinery", className="wide"),
            html.Button("Reset filters", id="filter-reset", n_clicks=0, className="secondary"),
            html.Hr(),
            html.H2("Map"),
            html.Label("Colour by", htmlFor="map-color", className="field-label"),
            dcc.RadioItems(
                id="map-color",
                options=[
                    {"label": "Event type", "value": "event_type"},
                    {"label": "Infrastructure", "value": "infrastructure"},
                ],
                value="event_type",
                inline=True,
            ),
            html.Label("Basemap", htmlFor="map-basemap", className="field-label"),
            dcc.RadioItems(
                id="map-basemap",
                options=[{"label": label, "value": value} for value, label in BASEMAPS.items()],
                value="outlines",
            ),
            html.Hr(),
            html.H2("Download"),
            html.Div(
                className="row2",
                children=[
                    dcc.Dropdown(
                        id="download-format",
                        options=[{"label": FORMAT_LABELS[f], "value": f} for f in FORMATS],
                        value="csv",
                        clearable=False,
                        searchable=False,
                    ),
                    html.Button("Download filtered data", id="download-button", n_clicks=0),
                ],
            ),
            html.Div(id="download-note", className="muted small"),
            dcc.Download(id="download"),
            html.P(
                "The map's camera icon saves it as PNG. Presentation mode hides this sidebar.",
                className="muted small",
            ),
            html.P(f"Dates in the store: {first or '—'} to {last or '—'}", className="muted small"),
        ],
    )


def _kpi(label: str, id_: str) -> html.Div:
    return html.Div(
        className="kpi", children=[html.Div("—", id=id_, className="kpi-value"), html.Div(label, className="kpi-label")]
    )


GRID_COLUMNS: list[dict[str, Any]] = [
    {"field": "event_date", "headerName": "Date", "width": 112, "sort": "desc"},
    {"field": "location", "headerName": "Place", "width": 140},
    {"field": "region", "headerName": "Region", "width": 170},
    {"field": "killed", "headerName": "Killed", "width": 100, "type": "numericColumn"},
    {"field": "injured", "headerName": "Injured", "width": 106, "type": "numericColumn"},
    {"field": "sub_event_type", "headerName": "Type", "width": 170},
    {"field": "weapon", "headerName": "Weapon", "width": 140},
    {"field": "infrastructure", "headerName": "Infrastructure", "width": 130},
    {"field": "precision", "headerName": "Place precision", "width": 125},
    {"field": "event_id", "headerName": "Id", "width": 110},
]


def _main(sf: ServingFrame) -> html.Main:
    message = (
        [
            html.Div(
                sf.problem or "No event store yet: run `python -m dashboard build`, or import data.", className="alert"
            )
        ]
        if sf.missing
        else []
    )
    return html.Main(
        className="content",
        children=[
            *message,
            html.Div(id="url-message", role="alert", className="url-message"),
            html.Section(
                className="kpis",
                children=[
                    _kpi("events", "kpi-events"),
                    _kpi("killed (lowest reported)", "kpi-killed"),
                    _kpi("injured", "kpi-injured"),
                    _kpi("regions hit", "kpi-regions"),
                ],
            ),
            html.Div(
                id="selection-bar",
                className="selection-bar",
                children=[
                    html.Span(id="selection-note"),
                    html.Button("Clear map selection", id="selection-clear", n_clicks=0, className="secondary"),
                ],
                style={"display": "none"},
            ),
            html.Section(
                className="map-wrap",
                children=[
                    # No dcc.Loading around the map: toggling it re-renders the graph, and a click made
                    # at that moment is lost (seen in the browser tests).
                    dcc.Graph(
                        id="map",
                        # The map at once (sea, no land yet): MapLibre starts while the server filters.
                        figure=loading_map_figure(),
                        config=MAP_CONFIG,
                        responsive=True,
                        className="map-graph",
                    ),
                    timelapse.controls(),
                ],
            ),
            # Charts and table arrive once the map is drawn (callbacks.register: "lower"): what the eye needs
            # first is the count and the map, and every graph or grid mounted before it delays it.
            html.Section(id="charts", className="charts", children=[]),
            html.Section(
                className="table-and-detail",
                children=[
                    html.Div(id="table-slot", className="table-wrap"),
                    html.Aside(id="event-detail", className="detail", children=event_detail(None)),
                ],
            ),
            story.builder(),  # a story from the table's rows (assets/atlas-story.js, no callback)
        ],
    )


def chart_graphs() -> list[dcc.Graph]:
    """The time series and region charts, filled by the views callback as soon as they appear."""
    return [
        dcc.Graph(id="timeseries", figure=empty_figure(), config=CHART_CONFIG, className="chart"),
        dcc.Graph(id="region-bar", figure=empty_figure(), config=CHART_CONFIG, className="chart"),
    ]


def event_table() -> list[Any]:
    """The table's note and grid (AG Grid's infinite row model asks the server for rows as it scrolls)."""
    return [
        dcc.Store(id="table-refresh"),
        html.Div(id="table-note", className="muted small"),
        dag.AgGrid(
            id="event-table",
            columnDefs=GRID_COLUMNS,
            # Every matching event, a block at a time as the table scrolls, sorted on
            # the server (views.table_block): a million rows never reach the page.
            rowModelType="infinite",
            getRowId="params.data.event_id",
            defaultColDef={"sortable": True, "resizable": True},
            dashGridOptions={
                "cacheBlockSize": TABLE_BLOCK,
                "maxBlocksInCache": 20,
                "infiniteInitialRowCount": 1,
                "rowSelection": {
                    "mode": "singleRow",
                    "checkboxes": False,
                    "enableClickSelection": True,
                },
                "animateRows": False,
                "rowBuffer": 20,
                "localeText": {"noRowsToShow": "No events match these filters"},
            },
            style={"height": "440px", "width": "100%"},
        ),
    ]


def _attribution() -> html.Footer:
    return html.Footer(
        className="attribution",
        children=[
            html.Span(ATTRIBUTION_NE_GN + ". "),
            html.Span(ATTRIBUTION_OSM + " (when the OpenStreetMap basemap is on). "),
            html.Span("Region codes: ISO 3166-2. Casualties are the lowest reported figures."),
        ],
    )


def panel_slot(panel: ModuleType) -> str:
    """The id of the element a panel's layout is mounted into when its tab is first opened (`mount_panels`)."""
    return "panel-" + panel.__name__.rsplit(".", 1)[-1]


def mount_panels(app: Any, panels: Sequence[ModuleType]) -> None:
    """Each panel's layout joins the page when its tab is first opened, not in the first layout.

    The first layout is what the browser must parse, check and render before the map's first request; the
    panels (an upload form, the review grid) are not seen until a click, and their AG Grid script is loaded
    `defer` (``AtlasDash``), so it must not be needed before then.
    """
    if not panels:
        return

    @app.callback(
        [Output(panel_slot(p), "children") for p in panels],
        Input("tabs", "value"),
        [State(panel_slot(p), "children") for p in panels],
        prevent_initial_call=True,
    )
    def _mount(tab: str, *mounted: Any) -> list[Any]:
        pairs = zip(panels, mounted, strict=True)
        return [p.layout() if tab == p.__name__ and not shown else no_update for p, shown in pairs]


def serve(panels: Sequence[ModuleType] = ()) -> html.Div:
    """The whole page. Called by Dash for every page load."""
    sf = state.get_events()
    dashboard = html.Div(className="dashboard", children=[_filters(sf), _main(sf)])
    if panels:
        body: Any = dcc.Tabs(
            id="tabs",
            value="map",
            parent_className="atlas-tabs",
            className="atlas-tabs-bar",
            children=[
                dcc.Tab(
                    label="Map",
                    value="map",
                    children=dashboard,
                    className="atlas-tab",
                    selected_className="atlas-tab--selected",
                ),
                *[
                    dcc.Tab(
                        label=getattr(p, "TITLE", p.__name__),
                        value=p.__name__,
                        children=html.Div(id=panel_slot(p), className="panel-slot"),  # mount_panels
                        className="atlas-tab",
                        selected_className="atlas-tab--selected",
                    )
                    for p in panels
                ],
            ],
        )
    else:
        body = dashboard
    return html.Div(
        id="app-root",
        className="atlas",
        children=[
            dcc.Location(id="url", refresh="callback-nav"),
            dcc.Store(id="selection"),
            dcc.Store(id="map-state"),
            dcc.Store(id="map-drawn"),
            dcc.Store(id="map-viewport"),
            dcc.Store(id="map-focus"),
            dcc.Store(id="present", data=False),
            # The store file's version: the Upload and Review panels write it after adding events, and the
            # map tab's views take it as an input, so they refresh without a page reload.
            dcc.Store(id="store-version", data=state.store_version()),
            html.Header(
                className="topbar",
                children=[
                    html.H1("Strike Atlas"),
                    html.Span(id="event-count", className="event-count", **{"aria-live": "polite"}),
                    html.Div(
                        className="topbar-actions",
                        children=[
                            html.A("Energy facilities →", id="nav-energy", href="/energy", className="nav-link"),
                            export_media.controls(),  # Export image / video: assets/atlas-export.js, no callback
                            present.theme_link(),
                            html.Button("Presentation mode", id="present-toggle", n_clicks=0),
                        ],
                    ),
                ],
            ),
            body,
            _attribution(),
        ],
    )
