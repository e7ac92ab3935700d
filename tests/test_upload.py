"""Upload panel: preview and report before anything is written, size limit, confirm merges and invalidates."""

from __future__ import annotations

import base64
from pathlib import Path

import flask
import pytest
from dash import dcc

from dashboard.app import state, upload
from dashboard.store import read_store
from dashboard.web.auth import WritePolicy, install_policy

DATA = Path(__file__).parent / "data" / "ingest"

pytestmark = pytest.mark.usefixtures("reference")


def contents(path: Path, data: bytes | None = None) -> str:
    """What dcc.Upload puts in `contents`: a base64 data URL."""
    raw = path.read_bytes() if data is None else data
    return "data:text/csv;base64," + base64.b64encode(raw).decode("ascii")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "events.parquet"
    monkeypatch.setattr(state, "get_store_path", lambda: path)
    return path


@pytest.fixture
def invalidations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(state, "invalidate", lambda: calls.append(1))
    return calls


def test_upload001_layout_states_the_limit_and_offers_formats() -> None:
    root = upload.layout()
    found: dict[str, object] = {}

    def walk(node: object) -> None:
        if getattr(node, "id", None):
            found[node.id] = node  # type: ignore[attr-defined]
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str):
                walk(child)

    walk(root)
    assert isinstance(found["upload-file"], dcc.Upload)
    assert found["upload-file"].max_size == upload.MAX_UPLOAD_BYTES == 50 * 1024 * 1024
    assert "50 MB" in str(root)
    assert {o["value"] for o in found["upload-format"].options} == {"auto", "acled", "ucdp", "csv", "geojson"}
    assert found["upload-confirm"].disabled is True
    assert upload.TITLE


def test_upload002_valid_file_preview_and_nothing_written(store: Path) -> None:
    check = upload.check_upload(contents(DATA / "acled_sample.csv"), "acled_sample.csv", "auto")
    assert (check.ok, check.fmt, check.read, check.valid, check.invalid_rows) == (True, "acled", 10, 10, 0)
    assert len(check.preview) == 10 and check.preview[0]["event_id"] == "UKR5412"
    assert check.preview[2]["admin1"] == "Sevastopol" and check.preview[2]["country"] == "UA"
    assert "every row is valid" in check.report
    assert check.can_confirm(skip_invalid=False)
    assert not store.exists()


def test_upload003_invalid_rows_reported_with_lines_confirm_blocked(store: Path, invalidations: list[int]) -> None:
    data = contents(DATA / "acled_mixed.csv")
    check = upload.check_upload(data, "acled_mixed.csv", "acled")
    assert (check.valid, check.invalid_rows) == (3, 6)
    for line in (5, 6, 7, 9, 12, 13):
        assert f"acled_mixed.csv: line {line}," in check.report
    assert not check.can_confirm(skip_invalid=False) and check.can_confirm(skip_invalid=True)
    message, rejects = upload.confirm_upload(data, "acled_mixed.csv", "acled", skip_invalid=False)
    assert message.startswith("Not imported") and rejects is None
    assert not store.exists() and invalidations == []


def test_upload004_confirm_with_skip_imports_valid_rows_and_offers_rejects(
    store: Path, invalidations: list[int]
) -> None:
    data = contents(DATA / "acled_mixed.csv")
    message, rejects = upload.confirm_upload(data, "acled_mixed.csv", "auto", skip_invalid=True)
    assert "imported 3 of 9" in message and "6 rejected" in message
    assert len(read_store(store)) == 3 and invalidations == [1]
    assert rejects is not None and rejects.splitlines()[0].startswith("line,reason,event_id_cnty")
    # Confirming the same file again adds nothing.
    message, _ = upload.confirm_upload(data, "acled_mixed.csv", "auto", skip_invalid=True)
    assert "imported 0 of 9" in message and "3 already in the store" in message


def test_upload005_too_large_and_wrong_files(monkeypatch: pytest.MonkeyPatch, store: Path) -> None:
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 1000)
    check = upload.check_upload(contents(DATA / "acled_sample.csv"), "acled_sample.csv", "auto")
    assert not check.ok and "limit" in check.report
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
    check = upload.check_upload(contents(DATA / "ucdp_ged_sample.csv"), "ged.csv", "acled")
    assert not check.ok and "event_id_cnty" in check.report and "ged.csv" in check.report
    check = upload.check_upload(contents(DATA / "x.csv", b""), "x.csv", "auto")
    assert not check.ok and "empty" in check.report
    assert upload.check_upload(None, None).report == ""


def test_upload006_callbacks_wire_the_plain_functions(store: Path, invalidations: list[int]) -> None:
    data = contents(DATA / "ucdp_ged_sample.csv")
    summary, preview, report, disabled = upload._on_upload(data, "auto", "auto", [], "ged.csv")
    assert "ged.csv (ucdp, UTF-8, ','-delimited): 6 rows read, 6 valid, 0 invalid" in summary
    assert disabled is False and "every row is valid" in report
    assert preview.children  # a table
    server = flask.Flask("t")
    install_policy(server, WritePolicy(token="a-token-of-12+chars"))
    with server.test_request_context():  # no cookie, no bearer: refused on the server, nothing written
        message, download = upload._on_confirm(1, data, "ged.csv", "auto", "auto", [])
    assert "Nothing was written" in message and "unlock" in message and not store.exists()
    with server.test_request_context(headers={"Authorization": "Bearer a-token-of-12+chars"}):
        message, download = upload._on_confirm(1, data, "ged.csv", "auto", "auto", [])
    assert "imported 6 of 6" in message and download is None
    assert invalidations == [1] and len(read_store(store)) == 6
