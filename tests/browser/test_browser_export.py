"""Export image / Export video: the server renders the current view, the page shows progress and downloads it."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_dashboard

pytestmark = pytest.mark.browser


@pytest.fixture
def viewport() -> dict[str, int]:
    return {"width": 1280, "height": 720}  # a projector's size: the progress box is photographed at it


def test_brw070_export_image_downloads_the_filtered_map_as_png(page: Any, live_server: str, tmp_path: Path) -> None:
    open_dashboard(page, f"{live_server}/?present=1&title=Strikes%20in%20December&from=2025-12-01&region=UA")
    page.select_option("#export-format", "png")
    with page.expect_download(timeout=240_000) as info:
        page.click("#export-image")
        page.wait_for_selector("#export-status:not([hidden])")
        assert "PNG" in page.text_content("#export-text")  # progress shows at once
        assert page.is_disabled("#export-image") and page.is_disabled("#export-video")  # one at a time
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-image-progress-1280x720-light.png"))
    download = info.value
    assert download.suggested_filename == "strike-atlas-map.png"
    path = tmp_path / "map.png"
    download.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1920, 1080)
    assert "ready" in page.text_content("#export-text")
    assert page.errors == [] and page.external_requests == []


def test_brw071_export_video_gives_an_mp4_that_decodes(page: Any, live_server: str, tmp_path: Path) -> None:
    import imageio_ffmpeg

    open_dashboard(page, f"{live_server}/?present=1&theme=dark&from=2025-12-20&to=2025-12-26&region=UA")
    with page.expect_download(timeout=300_000) as info:
        page.click("#export-video")
        page.wait_for_function(
            "/frame \\d+ of 7/.test(document.getElementById('export-text').textContent)", timeout=120_000
        )  # progress by frame: one a day, 20 to 26 December
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-video-progress-1280x720-dark.png"))
    path = tmp_path / "timelapse.mp4"
    info.value.save_as(path)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["codec"] == "h264" and meta["size"] == (1280, 720)
    assert sum(1 for _ in reader) == 7
    assert page.errors == []


def test_brw072_export_says_why_it_failed(page: Any, live_server: str) -> None:
    open_dashboard(page, f"{live_server}/?from=2031-01-01")  # no events then
    page.click("#export-video")
    page.wait_for_selector("#export-status.failed", timeout=60_000)
    assert "no events match these filters" in page.text_content("#export-text")
    assert page.get_attribute("#export-status", "role") == "alert"
    assert not page.is_disabled("#export-video")  # free to try again
