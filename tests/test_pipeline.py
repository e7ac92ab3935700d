"""End to end: the seed CSV through geocoding, the spatial join and the store, and out through the CLI."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import config
from dashboard.cli import main
from dashboard.pipeline import build
from dashboard.schema import EventValidationError
from dashboard.store import read_store, write_store
from tests.test_store import small_events

ROOT = Path(__file__).resolve().parent.parent

# place -> (lat, lon, country, admin1_code, admin1, killed, injured, infrastructure)
SEED = {
    "Kharkiv": (49.98, 36.25, "UA", "UA-63", "Kharkiv", 2, 6, ["transport"]),
    "Zaporizhzhia": (47.84, 35.14, "UA", "UA-23", "Zaporizhzhia", 1, 3, ["residential"]),
    "Uman": (48.75, 30.22, "UA", "UA-71", "Cherkasy", 0, 6, []),
    "Mykolaiv": (46.97, 31.99, "UA", "UA-48", "Mykolaiv", 0, 0, ["energy"]),
    "Odesa": (46.48, 30.73, "UA", "UA-51", "Odesa", 0, 0, ["energy", "port"]),
    "Novoshakhtinsk, Rostov region, Russia": (47.76, 39.93, "RU", "RU-ROS", "Rostov", 0, 1, ["energy"]),
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dlon = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dlon)))


def test_pipe001_export_geojson_gives_the_six_seed_strikes(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    assert main(["export", "--store", str(seed_store), "--format", "geojson", "--out", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == 6
    by_place = {f["properties"]["location"]: f for f in features}
    assert set(by_place) == set(SEED)
    for place, (lat, lon, country, code, name, killed, injured, infra) in SEED.items():
        feature = by_place[place]
        props = feature["properties"]
        x, y = feature["geometry"]["coordinates"]
        assert km(y, x, lat, lon) < 10, place  # [lon, lat] order
        assert (props["country"], props["admin1_code"], props["admin1"]) == (country, code, name)
        assert (props["killed"], props["injured"], props["infrastructure"]) == (killed, injured, infra)
        assert props["event_date"] == "2025-12-26" and props["time_precision"] == 2
    assert by_place["Mykolaiv"]["properties"]["power_outage"] is True
    assert by_place["Novoshakhtinsk, Rostov region, Russia"]["properties"]["weapon"] == "Storm Shadow missile"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([], 6),
        (["--region", "UA-63"], 1),
        (["--region", "RU"], 1),
        (["--infrastructure", "energy"], 3),
        (["--min-killed", "1"], 2),
        (["--min-injured", "3", "--region", "UA-63", "--region", "UA-23"], 2),
        (["--from", "2025-12-27"], 0),
        (["--q", "terekhov"], 1),
    ],
)
def test_pipe002_export_csv_honours_filters(
    seed_store: Path, tmp_path: Path, filters: list[str], expected: int
) -> None:
    out = tmp_path / "events.csv"
    assert main(["export", "--store", str(seed_store), "--format", "csv", "--out", str(out), *filters]) == 0
    assert len(pd.read_csv(out)) == expected


def test_pipe003_build_is_idempotent(seed_store: Path) -> None:
    first = read_store(seed_store)
    build(seed_store, progress=lambda _m: None)
    again = read_store(seed_store)
    pd.testing.assert_frame_equal(
        pd.DataFrame(first.drop(columns="geometry")), pd.DataFrame(again.drop(columns="geometry"))
    )


def test_pipe004_ungeocodable_seed_row_stops_build_and_keeps_old_store(
    reference: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_dir = tmp_path / "seed"
    seed_dir.mkdir()
    text = (config.SEED_DIR / "events.csv").read_text(encoding="utf-8")
    (seed_dir / "events.csv").write_text(text.replace(",Uman,", ",Security guarantees summit,"), encoding="utf-8")
    monkeypatch.setattr(config, "SEED_DIR", seed_dir)
    store = tmp_path / "events.parquet"
    write_store(small_events(2), store)  # the last good state
    before = store.read_bytes()
    with pytest.raises(EventValidationError) as info:
        build(store, progress=lambda _m: None)
    assert info.value.errors[0].line == 4
    assert "cannot geocode 'Security guarantees summit'" in info.value.errors[0].reason
    assert store.read_bytes() == before


def test_pipe005_geocode_cli_json_one_object_per_line_in_order(reference: None) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "geocode", "--json"],
        input="Харків\nnot a place at all\nOdesa, Ukraine\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["query"] for d in lines] == ["Харків", "not a place at all", "Odesa, Ukraine"]
    assert list(lines[0])[:9] == [
        "query",
        "name",
        "lat",
        "lon",
        "country",
        "admin1_code",
        "admin1",
        "geo_precision",
        "score",
    ]
    assert lines[0]["admin1_code"] == "UA-63"
    assert lines[1]["lat"] is None and lines[1]["lon"] is None and lines[1]["error"]
    assert lines[2]["admin1_code"] == "UA-51"


def test_pipe006_cli_errors_are_one_clear_line(seed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(
        [
            "export",
            "--store",
            str(seed_store),
            "--format",
            "csv",
            "--out",
            str(tmp_path / "x.csv"),
            "--from",
            "26/12/2025",
        ]
    )
    assert code == 2
    assert "error: --from '26/12/2025' is not a date (use YYYY-MM-DD)" in capsys.readouterr().err
    code = main(
        ["export", "--store", str(tmp_path / "missing.parquet"), "--format", "csv", "--out", str(tmp_path / "x")]
    )
    assert code == 2
    assert "python -m dashboard build" in capsys.readouterr().err


@pytest.mark.usefixtures("reference")
def test_pipe020_build_again_keeps_imported_events(tmp_path: Path) -> None:
    """`make run` rebuilds the seed on every start: what an analyst imported meanwhile must survive it."""
    from dashboard.ingest import import_file
    from dashboard.pipeline import build
    from dashboard.store import read_store

    store = tmp_path / "events.parquet"
    build(store, progress=lambda _m: None)
    data = Path(__file__).parent / "data" / "ingest"
    import_file(data / "acled_sample.csv", fmt="acled", store=store, progress=None)
    assert len(read_store(store)) == 16
    build(store, progress=lambda _m: None)
    events = read_store(store)
    assert len(events) == 16 and events["event_id"].is_unique
    assert (events["dataset"] == "seed").sum() == 6 and (events["dataset"] == "acled").sum() == 10
