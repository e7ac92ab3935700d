"""Upload panel: drag a file in, see a preview and the validation report, confirm to add it to the store.

The same code as ``python -m dashboard import`` (``dashboard.ingest.prepare`` then ``commit``): the same
formats, the same checks, the same report (line + reason). Nothing is written until Confirm; then the events
are merged into the store (idempotent on event_id), the app's cached frame is invalidated and the new store
version is published to the page ("store-version"), so the map tab shows the new events at once.

A file over the size limit is never read by the browser (``dcc.Upload(max_size=…)``), and dcc.Upload drops
it without a word; a small listener in the page (installed by a clientside callback) sees the chosen or
dropped file's size first and says which file and which limit, and clears the previous file's preview.

The uploaded bytes stay in the browser (``dcc.Upload.contents``) between the preview and the confirmation;
the server keeps no per-user state. Callbacks are thin: ``check_upload`` and ``confirm_upload`` are plain
functions, tested directly.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard.app import access, state
from dashboard.app.panel import Callbacks

if TYPE_CHECKING:
    from dashboard.ingest.stages import Prepared

__all__ = ["MAX_UPLOAD_BYTES", "TITLE", "UploadCheck", "check_upload", "confirm_upload", "layout", "too_large"]

callbacks = Callbacks()  # registered on each app by create_app

TITLE = "Import data"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # what a browser tab uploads comfortably; larger files: the CLI
# What to do with a larger file: the same words from the server and from the browser's size guard.
_LARGER_FILES = "Nothing was imported. Import larger files with: python -m dashboard import --format … FILE"
PREVIEW_ROWS = 10
REPORT_LINES = 200
_PREVIEW_COLUMNS = ("event_id", "event_date", "event_type", "location", "country", "admin1", "killed",
                    "infrastructure", "dataset")  # fmt: skip
_FORMAT_OPTIONS = [
    {"label": "Detect from the header", "value": "auto"},
    {"label": "ACLED export", "value": "acled"},
    {"label": "UCDP GED", "value": "ucdp"},
    {"label": "CSV in the event table's columns", "value": "csv"},
    {"label": "GeoJSON (e.g. this dashboard's export)", "value": "geojson"},
]
_DATE_ORDER_OPTIONS = [
    {"label": "Dates: from the file", "value": "auto"},
    {"label": "Dates: day first (05/02/2014 = 5 February)", "value": "dmy"},
    {"label": "Dates: month first (05/02/2014 = 2 May)", "value": "mdy"},
]


@dataclass
class UploadCheck:
    """What the panel shows for one uploaded file before anything is written."""

    ok: bool  # a file was read (it may still have invalid rows)
    fmt: str | None = None
    read_as: str = ""  # encoding and delimiter, or the spreadsheet's sheet
    read: int = 0
    valid: int = 0
    invalid_rows: int = 0
    preview: list[dict[str, str]] = field(default_factory=list)
    report: str = ""

    def can_confirm(self, skip_invalid: bool) -> bool:
        return self.ok and self.valid > 0 and (self.invalid_rows == 0 or skip_invalid)


def _mb(size: float, digits: int = 1) -> str:
    # MiB, as the limit is set and as file managers count; the same wording as the browser-side message.
    return f"{size / 1024 / 1024:.{digits}f} MB"


def too_large(filename: str | None, size: int, limit: int | None = None) -> str:
    """The message for a file over the limit: which file, its size, the limit, and what to do instead."""
    limit = MAX_UPLOAD_BYTES if limit is None else limit
    return f"{_safe_name(filename)} ({_mb(size)}) is over the {_mb(limit, 0)} limit here. {_LARGER_FILES}"


def _decode(contents: str) -> bytes:
    """dcc.Upload's data URL ('data:<type>;base64,<data>') to bytes."""
    _header, _, data = contents.partition(",")
    return base64.b64decode(data, validate=False)


def _safe_name(filename: str | None) -> str:
    name = Path(filename or "upload").name
    return re.sub(r"[^\w.\-]+", "_", name) or "upload"


@contextmanager
def _as_file(contents: str, filename: str | None) -> Iterator[Path]:
    """The upload as a temporary file with its own name (so messages and suffixes make sense)."""
    with tempfile.TemporaryDirectory(prefix="strike-atlas-upload-") as tmp:
        path = Path(tmp) / _safe_name(filename)
        path.write_bytes(_decode(contents))
        yield path


def _prepare(path: Path, fmt: str, date_order: str | None) -> Prepared:
    from dashboard.ingest import prepare

    return prepare(path, fmt or "auto", date_order=None if date_order in (None, "auto") else date_order)


def _report(prepared: Prepared, filename: str) -> str:
    errors = prepared.errors
    if not errors:
        return f"{filename}: every row is valid."
    shown = [f"{filename}: {e}" for e in errors[:REPORT_LINES]]
    more = [f"... and {len(errors) - REPORT_LINES} more"] if len(errors) > REPORT_LINES else []
    head = f"{len(errors)} problem(s) in {len(prepared.rejected)} row(s):"
    return "\n".join([head, *shown, *more])


def _preview(events: pd.DataFrame) -> list[dict[str, str]]:
    rows = []
    for _, row in events.head(PREVIEW_ROWS).iterrows():
        out = {}
        for column in _PREVIEW_COLUMNS:
            value = row.get(column)
            if isinstance(value, list):
                value = ", ".join(value)
            elif isinstance(value, pd.Timestamp):
                value = value.strftime("%Y-%m-%d")
            out[column] = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        rows.append(out)
    return rows


def check_upload(
    contents: str | None, filename: str | None, fmt: str | None = "auto", date_order: str | None = None
) -> UploadCheck:
    """Read and validate an upload without writing anything: preview rows and the report."""
    from dashboard.schema import EventValidationError

    if not contents:
        return UploadCheck(ok=False, report="")
    name = _safe_name(filename)
    try:
        size = len(_decode(contents))
    except (binascii.Error, ValueError):
        return UploadCheck(ok=False, report=f"{name}: the upload could not be decoded")
    if size > MAX_UPLOAD_BYTES:  # the browser stops these; a hand-made request is refused here
        return UploadCheck(ok=False, report=too_large(filename, size))
    try:
        with _as_file(contents, filename) as path:
            prepared = _prepare(path, fmt or "auto", date_order)
    except EventValidationError as exc:  # a file-level problem: empty, not text, no header
        return UploadCheck(ok=False, report="\n".join(f"{name}: {e}" for e in exc.errors[:REPORT_LINES]))
    except (ValueError, OSError) as exc:  # unknown format, missing columns, day/month order not told
        return UploadCheck(ok=False, report=_hide_tmp(str(exc)))
    return UploadCheck(
        ok=True,
        fmt=prepared.fmt,
        read_as=prepared.read_as,
        read=prepared.read,
        valid=len(prepared.events),
        invalid_rows=len(prepared.rejected),
        preview=_preview(prepared.events),
        report=_report(prepared, name),
    )


def _hide_tmp(message: str) -> str:
    """The server's temporary directory is not the user's business; the file name is."""
    message = re.sub(re.escape(tempfile.gettempdir()) + r"/strike-atlas-upload-[^/]+/", "", message)
    return message.replace(str(Path(tempfile.gettempdir())), "…")


def confirm_upload(
    contents: str | None,
    filename: str | None,
    fmt: str | None = "auto",
    skip_invalid: bool = False,
    date_order: str | None = None,
) -> tuple[str, str | None]:
    """Import the upload into the store: (message, rejects CSV text or None). Re-validates first."""
    from dashboard.ingest import commit
    from dashboard.schema import EventValidationError

    check = check_upload(contents, filename, fmt, date_order)
    if not check.ok or not contents:
        return check.report or "Nothing to import.", None
    if not check.can_confirm(skip_invalid):
        return "Not imported: fix the rows listed above, or tick 'skip the invalid rows'.", None
    name = _safe_name(filename)
    try:
        with _as_file(contents, filename) as path:
            prepared = _prepare(path, fmt or "auto", date_order)
            summary = commit(prepared, state.get_store_path(), skip_invalid=skip_invalid)
    except EventValidationError as exc:
        return f"Not imported: {len(exc.errors)} invalid value(s); nothing was written.", None
    state.invalidate()
    rejects = None
    if skip_invalid and len(prepared.rejected):
        from dashboard.export import neutralise_frame

        rejects = neutralise_frame(prepared.rejected.astype(object)).to_csv(index=False, lineterminator="\n")
    message = (
        f"{name}: imported {summary.imported:,} of {summary.read:,} events "
        f"({summary.duplicates:,} already in the store, {summary.flagged:,} flagged as possible duplicates "
        f"of another source, {summary.rejected:,} rejected). The store now holds {summary.store_total:,} events."
    )
    return message, rejects


# -- layout and callbacks ----------------------------------------------------------------------------------


def _preview_table(rows: list[dict[str, str]]) -> html.Table | html.Div:
    if not rows:
        return html.Div()
    columns = list(rows[0])
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(c) for c in columns])),
            html.Tbody([html.Tr([html.Td(row[c]) for c in columns]) for row in rows]),
        ],
        className="upload-preview-table",
    )


def layout() -> html.Div:
    limit = _mb(MAX_UPLOAD_BYTES, 0)
    return html.Div(
        [
            access.layout("upload"),
            html.H3("Add events from a file"),
            html.P(
                "ACLED or UCDP GED exports, a CSV in this table's columns, or a GeoJSON export, as CSV (any "
                f"encoding, comma, semicolon or tab) or a spreadsheet (.xlsx, .xls, .ods); up to {limit}. "
                "You see a preview and every invalid row (line and reason) first: nothing is written until you "
                "confirm. Events already in the store (same id) are not added twice."
            ),
            dcc.Upload(
                id="upload-file",
                children=html.Div(["Drag and drop a file here, or ", html.A("choose a file")]),
                max_size=MAX_UPLOAD_BYTES,
                multiple=False,
                className="upload-dropzone",
                style={"border": "2px dashed #999", "borderRadius": "6px", "padding": "24px", "textAlign": "center"},
            ),
            html.Div(f"Size limit: {limit}.", className="upload-limit"),
            # Filled in the browser by the size guard below (text only): a file over the limit never reaches
            # the server, so no server callback could say so.
            html.Div(id="upload-size-error", role="alert", className="upload-size-error", style={"color": "#9c1c1c"}),
            dcc.Store(id="upload-size-guard"),
            html.Label("Format", htmlFor="upload-format"),
            dcc.Dropdown(id="upload-format", options=_FORMAT_OPTIONS, value="auto", clearable=False),
            html.Label("Day/month order", htmlFor="upload-date-order"),
            dcc.Dropdown(id="upload-date-order", options=_DATE_ORDER_OPTIONS, value="auto", clearable=False),
            dcc.Checklist(
                id="upload-skip-invalid",
                options=[{"label": " Import the valid rows and skip the invalid ones", "value": "skip"}],
                value=[],
            ),
            html.Div(id="upload-summary"),
            html.Div(id="upload-preview"),
            html.Pre(id="upload-report", style={"whiteSpace": "pre-wrap", "maxHeight": "20em", "overflow": "auto"}),
            html.Button("Confirm import", id="upload-confirm", disabled=True, n_clicks=0),
            html.Div(id="upload-result", role="status", **{"aria-live": "polite"}),
            dcc.Download(id="upload-rejects-download"),
        ],
        className="content upload-panel",  # the same margins as the other tabs
    )


@callbacks.callback(
    Output("upload-summary", "children"),
    Output("upload-preview", "children"),
    Output("upload-report", "children"),
    Output("upload-confirm", "disabled"),
    Input("upload-file", "contents"),
    Input("upload-format", "value"),
    Input("upload-date-order", "value"),
    Input("upload-skip-invalid", "value"),
    State("upload-file", "filename"),
    prevent_initial_call=True,
)
def _on_upload(contents: str | None, fmt: str, date_order: str, skip: list[str], filename: str | None) -> tuple:
    check = check_upload(contents, filename, fmt, date_order)
    summary = (
        f"{_safe_name(filename)} ({check.fmt}, {check.read_as}): {check.read:,} rows read, {check.valid:,} valid, "
        f"{check.invalid_rows:,} invalid. Preview of the first valid rows:"
        if check.ok
        else ""
    )
    return summary, _preview_table(check.preview), check.report, not check.can_confirm("skip" in (skip or []))


@callbacks.callback(
    Output("upload-result", "children"),
    Output("upload-rejects-download", "data"),
    Input("upload-confirm", "n_clicks"),
    State("upload-file", "contents"),
    State("upload-file", "filename"),
    State("upload-format", "value"),
    State("upload-date-order", "value"),
    State("upload-skip-invalid", "value"),
    prevent_initial_call=True,
)
def _on_confirm(
    n_clicks: int, contents: str | None, filename: str | None, fmt: str, date_order: str, skip: list[str]
) -> tuple:
    if not n_clicks:
        raise dash.exceptions.PreventUpdate
    if refused := access.write_refused():  # checked here, on the server: a button shown or hidden is no permission
        return refused, None
    message, rejects = confirm_upload(contents, filename, fmt, "skip" in (skip or []), date_order)
    download = dcc.send_string(rejects, f"{Path(_safe_name(filename)).stem}.rejects.csv") if rejects else None
    return message, download


access.register(callbacks, "upload")
_publish = callbacks.publish_store_version("upload-result")  # the map tab refreshes after a confirmed write


callbacks.upload_size_guard(
    "upload-file",
    "upload-size-error",
    "upload-size-guard",
    _LARGER_FILES,
    clear=True,
)
