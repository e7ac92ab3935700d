"""Export jobs of the dashboard: bad requests say why, one render at a time, unknown jobs are 404."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.app import create_app, export_media
from tests.browser.sample_store import write_sample_store


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STRIKE_ATLAS_EXPORT_DIR", str(tmp_path / "exports"))
    app = create_app(write_sample_store(tmp_path / "events.parquet"))
    return app.server.test_client()


def test_export001_bad_requests_say_why(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.post(export_media.START_URL, json={"kind": "image", "format": "gif"})
    assert answer.status_code == 400 and answer.get_json()["error"] == "cannot export image as .gif"
    answer = client.post(export_media.START_URL, json={"kind": "image", "format": "png", "search": "?from=soon"})
    assert answer.status_code == 400 and answer.get_json()["error"].startswith("the URL's filters:")
    assert client.get(export_media.START_URL + "/not-a-job").status_code == 404
    assert client.get(export_media.START_URL + "/" + "0" * 24 + "/file").status_code == 404


def test_export002_one_render_at_a_time(client) -> None:  # type: ignore[no-untyped-def]
    slot = export_media._take_slot(export_media.jobs_root())  # another export holds the machine's slot
    assert slot is not None
    try:
        answer = client.post(export_media.START_URL, json={"kind": "video", "search": "?region=UA"})
        assert answer.status_code == 429 and "try again in a minute" in answer.get_json()["error"]
    finally:
        slot.close()
