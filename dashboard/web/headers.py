"""Security headers on every response, and malformed requests answered 400, never a 500 page.

The Content-Security-Policy is one the dashboard works with, checked in a real browser: scripts only from this
server plus the hashes of Dash's own inline scripts (``Dash.csp_hashes``); styles inline (React sets them);
images and MapLibre's web worker from ``blob:``/``data:``; OpenStreetMap's tiles for the optional online
basemap; no plugins; ``frame-ancestors`` from
``STRIKE_ATLAS_FRAME_ANCESTORS`` (default ``'self'``: a newsroom that embeds the map lists its own origin).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import flask

__all__ = ["FRAME_ANCESTORS_ENV", "content_security_policy", "install_headers"]

FRAME_ANCESTORS_ENV = "STRIKE_ATLAS_FRAME_ANCESTORS"
CALLBACK_PATH = "/_dash-update-component"
_OSM = "https://tile.openstreetmap.org https://*.tile.openstreetmap.org"


def content_security_policy(script_hashes: Iterable[str], frame_ancestors: str = "'self'") -> str:
    scripts = " ".join(script_hashes)  # Dash.csp_hashes() gives them quoted: 'sha256-…'
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {scripts}".strip(),
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {_OSM}",
            "font-src 'self' data:",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            f"connect-src 'self' {_OSM}",  # the optional online basemap's tiles
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def install_headers(server: flask.Flask, script_hashes: Iterable[str], callback_outputs: Iterable[str]) -> None:
    """Headers after every request; a callback request that is not what Dash sends is a 400."""
    policy = content_security_policy(script_hashes, os.environ.get(FRAME_ANCESTORS_ENV, "'self'"))
    outputs = frozenset(callback_outputs)

    @server.before_request
    def _reject_malformed_callbacks() -> flask.Response | None:
        if flask.request.path != CALLBACK_PATH or flask.request.method != "POST":
            return None
        body = flask.request.get_json(silent=True)
        ok = (
            isinstance(body, dict)
            and isinstance(body.get("output"), str)
            and body["output"] in outputs
            and isinstance(body.get("inputs", []), list)
            and isinstance(body.get("state", []), list)
        )
        if ok:
            return None
        return flask.Response("malformed callback request\n", status=400, mimetype="text/plain")

    @server.after_request
    def _headers(response: flask.Response) -> flask.Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
