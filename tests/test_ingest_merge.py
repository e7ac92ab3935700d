"""Merging into the store: idempotent on event_id, cross-source duplicates flagged (never deleted), atomic."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from dashboard.ingest import import_file
from dashboard.ingest.merge import (
    DUPLICATE_COLUMN,
    find_cross_source_duplicates,
    haversine_km,
    merge_events,
)
from dashboard.schema import validate_events
from dashboard.store import read_store, to_geodataframe

DATA = Path(__file__).parent / "data" / "ingest"
ROOT = Path(__file__).resolve().parent.parent


def events(rows: list[tuple[str, str, str, float, float, str]]) -> gpd.GeoDataFrame:
    """(event_id, date, type, lat, lon, dataset) rows as a valid event frame."""
    frame = pd.DataFrame(rows, columns=["event_id", "event_date", "event_type", "latitude", "longitude", "dataset"])
    frame["location"] = "somewhere"
    return to_geodataframe(validate_events(frame))


BOOM = "Explosions/Remote violence"
KM_PER_DEG_LAT = 111.195


def test_merge001_haversine_known_distance() -> None:
    # Kharkiv - Kyiv: about 410 km on the sphere.
    assert haversine_km(np.array([49.9935]), np.array([36.2304]), np.array([50.4501]), np.array([30.5234]))[0] == (
        pytest.approx(410, abs=5)
    )
    assert haversine_km(np.array([0.0]), np.array([0.0]), np.array([1.0]), np.array([0.0]))[0] == pytest.approx(
        KM_PER_DEG_LAT, rel=1e-3
    )


@pytest.mark.parametrize(
    ("other", "flagged"),
    [
        (("B-1", "2024-01-01", BOOM, 50.0 + 4.9 / KM_PER_DEG_LAT, 36.0, "ucdp"), True),  # 4.9 km north
        (("B-1", "2024-01-01", BOOM, 50.0 + 5.1 / KM_PER_DEG_LAT, 36.0, "ucdp"), False),  # 5.1 km
        (("B-1", "2024-01-01", BOOM, 50.0, 36.0 + 4.0 / 71.5, "ucdp"), True),  # 4 km east (cos 50° ≈ 0.643)
        (("B-1", "2024-01-02", BOOM, 50.0, 36.0, "ucdp"), False),  # another day
        (("B-1", "2024-01-01", "Battles", 50.0, 36.0, "ucdp"), False),  # another type
        (("B-1", "2024-01-01", BOOM, 50.0, 36.0, "acled"), False),  # same source: not a cross-source duplicate
    ],
)
def test_merge002_cross_source_pairs(other: tuple, flagged: bool) -> None:
    new = events([("A-1", "2024-01-01", BOOM, 50.0, 36.0, "acled")])
    pairs = find_cross_source_duplicates(new, events([other]))
    assert (len(pairs) == 1) is flagged


@pytest.mark.parametrize(
    ("lat_new", "lat_old"), [(50.0499, 50.0501), (50.0501, 50.0499), (50.0499, 50.0899), (50.0899, 50.0499)]
)
def test_merge002b_pairs_across_latitude_band_edges(lat_new: float, lat_old: float) -> None:
    new = events([("A-1", "2024-01-01", BOOM, lat_new, 36.0, "acled")])
    old = events([("B-1", "2024-01-01", BOOM, lat_old, 36.0, "ucdp")])
    assert len(find_cross_source_duplicates(new, old)) == 1


def test_merge003_nearest_match_and_both_sides_flagged_nothing_deleted() -> None:
    store = events(
        [
            ("U-far", "2024-01-01", BOOM, 50.03, 36.0, "ucdp"),
            ("U-near", "2024-01-01", BOOM, 50.01, 36.0, "ucdp"),
            ("U-other", "2024-01-01", BOOM, 48.0, 36.0, "ucdp"),
        ]
    )
    new = events([("A-1", "2024-01-01", BOOM, 50.0, 36.0, "acled"), ("A-2", "2024-01-01", BOOM, 46.0, 30.0, "acled")])
    result = merge_events(store, new)
    merged = result.events.set_index("event_id")
    assert (result.added, result.duplicates, result.flagged) == (2, 0, 1)
    assert len(merged) == 5
    assert merged.loc["A-1", DUPLICATE_COLUMN] == "U-near"
    assert merged.loc["U-near", DUPLICATE_COLUMN] == "A-1"
    assert merged[DUPLICATE_COLUMN].isna().sum() == 3


def test_merge004_idempotent_and_changed_versions_counted() -> None:
    store = events([("A-1", "2024-01-01", BOOM, 50.0, 36.0, "acled")])
    same = merge_events(store, store)
    assert (same.added, same.duplicates, same.changed) == (0, 1, [])
    revised = events([("A-1", "2024-01-02", BOOM, 50.0, 36.0, "acled")])
    result = merge_events(store, revised)
    assert (result.added, result.duplicates, result.changed) == (0, 1, ["A-1"])
    assert result.events["event_date"].tolist() == [pd.Timestamp("2024-01-01")]  # the stored version is kept


def test_merge005_vectorised_at_scale() -> None:
    rng = np.random.default_rng(0)
    n = 50_000
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    lat, lon = rng.uniform(46, 52, n), rng.uniform(30, 40, n)
    frame = pd.DataFrame({"event_date": days, "event_type": BOOM, "latitude": lat, "longitude": lon})
    a = frame.assign(dataset="acled")
    b = frame.iloc[::2].assign(dataset="ucdp", latitude=lat[::2] + 0.01)  # 1.1 km north of every other event
    started = time.perf_counter()
    pairs = find_cross_source_duplicates(a, b)
    assert time.perf_counter() - started < 30  # a loose bound: a Python loop per pair would take minutes
    assert len(pairs) >= n // 2
    matched = pairs.set_index("new_pos")["km"]
    assert (matched.loc[np.arange(0, n, 2)] <= 1.2).all()


def test_merge006_acled_then_ucdp_flags_the_same_strikes(reference: None, tmp_path: Path) -> None:
    store = tmp_path / "e.parquet"
    import_file(DATA / "acled_sample.csv", fmt="acled", store=store, progress=None)
    summary = import_file(DATA / "ucdp_ged_sample.csv", fmt="ucdp", store=store, progress=None)
    assert (summary.imported, summary.flagged) == (6, 3)
    flags = read_store(store).set_index("event_id")[DUPLICATE_COLUMN].dropna().to_dict()
    assert flags["UCDP-459001"] == "UKR5412" and flags["UKR5412"] == "UCDP-459001"  # Kramatorsk, 8 April 2022
    assert flags["UCDP-530555"] == "RUS9052"  # Belgorod, 30 December 2023
    assert len(read_store(store)) == 16  # flagged, never deleted


_SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import geopandas as gpd
    from dashboard.ingest import import_file

    marker = Path(sys.argv[3])
    real = gpd.GeoDataFrame.to_parquet

    def slow(self, path, *args, **kwargs):
        real(self.iloc[: len(self) // 2], path, *args, **kwargs)  # half a file, then stall mid-write
        marker.write_text("writing")
        time.sleep(120)

    gpd.GeoDataFrame.to_parquet = slow
    import_file(sys.argv[1], fmt="ucdp", store=sys.argv[2], progress=None)
    """
)


def test_merge007_import_killed_during_the_write_leaves_the_previous_store(reference: None, tmp_path: Path) -> None:
    store = tmp_path / "e.parquet"
    import_file(DATA / "acled_sample.csv", fmt="acled", store=store, progress=None)
    before = store.read_bytes()
    marker = tmp_path / "writing"
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(DATA / "ucdp_ged_sample.csv"), str(store), str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the import ended before it started writing"
            assert time.monotonic() < deadline, "the import never reached the write"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert store.read_bytes() == before  # the half-written file never replaced the store
    events = read_store(store)
    assert len(events) == 10 and set(events["dataset"]) == {"acled"}
    # And the next import runs normally over the leftovers.
    summary = import_file(DATA / "ucdp_ged_sample.csv", fmt="ucdp", store=store, progress=None)
    assert summary.imported == 6 and len(read_store(store)) == 16


def test_merge008_extra_columns_of_different_sources_share_one_dtype(reference: None, tmp_path: Path) -> None:
    store = tmp_path / "e.parquet"
    import_file(DATA / "ucdp_ged_sample.csv", fmt="ucdp", store=store, progress=None)  # killed_low: Int32
    typed = "event_id,event_date,event_type,location,latitude,longitude,killed_low,date_end\n"
    rows = ["C-1,2024-01-01,Battles,Odesa,46.4775,30.7326,3,2024-01-02\n"]
    (tmp_path / "typed.csv").write_text(typed + "".join(rows), encoding="utf-8")
    import_file(tmp_path / "typed.csv", fmt="csv", store=store, progress=None)
    events = read_store(store).set_index("event_id")
    assert str(events["killed_low"].dtype) == "Int32" and events.loc["C-1", "killed_low"] == 3
    assert events.loc["C-1", "date_end"] == pd.Timestamp("2024-01-02")
    # Text that does not convert: both sides become text, nothing is lost and the store still writes.
    (tmp_path / "text.csv").write_text(typed + "C-2,2024-01-01,Battles,Odesa,46.4775,30.7326,about 5,\n")
    import_file(tmp_path / "text.csv", fmt="csv", store=store, progress=None)
    events = read_store(store).set_index("event_id")
    assert events.loc["C-2", "killed_low"] == "about 5" and events.loc["UCDP-459001", "killed_low"] == "57"
