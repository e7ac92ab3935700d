"""Faults: imports at once from several processes, an unreadable store and its restore, and imports killed at
random points (test ids ``fault``)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.ingest import import_file
from dashboard.store import StoreCorrupt, last_good_path, read_store, restore_store

pytestmark = pytest.mark.usefixtures("reference")

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
DATA = ROOT / "tests" / "data" / "ingest"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _import_process(path: Path, store: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "dashboard", "import", str(path), "--store", str(store)]
    return subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_fault001_imports_at_once_from_several_processes_lose_nothing(tmp_path: Path) -> None:
    store = tmp_path / "events.parquet"
    import_file(DATA / "acled_sample.csv", fmt="acled", store=store, progress=None)
    files = [
        REAL / "ucdp_spreadsheet_cp1252_sample.csv",  # 300 events
        REAL / "ucdp_candidate_v26_0_5_ua_ru_sample.csv",  # 280
        REAL / "ucdp_spreadsheet_cp1252_sample.csv",  # the same file again: adds nothing
    ]
    processes = [_import_process(f, store) for f in files]
    outputs = [p.communicate(timeout=300)[0].decode() for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outputs
    events = read_store(store)
    assert len(events) == 10 + 300 + 280 and events["event_id"].is_unique


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # in place, as a copy that stopped half-way would leave it


def test_fault002_an_unreadable_store_is_named_and_restored(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    store = tmp_path / "events.parquet"
    import_file(DATA / "acled_sample.csv", fmt="acled", store=store, progress=None)
    assert last_good_path(store).read_bytes() == store.read_bytes()
    _truncate(store)
    with pytest.raises(StoreCorrupt) as info:
        read_store(store)
    message = str(info.value)
    assert str(store) in message and str(last_good_path(store)) in message and "10 events" in message
    assert "python -m dashboard restore" in message

    assert main(["export", "--store", str(store), "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
    assert "is not a readable event store" in capsys.readouterr().err
    assert main(["restore", "--store", str(store)]) == 0
    assert len(read_store(store)) == 10
    kept = list(tmp_path.glob("events.parquet.unreadable-*"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0  # the damaged file is kept aside, not deleted
    with pytest.raises(ValueError, match="is readable: nothing to restore"):
        restore_store(store)


def test_fault003_the_dashboard_and_healthz_say_what_happened(tmp_path: Path) -> None:
    from dashboard.app import create_app, state
    from dashboard.web.auth import WritePolicy

    store = tmp_path / "events.parquet"
    import_file(DATA / "acled_sample.csv", fmt="acled", store=store, progress=None)
    client = create_app(store, policy=WritePolicy()).server.test_client()
    _truncate(store)
    response = client.get("/healthz")
    assert response.status_code == 503 and "python -m dashboard restore" in response.json["error"]
    assert "not a readable event store" in state.get_events().problem
    assert client.get("/").status_code == 200  # the page still loads and says so


_KILL_SEEDS = range(6)


@pytest.mark.parametrize("seed", _KILL_SEEDS)
def test_fault004_an_import_killed_at_a_random_point_leaves_the_old_or_the_new_store(seed: int, tmp_path: Path) -> None:
    store = tmp_path / "events.parquet"
    import_file(DATA / "acled_sample.csv", fmt="acled", store=store, progress=None)
    before = store.read_bytes()
    # A point anywhere in the import's life, from start-up to the final rename (a full run takes ~3-6 s here).
    delay = random.Random(seed).uniform(0.5, 6.0)
    child = _import_process(REAL / "ucdp_spreadsheet_cp1252_sample.csv", store)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    events = read_store(store)  # never half: always readable
    if store.read_bytes() == before:
        assert len(events) == 10
    else:
        assert len(events) == 310 and events["event_id"].is_unique
    assert len(read_store(last_good_path(store))) in (10, 310)
    summary = import_file(REAL / "ucdp_spreadsheet_cp1252_sample.csv", fmt="auto", store=store, progress=None)
    assert summary.store_total == 310  # and the next import completes it
