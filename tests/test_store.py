"""The GeoParquet store: round trip, CRS and axis order, atomic writes."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from dashboard.schema import validate_events
from dashboard.store import StoreMissing, load_store, read_store, to_geodataframe, write_store


def small_events(n: int = 3) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "event_id": [f"E-{i}" for i in range(n)],
            "event_date": ["2025-12-26"] * n,
            "event_type": ["Explosions/Remote violence"] * n,
            "location": ["Odesa"] * n,
            "latitude": [46.48 + i / 100 for i in range(n)],
            "longitude": [30.72] * n,
            "infrastructure": [["energy", "port"]] * n,
            "notes": ["Кирилиця і лапки «так»"] * n,
            "dataset": ["test"] * n,
        }
    )
    return validate_events(df)


def test_store001_round_trip_keeps_values_lists_and_crs(tmp_path: Path) -> None:
    path = write_store(small_events(), tmp_path / "events.parquet")
    back = read_store(path)
    assert isinstance(back, gpd.GeoDataFrame)
    assert back.crs.to_epsg() == 4326
    assert back["infrastructure"].tolist() == [["energy", "port"]] * 3
    assert back["notes"].iloc[0] == "Кирилиця і лапки «так»"
    assert back["event_date"].iloc[0] == pd.Timestamp("2025-12-26")


def test_store002_geometry_is_lon_lat() -> None:
    gdf = to_geodataframe(small_events(1))
    point = gdf.geometry.iloc[0]
    assert (point.x, point.y) == (30.72, 46.48)  # GeoJSON order: x = longitude, y = latitude


def test_store003_failed_write_leaves_the_last_good_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_store(small_events(2), tmp_path / "events.parquet")
    before = path.read_bytes()

    def crash(self: gpd.GeoDataFrame, target: Path, **kwargs: object) -> None:
        Path(target).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_parquet", crash)
    with pytest.raises(OSError, match="disk full"):
        write_store(small_events(5), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".events.parquet.last-good", "events.parquet"]  # no temp file


def test_store004_cached_load_refreshes_when_the_file_changes(tmp_path: Path) -> None:
    path = write_store(small_events(2), tmp_path / "events.parquet")
    assert len(load_store(path)) == 2
    assert load_store(path) is load_store(path)
    write_store(small_events(4), path)
    assert len(load_store(path)) == 4


def test_store005_missing_store_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing, match="python -m dashboard build"):
        read_store(tmp_path / "nope.parquet")


def test_store006_store_is_readable_like_any_new_file(tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        path = write_store(small_events(1), tmp_path / "events.parquet")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600: a server under another user can read it
