"""Export image / Export video: the same PNG, SVG, PDF or MP4 as ``python -m dashboard render``, made on the server.

The buttons (:func:`controls`, wired by ``assets/atlas-export.js``, no Dash callback) post the page's URL query
to :data:`START_URL`; the server reads the filters from it with the one filter specification (``FilterSpec``),
and presentation mode's theme and title, and starts a job in a thread. The page polls the job's status (frames
done of all, for a video) and, when it is done, downloads the file. A job lives in a directory of its own under
the system's temporary directory (a status file and the output), so any worker of ``serve --workers N`` can
answer for it; files older than an hour are removed.

One user cannot hog the server: at most :data:`MAX_JOBS` renders run at once on the machine (a file lock per
slot), an image is at most 1920×1080, a video 1280×720 and :data:`VIDEO_MAX_FRAMES` frames (a weekly step
when the days are too many) of at most ``POINT_LIMIT`` events.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qs

import flask
from dash import html

from dashboard.app import state
from dashboard.app.present import look
from dashboard.filters import FilterError, FilterSpec

__all__ = ["MAX_JOBS", "START_URL", "VIDEO_MAX_FRAMES", "controls", "install"]

START_URL = "/_atlas/export"
MAX_JOBS = int(os.environ.get("STRIKE_ATLAS_EXPORT_JOBS", "1"))
VIDEO_MAX_FRAMES = int(os.environ.get("STRIKE_ATLAS_EXPORT_MAX_FRAMES", "400"))
IMAGE_SIZES = {"720": (1280, 720), "1080": (1920, 1080)}
VIDEO_SIZE = (1280, 720)
KEEP_SECONDS = 3600
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "mp4": "video/mp4"}
_JOB_ID = 24  # hex characters: unguessable, so one user cannot fetch another's export


def controls() -> html.Div:
    """Export image (format, size) and Export video, with the job's progress and errors below them."""
    return html.Div(
        className="export",
        children=[
            html.Select(
                id="export-format",
                title="Image format",
                children=[html.Option(f.upper(), value=f) for f in ("png", "svg", "pdf")],
            ),
            html.Button("Export image", id="export-image", title="The map as an image, made on the server"),
            html.Button("Export video", id="export-video", title="The time-lapse as an MP4 video, made on the server"),
            html.Div(
                id="export-status",
                className="export-status",
                role="status",
                hidden=True,
                children=[
                    html.Span(id="export-text", className="export-text"),
                    html.Progress(id="export-progress", max="1"),
                    html.A("Download", id="export-link", className="export-link", hidden=True),
                ],
            ),
        ],
    )


def jobs_root() -> Path:
    root = Path(os.environ.get("STRIKE_ATLAS_EXPORT_DIR") or Path(tempfile.gettempdir()) / "strike-atlas-exports")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _write_status(job: Path, **status: Any) -> None:
    tmp = job / "status.json.tmp"
    tmp.write_text(json.dumps(status), encoding="utf-8")
    os.replace(tmp, job / "status.json")  # atomic: a poll never reads half a file


def _read_status(job: Path) -> dict[str, Any] | None:
    try:
        return json.loads((job / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _clean(root: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for job in root.iterdir():
        with contextlib.suppress(OSError):
            if job.is_dir() and job.stat().st_mtime < cutoff:
                shutil.rmtree(job, ignore_errors=True)


def _take_slot(root: Path) -> BinaryIO | None:
    """A free render slot (its lock file, held open until the job ends), or None when every slot is busy."""
    for k in range(max(1, MAX_JOBS)):
        handle = (root / f"slot-{k}.lock").open("ab")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        return handle
    return None


def _job_dir(job_id: str) -> Path | None:
    if len(job_id) != _JOB_ID or any(c not in "0123456789abcdef" for c in job_id):
        return None
    job = jobs_root() / job_id
    return job if job.is_dir() else None


def _video_step(days: int) -> str:
    return "day" if days <= VIDEO_MAX_FRAMES else "week"


def _run(job: Path, slot: BinaryIO, kind: str, fmt: str, spec: FilterSpec, search: str, size: str) -> None:
    from dashboard.map_view import POINT_LIMIT
    from dashboard.render import render_map
    from dashboard.video import plan_frames, render_video

    the_look = look(search)
    theme = the_look.theme if the_look.present else "light"
    title = the_look.title if the_look.present else ""
    out = job / f"strike-atlas-map.{fmt}"
    started = time.monotonic()
    try:
        sf = state.get_events()
        if kind == "video":
            days = sf.events["_day"].to_numpy()[sf.positions(spec)]
            step = _video_step(len(plan_frames(days, spec, step="day").days))

            def progress(i: int, n: int) -> None:
                _write_status(job, state="running", done=i, total=n, message=f"frame {i} of {n}")

            render_video(
                None, spec, out, title=title, width=VIDEO_SIZE[0], height=VIDEO_SIZE[1], theme=theme, step=step,
                progress=progress, max_frames=VIDEO_MAX_FRAMES, max_events=POINT_LIMIT, sf=sf,
            )  # fmt: skip
        else:
            width, height = IMAGE_SIZES.get(size, IMAGE_SIZES["1080"])
            render_map(None, spec, out, title=title, width=width, height=height, theme=theme, sf=sf)
        seconds = time.monotonic() - started
        nbytes = out.stat().st_size
        size_text = f"{nbytes / 1e6:.1f} MB" if nbytes > 100_000 else f"{nbytes:,} bytes"
        _write_status(job, state="done", file=out.name, message=f"ready: {size_text}, made in {seconds:.0f} s")
    except Exception as exc:  # the message goes to the page, whatever failed
        _write_status(job, state="failed", message=str(exc) or type(exc).__name__)
    finally:
        slot.close()  # releases the lock


def install(server: flask.Flask) -> None:
    @server.post(START_URL)
    def _start() -> flask.Response:
        body = flask.request.get_json(silent=True) or {}
        kind = str(body.get("kind", "image"))
        fmt = "mp4" if kind == "video" else str(body.get("format", "png")).lower()
        if kind not in ("image", "video") or fmt not in MIME:
            return flask.jsonify(error=f"cannot export {kind} as .{fmt}"), 400  # type: ignore[return-value]
        search = str(body.get("search", ""))[:4000]
        try:  # the one filter specification, as the map and `render` read it
            spec = FilterSpec.from_query(parse_qs(search.lstrip("?"), keep_blank_values=False))
        except FilterError as exc:
            return flask.jsonify(error=f"the URL's filters: {exc}"), 400  # type: ignore[return-value]
        root = jobs_root()
        _clean(root)
        slot = _take_slot(root)
        if slot is None:
            message = "another export is being made on this server; try again in a minute"
            return flask.jsonify(error=message), 429  # type: ignore[return-value]
        job_id = secrets.token_hex(_JOB_ID // 2)
        job = root / job_id
        job.mkdir()
        _write_status(job, state="running", done=0, total=0, message="rendering on the server…")
        size = str(body.get("size", "1080"))
        thread = threading.Thread(
            target=_run, args=(job, slot, kind, fmt, spec, search, size), name=f"export-{job_id[:6]}", daemon=True
        )
        thread.start()
        return flask.jsonify(job=job_id), 202  # type: ignore[return-value]

    @server.get(START_URL + "/<job_id>")
    def _status(job_id: str) -> flask.Response:
        job = _job_dir(job_id)
        status = _read_status(job) if job is not None else None
        if status is None:
            return flask.jsonify(state="failed", message="no such export (older than an hour?)"), 404  # type: ignore[return-value]
        response = flask.jsonify(status)
        response.cache_control.no_store = True
        return response

    @server.get(START_URL + "/<job_id>/file")
    def _file(job_id: str) -> flask.Response:
        job = _job_dir(job_id)
        status = _read_status(job) if job is not None else None
        if job is None or status is None or status.get("state") != "done":
            flask.abort(404)
        name = str(status["file"])
        fmt = name.rsplit(".", 1)[-1]
        return flask.send_file(job / name, mimetype=MIME[fmt], as_attachment=True, download_name=name)
