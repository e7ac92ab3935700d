"""Time-lapse of the map, played in the browser: the events appear day by day, recent ones bright.

Nothing is redrawn on the server while it plays: ``assets/atlas-timelapse.js`` fetches each event's day
once (:data:`DAYS_URL`, an Int32Array indexed like the traces' ``customdata`` positions), then per frame
changes only the markers' opacity arrays (``Plotly.restyle``), and writes the current date large on the map.
Modes: *cumulative* (older events stay, dimmed) or *window* (only the last days, fading out).
"""

from __future__ import annotations

import hashlib

import flask
import numpy as np
from dash import html

from dashboard.app import state

__all__ = ["DAYS_URL", "controls", "install"]

DAYS_URL = "/_atlas/event-days"


def controls() -> html.Div:
    """Play/pause, speed, mode and the date shown over the map (wired by assets/atlas-timelapse.js)."""
    return html.Div(
        className="timelapse",
        children=[
            html.Div(id="tl-date", className="tl-date", **{"aria-live": "polite"}),
            html.Div(
                className="tl-bar",
                children=[
                    html.Button("▶ Play", id="tl-play", n_clicks=0, title="Play the events day by day"),
                    html.Button("■", id="tl-stop", n_clicks=0, title="Stop and show every event", disabled=True),
                    html.Select(
                        id="tl-speed",
                        title="Speed",
                        children=[
                            html.Option("slow (40 s)", value="40"),
                            html.Option("normal (20 s)", value="20", selected=True),
                            html.Option("fast (8 s)", value="8"),
                        ],
                    ),
                    html.Select(
                        id="tl-mode",
                        title="Older events",
                        children=[
                            html.Option("cumulative", value="cumulative", selected=True),
                            html.Option("recent only", value="window"),
                        ],
                    ),
                    html.Span(id="tl-note", className="tl-note"),
                ],
            ),
        ],
    )


def install(server: flask.Flask) -> None:
    @server.route(DAYS_URL)
    def _event_days() -> flask.Response:
        # Days since 1970 of every event, by position: what the traces' customdata index.
        sf = state.get_events()
        etag = hashlib.sha1(sf.token.encode()).hexdigest()[:16]
        if flask.request.if_none_match.contains(etag):
            return flask.Response(status=304)
        days = sf.events["_day"].to_numpy(dtype=np.int32).astype("<i4", copy=False)
        response = flask.Response(days.tobytes(), mimetype="application/octet-stream")
        response.set_etag(etag)
        response.cache_control.no_cache = True  # revalidate: the store may have changed
        return response
