"""Story mode: step through chosen events with the arrow keys, the map flying to each, its details shown large.

A story has its own URL: ``?story=ID1,ID2,...`` (event ids, in order), or ``?story=NAME`` for a story file
``data/stories/NAME.csv`` or ``NAME.json`` (directory: ``STRIKE_ATLAS_STORIES``). A story file lists event ids
with optional captions:

- CSV with a header: ``event_id[,caption]``, one step a line;
- JSON: ``{"title": "...", "steps": [{"event_id": "...", "caption": "..."}, ...]}`` or a list of such steps
  (or of bare ids).

The page asks :data:`STORY_URL` for the steps (this module); ``assets/atlas-story.js`` draws the story panel,
answers ← and →, flies the map and dims the other events. Nothing runs unless the URL names a story. Every
text goes to the page as data and is drawn as text (``textContent``), never as HTML.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask
import numpy as np
import pandas as pd
from dash import html

from dashboard import config
from dashboard.app import state

__all__ = ["MAX_STEPS", "STORY_URL", "StoryError", "builder", "install", "read_story_file", "resolve", "stories_dir"]

STORY_URL = "/_atlas/story"
MAX_STEPS = 200
CAPTION_MAX = 400
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$")
FIELDS = (
    "event_id", "event_date", "location", "admin1", "admin1_code", "country", "event_type", "sub_event_type",
    "weapon", "killed", "injured", "notes", "source", "geo_precision",
)  # fmt: skip


class StoryError(ValueError):
    """A story that cannot be told: a bad file (file, line, reason) or no known event."""


@dataclass(frozen=True)
class Step:
    event_id: str
    caption: str = ""


def stories_dir() -> Path:
    return Path(os.environ.get("STRIKE_ATLAS_STORIES") or config.DATA_DIR / "stories")


def _step(raw: Any, where: str) -> Step:
    if isinstance(raw, str):
        raw = {"event_id": raw}
    if not isinstance(raw, dict):
        raise StoryError(f"{where}: a step is an event id or an object with event_id and caption")
    event_id = str(raw.get("event_id") or "").strip()
    if not event_id:
        raise StoryError(f"{where}: no event_id")
    return Step(event_id, " ".join(str(raw.get("caption") or "").split())[:CAPTION_MAX])


def read_story_file(path: Path) -> tuple[str, list[Step]]:
    """(title, steps) of a story file (.csv or .json); errors name the file, the line or step and the reason."""
    shown = f"{path.parent.name}/{path.name}"  # the page may show the message: no server paths in it
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StoryError(f"{shown}: not UTF-8 text ({exc.reason})") from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StoryError(f"{shown}, line {exc.lineno}: not JSON ({exc.msg})") from exc
        title = ""
        if isinstance(data, dict):
            title = " ".join(str(data.get("title") or "").split())[:120]
            data = data.get("steps")
        if not isinstance(data, list):
            raise StoryError(f'{shown}: expected a list of steps, or {{"title": ..., "steps": [...]}}')
        steps = [_step(raw, f"{shown}, step {i}") for i, raw in enumerate(data, start=1)]
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "event_id" not in [f.strip() for f in reader.fieldnames]:
            raise StoryError(f"{shown}, line 1: the header needs an event_id column (and optionally caption)")
        steps = []
        for row in reader:
            row = {(k or "").strip(): v for k, v in row.items()}
            steps.append(_step(row, f"{shown}, line {reader.line_num}"))
        title = ""
    if not steps:
        raise StoryError(f"{shown}: the story has no steps")
    if len(steps) > MAX_STEPS:
        raise StoryError(f"{shown}: {len(steps)} steps is more than {MAX_STEPS}")
    return title or path.stem.replace("-", " ").replace("_", " "), steps


def resolve(value: str) -> tuple[str, list[Step]]:
    """The story a URL's ``story=`` names: a story file's name, else comma-separated event ids."""
    value = value.strip()
    if _NAME.match(value):
        for suffix in (".json", ".csv"):
            path = stories_dir() / f"{value}{suffix}"
            if path.is_file():
                return read_story_file(path)
    ids = [part.strip() for part in value.split(",") if part.strip()]
    if not ids:
        raise StoryError("the story names no event")
    if len(ids) > MAX_STEPS:
        raise StoryError(f"{len(ids)} events is more than {MAX_STEPS} for one story")
    return "", [Step(event_id) for event_id in ids]


def _value(value: Any) -> Any:
    if value is None or (not isinstance(value, list | np.ndarray) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return str(value) if not isinstance(value, int | float) else value


def story_json(value: str) -> dict[str, Any]:
    """The steps with each event's fields, and the ids the store does not know (left out, and said so)."""
    title, steps = resolve(value)
    sf = state.get_events()
    ids = sf.events["event_id"].to_numpy(dtype=object)
    where = {event_id: i for i, event_id in enumerate(ids)} if len(steps) > 8 else None
    found, missing = [], []
    for step in steps:
        position = where.get(step.event_id) if where is not None else sf.find(step.event_id)
        if position is None:
            missing.append(step.event_id)
            continue
        row = sf.events.iloc[position]
        event = {name: _value(row.get(name)) for name in FIELDS}
        event.update(lat=float(sf.lat[position]), lon=float(sf.lon[position]), caption=step.caption)
        found.append(event)
    if not found:
        raise StoryError(f"none of the story's events is in this store ({', '.join(missing[:5])})")
    return {"title": title, "steps": found, "missing": missing}


def builder() -> html.Div:
    """Make a story from the table: add the selected row, then play (assets/atlas-story.js; no Dash callback)."""
    return html.Div(
        className="story-builder",
        children=[
            html.Button("Add selected event to story", id="story-add", className="secondary"),
            html.A("Play story", id="story-play", className="story-play", hidden=True),
            html.Button("Clear story", id="story-clear", className="secondary", hidden=True),
            html.Span(id="story-note", className="muted small"),
        ],
    )


def install(server: flask.Flask) -> None:
    @server.get(STORY_URL)
    def _story() -> flask.Response:
        value = str(flask.request.args.get("story", ""))[:4000]
        try:
            body = story_json(value)
        except StoryError as exc:
            return flask.jsonify(error=str(exc)), 400  # type: ignore[return-value]
        response = flask.jsonify(body)
        response.cache_control.no_cache = True
        return response
