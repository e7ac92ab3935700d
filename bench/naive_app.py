"""The naive dashboard the benchmark compares against: what one writes first.

A pandas filter of the same store (the shared FilterSpec from the URL), then ``px.scatter_map`` of every matching
point with every column in the hover. Same ids (``map``, ``event-count``) and URL parameters as the real app, so
the benchmark drives both the same way. Run: ``python -m bench.naive_app --store PATH --port 8060``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html
from plotly.graph_objects import Figure

from dashboard.filters import FilterSpec, apply
from dashboard.store import read_store

__all__ = ["create_naive_app", "naive_figure", "naive_frame", "naive_view"]


def naive_frame(store_path: Path | str) -> pd.DataFrame:
    """The store as a plain DataFrame (no geometry), loaded once."""
    return pd.DataFrame(read_store(store_path).drop(columns="geometry"))


def naive_figure(events: pd.DataFrame) -> Figure:
    events = events.assign(infrastructure=events["infrastructure"].map("; ".join))  # hover cannot show a list
    hover = [c for c in events.columns if c not in ("latitude", "longitude")]
    figure = px.scatter_map(
        events, lat="latitude", lon="longitude", hover_data=hover, zoom=5, center={"lat": 48.5, "lon": 35.0}
    )
    figure.update_layout(map_style="white-bg", margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return figure


def naive_view(events: pd.DataFrame, search: str | None) -> tuple[str, Figure]:
    """The one callback, as a plain function: URL query in, count text and figure out."""
    matching = apply(events, FilterSpec.from_query(search or ""))
    return f"{len(matching):,} events", naive_figure(matching)


def create_naive_app(store_path: Path | str) -> Dash:
    events = naive_frame(store_path)
    app = Dash(__name__, title="Strike Atlas (naive)")
    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            html.H1(id="event-count"),
            dcc.Graph(id="map", style={"height": "80vh"}),
        ]
    )

    @app.callback(Output("event-count", "children"), Output("map", "figure"), Input("url", "search"))
    def update(search: str | None) -> tuple[str, Figure]:
        return naive_view(events, search)

    return app


def main(argv: Sequence[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.naive_app", description=__doc__)
    p.add_argument("--store", type=Path, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8060)
    args = p.parse_args(argv)
    create_naive_app(args.store).run(host=args.host, port=args.port, debug=False)


if __name__ == "__main__":
    main()
