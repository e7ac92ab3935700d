"""Figures of the energy page and its printable report, pure (data in, figure out; no Dash).

Facility names and event places come from files and reports: they are html-escaped before plotly reads them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.app.figures import FONT, OUTLINE_FILL, OUTLINE_LINE, _esc, outline_layers
from dashboard.energy.subclass import SUBCLASSES
from dashboard.energy.view import UNSPECIFIED, EnergyView

__all__ = [
    "CAPACITY_NOTE",
    "SUBCLASS_COLORS",
    "capacity_figure",
    "facilities_map_figure",
    "outline_traces",
    "timeline_figure",
]

SUBCLASS_COLORS: dict[str, str] = {
    "generation": "#e69f00",
    "grid": "#0072b2",
    "oil and gas": "#d1281f",
    "heating": "#cc79a7",
    UNSPECIFIED: "#b0b0b0",
}
assert set(SUBCLASS_COLORS) == {*SUBCLASSES, UNSPECIFIED}
CAPACITY_NOTE = "capacity at sites hit, not capacity lost"
HITS_SCALE = [[0.0, "#fdd49e"], [0.5, "#ef6548"], [1.0, "#7f0000"]]
NOT_HIT = "#9aa5ad"
EVENT_DOT = "#2b2b2b"
_LAYOUT: dict[str, Any] = {"font": FONT, "paper_bgcolor": "white", "plot_bgcolor": "white"}


def _size(capacity: pd.Series, top: float) -> np.ndarray:
    """Marker diameter in px by capacity (area ~ MW); facilities without an MW figure get a middle size."""
    mw = capacity.to_numpy(dtype=float, na_value=np.nan)
    size = 7.0 + 26.0 * np.sqrt(np.clip(mw, 0, None) / max(top, 1.0))
    return np.where(np.isnan(mw), 13.0, size)


def _facility_hover(table: pd.DataFrame, hits_any: pd.Series, ringed: np.ndarray) -> list[str]:
    out = []
    for row, any_hits, ring in zip(table.itertuples(index=False), hits_any, ringed, strict=True):
        mw = "no MW figure" if pd.isna(row.capacity_mw) else f"{row.capacity_mw:,.0f} MW"
        period = f"{row.hits} in the selected period" if ring else "none in the selected period"
        out.append(
            f"<b>{_esc(row.name)}</b><br>{_esc(row.kind)} · {mw}<br>{_esc(row.region)} ({_esc(row.admin1_code)})"
            f"<br>hits: {period}; {any_hits} at any date"
        )
    return out


def _events_label(events: pd.DataFrame) -> str:
    total = int(events.attrs.get("of", len(events)))
    if total > len(events):
        return f"energy events ({len(events):,} most recent of {total:,})"
    return f"energy events ({len(events):,})"


def _facility_frame(view: EnergyView) -> pd.DataFrame:
    from dashboard.energy.view import region_names

    table = view.table.copy()
    table["region"] = region_names(table["admin1_code"])
    table["hits_any"] = table["facility_id"].map(view.hits_any_date).fillna(0).astype(int)
    return table


def facilities_map_figure(
    view: EnergyView,
    events: pd.DataFrame,
    outlines: str | Mapping[str, Any] | None = None,
    center: tuple[float, float] = (48.3, 34.5),
    zoom: float = 4.7,
) -> go.Figure:
    """Facilities (size = MW, colour = hits at any date, dark ring = hit in the selected period) and the energy
    events of the selection as small dots. `events` has latitude, longitude, event_date, location."""
    table = _facility_frame(view)
    top = float(table["capacity_mw"].max()) if table["capacity_mw"].notna().any() else 1.0
    size = _size(table["capacity_mw"], top)
    ringed = table["hits"].to_numpy() > 0
    hover = np.asarray(_facility_hover(table, table["hits_any"], ringed), dtype=object)
    fig = go.Figure()
    if len(events):
        dates = pd.to_datetime(events["event_date"]).dt.strftime("%Y-%m-%d").to_numpy()
        places = events["location"].astype(str).to_numpy()
        fig.add_trace(
            go.Scattermap(
                lat=events["latitude"].to_numpy(dtype=float),
                lon=events["longitude"].to_numpy(dtype=float),
                mode="markers",
                marker={"size": 6, "color": EVENT_DOT, "opacity": 0.55},
                text=[f"{d} · {_esc(p)}" for d, p in zip(dates, places, strict=True)],
                hovertemplate="energy event<br>%{text}<extra></extra>",
                name=_events_label(events),
            )
        )
    idle = table["hits_any"].to_numpy() == 0
    if idle.any():
        fig.add_trace(
            go.Scattermap(
                lat=table["lat"][idle],
                lon=table["lon"][idle],
                mode="markers",
                marker={"size": size[idle], "color": NOT_HIT, "opacity": 0.55},
                customdata=table["facility_id"][idle].tolist(),
                text=hover[idle],
                hovertemplate="%{text}<extra></extra>",
                name="facility, no hit",
            )
        )
    if ringed.any():
        # MapLibre circles have no outline in plotly: the ring is a dark circle 6 px wider under the marker.
        fig.add_trace(
            go.Scattermap(
                lat=table["lat"][ringed],
                lon=table["lon"][ringed],
                mode="markers",
                marker={"size": size[ringed] + 7, "color": "#111111", "opacity": 0.9},
                hoverinfo="skip",
                name="ring: hit in the selected period",
            )
        )
    hit = ~idle
    if hit.any():
        hits_any = table["hits_any"].to_numpy()
        fig.add_trace(
            go.Scattermap(
                lat=table["lat"][hit],
                lon=table["lon"][hit],
                mode="markers",
                marker={
                    "size": size[hit],
                    "color": hits_any[hit],
                    "colorscale": HITS_SCALE,
                    "cmin": 1,
                    "cmax": max(int(hits_any.max()), 2),
                    "opacity": 0.95,
                    "colorbar": {
                        "title": {"text": "hits<br>(any date)"},
                        "thickness": 12,
                        "len": 0.5,
                        "x": 1.0,
                        "tickformat": ",d",
                        "dtick": max(1, round(max(int(hits_any.max()), 2) / 5)),
                    },
                },
                customdata=table["facility_id"][hit].tolist(),
                text=hover[hit],
                hovertemplate="%{text}<extra></extra>",
                name="facility hit (colour: hits)",
            )
        )
    fig.update_layout(
        **_LAYOUT,
        map={"style": "white-bg", "center": {"lat": center[0], "lon": center[1]}, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}},
        uirevision="energy-map",
    )
    fig.update_layout(map_layers=outline_layers(outlines, "outlines"))
    return fig


def timeline_figure(weekly: pd.DataFrame) -> go.Figure:
    """Energy events per week by sub-class (stacked bars), the running total (line, right axis) and the weeks
    with outage reports (markers above the bars)."""
    fig = go.Figure()
    if weekly.empty:
        return _empty("No energy events match these filters")
    weeks = weekly.index
    for name in [*SUBCLASSES, UNSPECIFIED]:
        counts = weekly[name]
        if counts.sum() == 0:
            continue
        fig.add_trace(
            go.Bar(
                x=weeks,
                y=counts,
                name=f"{name} ({int(counts.sum()):,})",
                # an outline as wide as a thin bar: one week stays visible when the axis spans years
                marker={"color": SUBCLASS_COLORS[name], "line": {"color": SUBCLASS_COLORS[name], "width": 1.5}},
                hovertemplate=f"week of %{{x|%Y-%m-%d}}<br>{name}: %{{y}}<extra></extra>",
            )
        )
    total = weekly[[*SUBCLASSES, UNSPECIFIED]].sum(axis=1)
    fig.add_trace(
        go.Scatter(
            x=weeks,
            y=total.cumsum(),
            name="cumulative (right axis)",
            mode="lines",
            line={"color": "#333333", "width": 2},
            yaxis="y2",
            hovertemplate="to week of %{x|%Y-%m-%d}: %{y} events<extra></extra>",
        )
    )
    outage = weekly["outages"] > 0
    if outage.any():
        fig.add_trace(
            go.Scatter(
                x=weeks[outage],
                y=total[outage] + max(total.max() * 0.06, 0.3),
                mode="markers",
                marker={"symbol": "triangle-down", "size": 8, "color": "#111111"},
                name=f"outage reported ({int(weekly['outages'].sum()):,})",
                customdata=weekly["outages"][outage],
                hovertemplate="week of %{x|%Y-%m-%d}: %{customdata} outage report(s)<extra></extra>",
            )
        )
    fig.update_layout(
        **_LAYOUT,
        barmode="stack",
        bargap=0.1,
        title={"text": "Energy events per week, by sub-class", "x": 0.01, "font": {"size": 15}},
        margin={"l": 50, "r": 50, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.18, "font": {"size": 12}},
        xaxis={"type": "date", "gridcolor": "#eeeeee"},
        yaxis={"title": {"text": "events per week"}, "gridcolor": "#eeeeee", "rangemode": "tozero"},
        yaxis2={
            "title": {"text": "cumulative"},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "tickformat": ",d",
            "showgrid": False,
        },
        hovermode="closest",
    )
    return fig


def capacity_figure(capacity: pd.Series, by: str) -> go.Figure:
    """Horizontal bars of MW at the facilities hit, grouped `by` ('kind' or 'region')."""
    title = f"Capacity at sites hit, by {by} (MW)<br><sup>{CAPACITY_NOTE}</sup>"
    if capacity.empty:
        return _empty(f"{title}<br>No power plant with an MW figure was hit under these filters", size=13)
    shown = capacity.sort_values()
    fig = go.Figure(
        go.Bar(
            x=shown.to_numpy(),
            y=[_esc(v) for v in shown.index],
            orientation="h",
            marker_color="#e69f00" if by == "kind" else "#0072b2",
            text=[f"{v:,.0f} MW" for v in shown.to_numpy()],
            textposition="outside" if len(shown) > 8 else "auto",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f} MW at sites hit<extra></extra>",
        )
    )
    fig.update_layout(
        **_LAYOUT,
        title={"text": title, "x": 0.01, "font": {"size": 14}},
        margin={"l": 10, "r": 20, "t": 52, "b": 30},
        xaxis={"title": {"text": "MW installed at the sites hit"}, "gridcolor": "#eeeeee"},
        yaxis={"automargin": True},
        height=max(220, 70 + 28 * len(shown)),
        showlegend=False,
    )
    return fig


def _empty(message: str, size: int = 14) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        **_LAYOUT,
        xaxis={"visible": False},
        yaxis={"visible": False},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        annotations=[{"text": message, "showarrow": False, "font": {"size": size, "color": "#666666"}}],
        height=220,
    )
    return fig


# ---------------------------------------------------------------------------------------------------------
# The printable report's map: a plain x/y plot (no WebGL, no tiles), so Chromium prints it as vector graphics.
# ---------------------------------------------------------------------------------------------------------
def outline_traces(collection: Mapping[str, Any], box: tuple[float, float, float, float]) -> list[go.Scatter]:
    """Admin-1 polygons inside `box` (west, south, east, north) as filled line traces."""
    west, south, east, north = box
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in collection.get("features", []):
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            ring = np.asarray(polygon[0], dtype=float)
            if (
                ring[:, 0].max() < west
                or ring[:, 0].min() > east
                or ring[:, 1].max() < south
                or ring[:, 1].min() > north
            ):
                continue
            xs += [*ring[:, 0].tolist(), None]
            ys += [*ring[:, 1].tolist(), None]
    return [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": OUTLINE_LINE, "width": 0.6},
            fill="toself",
            fillcolor=OUTLINE_FILL,
            hoverinfo="skip",
            showlegend=False,
        )
    ]


def static_map_figure(
    view: EnergyView,
    events: pd.DataFrame,
    collection: Mapping[str, Any] | None,
    box: tuple[float, float, float, float] = (22.0, 44.0, 42.5, 53.0),
) -> go.Figure:
    """The facilities map for print: the same encoding as :func:`facilities_map_figure`, names of the hit."""
    table = _facility_frame(view)
    top = float(table["capacity_mw"].max()) if table["capacity_mw"].notna().any() else 1.0
    size = _size(table["capacity_mw"], top) * 0.8
    fig = go.Figure(outline_traces(collection, box) if collection else [])
    if len(events):
        fig.add_trace(
            go.Scatter(
                x=events["longitude"],
                y=events["latitude"],
                mode="markers",
                marker={"size": 3, "color": EVENT_DOT, "opacity": 0.35},
                name=_events_label(events),
            )
        )
    idle = table["hits_any"].to_numpy() == 0
    fig.add_trace(
        go.Scatter(
            x=table["lon"][idle],
            y=table["lat"][idle],
            mode="markers",
            marker={"size": size[idle], "color": NOT_HIT, "opacity": 0.6},
            name="facility, no hit",
        )
    )
    hit = ~idle
    ringed = table["hits"].to_numpy() > 0
    hits_any = table["hits_any"].to_numpy()
    fig.add_trace(
        go.Scatter(
            x=table["lon"][hit],
            y=table["lat"][hit],
            mode="markers+text",
            text=[_esc(n) for n in table["name"][hit]],
            textposition="top center",
            textfont={"size": 8},
            marker={
                "size": size[hit],
                "color": hits_any[hit],
                "colorscale": HITS_SCALE,
                "cmin": 1,
                "cmax": max(int(hits_any.max()) if len(hits_any) else 1, 2),
                "showscale": False,
                "line": {"color": np.where(ringed[hit], "#111111", "rgba(0,0,0,0)").tolist(), "width": 2.5},
            },
            name="facility hit (dark ring: in the selected period)",
        )
    )
    west, south, east, north = box
    fig.update_layout(
        **{**_LAYOUT, "plot_bgcolor": "#dfe8ee"},
        margin={"l": 2, "r": 2, "t": 2, "b": 24},
        xaxis={"range": [west, east], "visible": False},
        yaxis={
            "range": [south, north],
            "visible": False,
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians((south + north) / 2)),
        },
        legend={"orientation": "h", "x": 0, "y": -0.01, "yanchor": "top", "font": {"size": 9}},
        showlegend=True,
    )
    return fig
