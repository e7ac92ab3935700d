"""The PostGIS store against a real server (`make postgis`), beside the GeoParquet store holding the same data.

Each test gets a fresh database on that server (tests/postgis.py); without a server URL outside `make test`
they skip, saying how to get one. Data: synthetic events (`synth`), then real UCDP GED samples
(tests/data/real, CC BY 4.0) and an ACLED-shaped file imported on top, so cross-source duplicate flags and the
importers' extra columns are exercised too.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import psycopg
import pytest
from psycopg import sql

from tests.filter_cases import FILTER_CASES

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
UCDP_PLAIN = REAL / "ucdp_plain_utf8_sample.csv"
UCDP_CANDIDATE = REAL / "ucdp_candidate_v26_0_5_ua_ru_sample.csv"
ACLED = ROOT / "tests" / "data" / "ingest" / "acled_sample.csv"

# One table of filters for both stores: the shared URL cases plus the filters they leave out.
EXPORT_CASES: list[tuple[str, tuple[str, ...]]] = [
    *((case.id, case.cli_args) for case in FILTER_CASES),
    (
        "five-filters",
        (
            "--region",
            "UA",
            "--from",
            "2022-02-24",
            "--to",
            "2025-12-31",
            "--event-type",
            "Explosions/Remote violence",
            "--min-killed",
            "1",
            "--infrastructure",
            "energy",
        ),
    ),
    ("sub-event-type", ("--sub-event-type", "Air/drone strike")),
    ("weapon-any-case", ("--weapon", "DRONE", "--weapon", "guided aerial bomb")),
    ("text", ("--q", "oblast")),
    ("text-cyrillic", ("--q", "ДОНЕЦКОЙ народной")),
    ("text-percent", ("--q", "100%")),
    ("facility", ("--facility", "WRI1005120", "--facility", "DEPOT-BELGOROD")),
    ("nothing", ("--region", "UA-63", "--min-killed", "100000")),
]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def _export(store: Path | str, args: tuple[str, ...], out: Path) -> tuple[int, bytes]:
    """(rows, bytes) of `export --format csv` with `args`: the command's own main(), in this process."""
    from dashboard.cli import main

    assert main(["export", "--store", str(store), "--format", "csv", "--out", str(out), *args]) == 0
    data = out.read_bytes()
    return len(pd.read_csv(io.BytesIO(data))), data


def _fill(store: Path | str) -> None:
    """The same events, written the same way, into either store."""
    from dashboard.ingest import import_file
    from dashboard.synth import synth_store

    synth_store(3000, store, seed=7, progress=lambda _m: None)
    for path, fmt in ((UCDP_PLAIN, "ucdp"), (ACLED, "acled"), (UCDP_CANDIDATE, "ucdp")):
        import_file(path, fmt=fmt, store=store, progress=None)


@pytest.fixture(scope="module")
def both_stores(reference: None, postgis_server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from tests.postgis import fresh_database

    parquet = tmp_path_factory.mktemp("pg-parity") / "events.parquet"
    with fresh_database(postgis_server) as url:
        _fill(parquet)
        _fill(url)
        yield parquet, url


def test_pg001_schema_is_postgis(postgis_store: str, reference: None) -> None:
    """One events table: a Point geometry in EPSG:4326 with a GiST index, unique event_id, text[] lists, dates,
    extra columns in jsonb, and the schema's version recorded."""
    from dashboard.ingest import import_file

    import_file(UCDP_PLAIN, fmt="ucdp", store=postgis_store, progress=None)
    with psycopg.connect(postgis_store) as conn:
        geometry = conn.execute(
            "SELECT type, srid FROM geometry_columns WHERE f_table_name = 'events' AND f_geometry_column = 'geom'"
        ).fetchone()
        assert geometry == ("POINT", 4326)
        indexes = dict(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events'").fetchall())
        assert any("USING gist (geom)" in d for d in indexes.values())
        assert any("UNIQUE" in d and "(event_id)" in d for d in indexes.values())
        types = dict(
            conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events'"
            ).fetchall()
        )
        assert types["infrastructure"] == "ARRAY" and types["event_date"] == "date" and types["extra"] == "jsonb"
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone() == (1,)
        # Points are where the rows say (GeoJSON order: x = longitude), and the extra columns are kept.
        lon, lat, x, y, extra = conn.execute(
            "SELECT longitude, latitude, ST_X(geom), ST_Y(geom), extra FROM events LIMIT 1"
        ).fetchone()
        assert (x, y) == (lon, lat)
        assert any(key.startswith("ucdp_") for key in extra)


def test_pg002_three_imports_at_once_leave_every_event_once(
    postgis_store: str, reference: None, tmp_path: Path
) -> None:
    """Three importers at once, one file twice: every event once, the same events as one after the other."""
    files = [UCDP_PLAIN, UCDP_PLAIN, UCDP_CANDIDATE]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "dashboard", "import", "--format", "ucdp", "--store", postgis_store, str(f)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err[-2000:]

    from dashboard.ingest import import_file
    from dashboard.stores import open_store

    sequential = tmp_path / "events.parquet"
    for f in files:
        import_file(f, fmt="ucdp", store=sequential, progress=None)
    expected = open_store(sequential).read()
    stored = open_store(postgis_store).read()
    assert stored["event_id"].is_unique
    assert sorted(stored["event_id"]) == sorted(expected["event_id"])
    # The second import of the same file found every one of its events there already (whichever ran second).
    imported = sorted(int(err.split("imported ")[1].split(",")[0].replace(",", "")) for _o, err in outputs)
    assert imported[0] == 0 or sum(imported) == len(stored)
    assert sum(imported) == len(stored)


def test_pg003_reads_back_what_the_geoparquet_store_holds(both_stores: tuple[Path, str]) -> None:
    """Same data in both: read() gives the same frame (dtypes, lists, extra columns, duplicate flags)."""
    from dashboard.stores import open_store

    parquet, url = both_stores
    a, b = open_store(parquet).read(), open_store(url).read()
    assert len(a) == len(b) > 3000
    assert list(b.columns) == list(a.columns)
    assert b["possible_duplicate_of"].notna().sum() == a["possible_duplicate_of"].notna().sum() > 0
    pd.testing.assert_frame_equal(
        pd.DataFrame(b.drop(columns="geometry")), pd.DataFrame(a.drop(columns="geometry")), check_dtype=True
    )
    assert b.crs == a.crs and b.geometry.geom_equals(a.geometry).all()


@pytest.mark.parametrize(("case_id", "args"), EXPORT_CASES, ids=[c[0] for c in EXPORT_CASES])
def test_pg004_export_equals_geoparquet(
    both_stores: tuple[Path, str], case_id: str, args: tuple[str, ...], tmp_path: Path
) -> None:
    """`export` with the same filters writes the same bytes from either store (filters in SQL vs in pandas)."""
    import argparse

    from dashboard.filters import FilterSpec, add_arguments
    from dashboard.filters_sql import where

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    spec = FilterSpec.from_args(parser.parse_args(list(args)))
    parquet, url = both_stores
    rows_parquet, from_parquet = _export(parquet, args, tmp_path / "parquet.csv")
    rows_postgis, from_postgis = _export(url, args, tmp_path / "postgis.csv")
    assert rows_postgis == rows_parquet
    assert from_postgis == from_parquet
    if not spec.facilities:  # the same condition with ordinary query parameters counts the same
        condition, params = where(spec)
        with psycopg.connect(url) as conn:
            query = sql.SQL("SELECT count(*) FROM events WHERE {}").format(condition)
            assert conn.execute(query, params).fetchone() == (rows_parquet,)
    if case_id in ("five-filters", "region", "facility", "text-cyrillic"):
        assert rows_parquet > 0, f"{case_id} selects nothing: the case proves little"


def test_pg005_api_counts_equal_geoparquet(both_stores: tuple[Path, str]) -> None:
    """/api/events filters in the database and answers with the same rows as the GeoParquet dashboard."""
    from dashboard.app import create_app, state

    parquet, url = both_stores
    bodies = {}
    before = state.get_store_path()
    try:
        for name, store in (("parquet", parquet), ("postgis", url)):
            client = create_app(store).server.test_client()
            answers = []
            for case in [*FILTER_CASES[:4]]:
                response = client.get(f"/api/events?{case.query}&limit=500")
                assert response.status_code == 200
                answers.append((response.headers["X-Event-Count"], response.get_data()))
            geojson = client.get("/api/events?format=geojson&region=UA")
            answers.append((geojson.headers["X-Event-Count"], geojson.get_data()))
            bodies[name] = answers
    finally:
        state.set_store_path(before)
    assert bodies["postgis"] == bodies["parquet"]
    assert int(bodies["postgis"][0][0]) == 500


def test_pg006_dashboard_picks_up_another_writers_events(postgis_store: str, reference: None) -> None:
    """The dashboard's frame follows the store: an import from another process shows without a restart."""
    from dashboard.app import state
    from dashboard.pipeline import build

    build(postgis_store, progress=lambda _m: None)
    before = state.get_store_path()
    try:
        state.set_store_path(postgis_store)
        first = state.get_events()
        version = state.store_version()
        assert len(first) == 6 and not first.missing
        result = _cli("import", "--format", "ucdp", "--store", postgis_store, str(UCDP_PLAIN))
        assert result.returncode == 0, result.stderr
        assert state.store_version() != version
        assert len(state.get_events()) == 6 + 250
    finally:
        state.set_store_path(before)


def test_pg007_clear_errors(postgis_store: str, reference: None) -> None:
    """No table yet, an unreachable server, restore on a database: one line each, exit status 2."""
    empty = _cli("export", "--store", postgis_store, "--format", "csv", "--out", "/dev/null")
    assert empty.returncode == 2 and "no events table" in empty.stderr
    unreachable = _cli(
        "export", "--store", "postgresql://nobody@/x?host=/nonexistent&port=1", "--format", "csv", "--out", "/dev/null"
    )
    assert unreachable.returncode == 2 and "cannot reach the PostGIS store" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr
    restore = _cli("restore", "--store", postgis_store)
    assert restore.returncode == 2 and "pg_dump" in restore.stderr


def test_pg008_rebuild_keeps_imports_and_reimport_adds_nothing(postgis_store: str, reference: None) -> None:
    """`build` refreshes the seed and keeps imported events; importing a file again adds nothing."""
    from dashboard.ingest import import_file
    from dashboard.pipeline import build
    from dashboard.stores import open_store

    build(postgis_store, progress=lambda _m: None)
    first = import_file(ACLED, fmt="acled", store=postgis_store, progress=None)
    assert first.imported == 10 and first.store_total == 16
    again = import_file(ACLED, fmt="acled", store=postgis_store, progress=None)
    assert (again.imported, again.duplicates, again.store_total) == (0, 10, 16)
    build(postgis_store, progress=lambda _m: None)
    stored = open_store(postgis_store).read()
    assert len(stored) == 16 and stored["event_id"].is_unique


def test_pg011_a_revised_event_is_reported_and_the_stored_one_kept(
    postgis_store: str, reference: None, tmp_path: Path
) -> None:
    """ACLED revises events: a re-import whose row differs names the event and keeps the stored version,
    as the GeoParquet store does."""
    from dashboard.ingest import import_file
    from dashboard.stores import open_store

    revised = tmp_path / "acled_revised.csv"
    frame = pd.read_csv(ACLED, dtype=str, keep_default_na=False)
    frame.loc[frame["event_id_cnty"] == "UKR5498", "fatalities"] = "7"
    frame.to_csv(revised, index=False)
    results = {}
    for store in (postgis_store, tmp_path / "events.parquet"):
        import_file(ACLED, fmt="acled", store=store, progress=None)
        again = import_file(revised, fmt="acled", store=store, progress=None)
        stored = open_store(store).read().set_index("event_id")
        results[str(store)] = (again.imported, again.duplicates, again.changed, stored.loc["UKR5498", "killed"])
    postgis, parquet = results.values()
    assert postgis == parquet
    assert postgis[:3] == (0, 10, ["UKR5498"]) and postgis[3] != 7


def test_pg009_env_selects_the_store(postgis_store: str, reference: None) -> None:
    """STRIKE_ATLAS_STORE=postgresql://… selects PostGIS for every command, as --store does."""
    import os

    from dashboard.pipeline import build

    build(postgis_store, progress=lambda _m: None)
    env = {**os.environ, "STRIKE_ATLAS_STORE": postgis_store}
    facilities = subprocess.run(
        [sys.executable, "-m", "dashboard", "facilities", "--json", "--facility", "REF-NOVOSHAKHTINSK"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert facilities.returncode == 0, facilities.stderr
    rows = pd.read_json(io.StringIO(facilities.stdout), lines=True)
    assert rows.loc[rows["facility_id"] == "REF-NOVOSHAKHTINSK", "hits"].item() == 1


def test_pg010_reads_work_in_read_only_sessions(both_stores: tuple[Path, str]) -> None:
    """Everything the dashboard, export and the API do reads without writing (no temporary tables), so they
    can run on a read replica: here, sessions that PostgreSQL makes read-only."""
    from dashboard.filters import FilterSpec
    from dashboard.store_postgis import PostgisStore

    _parquet, url = both_stores
    read_only = PostgisStore(url + "&options=-c%20default_transaction_read_only%3Don")
    spec = FilterSpec(regions=("UA",), min_killed=1)
    assert read_only.version() is not None
    assert len(read_only.read()) > 3000
    selected = read_only.select(spec)
    count, blocks = read_only.blocks(spec, None, 100)
    assert count == len(selected) > 100
    assert pd.concat(list(blocks))["event_id"].tolist() == selected["event_id"].tolist()
    read_only.close()
