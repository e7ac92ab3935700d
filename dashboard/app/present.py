"""The map as a presenter shows it: title, date range, active filters, legend and attribution on the map itself.

:func:`presentation` dresses a figure from :func:`dashboard.app.figures.map_figure` for a projector or an
exported image: a large title block at the top left (title, dates, filters, how many events), the legend at
the top right in large type, the attribution at the bottom left, all on panels that stay legible over the
map, in the light or the dark theme. Text from the filters is html-escaped (plotly reads markup in text).
The same function serves presentation mode in the dashboard and ``python -m dashboard render``.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.app.mapstyle import THEMES
from dashboard.filters import FilterSpec
from dashboard.serving import ServingFrame

__all__ = ["DEFAULT_TITLE", "date_range_text", "filters_text", "presentation", "style_scale", "subtitle_for"]

DEFAULT_TITLE = "Strike Atlas"


def _day(value: date | pd.Timestamp) -> str:
    return f"{value.day} {value:%b %Y}"


def date_range_text(sf: ServingFrame, positions: np.ndarray, spec: FilterSpec) -> str:
    """'1 Dec 2025 – 31 Dec 2025': the filter's dates where set, else the first and last matching event's."""
    days = sf.events["event_date"].to_numpy()[positions] if len(positions) else np.array([], dtype="datetime64[ns]")
    first = spec.date_from or (pd.Timestamp(days.min()).date() if len(days) else None)
    last = spec.date_to or (pd.Timestamp(days.max()).date() if len(days) else None)
    if first is None and last is None:
        return "no dates"
    if first == last and first is not None:
        return _day(first)
    return f"{_day(first) if first else '…'} – {_day(last) if last else '…'}"


def _region_names(sf: ServingFrame, codes: tuple[str, ...]) -> list[str]:
    regions = sf.regions()
    names = dict(zip(regions["admin1_code"].astype(str), regions["admin1"].astype(str), strict=True))
    return [names.get(code, code) for code in codes]


def filters_text(sf: ServingFrame, spec: FilterSpec) -> str:
    """The active filters other than dates, in words ('all events' when there are none)."""
    parts: list[str] = []
    if spec.regions:
        parts.append(", ".join(_region_names(sf, spec.regions)))
    for values in (spec.event_types, spec.sub_event_types):
        if values:
            parts.append(", ".join(values))
    if spec.weapons:
        parts.append("weapon: " + ", ".join(spec.weapons))
    if spec.infrastructure:
        parts.append("hit: " + ", ".join(spec.infrastructure))
    if spec.facilities:
        parts.append("facility: " + ", ".join(spec.facilities))
    if spec.min_killed:
        parts.append(f"≥ {spec.min_killed} killed")
    if spec.min_injured:
        parts.append(f"≥ {spec.min_injured} injured")
    if spec.text:
        parts.append(f"“{spec.text}”")
    return " · ".join(parts) if parts else "all events"


def subtitle_for(sf: ServingFrame, positions: np.ndarray, spec: FilterSpec) -> tuple[str, str]:
    """(dates and count, filters): the two lines under the title."""
    n = len(positions)
    return f"{date_range_text(sf, positions, spec)} · {n:,} event{'s' if n != 1 else ''}", filters_text(sf, spec)


def presentation(
    fig: go.Figure,
    *,
    title: str = DEFAULT_TITLE,
    lines: tuple[str, ...] = (),
    theme: str = "light",
    scale: float = 1.0,
) -> go.Figure:
    """Large title band above the map; legend and attribution on it. `scale` 1.0 suits 1280×720; 1.5 suits 1920×1080."""
    p = THEMES.get(theme, THEMES["light"])
    notes: list[dict[str, Any]] = [a.to_plotly_json() for a in fig.layout.annotations or ()]
    # figures.map_figure's notes: [0] what is shown (its caption is replaced by the title block), [1] attribution
    if notes:
        kept = [line for line in str(notes[0].get("text", "")).split("<br>") if not line.startswith("<b>")]
        notes[0].update(text="<br>".join(kept), font={"size": round(13 * scale), "color": p.ink})
        notes[0].update(bgcolor=p.panel, bordercolor=p.panel_line, visible=bool(kept))
    if len(notes) > 1:
        notes[1].update(font={"size": round(12 * scale), "color": p.ink}, bgcolor=p.panel)
    block = f"<b>{html.escape(title)}</b>"
    sub = " · ".join(html.escape(line) for line in lines if line)
    if sub:
        block += f"<br><span style='font-size:{round(17 * scale)}px'>{sub}</span>"
    band = round(84 * scale)  # the title band above the map: nothing of the map hides under the title
    notes.insert(
        0,
        {
            "text": block,
            "x": 0.0,
            "y": 1.0,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "left",
            "yanchor": "bottom",
            "xshift": round(14 * scale),
            "yshift": round(8 * scale),
            "align": "left",
            "showarrow": False,
            "font": {"size": round(26 * scale), "color": p.ink},
            "name": "presentation-title",
        },
    )
    for trace in fig.data:  # markers as large as the type: a dot must read from the back of the room
        size = trace.marker.size if trace.marker is not None else None
        if size is not None and not isinstance(size, int | float):
            trace.marker.size = (np.asarray(size, dtype=np.float32) * scale).astype(np.float32)
        elif isinstance(size, int | float) and size > 1:
            trace.marker.size = size * scale
    fig.layout.annotations = notes  # assigned: update_layout would merge the list into the old one by index
    fig.update_layout(
        legend={
            "x": 0.99,
            "y": 0.98,
            "xanchor": "right",
            "yanchor": "top",
            "font": {"size": round(16 * scale), "color": p.ink},
            "title": {"font": {"size": round(17 * scale), "color": p.ink}},
            "bgcolor": p.panel,
            "bordercolor": p.panel_line,
            "borderwidth": 1,
            "itemsizing": "constant",
        },
        paper_bgcolor=p.paper,
        font={"color": p.ink},
        margin={"l": 0, "r": 0, "b": 0, "t": band},
    )
    return fig


def style_scale(width: int, height: int) -> float:
    """Label and text scale for an output size: 1.0 at 1280×720, 1.5 at 1920×1080."""
    return round(max(0.8, min(2.5, min(width / 1280, height / 720))), 2)
