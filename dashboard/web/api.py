"""The data API beside the dashboard: health, filtered events, and authorised imports.

``GET /healthz`` — 200 with the store's event count and version (503 when there is no readable store).

``GET /api/events?<the dashboard's URL filters>&format=csv|geojson|hxl[&limit=N]`` — the events the same
``FilterSpec`` selects in the dashboard and in ``python -m dashboard export``, in the same bytes as that
export, streamed in chunks. A parameter that is not a filter, a bad value or a bad limit is a ``400`` with a
one-line reason.

``POST /api/import?format=auto|acled|ucdp|csv|geojson|xlsx[&date_order=dmy|mdy][&sheet=NAME][&filename=F]``
with ``Authorization: Bearer <token>`` and the file as the body: the importer of the command line,
all-or-nothing. ``200`` with the summary, ``422`` with every bad line (or the file-level reason) as JSON,
``401`` without a valid token, ``403`` on a read-only server, ``413`` over the size limit.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import flask

from dashboard.filters import FilterError, FilterSpec
from dashboard.web.auth import current_policy, request_may_write

__all__ = ["FILTER_PARAMETERS", "MAX_IMPORT_BYTES", "blueprint"]

FILTER_PARAMETERS = frozenset(FilterSpec().to_query_names())
_EVENT_FORMATS = {"csv": "text/csv", "hxl": "text/csv", "geojson": "application/geo+json"}
_IMPORT_FORMATS = ("auto", "acled", "ucdp", "csv", "geojson", "xlsx")
MAX_IMPORT_BYTES = int(os.environ.get("STRIKE_ATLAS_MAX_IMPORT_MB", "200")) * 1024 * 1024
_CHUNK_ROWS = 20_000

blueprint = flask.Blueprint("strike_atlas_api", __name__)


def _error(status: int, message: str, **extra: object) -> flask.Response:
    body = json.dumps({"error": message, **extra}, ensure_ascii=False)
    return flask.Response(body + "\n", status=status, mimetype="application/json")


@blueprint.get("/healthz")
def healthz() -> flask.Response:
    from dashboard.app import state
    from dashboard.stores import describe_location

    try:
        frame = state.get_events()
    except Exception as exc:  # a corrupt store: say so, with the file, instead of a 500 page
        return _error(503, str(exc))
    if frame.missing:
        return _error(503, frame.problem or f"no event store at {describe_location(state.get_store_path())}")
    body = {"status": "ok", "events": len(frame), "version": state.store_version()}
    return flask.Response(json.dumps(body) + "\n", mimetype="application/json")


def _events_request() -> tuple[FilterSpec, str, int | None]:
    args = flask.request.args
    unknown = sorted(set(args) - FILTER_PARAMETERS - {"format", "limit"})
    if unknown:
        known = ", ".join(sorted(FILTER_PARAMETERS | {"format", "limit"}))
        raise FilterError(f"unknown parameter {unknown[0]!r}: use {known}")
    fmt = args.get("format", "csv")
    if fmt not in _EVENT_FORMATS:
        raise FilterError(f"format {fmt!r} is not one of {', '.join(_EVENT_FORMATS)}")
    limit = None
    if "limit" in args:
        try:
            limit = int(args["limit"])
        except ValueError:
            raise FilterError(f"limit {args['limit']!r} is not a whole number") from None
        if limit < 0:
            raise FilterError("limit must be >= 0")
    spec = FilterSpec.from_query({k: args.getlist(k) for k in args if k in FILTER_PARAMETERS})
    return spec, fmt, limit


@blueprint.get("/api/events")
def events() -> flask.Response:
    from dashboard.app import state
    from dashboard.export import iter_csv, iter_geojson
    from dashboard.store import StoreCorrupt, StoreMissing
    from dashboard.stores import open_store

    try:
        spec, fmt, limit = _events_request()
    except FilterError as exc:
        return _error(400, str(exc))
    store = open_store(state.get_store_path())
    if store.filters_in_store:  # a database: the filter runs there, rows come a block at a time
        try:
            count, blocks = store.blocks(spec, limit, _CHUNK_ROWS)
        except (StoreCorrupt, StoreMissing) as exc:  # unreachable, or no table yet
            return _error(503, str(exc))
    else:
        frame = state.get_events()
        positions = frame.positions(spec)
        if limit is not None:
            positions = positions[:limit]
        count = len(positions)
        # Rows leave the serving frame a block at a time: a million rows are never copied at once.
        blocks = (
            frame.export_frame(positions[start : start + _CHUNK_ROWS])
            for start in range(0, max(len(positions), 1), _CHUNK_ROWS)
        )
    body = iter_geojson(blocks) if fmt == "geojson" else iter_csv(blocks, hxl=fmt == "hxl")
    response = flask.Response(flask.stream_with_context(body), mimetype=_EVENT_FORMATS[fmt])
    response.headers["X-Event-Count"] = str(count)
    suffix = ".geojson" if fmt == "geojson" else ".csv"
    response.headers["Content-Disposition"] = f'inline; filename="strike-atlas-events{suffix}"'
    return response


@blueprint.post("/api/import")
def import_events() -> flask.Response:
    from dashboard.app import state
    from dashboard.ingest import commit, prepare
    from dashboard.schema import EventValidationError

    policy = current_policy()
    if not policy.writable:
        return _error(403, policy.why_not())
    if not request_may_write():
        response = _error(401, "a valid 'Authorization: Bearer <token>' header is required to import")
        response.headers["WWW-Authenticate"] = 'Bearer realm="strike-atlas"'
        return response
    args = flask.request.args
    fmt = args.get("format", "auto")
    if fmt not in _IMPORT_FORMATS:
        return _error(400, f"format {fmt!r} is not one of {', '.join(_IMPORT_FORMATS)}")
    date_order = args.get("date_order")
    if date_order not in (None, "dmy", "mdy"):
        return _error(400, f"date_order {date_order!r} is not dmy or mdy")
    length = flask.request.content_length
    if length is not None and length > MAX_IMPORT_BYTES:
        return _error(413, f"the file ({length:,} bytes) is over the {MAX_IMPORT_BYTES:,}-byte limit")
    name = Path(args.get("filename") or ("upload.xlsx" if fmt == "xlsx" else "upload.csv")).name

    with tempfile.TemporaryDirectory(prefix="strike-atlas-api-") as tmp:
        path = Path(tmp) / name
        size = 0
        with open(path, "wb") as fh:
            while chunk := flask.request.stream.read(1 << 20):
                size += len(chunk)
                if size > MAX_IMPORT_BYTES:
                    return _error(413, f"the file is over the {MAX_IMPORT_BYTES:,}-byte limit")
                fh.write(chunk)
        if size == 0:
            return _error(400, "the request has no body: send the file as the request body")
        try:
            prepared = prepare(
                path, "auto" if fmt == "xlsx" else fmt, date_order=date_order, sheet=args.get("sheet"), progress=None
            )
            if prepared.errors:
                errors = [{"line": e.line, "column": e.column, "reason": e.reason} for e in prepared.errors]
                return _error(422, f"{name} refused, nothing was written", rows=len(prepared.rejected), errors=errors)
            summary = commit(prepared, state.get_store_path())
        except EventValidationError as exc:  # a file-level problem: empty, not text, no header
            errors = [{"line": e.line, "column": e.column, "reason": e.reason} for e in exc.errors]
            return _error(422, f"{name} refused, nothing was written", errors=errors)
        except ValueError as exc:  # unknown format, missing columns, day/month order not told
            return _error(422, str(exc).replace(str(path), name))
    state.invalidate()
    body = {
        "file": name,
        "format": summary.fmt,
        "read_as": summary.read_as,
        "read": summary.read,
        "imported": summary.imported,
        "duplicates": summary.duplicates,
        "flagged": summary.flagged,
        "store_total": summary.store_total,
    }
    return flask.Response(json.dumps(body, ensure_ascii=False) + "\n", mimetype="application/json")
