"""The offline map's own MapLibre style: sea, land, borders and place names, with glyphs served by the app.

Plotly's built-in styles point their ``glyphs`` at a server on the internet, so a map drawn from them can
name nothing offline. :func:`map_style` is a style of our own: every source and glyph range it names is
served by this app (:func:`install`), so the map draws its labels with no network.

Layer order, bottom to top: sea, land (Ukraine and Russia tinted apart), admin-1 lines, national borders
(heavier), then names — seas, countries, regions, and cities by population class, more as the map zooms in.
Plotly draws the event traces above every style layer, so a label never hides an event; labels carry a halo
and collide with each other, the larger place winning.

:func:`dress` turns a figure from :func:`dashboard.app.figures.map_figure` onto this style (and a theme),
so figures.py keeps one line for it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import flask
import plotly.graph_objects as go

from dashboard.app import labels

__all__ = [
    "BASEMAP_URL",
    "FONTS",
    "GLYPHS_DIR",
    "GLYPHS_URL",
    "THEMES",
    "Theme",
    "dress",
    "install",
    "map_style",
    "restyle",
]

Theme = Literal["light", "dark"]
GLYPHS_DIR = Path(__file__).resolve().parent / "vendor" / "glyphs"
GLYPHS_URL = "/_atlas/glyphs/{fontstack}/{range}.pbf"
BASEMAP_URL = "/_atlas/basemap.geojson"
GLYPH_MAX_AGE = 30 * 86_400  # glyphs change only with a new release of the font
FONTS = {"regular": ["Noto Sans Regular"], "medium": ["Noto Sans Medium"], "italic": ["Noto Sans Italic"]}
REGION_COUNTRIES = ("UA", "RU", "BY")  # whose admin-1 regions are named on the map
# Population rank (labels.CITY_RANKS) -> the zoom from which its cities are named, and their text size.
CITY_MINZOOM = {1: 0.0, 2: 4.6, 3: 5.6, 4: 6.6, 5: 7.6}
CITY_SIZE = {1: 16.0, 2: 14.5, 3: 13.0, 4: 12.0, 5: 11.5}


@dataclass(frozen=True)
class Palette:
    sea: str
    land: str
    ukraine: str
    russia: str
    admin1: str
    border: str
    border_casing: str
    city: str
    city_dot: str
    region: str
    country: str
    sea_text: str
    halo: str
    paper: str
    panel: str  # legend and note boxes
    panel_line: str
    ink: str


THEMES: dict[str, Palette] = {
    "light": Palette(
        sea="#cfe0ea",
        land="#f3f1ec",
        ukraine="#f8f0cf",  # a pale yellow against Russia's pale grey: told apart at a glance, no flag colours
        russia="#e4e1e6",
        admin1="#a3a3a3",
        border="#3a3f44",
        border_casing="#ffffff",
        city="#111518",
        city_dot="#111518",
        region="#6a7379",
        country="#2f3438",
        sea_text="#3f6d8f",
        halo="#ffffff",
        paper="#ffffff",
        panel="rgba(255,255,255,0.9)",
        panel_line="#b9bec2",
        ink="#111518",
    ),
    "dark": Palette(
        sea="#0b1620",
        land="#23282c",
        ukraine="#2c3a47",  # slate blue against Russia's dark mauve
        russia="#3a2d37",
        admin1="#56616a",
        border="#e3e7ea",
        border_casing="#0b1620",
        city="#f4f6f7",
        city_dot="#f4f6f7",
        region="#a7b2ba",
        country="#dfe4e8",
        sea_text="#7fa7c6",
        halo="#0b1620",
        paper="#11181e",
        panel="rgba(17,24,30,0.9)",
        panel_line="#4a545c",
        ink="#f4f6f7",
    ),
}


def _kind(kind: str) -> list[Any]:
    return ["==", ["get", "kind"], kind]


def _symbol(
    layer_id: str,
    kind: str,
    font: str,
    size: Any,
    color: str,
    halo: str,
    *,
    minzoom: float = 0.0,
    extra_filter: list[Any] | None = None,
    layout: Mapping[str, Any] | None = None,
    halo_width: float = 1.6,
) -> dict[str, Any]:
    flt = ["all", _kind(kind), extra_filter] if extra_filter else _kind(kind)
    return {
        "id": layer_id,
        "type": "symbol",
        "source": "atlas-basemap",
        "filter": flt,
        "minzoom": minzoom,
        "layout": {
            "text-field": ["get", "name"],
            "text-font": FONTS[font],
            "text-size": size,
            "text-max-width": 8,
            **(layout or {}),
        },
        "paint": {"text-color": color, "text-halo-color": halo, "text-halo-width": halo_width, "text-halo-blur": 0.5},
    }


def _zoomed(scale: float, *stops: float) -> list[Any]:
    """A size that grows with the zoom: stops are zoom, size pairs."""
    expr: list[Any] = ["interpolate", ["linear"], ["zoom"]]
    for i in range(0, len(stops), 2):
        expr += [stops[i], round(stops[i + 1] * scale, 2)]
    return expr


def map_style(
    theme: str = "light",
    outlines: str | Mapping[str, Any] | None = None,
    *,
    scale: float = 1.0,
    base_url: str = "",
    basemap: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The MapLibre style of the offline map. `outlines`: the admin-1 GeoJSON (a URL or the collection);
    `scale` enlarges every label (presentation mode); `base_url` makes the app's URLs absolute (for a page
    that is not served by the app, such as an image export); `basemap`: the names and borders inline
    (:func:`dashboard.app.labels.basemap_collection`) instead of from the app's URL."""
    p = THEMES.get(theme, THEMES["light"])
    sources: dict[str, Any] = {  # GeoNames is attributed in the map's note
        "atlas-basemap": {"type": "geojson", "data": dict(basemap) if basemap else base_url + BASEMAP_URL},
    }
    layers: list[dict[str, Any]] = [
        {"id": "atlas-sea", "type": "background", "paint": {"background-color": p.sea}},
        {
            "id": "atlas-land",
            "type": "fill",
            "source": "atlas-basemap",
            "filter": _kind("land"),
            "paint": {
                "fill-color": ["match", ["get", "country"], "UA", p.ukraine, "RU", p.russia, p.land],
                "fill-antialias": True,
            },
        },
    ]
    if outlines:
        data = base_url + outlines if isinstance(outlines, str) and outlines.startswith("/") else outlines
        sources["atlas-admin1"] = {"type": "geojson", "data": data}
        layers.append(
            {
                "id": "atlas-admin1-lines",
                "type": "line",
                "source": "atlas-admin1",
                "paint": {"line-color": p.admin1, "line-width": _zoomed(1.0, 3, 0.4, 6, 0.8, 10, 1.4)},
            }
        )
    border = _kind("border")
    layers += [
        {
            "id": "atlas-border-casing",
            "type": "line",
            "source": "atlas-basemap",
            "filter": border,
            "layout": {"line-join": "round", "line-cap": "round"},
            "paint": {"line-color": p.border_casing, "line-width": _zoomed(1.0, 3, 3.0, 6, 5.0, 10, 8.0)},
        },
        {
            "id": "atlas-border",
            "type": "line",
            "source": "atlas-basemap",
            "filter": border,
            "layout": {"line-join": "round", "line-cap": "round"},
            "paint": {"line-color": p.border, "line-width": _zoomed(1.0, 3, 1.3, 6, 2.4, 10, 3.6)},
        },
        _symbol(
            "atlas-sea-names",
            "sea",
            "italic",
            _zoomed(scale, 3, 12, 7, 17),
            p.sea_text,
            p.sea,
            layout={"text-letter-spacing": 0.15, "text-max-width": 6},
            halo_width=1.0,
        ),
        _symbol(
            "atlas-country-names",
            "country",
            "medium",
            _zoomed(scale, 3, 13, 6, 17, 9, 21),
            p.country,
            p.halo,
            layout={"text-transform": "uppercase", "text-letter-spacing": 0.25},
            halo_width=2.0,
        ),
        _symbol(
            "atlas-region-names",
            "region",
            "medium",
            _zoomed(scale, 5, 10.5, 8, 14),
            p.region,
            p.halo,
            minzoom=4.8,
            layout={"text-transform": "uppercase", "text-letter-spacing": 0.12, "text-padding": 6},
        ),
    ]
    for rank in sorted(CITY_MINZOOM, reverse=True):  # the top layer is placed first: large cities win
        in_rank = ["==", ["get", "rank"], rank]
        minzoom = CITY_MINZOOM[rank]
        layers.append(
            {
                "id": f"atlas-city-dots-{rank}",
                "type": "circle",
                "source": "atlas-basemap",
                "filter": ["all", _kind("city"), in_rank],
                "minzoom": minzoom,
                "paint": {
                    "circle-radius": round((3.2 if rank <= 2 else 2.4) * scale, 2),
                    "circle-color": p.city_dot,
                    "circle-stroke-color": p.halo,
                    "circle-stroke-width": 1.0,
                },
            }
        )
        size = CITY_SIZE[rank]
        layers.append(
            _symbol(
                f"atlas-city-names-{rank}",
                "city",
                "medium" if rank <= 2 else "regular",
                _zoomed(scale, 4, size, 8, size + 3, 11, size + 6),
                p.city,
                p.halo,
                minzoom=minzoom,
                extra_filter=in_rank,
                layout={
                    "text-variable-anchor": ["left", "right", "top", "bottom"],
                    "text-radial-offset": 0.55,
                    "text-justify": "auto",
                    "symbol-sort-key": ["-", 0, ["get", "population"]],
                },
            )
        )
    style = {
        "version": 8,
        "name": f"Strike Atlas {theme}",
        "sources": sources,
        "glyphs": base_url + GLYPHS_URL,
        "layers": layers,
    }
    # plotly re-sets the style when it differs from the drawn one (it compares the JSON): the id names it.
    digest = hashlib.sha1(json.dumps(style, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return {"id": f"strike-atlas-{theme}-{digest}", **style}


def _outlines_source(fig: go.Figure) -> str | Mapping[str, Any] | None:
    """The admin-1 outlines the figure's layers draw (a URL or a FeatureCollection), if any."""
    for layer in fig.layout.map.layers or ():
        source = layer.source
        if isinstance(source, str) or (isinstance(source, Mapping) and source.get("type") == "FeatureCollection"):
            return source
    return None


def dress(
    fig: go.Figure, *, basemap: str = "outlines", theme: str = "light", scale: float = 1.0, named: bool = True
) -> go.Figure:
    """Put a map figure on the app's own style (offline basemap, when `named`) and colour its boxes for `theme`.

    The outlines layers plotly would draw over the style are folded into it, so names and borders lie above
    the admin-1 fill. The online OpenStreetMap basemap keeps plotly's style: its tiles carry the names.
    """
    if basemap == "outlines" and named:
        style = map_style(theme, _outlines_source(fig), scale=scale)
        fig.layout.map.style = style
        fig.layout.map.layers = ()
    p = THEMES.get(theme, THEMES["light"])
    if theme == "dark":
        fig.update_layout(
            paper_bgcolor=p.paper,
            font={"color": p.ink},
            legend={"bgcolor": p.panel, "bordercolor": p.panel_line, "font": {"color": p.ink}},
            hoverlabel={"bgcolor": p.paper, "font": {"color": p.ink}},
        )
        for note in fig.layout.annotations or ():
            note.bgcolor = p.panel
            note.font.color = p.ink
            if note.bordercolor:
                note.bordercolor = p.panel_line
    return fig


def restyle(fig: go.Figure, theme: str, scale: float) -> go.Figure:
    """Rebuild the figure's own style (if it has one) for `theme` and `scale`, keeping its sources."""
    style = fig.layout.map.style
    if not isinstance(style, Mapping) or not str(style.get("id", "")).startswith("strike-atlas-"):
        return fig  # the online basemap: plotly's style
    sources = style.get("sources", {})
    outlines = sources.get("atlas-admin1", {}).get("data")
    basemap = sources.get("atlas-basemap", {}).get("data")
    base_url = str(style.get("glyphs", GLYPHS_URL)).removesuffix(GLYPHS_URL)
    if isinstance(outlines, str) and base_url and outlines.startswith(base_url):
        outlines = outlines.removeprefix(base_url)
    inline = basemap if isinstance(basemap, Mapping) else None
    fig.layout.map.style = map_style(theme, outlines, scale=scale, base_url=base_url, basemap=inline)
    return fig


_RANGE = re.compile(r"^(\d{1,5})-(\d{1,5})$")


def _glyphs_dir_fonts() -> dict[str, Path]:
    return {path.name: path for path in GLYPHS_DIR.iterdir() if path.is_dir()} if GLYPHS_DIR.is_dir() else {}


def install(server: flask.Flask, *, warm: bool = False) -> None:
    """Routes for the style's glyph ranges and its basemap GeoJSON (land, borders, names); `warm` builds the
    GeoJSON now, in the background."""
    fonts = _glyphs_dir_fonts()

    @server.route("/_atlas/glyphs/<fontstack>/<glyph_range>.pbf")
    def _glyphs(fontstack: str, glyph_range: str) -> flask.Response:
        # MapLibre asks for "Font A,Font B": the first font we have answers. A range we do not ship is an
        # empty glyph set (a valid, empty protobuf message): those characters are left out, nothing fails.
        match = _RANGE.match(glyph_range)
        if not match or int(match.group(2)) - int(match.group(1)) != 255 or int(match.group(1)) % 256:
            return flask.Response("bad glyph range\n", status=404, mimetype="text/plain")
        font = next((fonts[f.strip()] for f in fontstack.split(",") if f.strip() in fonts), None)
        if font is None:
            return flask.Response("unknown font\n", status=404, mimetype="text/plain")
        path = font / f"{glyph_range}.pbf"
        body = path.read_bytes() if path.is_file() else b""
        response = flask.Response(body, mimetype="application/x-protobuf")
        response.headers["Cache-Control"] = f"public, max-age={GLYPH_MAX_AGE}, immutable"
        return response

    @server.route(BASEMAP_URL)
    def _basemap() -> flask.Response:
        response = flask.Response(_basemap_body(), mimetype="application/geo+json")
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    if warm:  # a few seconds of geometry for the first visitor's names: done while the server starts
        threading.Thread(target=_basemap_body, name="basemap-warm", daemon=True).start()


def _basemap_body() -> bytes:
    from dashboard.app import _data_box  # the store's area, as the outlines use

    try:
        countries, box = _data_box()
        return labels.basemap_bytes(box, tuple(sorted({*REGION_COUNTRIES, *countries})))
    except (FileNotFoundError, ModuleNotFoundError):  # reference data not built: a map without names
        return b'{"type":"FeatureCollection","features":[]}'
