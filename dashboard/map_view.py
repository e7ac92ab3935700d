"""What the map draws for a set of events: single points when few enough are in view, else H3 hexagons
aggregated on the server (``dashboard.aggregate``), so no view ships more than ``POINT_LIMIT`` points.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from dashboard.schema import EVENT_TYPES, INFRASTRUCTURE
from dashboard.serving import ServingFrame
from dashboard.viewport import FIT_MAX_ZOOM, Viewport, fit_viewport

__all__ = [
    "POINT_LIMIT",
    "ColorBy",
    "HexLayer",
    "MapView",
    "PointLayer",
    "categories_for",
    "map_view",
    "marker_size",
    "needs_new_figure",
    "view_key",
]

# Above this many events in view the map shows hexagons. 10k points with hover text are ~1 MB before
# compression and draw in about a second in headless Chromium on two cores (DESIGN.md: 100k took 4.9 s).
POINT_LIMIT = int(os.environ.get("STRIKE_ATLAS_POINT_LIMIT", "10000"))  # tests lower it to see hexagons

ColorBy = Literal["event_type", "infrastructure"]


@dataclass
class PointLayer:
    """Single events: float32 coordinates, marker sizes, categories and escaped hover text."""

    positions: np.ndarray  # row positions (customdata: a click finds its event)
    lat: np.ndarray
    lon: np.ndarray
    size: np.ndarray  # px, from killed + injured
    approx: np.ndarray  # geo_precision 2-3
    category: np.ndarray  # index into `categories`
    categories: tuple[str, ...]
    hover: np.ndarray  # escaped text: data never becomes markup


@dataclass
class HexLayer:
    cells: pd.DataFrame  # h3, lat, lon, events, killed, injured
    resolution: int


@dataclass
class MapView:
    mode: Literal["points", "hex", "empty"]
    total: int  # matching events (filters only)
    in_view: int  # of those, inside the rendered bounds
    viewport: Viewport  # what the figure opens on
    bounds: Viewport | None  # rendered area; None: every matching event is in the figure
    points: PointLayer | None = None
    hexes: HexLayer | None = None
    color_by: ColorBy = "event_type"
    extra: dict[str, Any] = field(default_factory=dict)
    # True when `viewport` is only the server's guess of a fit: the browser, which knows the map's size,
    # should fit the view to the data itself (plotly's map.fitbounds).
    fit_in_browser: bool = False


def marker_size(casualties: np.ndarray) -> np.ndarray:
    """Marker diameter in px: 9 for none, growing with the square root (area ~ casualties), capped at 36."""
    return np.clip(9.0 + 2.6 * np.sqrt(np.asarray(casualties, dtype=np.float32)), 9.0, 36.0).astype(np.float32)


def _hover(rows: pd.DataFrame) -> np.ndarray:
    """One hover text per event. Every data value is html-escaped: plotly reads <br>, <b>, <a> in hover text."""

    def col(name: str) -> pd.Series:
        return rows[name].astype("string").fillna("").map(html.escape)

    def count(name: str) -> pd.Series:
        return rows[name].astype("string").fillna("?")

    infra = rows["infrastructure"].map(lambda v: ", ".join(v) if v is not None and len(v) else "none reported")
    region = col("admin1") + " (" + col("admin1_code") + ")"
    precision = np.where(rows["_approx"].to_numpy(), " · approximate place", "")
    text = (
        "<b>"
        + rows["event_date"].dt.strftime("%Y-%m-%d").fillna("")
        + " · "
        + col("location")
        + "</b>"
        + precision
        + "<br>"
        + region
        + "<br>"
        + col("sub_event_type")
        + " · "
        + col("weapon")
        + "<br>"
        + count("killed")
        + " killed · "
        + count("injured")
        + " injured<br>Infrastructure: "
        + infra.map(html.escape)
    )
    return text.to_numpy(dtype=object)


def _point_layer(sf: ServingFrame, positions: np.ndarray, color_by: ColorBy) -> PointLayer:
    rows = sf.events.iloc[positions]
    if color_by == "infrastructure":
        categories: tuple[str, ...] = (*INFRASTRUCTURE, "none")
        category = rows["_infra_primary"].to_numpy(dtype=np.int16)
    else:
        known = list(EVENT_TYPES)
        categories = tuple(known)
        codes = pd.Categorical(rows["event_type"].astype("string"), categories=known).codes
        category = np.where(codes < 0, 0, codes).astype(np.int16)
    return PointLayer(
        positions=positions.astype(np.int32),
        lat=sf.lat[positions],
        lon=sf.lon[positions],
        size=marker_size(rows["_casualties"].to_numpy()),
        approx=rows["_approx"].to_numpy(dtype=bool),
        category=category,
        categories=categories,
        hover=_hover(rows),
    )


def map_view(
    sf: ServingFrame,
    positions: np.ndarray,
    viewport: Viewport | None = None,
    color_by: ColorBy = "event_type",
    limit: int = POINT_LIMIT,
) -> MapView:
    """Points when at most `limit` matching events are in (a padded) view, else H3 hexagons of them.

    Without a viewport the map opens on all matching events. The rendered area is the viewport grown by
    half its size on each side, so small pans need no new figure.
    """
    total = len(positions)
    fit_in_browser = False
    if viewport is None:
        viewport = fit_viewport(sf.lat[positions], sf.lon[positions])
        # One place, or a few close together, keep the capped zoom; otherwise the browser fits exactly.
        fit_in_browser = total > 0 and viewport.zoom < FIT_MAX_ZOOM
    if total == 0:
        return MapView("empty", 0, 0, viewport, None, color_by=color_by)
    bounds: Viewport | None = viewport.padded(0.5)
    inside = bounds.mask(sf.lat[positions], sf.lon[positions])
    in_view = int(inside.sum())
    if in_view == total:
        bounds = None  # everything is in the figure: zooming in needs no new data unless the mode changes
        view_positions = positions
    else:
        view_positions = positions[inside]
    if in_view <= limit:
        return MapView(
            "points",
            total,
            in_view,
            viewport,
            bounds,
            points=_point_layer(sf, view_positions, color_by),
            color_by=color_by,
            fit_in_browser=fit_in_browser,
        )
    from dashboard import aggregate  # lazily: h3 loads only when a big store needs it

    resolution = aggregate.resolution_for_zoom(viewport.zoom)
    cells = sf.cells(resolution)
    killed = sf.events["killed"].to_numpy(dtype=np.float64, na_value=0.0)[view_positions]
    injured = sf.events["injured"].to_numpy(dtype=np.float64, na_value=0.0)[view_positions]
    frame = aggregate.hex_aggregate(
        sf.lat[view_positions],
        sf.lon[view_positions],
        killed,
        injured,
        resolution,
        cells=None if cells is None else cells[view_positions],
    )
    return MapView(
        "hex",
        total,
        in_view,
        viewport,
        bounds,
        hexes=HexLayer(frame, resolution),
        color_by=color_by,
        fit_in_browser=fit_in_browser,
    )


def view_key(view: MapView) -> dict[str, Any]:
    """What decides whether a new figure is needed after a pan or zoom (see callbacks.update_map)."""
    return {
        "mode": view.mode,
        "resolution": view.hexes.resolution if view.hexes is not None else None,
        "bounds": view.bounds.to_dict() if view.bounds is not None else None,
    }


def needs_new_figure(
    previous: Mapping[str, Any] | None,
    sf: ServingFrame,
    positions: np.ndarray,
    viewport: Viewport,
    limit: int = POINT_LIMIT,
) -> bool:
    """After a pan/zoom: is the drawn figure still right? Cheap: no hover text, no aggregation."""
    if not previous:
        return True
    old_bounds = Viewport.from_dict(previous.get("bounds"))
    if old_bounds is not None and not old_bounds.contains(viewport):
        return True
    if len(positions) == 0:
        return previous.get("mode") != "empty"
    padded = viewport.padded(0.5)
    in_view = int(padded.mask(sf.lat[positions], sf.lon[positions]).sum())
    mode = "points" if in_view <= limit else "hex"
    if mode != previous.get("mode"):
        return True
    if mode == "hex":
        from dashboard import aggregate

        return aggregate.resolution_for_zoom(viewport.zoom) != previous.get("resolution")
    return False


def categories_for(color_by: ColorBy) -> Sequence[str]:
    return (*INFRASTRUCTURE, "none") if color_by == "infrastructure" else EVENT_TYPES
