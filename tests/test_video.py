"""`python -m dashboard render --out FILE.mp4`: the time-lapse as real H.264 (read back with the same ffmpeg)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from dashboard.cli import main
from dashboard.filters import FilterSpec
from dashboard.render import RenderError
from dashboard.video import MAX_FRAMES, plan_frames
from tests.browser.conftest import CHROMIUM
from tests.browser.sample_store import write_sample_store


def _day(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))


def _frames(path: Path) -> tuple[dict, list[np.ndarray]]:
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(path))
    meta = reader.__next__()
    width, height = meta["size"]
    return meta, [np.frombuffer(raw, np.uint8).reshape(height, width, 3) for raw in reader]


def _red(frame: np.ndarray) -> np.ndarray:
    """Pixels of the 'Explosions/Remote violence' markers' red."""
    return (frame[..., 0] > 170) & (frame[..., 1] < 90) & (frame[..., 2] < 90)


def test_video001_frames_follow_the_period_step_and_window() -> None:
    days = np.array([_day("2025-12-25"), _day("2025-12-26")])
    plan = plan_frames(days, FilterSpec(date_from=date(2025, 12, 1), date_to=date(2025, 12, 31)))
    assert len(plan.days) == 31 and plan.days[0] == _day("2025-12-01") and plan.days[-1] == _day("2025-12-31")
    assert plan.cumulative and plan.window == 7  # older events stay, dimmed; a week bright at least
    weekly = plan_frames(days, FilterSpec(date_from=date(2025, 12, 1), date_to=date(2025, 12, 31)), step="week")
    assert len(weekly.days) == 6 and weekly.days[-1] == _day("2025-12-31")  # the last frame shows the whole period
    window = plan_frames(days, FilterSpec(), window=3)
    assert window.days == (_day("2025-12-25"), _day("2025-12-26")) and not window.cumulative and window.window == 3


def test_video002_bad_requests_say_why() -> None:
    days = np.array([_day("2000-01-01"), _day("2025-12-26")])
    with pytest.raises(RenderError, match=f"more than {MAX_FRAMES:,}: use --step week"):
        plan_frames(days, FilterSpec())
    with pytest.raises(RenderError, match="--step must be"):
        plan_frames(days, FilterSpec(), step="month")
    with pytest.raises(RenderError, match="no events match"):
        plan_frames(np.array([], dtype=np.int64), FilterSpec())


@pytest.mark.browser
def test_video003_mp4_decodes_with_the_frames_and_size_asked(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    store = write_sample_store(tmp_path / "events.parquet")
    out = tmp_path / "timelapse.mp4"
    args = ["render", "--store", str(store), "--out", str(out), "--from", "2025-12-01", "--to", "2025-12-26"]
    assert main([*args, "--region", "UA", "--width", "640", "--height", "360", "--fps", "10"]) == 0
    meta, frames = _frames(out)
    assert meta["codec"] == "h264" and meta["size"] == (640, 360) and meta["fps"] == 10
    assert len(frames) == 26  # one a day, 1 to 26 December
    first, last = frames[0], frames[-1]
    # On 1 December no event has happened yet; on the 26th the day's strikes are bright red markers.
    appeared = _red(last) & ~_red(first)
    assert appeared.sum() > 150, appeared.sum()
    assert np.abs(first.astype(int) - last.astype(int)).max(axis=2).mean() < 20  # the same map around them


@pytest.mark.browser
def test_video004_odd_sizes_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = write_sample_store(tmp_path / "events.parquet")
    args = ["render", "--store", str(store), "--out", str(tmp_path / "v.mp4"), "--width", "641", "--height", "360"]
    assert main(args) == 2
    assert "even width and height" in capsys.readouterr().err
