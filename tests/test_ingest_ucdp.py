"""UCDP GED import: best/low/high, date range and precision tables, country ids, event types, Crimea."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import detect_format, import_file, prepare
from dashboard.ingest.ucdp import DATE_PREC, GED_COLUMNS, TYPE_OF_VIOLENCE, WHERE_PREC
from dashboard.ingest.values import iso_alpha2_from_gleditsch_ward
from dashboard.schema import EventValidationError
from dashboard.store import read_store

DATA = Path(__file__).parent / "data" / "ingest"
GED = DATA / "ucdp_ged_sample.csv"

pytestmark = pytest.mark.usefixtures("reference")


def raw_rows(path: Path = GED) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return prepare(GED, "ucdp").events.set_index("event_id")


def test_ucdp001_fixture_has_the_49_ged_columns() -> None:
    with open(GED, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == GED_COLUMNS and len(GED_COLUMNS) == 49
    assert detect_format(GED) == "ucdp"


def test_ucdp002_every_event_once_best_low_high_and_exact_values(events: pd.DataFrame) -> None:
    rows = raw_rows()
    assert sorted(events.index) == sorted(f"UCDP-{r['id']}" for r in rows)
    assert int(events["killed"].sum()) == sum(int(r["best"]) for r in rows)
    for r in rows:
        event = events.loc[f"UCDP-{r['id']}"]
        assert (event["killed"], event["killed_low"], event["killed_high"]) == (
            int(r["best"]),
            int(r["low"]),
            int(r["high"]),
        )
        assert event["event_date"] == pd.Timestamp(r["date_start"][:10])
        assert event["date_end"] == pd.Timestamp(r["date_end"][:10])
        assert event["latitude"] == float(r["latitude"]) and event["longitude"] == float(r["longitude"])
        assert event["ucdp_date_prec"] == int(r["date_prec"]) and event["ucdp_where_prec"] == int(r["where_prec"])
        assert event["time_precision"] == DATE_PREC[int(r["date_prec"])]
        assert event["geo_precision"] == WHERE_PREC[int(r["where_prec"])]
        assert event["ucdp_deaths_civilians"] == int(r["deaths_civilians"])
        assert (event["actor1"], event["actor2"]) == (r["side_a"], r["side_b"])
        assert event["dataset"] == "ucdp"
    assert events["injured"].isna().all()


def test_ucdp003_crimea_in_ukraine_belgorod_in_russia(events: pd.DataFrame) -> None:
    assert events.loc["UCDP-520101", ["country", "admin1_code"]].tolist() == ["UA", "UA-40"]
    assert events.loc["UCDP-520102", ["country", "admin1_code"]].tolist() == ["UA", "UA-43"]
    assert events.loc["UCDP-530555", ["country", "admin1_code"]].tolist() == ["RU", "RU-BEL"]


def test_ucdp004_multiline_source_article_and_cyrillic_kept(events: pd.DataFrame) -> None:
    row = next(r for r in raw_rows() if r["id"] == "459001")
    assert events.loc["UCDP-459001", "ucdp_source_article"] == row["source_article"]
    assert "\n" in row["source_article"]
    assert events.loc["UCDP-459001", "notes"] == row["source_headline"]


@pytest.mark.parametrize(("date_prec", "time_precision"), sorted(DATE_PREC.items()))
def test_ucdp005_date_prec_table(date_prec: int, time_precision: int) -> None:
    assert time_precision in (1, 2, 3) and DATE_PREC[date_prec] == time_precision
    assert DATE_PREC == {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}


def test_ucdp006_where_prec_table() -> None:
    assert WHERE_PREC == {1: 1, 2: 2, 3: 2, 4: 3, 5: 2, 6: 3, 7: 3}


@pytest.mark.parametrize(
    ("event_id", "event_type", "sub_event_type", "weapon"),
    [
        ("UCDP-459001", "Explosions/Remote violence", "Shelling/artillery/missile attack", "missile"),
        ("UCDP-459002", "Battles", "Armed clash", None),  # type 1, no remote weapon named
        ("UCDP-459003", "Violence against civilians", "Attack", None),  # type 3, one-sided
        ("UCDP-520101", "Explosions/Remote violence", "Air/drone strike", "drone"),
        ("UCDP-530555", "Explosions/Remote violence", "Shelling/artillery/missile attack", "artillery"),
    ],
)
def test_ucdp007_event_type_mapping(
    events: pd.DataFrame, event_id: str, event_type: str, sub_event_type: str, weapon: str | None
) -> None:
    event = events.loc[event_id]
    assert (event["event_type"], event["sub_event_type"]) == (event_type, sub_event_type)
    assert (None if pd.isna(event["weapon"]) else event["weapon"]) == weapon
    assert TYPE_OF_VIOLENCE[3] == ("Violence against civilians", "Attack")


def test_ucdp008_gleditsch_ward_country_ids() -> None:
    codes = iso_alpha2_from_gleditsch_ward(pd.Series(["365", "369", "370", "359", "666", "999", None]))
    assert codes.tolist()[:5] == ["RU", "UA", "BY", "MD", "IL"]
    assert codes.isna().tolist()[5:] == [True, True]


def test_ucdp009_bad_codes_reported_with_line_and_ged_column(tmp_path: Path) -> None:
    rows = raw_rows()
    rows[1]["date_prec"] = "9"
    rows[2]["best"] = "-4"
    rows[3]["date_start"] = "2023-13-40"
    path = tmp_path / "ged.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, GED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(EventValidationError) as info:
        import_file(path, fmt="ucdp", store=tmp_path / "e.parquet", progress=None)
    # Row 1 has a two-line source_article (lines 2-3), so rows 2, 3, 4 start on lines 4, 5, 6.
    assert [(e.line, e.column) for e in info.value.errors] == [(4, "date_prec"), (5, "best"), (6, "date_start")]
    assert not (tmp_path / "e.parquet").exists()


def test_ucdp010_reimport_adds_nothing(tmp_path: Path) -> None:
    store = tmp_path / "e.parquet"
    first = import_file(GED, fmt="ucdp", store=store, progress=None)
    second = import_file(GED, fmt="ucdp", store=store, progress=None)
    assert (first.imported, second.imported, second.duplicates) == (6, 0, 6)
    assert len(read_store(store)) == 6
