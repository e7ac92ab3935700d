"""Plotly figures, pure: data in, figure out. No Dash here, so tests build figures directly.

Text that comes from events (places, regions, weapons) is html-escaped before it reaches plotly, which
reads <br>, <b>, <a> and entities in hover text, legends and tick labels.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.app import mapstyle
from dashboard.geo.outline_tiles import LAYER as TILE_LAYER
from dashboard.map_view import MapView
from dashboard.schema import EVENT_TYPES, INFRASTRUCTURE
from dashboard.summaries import Period

__all__ = [
    "ATTRIBUTION_NE_GN",
    "ATTRIBUTION_OSM",
    "BASEMAPS",
    "EVENT_TYPE_COLORS",
    "INFRASTRUCTURE_COLORS",
    "empty_figure",
    "loading_map_figure",
    "map_figure",
    "outline_layers",
    "region_figure",
    "timeseries_figure",
]

Basemap = Literal["outlines", "osm"]
BASEMAPS: dict[str, str] = {"outlines": "Offline outlines", "osm": "OpenStreetMap (online)"}

ATTRIBUTION_NE_GN = (
    "Boundaries: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0), © OpenStreetMap contributors (ODbL)"
)
ATTRIBUTION_OSM = "Map tiles © OpenStreetMap contributors"

# Fixed colours per category so a category keeps its colour whatever the filters (colour-blind-safe-ish,
# after Okabe-Ito and Tableau, with strikes in the strongest red).
EVENT_TYPE_COLORS: dict[str, str] = {
    "Explosions/Remote violence": "#d1281f",
    "Battles": "#e69f00",
    "Violence against civilians": "#7b3294",
    "Protests": "#009e73",
    "Riots": "#8c510a",
    "Strategic developments": "#5e6a71",
}
INFRASTRUCTURE_COLORS: dict[str, str] = {
    "energy": "#e69f00",
    "port": "#0072b2",
    "transport": "#56b4e9",
    "residential": "#d1281f",
    "health": "#cc79a7",
    "education": "#7b3294",
    "commercial": "#8c510a",
    "industrial": "#5e6a71",
    "military": "#1b4332",
    "water": "#00a6a6",
    "telecom": "#9aa500",
    "other": "#9e9e9e",
    "none": "#bdbdbd",
}
assert set(EVENT_TYPE_COLORS) == set(EVENT_TYPES) and set(INFRASTRUCTURE_COLORS) == {*INFRASTRUCTURE, "none"}

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif", "size": 14}
OUTLINE_FILL = "#f3f1ec"
OUTLINE_LINE = "#8c8c8c"
MAP_BACKGROUND = "#dfe8ee"  # water and everything beyond the outlines


def _esc(value: object) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value))


# The whole world as one polygon: drawn first in water blue, so land (the outline fill) stands out from sea.
# Its properties must not be empty: plotly.react prunes empty objects, and MapLibre drops a Feature
# without "properties" (the sea turned white after the first redraw).
_WORLD = {
    "type": "Feature",
    "properties": {"name": "sea"},
    "geometry": {"type": "Polygon", "coordinates": [[[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]]},
}


def outline_layers(
    source: str | Mapping[str, Any] | None, basemap: Basemap, tiles: str | None = None
) -> list[dict[str, Any]]:
    """Admin-1 polygons as one MapLibre layer below the markers.

    Offline: sea-blue background, light land fill with 1 px outlines, so coasts and borders read. The land
    comes from the app's vector tiles when `tiles` (an absolute URL template) is given — the browser then
    decodes a few small tiles in view, not a GeoJSON file of every region — else from the `source` GeoJSON.
    Over OpenStreetMap tiles: lines only, the tiles show the land.
    """
    if basemap != "outlines":
        if not source:
            return []
        return [
            {
                "sourcetype": "geojson",
                "source": source,
                "type": "line",
                "color": OUTLINE_LINE,
                "line": {"width": 1},
                "opacity": 0.7,
                "below": "traces",
            }
        ]
    layers: list[dict[str, Any]] = [
        {"sourcetype": "geojson", "source": _WORLD, "type": "fill", "color": MAP_BACKGROUND, "below": "traces"}
    ]
    land = {"type": "fill", "color": OUTLINE_FILL, "fill": {"outlinecolor": OUTLINE_LINE}, "below": "traces"}
    if tiles:
        layers.append({"sourcetype": "vector", "source": [tiles], "sourcelayer": TILE_LAYER, **land})
    elif source:
        layers.append({"sourcetype": "geojson", "source": source, **land})
    return layers


def _style(basemap: Basemap) -> str:
    # Built-in styles only: "white-bg" needs no network (no tiles, glyphs or sprites) and has no sources,
    # so MapLibre's "load" (which plotly waits for before it adds any trace) comes at once. The land is
    # one of plotly's layers (outline_layers), loaded side by side with the events.
    return "open-street-map" if basemap == "osm" else "white-bg"


def _fmt(n: int) -> str:
    return f"{n:,}"


def map_figure(
    view: MapView,
    *,
    basemap: Basemap = "outlines",
    outlines: str | Mapping[str, Any] | None = None,
    tiles: str | None = None,
    uirevision: str = "map",
    selectionrevision: str = "selection",
    caption: str = "",
    theme: str = "light",
    named: bool = False,
) -> go.Figure:
    """The event map: points coloured by category and sized by casualties, or hexagons with counts.

    `named`: on the app's own style, with place names, borders and `theme` (presentation mode, images).

    `outlines` is the admin-1 GeoJSON (or a URL to it), `tiles` the same as vector tiles (an absolute URL
    template, preferred offline: see `outline_layers`); they are drawn in both basemaps so the map reads
    without any network. `caption` (what is shown: the filters) heads the note, so an exported image
    says what it is.
    """
    fig = go.Figure()
    notes: list[str] = [f"<b>{_esc(caption)}</b>"] if caption else []
    annotations: list[dict[str, Any]] = []
    if view.mode == "points" and view.points is not None:
        margin = _fit_margin(view.points.lat, view.points.lon) if view.fit_in_browser else []
        _add_points(fig, view, margin)
        annotations.append({**_LEGEND_BOX, "text": points_legend(view)})
        notes.append("Marker size: killed + injured · faded with a ring: approximate place")
        if view.bounds is not None:
            notes.append(f"{_fmt(view.in_view)} of {_fmt(view.total)} events in this area")
    elif view.mode == "hex" and view.hexes is not None:
        _add_hexes(fig, view)
        cells = len(view.hexes.cells)
        notes.append(
            f"{_fmt(view.in_view)} events in {_fmt(cells)} hexagons (H3 resolution {view.hexes.resolution}) · "
            "zoom in or narrow the filters to see single events"
        )
    else:
        notes.append("No events match these filters")
    if not fig.data:
        # A map subplot exists only while a trace refers to it: with none, plotly draws no map at all.
        fig.add_trace(go.Scattermap(lat=[], lon=[], mode="markers", hoverinfo="skip", showlegend=False))
    attribution = ATTRIBUTION_NE_GN + (" · " + ATTRIBUTION_OSM if basemap == "osm" else "")
    lat, lon = view.viewport.center
    if view.fit_in_browser:  # the browser knows the map's size: let plotly fit the view to the markers
        camera: dict[str, Any] = {"fitbounds": "locations"}
        if view.mode != "points":
            _add_fit_margin(fig)
    else:
        camera = {"center": {"lat": lat, "lon": lon}, "zoom": view.viewport.zoom}
    fig.update_layout(
        map={
            "style": _style(basemap),
            **camera,
            "layers": outline_layers(outlines, basemap, None if named else tiles),
            "uirevision": uirevision,
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font=FONT,
        uirevision=uirevision,
        selectionrevision=selectionrevision,
        dragmode="pan",
        clickmode="event",  # a click opens the detail panel; only box/lasso select
        hoverlabel={"font": {"size": 14}, "bgcolor": "white", "align": "left"},
        showlegend=False,
        paper_bgcolor="white",
        annotations=[
            {
                "text": "<br>".join(notes),
                "x": 1.0,
                "y": 0.0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "bottom",
                "yshift": 18,  # above the attribution line: on a narrow map the two met
                "align": "right",
                "showarrow": False,
                "bgcolor": "rgba(255,255,255,0.88)",
                "bordercolor": "#c8c8c8",
                "borderpad": 4,
                "font": {"size": 13},
            },
            {
                "text": attribution,
                "x": 0.0,
                "y": 0.0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "bgcolor": "rgba(255,255,255,0.8)",
                "font": {"size": 11, "color": "#444"},
            },
            *annotations,  # the legend
        ],
    )
    # Place names (the app's own style) in presentation mode and images. Not on the analyst's map: the style's
    # sources (a 765 kB GeoJSON of land, borders and names, and the glyphs) load before plotly adds any event,
    # which made the first view slower than the naive page's (issue 13); its land comes from vector tiles.
    return mapstyle.dress(fig, basemap=basemap, theme=theme, named=named)


_LEGEND_BOX: dict[str, Any] = {
    "x": 0.01,
    "y": 0.99,
    "xref": "paper",
    "yref": "paper",
    "xanchor": "left",
    "yanchor": "top",
    "align": "left",
    "showarrow": False,
    "bgcolor": "rgba(255,255,255,0.88)",
    "bordercolor": "#c8c8c8",
    "borderpad": 6,
    "font": {"size": 13},
    "name": "legend",
}


def _fit_margin(lat: np.ndarray, lon: np.ndarray, fraction: float = 0.12) -> list[tuple[float, float]]:
    """Two (lat, lon) points beyond the markers' corners: plotly's fitbounds pads by a few pixels only, and
    markers at the very edge would hide under the legend and the notes."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if not len(lat):
        return []
    south, north, west, east = float(lat.min()), float(lat.max()), float(lon.min()), float(lon.max())
    dy = max((north - south) * fraction, 0.2)
    dx = max((east - west) * fraction, 0.2)
    # more room at the top: the legend
    return [(max(south - dy, -84.0), west - dx), (min(north + dy * 1.5, 84.0), east + dx)]


def _add_fit_margin(fig: go.Figure) -> None:
    """The fit margin as an invisible trace of its own (hexagons: their trace has hover on every point)."""
    margin = _fit_margin(
        np.concatenate([np.asarray(t.lat, dtype=float) for t in fig.data]),
        np.concatenate([np.asarray(t.lon, dtype=float) for t in fig.data]),
    )
    if not margin:
        return
    fig.add_trace(
        go.Scattermap(
            lat=[p[0] for p in margin],
            lon=[p[1] for p in margin],
            mode="markers",
            marker={"size": 1, "opacity": 0},
            hoverinfo="skip",
            showlegend=False,
            name="fit margin",
        )
    )


def loading_map_figure() -> go.Figure:
    """What the map area shows before the first view arrives: a plain "Loading events…" note, no map.

    Not a map: plotly finishes a map plot only once MapLibre has loaded, and dcc.Graph queues the next figure
    behind it, so an early placeholder map delayed the real one by a whole MapLibre start (measured: the points
    drew 0.6 s after the placeholder, against 0.14 s for a first plot that is the real map).
    """
    return empty_figure("Loading events…")


def _discrete_scale(colors: list[str]) -> list[list[Any]]:
    """A colour scale that maps category index i (cmin -0.5, cmax n-0.5) to colors[i] exactly."""
    n = len(colors)
    return [[edge, color] for i, color in enumerate(colors) for edge in (i / n, (i + 1) / n)]


def _add_points(fig: go.Figure, view: MapView, margin: list[tuple[float, float]]) -> None:
    """Every event in one trace, coloured by category index through a discrete colour scale.

    One trace, not one per category: plotly gives each trace four MapLibre sources, and every source the
    browser parses and every frame it redraws while they load delays the first drawn map. The legend is
    an annotation (`points_legend`). Approximate places get a ring: a wider, faint circle in a second
    trace underneath, which also carries the invisible fit-margin points.
    """
    layer = view.points
    assert layer is not None
    colors = INFRASTRUCTURE_COLORS if view.color_by == "infrastructure" else EVENT_TYPE_COLORS
    scale = _discrete_scale([colors[c] for c in layer.categories])
    n = len(layer.categories)
    color_range = {"colorscale": scale, "cmin": -0.5, "cmax": n - 0.5, "showscale": False}
    approx = layer.approx
    ring_lat = np.concatenate([layer.lat[approx], np.array([p[0] for p in margin], dtype=np.float32)])
    ring_lon = np.concatenate([layer.lon[approx], np.array([p[1] for p in margin], dtype=np.float32)])
    if len(ring_lat):
        sizes = np.concatenate([layer.size[approx] + 14, np.ones(len(margin), dtype=np.float32)])
        fig.add_trace(
            go.Scattermap(
                lat=ring_lat.astype(np.float32),
                lon=ring_lon.astype(np.float32),
                mode="markers",
                marker={
                    "size": sizes.astype(np.float32),
                    "color": np.concatenate([layer.category[approx], np.zeros(len(margin))]).astype(np.uint8),
                    "opacity": np.concatenate([np.full(int(approx.sum()), 0.22), np.zeros(len(margin))]).astype(
                        np.float32
                    ),
                    **color_range,
                },
                name="Approximate place (ring)",
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scattermap(
            lat=layer.lat,
            lon=layer.lon,
            mode="markers",
            marker={
                "size": layer.size,
                "color": layer.category.astype(np.uint8),
                "opacity": np.where(approx, 0.5, 0.9).astype(np.float32),
                **color_range,
            },
            # A plain list: dcc.Graph reads clickData's customdata from figure.data by index, which fails
            # on typed arrays ({dtype, bdata}); ints are short in JSON anyway.
            customdata=layer.positions.tolist(),
            text=layer.hover,
            hovertemplate="%{text}<extra></extra>",
            name="Events",
            showlegend=False,
            selected={"marker": {"opacity": 1.0}},
            unselected={"marker": {"opacity": 0.15}},
        )
    )


def points_legend(view: MapView) -> str:
    """The legend as annotation text: a coloured dot, the category and how many events it has."""
    layer = view.points
    assert layer is not None
    colors = INFRASTRUCTURE_COLORS if view.color_by == "infrastructure" else EVENT_TYPE_COLORS
    counts = np.bincount(layer.category, minlength=len(layer.categories))
    title = "Event type" if view.color_by == "event_type" else "Infrastructure hit"
    lines = [f"<b>{title}</b>"]
    lines += [
        f'<span style="color:{colors[name]}">●</span> {_esc(name)} ({counts[i]:,})'
        for i, name in enumerate(layer.categories)
        if counts[i]
    ]
    if layer.approx.any():
        lines.append('<span style="color:#9e9e9e">◌</span> approximate place (faded, ringed)')
    return "<br>".join(lines)


_COUNT_TICKS = (1, 10, 100, 1_000, 10_000, 100_000, 1_000_000)


def _add_hexes(fig: go.Figure, view: MapView) -> None:
    hexes = view.hexes
    assert hexes is not None
    cells = hexes.cells
    events = cells["events"].to_numpy(dtype=np.float64)
    top = float(events.max()) if len(events) else 1.0
    ticks = [t for t in _COUNT_TICKS if t <= max(top, 1)]
    size = (10.0 + 24.0 * np.sqrt(events / max(top, 1.0))).astype(np.float32)
    hover = (
        "<b>"
        + cells["events"].map("{:,}".format)
        + " events</b><br>"
        + cells["killed"].map("{:,}".format)
        + " killed · "
        + cells["injured"].map("{:,}".format)
        + " injured<br>Click to zoom in"
    )
    fig.add_trace(
        go.Scattermap(
            lat=cells["lat"].to_numpy(dtype=np.float32),
            lon=cells["lon"].to_numpy(dtype=np.float32),
            mode="markers",
            marker={
                "size": size,
                "color": np.log10(np.maximum(events, 1)).astype(np.float32),
                "colorscale": "YlOrRd",
                "cmin": 0,
                "cmax": max(np.log10(max(top, 10.0)), 1.0),
                "opacity": 0.8,
                "colorbar": {
                    "title": {"text": "Events<br>per hexagon"},
                    "tickvals": [float(np.log10(t)) for t in ticks],
                    "ticktext": [f"{t:,}" for t in ticks],
                    "x": 0.99,
                    "xanchor": "right",
                    "y": 0.5,
                    "len": 0.55,
                    "thickness": 14,
                    "bgcolor": "rgba(255,255,255,0.85)",
                },
            },
            text=hover.to_numpy(dtype=object),
            hovertemplate="%{text}<extra></extra>",
            name="Events per hexagon",
            showlegend=False,
        )
    )


_PERIOD_DAYS: dict[str, int] = {"day": 1, "week": 7, "month": 31}
_PERIOD_TICKS: dict[str, str] = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y"}
# Each bar and line point drawn in the middle of its day/week/month (plotly's period positioning), so the
# December bar stands between the "Dec" and "Jan" ticks, not astride "Dec". Weeks start on Monday.
_PERIOD_X: dict[str, dict[str, Any]] = {
    "day": {"xperiod": 86_400_000, "xperiodalignment": "middle"},
    "week": {"xperiod": 7 * 86_400_000, "xperiod0": "2000-01-03", "xperiodalignment": "middle"},
    "month": {"xperiod": "M1", "xperiodalignment": "middle"},
}


def _count_ticks(values: Any) -> dict[str, Any]:
    """Whole-number ticks: counts of events and people have no fractions, even when the largest is 1 or 3."""
    top = float(np.max(values)) if len(values) else 0.0
    return {"tickformat": ",d", **({"dtick": 1} if top <= 5 else {})}


def _period_axis(bins: pd.DataFrame, period: Period) -> dict[str, Any]:
    """Dates as dates, and at least a week/month/year of axis: one bar alone would fill the whole width and
    plotly would label its edges with fractions of a second."""
    hover = {"day": "%a %d %b %Y", "week": "week of Mon %d %b %Y", "month": "%B %Y"}[period]
    axis: dict[str, Any] = {"tickformat": _PERIOD_TICKS[period], "hoverformat": hover, "showgrid": False}
    if len(bins):
        first, last = pd.Timestamp(bins["start"].min()), pd.Timestamp(bins["start"].max())
        step = pd.Timedelta(days=_PERIOD_DAYS[period])
        end = last + step  # the last period's end
        pad = max(step / 2, (7 * step - (end - first)) / 2)
        axis["range"] = [(first - pad).isoformat(), (end + pad).isoformat()]
    return axis


def timeseries_figure(bins: pd.DataFrame, period: Period) -> go.Figure:
    """Events per period as bars, killed + injured as a line on a second axis."""
    fig = go.Figure()
    if not bins.empty:
        fig.add_trace(
            go.Bar(
                x=bins["start"],
                y=bins["events"].to_numpy(),
                name="Events",
                marker_color="#5e6a71",
                # Width in ms: plotly derives it from the gaps between bars, and a lone bar has none.
                width=_PERIOD_DAYS[period] * 86_400_000 * 0.8,
                hovertemplate="%{y:,} events<extra></extra>",
                **_PERIOD_X[period],
            )
        )
        fig.add_trace(
            go.Scatter(
                x=bins["start"],
                y=(bins["killed"] + bins["injured"]).to_numpy(),
                name="Killed + injured",
                yaxis="y2",
                mode="lines+markers" if len(bins) < 60 else "lines",
                line={"color": "#d1281f", "width": 2},
                hovertemplate="%{y:,} killed + injured<extra></extra>",
                **_PERIOD_X[period],
            )
        )
    fig.update_layout(
        title={"text": f"Events and casualties per {period}", "x": 0.01, "font": {"size": 15}},  # weeks: Mon-Sun
        font=FONT,
        margin={"l": 50, "r": 50, "t": 40, "b": 30},
        xaxis=_period_axis(bins, period),
        yaxis={"title": {"text": "events"}, "rangemode": "tozero", **_count_ticks(bins["events"] if len(bins) else [])},
        yaxis2={
            "title": {"text": "killed + injured"},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "tickmode": "auto",  # not "sync" with the events axis: that gives ticks like 6.46 casualties
            **_count_ticks(bins["killed"] + bins["injured"] if len(bins) else []),
        },
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        bargap=0.15,
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="x unified",
    )
    fig.update_yaxes(gridcolor="#eee", selector={"overlaying": None})
    if bins.empty:
        _empty_note(fig)
    return fig


def region_figure(counts: pd.DataFrame) -> go.Figure:
    """Events by admin-1 region, the biggest at the top."""
    fig = go.Figure()
    if not counts.empty:
        counts = counts.iloc[::-1]
        labels = [f"{_esc(n)} ({_esc(c)})" for n, c in zip(counts["admin1"], counts["admin1_code"], strict=True)]
        fig.add_trace(
            go.Bar(
                x=counts["events"].to_numpy(),
                y=labels,
                orientation="h",
                marker_color="#d1281f",
                customdata=np.stack(
                    [counts["killed"].to_numpy(dtype=np.int64), counts["injured"].to_numpy(dtype=np.int64)], axis=1
                ),
                hovertemplate="%{y}: %{x:,} events, %{customdata[0]:,} killed, %{customdata[1]:,} injured"
                "<extra></extra>",
                texttemplate="%{x:,}",
                textposition="outside",  # one readable size; "auto" shrank numbers in short bars to specks
                textangle=0,
                cliponaxis=False,
            )
        )
    fig.update_layout(
        title={"text": "Events by region (top 15)", "x": 0.01, "font": {"size": 15}},
        font=FONT,
        margin={"l": 10, "r": 20, "t": 40, "b": 30},
        xaxis={
            "gridcolor": "#eee",
            "rangemode": "tozero",
            # room right of the longest bar for its number
            **({"range": [0, float(counts["events"].max()) * 1.22]} if len(counts) else {}),
            **_count_ticks(counts["events"] if len(counts) else []),
        },
        yaxis={"automargin": True, "type": "category"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        height=max(260, 60 + 24 * max(len(counts), 1)),
    )
    if counts.empty:
        _empty_note(fig)
    return fig


def _empty_note(fig: go.Figure) -> None:
    fig.add_annotation(
        text="No events match these filters",
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 14, "color": "#666"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)


def empty_figure(message: str = "") -> go.Figure:
    """A blank placeholder (before the first callback, or when there is no store)."""
    fig = go.Figure()
    fig.update_layout(
        font=FONT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    if message:
        _empty_note(fig)
        fig.layout.annotations[0].text = _esc(message)
    return fig
