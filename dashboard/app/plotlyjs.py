"""plotly.js for the browser: a partial bundle with only the traces the dashboard draws.

dcc.Graph loads plotly.js on demand from `/_dash-component-suites/plotly/package_data/plotly.min.js` (the URL is
fixed in Dash's renderer when scripts are served locally). The full bundle is 4.8 MB and evaluating it is the
largest single task of a first visit on two cores; `vendor/plotly.min.js` is the same plotly.js release with
scatter, bar and scattermap only (3.0 MB, 0.9 MB gzipped), built by `make plotly-bundle` (tools/plotly-bundle).
`make bench` measures the difference. Should the bundle's release differ from the one the pinned Python plotly
was made for (an upgrade without a rebuild), the full bundle is served instead, with a warning.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from pathlib import Path

import flask

__all__ = ["BUNDLE", "TRACES", "bundle_version", "install", "serves_partial_bundle"]

BUNDLE = Path(__file__).resolve().parent / "vendor" / "plotly.min.js"
TRACES = ("scatter", "bar", "scattermap")  # every trace type in dashboard/app (figures, review); see build.js
PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"

log = logging.getLogger(__name__)


def bundle_version(path: Path | None = None) -> str | None:
    """The plotly.js release named in the bundle's first line, or None when there is no bundle."""
    try:
        with (path or BUNDLE).open("rb") as f:
            head = f.read(200).decode("ascii", "replace")
    except FileNotFoundError:
        return None
    match = re.search(r"plotly\.js v(\d+\.\d+\.\d+\S*)", head)
    return match.group(1) if match else None


@functools.cache
def serves_partial_bundle() -> bool:
    """True when the vendored bundle exists and matches the plotly.js release of the installed plotly."""
    from plotly.offline import get_plotlyjs_version

    wanted, found = get_plotlyjs_version(), bundle_version()
    if found != wanted:
        log.warning("plotly.js partial bundle is v%s, plotly needs v%s: serving the full bundle", found, wanted)
        return False
    return True


@functools.cache
def _bundle() -> tuple[bytes, str]:
    body = BUNDLE.read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:20]


def install(server: flask.Flask) -> None:
    """Answer Dash's plotly.js URL with the partial bundle (an hour in the browser's cache, then a 304)."""

    @server.before_request
    def _partial_plotly() -> flask.Response | None:
        if not flask.request.path.startswith(PLOTLY_PATH.removesuffix(".js")) or not serves_partial_bundle():
            return None  # also a fingerprinted plotly.min.v….js, should Dash ever ask for one
        body, etag = _bundle()
        response = flask.Response(body, mimetype="application/javascript")
        response.set_etag(etag)
        # The URL is not fingerprinted: kept an hour, then revalidated (a 304). Revalidating on every visit
        # cost a round trip before the map could start.
        response.cache_control.public = True
        response.cache_control.max_age = 3600
        return response.make_conditional(flask.request)
