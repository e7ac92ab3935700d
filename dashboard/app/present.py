"""The map as a presenter shows it: title, date range, active filters, legend and attribution on the map itself.

:func:`presentation` dresses a figure from :func:`dashboard.app.figures.map_figure` for a projector or an
exported image: a large title block at the top left (title, dates, filters, how many events), the legend at
the top right in large type, the attribution at the bottom left, all on panels that stay legible over the
map, in the light or the dark theme. Text from the filters is html-escaped (plotly reads markup in text).
The same function serves presentation mode in the dashboard and ``python -m dashboard render``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs

import dash
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, dcc

from dashboard.app.labels import country_name
from dashboard.app.mapstyle import THEMES, restyle
from dashboard.filters import FilterSpec
from dashboard.serving import ServingFrame

__all__ = [
    "DEFAULT_TITLE",
    "PRESENT_SCALE",
    "Look",
    "date_range_text",
    "filters_text",
    "look",
    "presentation",
    "register",
    "root_class",
    "style_scale",
    "subtitle_for",
    "theme_link",
]

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
    return [names.get(code, country_name(code) if "-" not in code else code) for code in codes]


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
    """Large title band above the map (with the legend when it is short), attribution on the map.

    `scale` 1.0 suits 1280×720; 1.5 suits 1920×1080.
    """
    p = THEMES.get(theme, THEMES["light"])
    restyle(fig, theme, scale)  # names on the map as large as the rest
    notes: list[dict[str, Any]] = [a.to_plotly_json() for a in fig.layout.annotations or ()]
    # figures.map_figure's notes: [0] what is shown (its caption is replaced by the title block), [1] attribution
    legend_title = fig.layout.legend.title.text or ""
    if notes:
        kept = [line for line in str(notes[0].get("text", "")).split("<br>") if not line.startswith("<b>")]
        if fig.layout.showlegend and kept and kept[0].startswith("Marker size"):
            # points: the size key joins the legend, so the bottom edge keeps only the attribution
            legend_title += f"<br><span style='font-size:{round(13 * scale)}px'>size: killed + injured</span>"
            kept = kept[1:]
        notes[0].update(text="<br>".join(kept), font={"size": round(13 * scale), "color": p.ink})
        notes[0].update(bgcolor=p.panel, bordercolor=p.panel_line, visible=bool(kept))
        notes[0].update(yshift=round(26 * scale))  # above the attribution line
    if len(notes) > 1:
        notes[1].update(font={"size": round(12 * scale), "color": p.ink}, bgcolor=p.panel)
    for note in notes[2:]:  # the points' legend (figures.points_legend): as legible as the rest
        if note.get("name") == "legend":
            note.update(font={"size": round(14 * scale), "color": p.ink}, bgcolor=p.panel, bordercolor=p.panel_line)
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
    legend: dict[str, Any] = {
        "x": 0.99,
        "y": 0.98,
        "xanchor": "right",
        "yanchor": "top",
        "font": {"size": round(16 * scale), "color": p.ink},
        "title": {"text": legend_title, "font": {"size": round(17 * scale), "color": p.ink}},
        "bgcolor": p.panel,
        "bordercolor": p.panel_line,
        "borderwidth": 1,
        "itemsizing": "constant",
    }
    names = [str(t.name or "") for t in fig.data if t.showlegend is not False and t.name != "fit margin"]
    if names and len(names) <= 3 and sum(map(len, names)) <= 64:
        # a short legend goes in the title band, right: then it hides no event on the map
        legend.update(x=1.0, y=1.0, yanchor="bottom", orientation="h", bgcolor="rgba(0,0,0,0)", borderwidth=0)
        legend["title"]["side"] = "top"
    fig.update_layout(
        legend=legend,
        paper_bgcolor=p.paper,
        font={"color": p.ink},
        margin={"l": 0, "r": 0, "b": 0, "t": band},
    )
    return fig


def style_scale(width: int, height: int) -> float:
    """Label and text scale for an output size: 1.0 at 1280×720, 1.5 at 1920×1080."""
    return round(max(0.8, min(2.5, min(width / 1280, height / 720))), 2)


# ------------------------------------------------------------------------------------------------------------
# Presentation mode in the dashboard: ?present=1[&theme=dark][&title=...]
# ------------------------------------------------------------------------------------------------------------
PRESENT_SCALE = 1.25  # text and markers in presentation mode, against the dashboard's own sizes
_TRUE = {"1", "true", "yes", "on"}
TITLE_MAX = 120


@dataclass(frozen=True)
class Look:
    """How the map is shown (not what): presentation mode, its theme and its title, from the URL."""

    present: bool = False
    theme: str = "light"
    title: str = DEFAULT_TITLE

    def key(self) -> list[Any]:
        return [self.present, self.theme, self.title]


def look(search: str | None) -> Look:
    """The look a URL asks for. The theme and title count in presentation mode only."""
    params = parse_qs((search or "").lstrip("?"))
    present = params.get("present", ["0"])[-1].strip().lower() in _TRUE
    if not present:
        return Look()
    theme = "dark" if params.get("theme", ["light"])[-1].strip().lower() == "dark" else "light"
    title = " ".join(params.get("title", [""])[-1].split())[:TITLE_MAX] or DEFAULT_TITLE
    return Look(True, theme, title)


def root_class(present: bool, search: str | None) -> str:
    """The page's classes: presentation mode and its theme (atlas.css draws both)."""
    if not present:
        return "atlas"
    return f"atlas present theme-{look(search).theme}"


def theme_link() -> dcc.Link:
    """The theme switch of presentation mode (hidden otherwise by atlas.css)."""
    return dcc.Link("Dark theme", id="theme-toggle", href="?present=1&theme=dark", className="theme-toggle")


def register(app: dash.Dash) -> None:
    # The theme switch: the same URL with the other theme (the label says which), as `look` reads it. In the
    # browser: a server callback here was one more request on every page load.
    app.clientside_callback(
        """function(search) {
            const last = {};
            for (const [key, value] of new URLSearchParams(search || '')) { last[key] = value; }
            const present = ['1', 'true', 'yes', 'on'].includes((last.present || '0').trim().toLowerCase());
            const dark = (last.theme || 'light').trim().toLowerCase() === 'dark';
            delete last.theme;
            if (!dark) { last.theme = 'dark'; }
            return ['?' + new URLSearchParams(last).toString(), present && dark ? 'Light theme' : 'Dark theme'];
        }""",
        Output("theme-toggle", "href"),
        Output("theme-toggle", "children"),
        Input("url", "search"),
    )
