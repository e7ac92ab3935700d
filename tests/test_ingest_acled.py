"""ACLED import: column mapping, Crimea in Ukraine, text intact, line-exact validation, rejects, idempotency."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.ingest import import_file, prepare
from dashboard.ingest.acled import REQUIRED
from dashboard.ingest.mapped import MissingColumnsError
from dashboard.ingest.reader import read_table, record_lines
from dashboard.ingest.weapons import derive_weapon
from dashboard.schema import EventValidationError
from dashboard.store import read_store

DATA = Path(__file__).parent / "data" / "ingest"
SAMPLE = DATA / "acled_sample.csv"
MIXED = DATA / "acled_mixed.csv"
OLDER = DATA / "acled_older_export.csv"

pytestmark = pytest.mark.usefixtures("reference")


def raw_rows(path: Path) -> list[dict[str, str]]:
    """The file as the csv module reads it: the independent truth the importer must match."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "events.parquet"


@pytest.fixture
def sample_store(store: Path) -> Path:
    import_file(SAMPLE, fmt="acled", store=store, progress=None)
    return store


def test_acled001_every_event_once_with_casualties_dates_and_coordinates(sample_store: Path) -> None:
    events = read_store(sample_store).set_index("event_id")
    rows = raw_rows(SAMPLE)
    assert sorted(events.index) == sorted(r["event_id_cnty"] for r in rows)
    assert int(events["killed"].sum()) == sum(int(r["fatalities"]) for r in rows)
    assert events["injured"].isna().all()  # ACLED does not code injuries
    for r in rows:
        event = events.loc[r["event_id_cnty"]]
        assert event["latitude"] == float(r["latitude"]) and event["longitude"] == float(r["longitude"])
        assert event["geometry"].x == float(r["longitude"]) and event["geometry"].y == float(r["latitude"])
        assert event["event_date"] == pd.Timestamp(r["event_date"])  # "08 April 2022" and "2022-04-08" alike
        assert event["time_precision"] == int(r["time_precision"])
        assert event["geo_precision"] == int(r["geo_precision"])
        assert event["killed"] == int(r["fatalities"])
        assert (event["actor1"], event["source"], event["location"]) == (r["actor1"], r["source"], r["location"])
        assert event["dataset"] == "acled"
        assert event["acled_timestamp"] == int(r["timestamp"])


def test_acled002_crimea_and_sevastopol_are_ukraine(sample_store: Path) -> None:
    events = read_store(sample_store).set_index("event_id")
    assert events.loc["UKR98311", ["country", "admin1_code"]].tolist() == ["UA", "UA-40"]  # Sevastopol
    assert events.loc["UKR98377", ["country", "admin1_code"]].tolist() == ["UA", "UA-43"]  # Simferopol, Crimea
    assert events.loc["RUS9052", ["country", "admin1_code"]].tolist() == ["RU", "RU-BEL"]
    assert events.loc["UKR5498", ["country", "admin1_code", "admin1"]].tolist() == ["UA", "UA-63", "Kharkiv"]


def test_acled003_multiline_and_cyrillic_notes_intact(sample_store: Path) -> None:
    events = read_store(sample_store).set_index("event_id")
    for r in raw_rows(SAMPLE):
        assert events.loc[r["event_id_cnty"], "notes"] == r["notes"]
    assert "\n" in events.loc["UKR5498", "notes"] and "Обстріл" in events.loc["UKR5498", "notes"]


def test_acled004_reimport_adds_nothing(sample_store: Path) -> None:
    before = read_store(sample_store)
    mtime = sample_store.stat().st_mtime_ns
    summary = import_file(SAMPLE, fmt="acled", store=sample_store, progress=None)
    assert (summary.read, summary.imported, summary.duplicates, summary.rejected) == (10, 0, 10, 0)
    assert sample_store.stat().st_mtime_ns == mtime  # nothing to add: the store is not even rewritten
    pd.testing.assert_frame_equal(read_store(sample_store), before)


def test_acled005_mixed_file_refused_with_every_bad_line_and_store_untouched(sample_store: Path) -> None:
    before = sample_store.read_bytes()
    with pytest.raises(EventValidationError) as info:
        import_file(MIXED, fmt="acled", store=sample_store, progress=None)
    errors = info.value.errors
    # Lines where each bad record starts; the multi-line record at lines 9-11 is reported at 9.
    assert [(e.line, e.column) for e in errors] == [
        (5, "event_date"),
        (6, "latitude"),
        (7, "fatalities"),
        (9, "fatalities"),
        (12, "event_id_cnty"),
        (13, "event_type"),
    ]
    assert str(MIXED) in str(info.value)
    assert sample_store.read_bytes() == before


def test_acled006_skip_invalid_keeps_good_rows_and_writes_rejects(store: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    summary = import_file(MIXED, fmt="acled", store=store, skip_invalid=True, rejects=rejects, progress=None)
    assert (summary.read, summary.imported, summary.rejected) == (9, 3, 6)
    assert sorted(read_store(store)["event_id"]) == ["UKR140021", "UKR5498", "UKR98311"]
    rows = raw_rows(rejects)
    assert [int(r["line"]) for r in rows] == [5, 6, 7, 9, 12, 13]
    assert all(r["reason"] for r in rows)
    assert "31 February 2022" in rows[0]["reason"]
    # Original fields are kept, multi-line text included.
    original = {r["event_id_cnty"]: r for r in raw_rows(MIXED)}
    assert rows[3]["notes"] == original["UKR900004"]["notes"] and "\n" in rows[3]["notes"]
    assert rows[3]["fatalities"] == "-3"
    assert rows[4]["event_id_cnty"] == ""


def test_acled007_rejects_file_is_formula_safe(store: Path, tmp_path: Path) -> None:
    text = MIXED.read_text(encoding="utf-8").replace("UKR900005", '=HYPERLINK("http://x")')
    bad = tmp_path / "formula.csv"
    bad.write_text(text, encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    import_file(bad, fmt="acled", store=store, skip_invalid=True, rejects=rejects, progress=None)
    ids = [r["event_id_cnty"] for r in raw_rows(rejects)]
    assert '\'=HYPERLINK("http://x")' in ids


def test_acled008_missing_required_columns_named_with_the_file(tmp_path: Path) -> None:
    frame = pd.read_csv(SAMPLE, dtype=str).drop(columns=["fatalities", "latitude"])
    path = tmp_path / "trimmed.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(MissingColumnsError) as info:
        prepare(path, "acled")
    message = str(info.value)
    assert str(path) in message and "fatalities" in message and "latitude" in message
    assert set(info.value.missing) == {"fatalities", "latitude"} and set(info.value.missing) <= set(REQUIRED)


def test_acled009_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown import format 'xlsx'"):
        prepare(SAMPLE, "xlsx")


def test_acled010_older_export_maps_old_event_types() -> None:
    events = prepare(OLDER, "acled").events.set_index("event_id")
    assert events.loc["UKR7002", "event_type"] == "Explosions/Remote violence"
    assert events.loc["UKR7002", "acled_event_type_v1"] == "Remote violence"
    assert events.loc["UKR7001", "admin1_code"] == "UA-48"  # Mykolaiv
    assert events["country"].tolist() == ["UA", "UA"]


def test_acled011_infrastructure_and_power_outage_from_notes() -> None:
    events = prepare(SAMPLE, "acled").events.set_index("event_id")
    assert set(events.loc["UKR140021", "infrastructure"]) >= {"energy", "port", "residential"}
    assert bool(events.loc["UKR140021", "power_outage"]) is True
    assert events.loc["RUS11234", "infrastructure"] == ["energy"]  # oil depot
    assert "transport" in events.loc["UKR5412", "infrastructure"]  # railway station
    assert events.loc["UKR170777", "infrastructure"] == []


@pytest.mark.parametrize(
    ("sub_event_type", "notes", "weapon"),
    [
        ("Air/drone strike", "Russian forces launched Shahed drones at Odesa", "drone"),
        ("Air/drone strike", "A guided aerial bomb hit Kharkiv", "guided aerial bomb"),
        ("Air/drone strike", "КАБ влучив у будинок", "guided aerial bomb"),
        ("Air/drone strike", "Russian forces launched drones and missiles", None),  # two classes: not obvious
        ("Air/drone strike", "Russian aircraft conducted an air strike", "aircraft"),
        ("Shelling/artillery/missile attack", "Russian forces shelled Nikopol", "artillery"),
        ("Shelling/artillery/missile attack", "Russian forces shelled Kharkiv with MLRS", "MLRS"),  # specific wins
        ("Shelling/artillery/missile attack", "An Iskander missile hit Dnipro", "missile"),
        ("Shelling/artillery/missile attack", "Ракетний удар по Харкову", "missile"),
        ("Shelling/artillery/missile attack", "Mortar fire near Bakhmut", "mortar"),
        ("Shelling/artillery/missile attack", "Russian forces fired at Kherson", None),
        ("Remote explosive/landmine/IED", "A civilian stepped on a mine", "explosive device"),
        ("Grenade", "A drone dropped a grenade", "grenade"),  # the sub-event type names the weapon
    ],
)
def test_acled012_weapon_only_where_obvious(sub_event_type: str, notes: str, weapon: str | None) -> None:
    got = derive_weapon(pd.Series([sub_event_type]), pd.Series([notes])).iloc[0]
    assert (None if pd.isna(got) else got) == weapon


def test_acled013_line_numbers_of_multiline_records_match_the_file(tmp_path: Path) -> None:
    from bench.bench_import import write_acled_csv

    path = write_acled_csv(tmp_path / "acled.csv", 300, seed=3)
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") > 301  # some notes span lines
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad_ids = frame["event_id_cnty"].iloc[[13, 122, 298]].tolist()
    for event_id in bad_ids:
        pattern = rf"^{event_id},(\d\d \w+ \d{{4}}|\d{{4}}-\d\d-\d\d),"
        text = re.sub(pattern, f"{event_id},not a date,", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    # Independent truth: the physical line where each bad record starts.
    expected = [i + 1 for i, line in enumerate(text.split("\n")) if line.split(",", 1)[0] in bad_ids]
    with pytest.raises(EventValidationError) as info:
        import_file(path, fmt="acled", store=tmp_path / "e.parquet", progress=None)
    assert [e.line for e in info.value.errors] == expected
    assert record_lines(path, [13, 122, 298]) == expected


def test_acled014_malformed_record_reported_with_line_others_kept(tmp_path: Path, store: Path) -> None:
    records = SAMPLE.read_bytes().decode("utf-8").split("\r\n")  # CRLF between records, LF inside notes
    records.insert(3, "UKRBAD,2022-04-08,too,few,fields")  # after the header and two records (one of 3 lines)
    path = tmp_path / "malformed.csv"
    path.write_bytes("\r\n".join(records).encode("utf-8"))
    table = read_table(path)
    assert [m.line for m in table.malformed] == [6]
    rejects = tmp_path / "rejects.csv"
    summary = import_file(path, fmt="acled", store=store, skip_invalid=True, rejects=rejects, progress=None)
    assert (summary.imported, summary.rejected) == (10, 1)
    rejected = raw_rows(rejects)
    assert rejected[0]["line"] == "6" and "expected 31 fields" in rejected[0]["reason"]
    assert rejected[0]["event_id_cnty"] == "UKRBAD"


def test_acled015_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(SAMPLE.read_bytes().replace("Обстріл".encode(), "Ob\xe9".encode("latin-1")))
    with pytest.raises(EventValidationError, match="not UTF-8"):
        prepare(path, "acled")


def test_acled016_cli_exit_codes_and_messages(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["import", "--format", "acled", str(SAMPLE), "--store", str(store)]) == 0
    assert "imported 10" in capsys.readouterr().err
    assert main(["import", "--format", "acled", str(MIXED), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "line 5" in err and "line 13" in err
    rejects = tmp_path / "r.csv"
    argv = ["import", "--format", "acled", str(MIXED), "--store", str(store)]
    argv += ["--skip-invalid", "--rejects", str(rejects)]
    assert main(argv) == 0
    assert "rejected 6" in capsys.readouterr().err and rejects.exists()


def test_acled017_progress_reports_stages(store: Path) -> None:
    messages: list[str] = []
    import_file(SAMPLE, fmt="acled", store=store, progress=messages.append)
    assert messages[0].startswith("[ 15%] read 10 records") and messages[-1].startswith("[100%]")


def test_acled018_refusal_names_every_bad_line_beyond_fifty(tmp_path: Path) -> None:
    rows = raw_rows(SAMPLE)
    bad = [{**rows[0], "event_id_cnty": f"UKR-BAD-{i}", "fatalities": "n/a"} for i in range(60)]
    path = tmp_path / "many.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(bad)
    with pytest.raises(EventValidationError) as info:
        import_file(path, fmt="acled", store=tmp_path / "e.parquet", progress=None)
    message = str(info.value)
    assert all(f"line {line}," in message for line in range(2, 62))
    assert "nothing was written" in message and not (tmp_path / "e.parquet").exists()
