"""``python -m dashboard render --out FILE.mp4``: the time-lapse as an H.264 video, made on the server.

Frames come from the browser's own time-lapse: the presentation figure of :mod:`dashboard.render` (title,
dates, filters, legend, place names, attribution) is drawn once by plotly.js and MapLibre in Debian's
Chromium (Playwright), on a page served on 127.0.0.1 for the length of the render; then, per frame, the same
``assets/atlas-timelapse.js`` the dashboard plays sets the markers' opacities for the frame's day (recent
events bright, older fading) and the date is written large over the map, and the page is captured. Drawing
the map once and changing only opacities is what makes this fast: kaleido would draw the whole figure again
for every frame (README, "Images and video").

The captures go straight into the ``ffmpeg`` that the ``imageio-ffmpeg`` wheel ships (no system ffmpeg),
encoded as H.264 (yuv420p, ``+faststart``) that every browser and projector laptop plays.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import flask
import numpy as np

from dashboard.filters import FilterSpec
from dashboard.render import CHROMIUM, RenderError, glyph_server
from dashboard.serving import ServingFrame

__all__ = ["MAX_FRAMES", "STEPS", "VideoPlan", "plan_frames", "render_video"]

STEPS = {"day": 1, "week": 7}
MAX_FRAMES = 5000  # about 7 minutes at 12 frames/s: a longer period wants --step week
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]  # software GL, as the tests and kaleido
ASSETS = Path(__file__).resolve().parent / "app" / "assets"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class VideoPlan:
    """The frames of a video: their days (days since 1970) and how events fade."""

    days: tuple[int, ...]
    window: int  # days an event stays bright, fading from 1.0 to 0.45
    cumulative: bool  # older events stay, dimmed (else they vanish after `window` days)


def plan_frames(event_days: np.ndarray, spec: FilterSpec, *, step: str = "day", window: int | None = None) -> VideoPlan:
    """One frame per `step` from the filter's first date (else the first event's) to its last, inclusive."""
    if step not in STEPS:
        raise RenderError(f"--step must be one of {', '.join(STEPS)} (got {step!r})")
    if window is not None and not 1 <= window <= 3650:
        raise RenderError(f"--window must be 1–3650 days (got {window})")
    days = np.asarray(event_days, dtype=np.int64)
    if not len(days):
        raise RenderError("no events match these filters: nothing to play")
    first = int(np.datetime64(spec.date_from, "D").astype(np.int64)) if spec.date_from else int(days.min())
    last = int(np.datetime64(spec.date_to, "D").astype(np.int64)) if spec.date_to else int(days.max())
    if last < first:
        raise RenderError("the period is empty (--to before --from)")
    frame_days = tuple(range(first, last + 1, STEPS[step]))
    if frame_days[-1] != last:
        frame_days = (*frame_days, last)  # the last frame shows the whole period
    if len(frame_days) > MAX_FRAMES:
        raise RenderError(
            f"{len(frame_days):,} frames is more than {MAX_FRAMES:,}: use --step week or narrow --from/--to"
        )
    span = max(last - first, 1)
    fade = window if window is not None else max(7, round(span / 12))  # as the dashboard's time-lapse
    return VideoPlan(frame_days, fade, cumulative=window is None)


def ffmpeg_exe() -> str:
    """The ffmpeg binary of the imageio-ffmpeg wheel (or IMAGEIO_FFMPEG_EXE)."""
    try:
        import imageio_ffmpeg
    except ImportError as exc:  # pragma: no cover - pinned in requirements.txt
        raise RenderError("video needs the Python package imageio-ffmpeg (see requirements.txt)") from exc
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as exc:
        raise RenderError(f"no ffmpeg for video: {exc}") from exc


def _page(figure_json: str, width: int, height: int, theme: str, scale: float) -> str:
    """The page the frames are captured from: the figure and the date label, nothing else."""
    dark = theme == "dark"
    ink, panel = ("#f4f6f7", "rgba(17,24,30,0.9)") if dark else ("#111518", "rgba(255,255,255,0.9)")
    line = "#3a444c" if dark else "#c5cbd0"
    return f"""<!doctype html><html><head><meta charset="utf-8">
<style>
html, body {{ margin: 0; padding: 0; background: {"#0b1016" if dark else "#fff"}; overflow: hidden; }}
#map {{ position: relative; width: {width}px; height: {height}px; }}
#gd {{ width: {width}px; height: {height}px; }}
.tl-date {{ position: absolute; left: {round(14 * scale)}px; bottom: {round(58 * scale)}px; display: none;
  font: 700 {round(44 * scale)}px "DejaVu Sans", "Noto Sans", sans-serif; padding: 2px {round(14 * scale)}px;
  border-radius: {round(8 * scale)}px; background: {panel}; color: {ink}; border: 1px solid {line}; }}
.tl-date.on {{ display: block; }}
</style>
<script src="/plotly.js"></script><script src="/atlas-timelapse.js"></script></head>
<body><div id="map"><div id="gd"></div><div id="tl-date" class="tl-date"></div></div>
<script>
window.__figure = {figure_json};
</script></body></html>"""


def _install(app: flask.Flask, content: dict[str, str], event_days: bytes) -> None:
    from dashboard.app import plotlyjs
    from dashboard.app.timelapse import DAYS_URL

    @app.route("/")
    def _index() -> flask.Response:
        return flask.Response(content["page"], mimetype="text/html")

    @app.route("/plotly.js")
    def _plotly() -> flask.Response:
        if plotlyjs.serves_partial_bundle():
            return flask.send_file(plotlyjs.BUNDLE, mimetype="application/javascript")
        from plotly.offline import get_plotlyjs

        return flask.Response(get_plotlyjs(), mimetype="application/javascript")

    @app.route("/atlas-timelapse.js")
    def _timelapse() -> flask.Response:
        return flask.send_file(ASSETS / "atlas-timelapse.js", mimetype="application/javascript")

    @app.route(DAYS_URL)
    def _days() -> flask.Response:
        return flask.Response(event_days, mimetype="application/octet-stream")


# Draws the figure once, waits for the map and its names, and prepares the time-lapse's layers.
_SETUP = """async () => {
  const gd = document.getElementById('gd');
  const fig = window.__figure;
  await Plotly.newPlot(gd, fig.data, fig.layout, {staticPlot: true, displayModeBar: false});
  const map = gd._fullLayout.map._subplot.map;
  map._fadeDuration = 0;  // names placed at once: no frame catches them fading in
  await new Promise(r => map.loaded() ? r() : map.once('idle', r));
  window.__tl = await window.atlasTimelapse.prepareGraph(gd);
  window.__map = map;
  await new Promise(r => map.once('idle', r));
  return window.__tl.fast;
}"""
# One frame: opacities for the day, the date, then wait until MapLibre has drawn it.
_FRAME = """async ([day, windowDays, cumulative]) => {
  window.__tl.show(day, windowDays, cumulative);
  const label = document.getElementById('tl-date');
  label.textContent = window.atlasTimelapse.dateText(day);
  label.classList.add('on');
  const map = window.__map;
  // Constant opacities need no new tiles: one render of the map draws the frame (waiting for 'idle' cost ~0.7 s).
  await new Promise(r => { map.once('render', r); map.triggerRepaint(); });
  if (!map.areTilesLoaded()) { await new Promise(r => map.once('idle', r)); }
  await new Promise(r => requestAnimationFrame(r));
}"""


def _capture(
    url: str,
    plan: VideoPlan,
    width: int,
    height: int,
    encoder: subprocess.Popen[bytes],
    progress: Progress | None,
) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    assert encoder.stdin is not None
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise RenderError(f"Chromium at {CHROMIUM} did not start: {exc}") from exc
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(url, wait_until="load")
            try:
                page.evaluate(_SETUP)
            except PlaywrightError as exc:
                raise RenderError(f"the map did not draw in Chromium: {exc} {' '.join(errors)}".strip()) from exc
            n = len(plan.days)
            for i, day in enumerate(plan.days):
                page.evaluate(_FRAME, [day, plan.window, plan.cumulative])
                image = page.screenshot(
                    type="jpeg", quality=92, clip={"x": 0, "y": 0, "width": width, "height": height}
                )
                try:
                    encoder.stdin.write(image)
                except BrokenPipeError as exc:
                    raise RenderError("ffmpeg stopped taking frames (see its message above)") from exc
                if progress is not None:
                    progress(i + 1, n)
        finally:
            browser.close()


def render_video(
    store: Path | None,
    spec: FilterSpec,
    out: Path,
    *,
    title: str = "",
    width: int = 1280,
    height: int = 720,
    theme: str = "light",
    fps: int = 12,
    step: str = "day",
    window: int | None = None,
    progress: Progress | None = None,
    max_frames: int = MAX_FRAMES,
    max_events: int | None = None,
    sf: ServingFrame | None = None,
) -> Path:
    """Write the time-lapse of `spec`'s events from `store` (or the serving frame `sf`) to `out` (.mp4).

    `progress(i, n)` is called after each frame. `max_frames` and `max_events` bound the work (the
    dashboard's export lowers them so one request cannot hold the server for long).
    """
    from dashboard.app.present import DEFAULT_TITLE, style_scale
    from dashboard.render import build_figure
    from dashboard.store import read_store

    if out.suffix.lower() != ".mp4":
        raise RenderError(f"{out}: a video is written as .mp4")
    if not (200 <= width <= 3840 and 200 <= height <= 2160):
        raise RenderError(f"--width and --height must be 200–3840 × 200–2160 pixels for video (got {width}×{height})")
    if width % 2 or height % 2:
        raise RenderError(f"H.264 needs an even width and height (got {width}×{height})")
    if not 1 <= fps <= 60:
        raise RenderError(f"--fps must be 1–60 (got {fps})")
    if theme not in ("light", "dark"):
        raise RenderError(f"--theme must be light or dark (got {theme!r})")
    if not Path(CHROMIUM).exists():
        raise RenderError(f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)")
    if sf is None:
        if store is None:
            raise RenderError("no store to render from")
        sf = ServingFrame.from_events(read_store(store))
    positions = sf.positions(spec)
    if max_events is not None and len(positions) > max_events:
        raise RenderError(f"{len(positions):,} events is more than {max_events:,} for a video here: narrow the filters")
    plan = plan_frames(sf.events["_day"].to_numpy()[positions], spec, step=step, window=window)
    if len(plan.days) > max_frames:
        raise RenderError(
            f"{len(plan.days):,} frames is more than {max_frames:,}: use a weekly step or a shorter period"
        )
    event_days = sf.events["_day"].to_numpy(dtype=np.int32).astype("<i4", copy=False).tobytes()
    scale = style_scale(width, height)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    started = time.monotonic()
    content: dict[str, str] = {"page": ""}  # the page needs the server's port: filled once it runs
    with glyph_server(lambda app: _install(app, content, event_days)) as base_url:
        fig = build_figure(
            store,
            spec,
            title=title or DEFAULT_TITLE,
            width=width,
            height=height,
            theme=theme,
            base_url=base_url,
            sf=sf,
        )
        if not any(getattr(t, "customdata", None) is not None for t in fig.data):  # type: ignore[attr-defined]
            raise RenderError("the map shows no single events (too many in view, or none): narrow the filters")
        content["page"] = _page(fig.to_json(), width, height, theme, scale)  # type: ignore[attr-defined]
        command = [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "image2pipe", "-framerate", str(fps), "-c:v", "mjpeg", "-i", "-",
            "-vf", "scale=in_range=full:out_range=limited,format=yuv420p",  # JPEG range to video range
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
            "-movflags", "+faststart", "-f", "mp4", str(partial),
        ]  # fmt: skip
        encoder = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="render-video") as pool:
                # A thread of its own: Playwright's sync API refuses to run where an asyncio loop runs.
                pool.submit(_capture, base_url + "/", plan, width, height, encoder, progress).result()
        except BaseException:
            encoder.kill()
            encoder.wait()
            partial.unlink(missing_ok=True)
            raise
        assert encoder.stdin is not None and encoder.stderr is not None
        encoder.stdin.close()
        message = encoder.stderr.read().decode("utf-8", "replace").strip()
        if encoder.wait() != 0:
            partial.unlink(missing_ok=True)
            raise RenderError(f"ffmpeg could not encode {out}: {message or 'exit status ' + str(encoder.returncode)}")
    os.replace(partial, out)
    if progress is None:
        seconds = time.monotonic() - started
        print(f"{len(plan.days)} frames in {seconds:.1f} s", file=sys.stderr)
    return out
