"""The "Import data" panel in Chromium: preview, report, confirm, size limit (brw-upl family).

The tests write to their store, so they run their own server on a fresh copy of the sample store (16 events).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dashboard.app.upload import MAX_UPLOAD_BYTES
from dashboard.store import read_store
from tests.browser.conftest import ARTIFACTS, count, open_dashboard, wait_count, wait_text

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference")]  # ACLED rows get region codes

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
FILE_INPUT = "#upload-file input[type=file]"
READ_AS = "acled, UTF-8, ','-delimited"  # the format, then how the file was read


def _open_panel(page: Any, url: str) -> None:
    open_dashboard(page, url + "/")
    page.locator("#tabs .tab", has_text="Import data").click()
    page.wait_for_selector("#upload-file", state="visible")


def _choose(page: Any, name: str, data: bytes) -> None:
    page.set_input_files(FILE_INPUT, files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def _confirm_enabled(page: Any) -> bool:
    return bool(page.evaluate("!document.querySelector('#upload-confirm').disabled"))


def test_brwupl001_invalid_file_lists_lines_and_writes_nothing(
    page: Any, writable_server: str, writable_store: Path
) -> None:
    version = writable_store.stat().st_mtime_ns
    _open_panel(page, writable_server)
    _choose(page, "acled_mixed.csv", (DATA / "acled_mixed.csv").read_bytes())
    wait_text(page, "#upload-summary", f"acled_mixed.csv ({READ_AS}): 9 rows read, 3 valid, 6 invalid")
    report = page.text_content("#upload-report")
    for line in (5, 6, 7, 9, 12, 13):
        assert f"acled_mixed.csv: line {line}," in report
    assert not _confirm_enabled(page)  # invalid rows and 'skip' not ticked
    assert page.text_content("#upload-result") == ""
    assert writable_store.stat().st_mtime_ns == version and len(read_store(writable_store)) == 16
    assert count(page) == 16
    page.locator("#upload-report").scroll_into_view_if_needed()
    assert page.errors == []  # type: ignore[attr-defined]


def test_brwupl002_valid_file_preview_confirm_count_goes_up(
    page: Any, writable_server: str, writable_store: Path
) -> None:
    _open_panel(page, writable_server)
    before = count(page)
    _choose(page, "acled_sample.csv", (DATA / "acled_sample.csv").read_bytes())
    wait_text(
        page, "#upload-summary", "acled_sample.csv (acled, UTF-8, ','-delimited): 10 rows read, 10 valid, 0 invalid"
    )
    assert "every row is valid" in page.text_content("#upload-report")
    assert page.locator("#upload-preview tbody tr").count() == 10
    assert page.text_content("#upload-preview tbody tr:first-child td:first-child") == "UKR5412"
    page.wait_for_function("!document.querySelector('#upload-confirm').disabled")
    assert len(read_store(writable_store)) == before  # previewed, not written

    page.click("#upload-confirm")
    wait_text(page, "#upload-result", "imported 10 of 10 events")
    wait_count(page, before + 10)  # without a reload
    assert len(read_store(writable_store)) == before + 10
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_browser_upload.png"), full_page=True)
    page.locator("#tabs .tab", has_text="Map").first.click()  # the map tab's views followed too
    page.wait_for_function(f"document.querySelector('#kpi-events')?.textContent === '{before + 10}'")
    wait_text(page, "#table-note", f"{before + 10} events")
    assert page.errors == []  # type: ignore[attr-defined]
    assert page.external_requests == []  # type: ignore[attr-defined]


def test_brwupl003_file_over_the_limit_is_named_with_the_limit(page: Any, writable_server: str, tmp_path: Path) -> None:
    _open_panel(page, writable_server)
    # a good file first: its preview must not stay on screen as if it were the big file's
    _choose(page, "acled_sample.csv", (DATA / "acled_sample.csv").read_bytes())
    wait_text(page, "#upload-summary", "10 rows read")
    page.wait_for_function("!document.querySelector('#upload-confirm').disabled")

    big = tmp_path / "big export.csv"
    with open(big, "wb") as fh:  # sparse: 1 MB past the limit, written in no time
        fh.truncate(MAX_UPLOAD_BYTES + 1024 * 1024)
    page.set_input_files(FILE_INPUT, str(big))
    wait_text(page, "#upload-size-error", "big export.csv (51.0 MB) is over the 50 MB limit here")
    assert "python -m dashboard import" in page.text_content("#upload-size-error")
    page.wait_for_function("document.querySelector('#upload-summary').textContent === ''")
    assert page.locator("#upload-preview tbody tr").count() == 0
    assert not _confirm_enabled(page)
    page.screenshot(path=str(ARTIFACTS / "test_browser_upload_too_large.png"), full_page=False)

    # a small file again clears the message
    _choose(page, "acled_sample.csv", (DATA / "acled_sample.csv").read_bytes())
    wait_text(page, "#upload-summary", "10 rows read")
    assert page.text_content("#upload-size-error") == ""

    # dropped rather than chosen: the same message
    transfer = page.evaluate_handle(
        """(size) => { const t = new DataTransfer();
        t.items.add(new File([new Uint8Array(size)], 'dropped.csv', {type: 'text/csv'})); return t; }""",
        MAX_UPLOAD_BYTES + 1,
    )
    page.dispatch_event("#upload-file .upload-dropzone", "drop", {"dataTransfer": transfer})
    wait_text(page, "#upload-size-error", "dropped.csv (50.0 MB) is over the 50 MB limit here")
    page.wait_for_function("document.querySelector('#upload-summary').textContent === ''")
    assert not _confirm_enabled(page)
    assert page.errors == []  # type: ignore[attr-defined]
