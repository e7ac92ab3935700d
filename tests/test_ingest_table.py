"""Generic CSV with a column mapping, offline geocoding of rows without coordinates, and the CSV reader."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.ingest import detect_format, import_file, prepare
from dashboard.ingest.mapped import MissingColumnsError
from dashboard.ingest.reader import read_table, record_lines
from dashboard.schema import EventValidationError
from dashboard.store import read_store

pytestmark = pytest.mark.usefixtures("reference")


@dataclass(frozen=True)
class FakeResult:
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class FakeGeocoder:
    """Gazetteer stand-in: counts look-ups, so tests can check each distinct place is looked up once."""

    PLACES: ClassVar[dict[str, tuple[float, float]]] = {
        "Kharkiv": (49.98177, 36.25475),
        "Odesa": (46.47747, 30.73262),
        "Sevastopol": (44.60, 33.53),
    }

    def __init__(self) -> None:
        self.calls: list[str] = []

    def geocode(self, query: str) -> FakeResult:
        self.calls.append(query)
        if query in self.PLACES:
            lat, lon = self.PLACES[query]
            return FakeResult(lat, lon, 1)
        return FakeResult(error=f"no place matches {query!r}")


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


HEADER = ["Date", "Kind", "Place", "Lat", "Lon", "Dead", "Description", "Reporter"]
ROWS = [
    ["2024-03-22", "Explosions/Remote violence", "Kharkiv", "", "", "2", "Missile hit a power substation", "Mayor"],
    ["22.03.2024", "Explosions/Remote violence", "Odesa", "46.4775", "30.7326", "", "Drone hit the port", "Navy"],
    ["23 March 2024", "Battles", "Kharkiv", "", "", "0", "Clashes near the city.\nNo details.", "MoD"],
]
MAPPING = {
    "event_date": "Date",
    "event_type": "Kind",
    "location": "Place",
    "latitude": "Lat",
    "longitude": "Lon",
    "killed": "Dead",
    "notes": "Description",
    "source": "Reporter",
}


def test_table001_mapping_geocodes_rows_without_coordinates(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mine.csv", HEADER, ROWS)
    geocoder = FakeGeocoder()
    prepared = prepare(path, "csv", mapping=MAPPING, geocoder=geocoder)
    assert prepared.ok, prepared.errors
    events = prepared.events
    assert geocoder.calls == ["Kharkiv"]  # each distinct place once; rows with coordinates never
    assert events["latitude"].tolist() == [49.98177, 46.4775, 49.98177]
    assert events["geocoded"].tolist() == [True, False, True]
    assert events["event_date"].tolist() == [pd.Timestamp("2024-03-22")] * 2 + [pd.Timestamp("2024-03-23")]
    assert events["admin1_code"].tolist() == ["UA-63", "UA-51", "UA-63"]
    assert events["killed"].tolist()[0] == 2 and pd.isna(events["killed"].tolist()[1])
    assert events["dataset"].unique().tolist() == ["csv"]
    assert events["infrastructure"].tolist()[:2] == [["energy"], ["port"]]  # derived from the notes
    assert events["event_id"].str.startswith("CSV-").all() and events["event_id"].is_unique


def test_table002_unresolved_place_is_an_error_with_its_line(tmp_path: Path) -> None:
    rows = [*ROWS, ["2024-03-24", "Battles", "Nowhereville", "", "", "0", "x", "y"]]
    path = write_csv(tmp_path / "mine.csv", HEADER, rows)
    with pytest.raises(EventValidationError) as info:
        import_file(path, fmt="csv", mapping=MAPPING, store=tmp_path / "e.parquet", progress=None,
                    geocoder=FakeGeocoder())  # fmt: skip
    [error] = info.value.errors
    assert (error.line, error.column) == (6, "Place")  # the third record spans lines 4-5
    assert "cannot geocode 'Nowhereville'" in error.reason


def test_table003_reimport_of_a_file_without_ids_adds_nothing(tmp_path: Path) -> None:
    rows = [*ROWS, ROWS[0]]  # an identical row is a second event, not a duplicate of the first
    path = write_csv(tmp_path / "mine.csv", HEADER, rows)
    store = tmp_path / "e.parquet"
    first = import_file(path, fmt="csv", mapping=MAPPING, store=store, progress=None, geocoder=FakeGeocoder())
    second = import_file(path, fmt="csv", mapping=MAPPING, store=store, progress=None, geocoder=FakeGeocoder())
    assert (first.imported, second.imported, second.duplicates) == (4, 0, 4)


def test_table004_mapping_errors_name_the_file_and_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mine.csv", HEADER, ROWS)
    with pytest.raises(ValueError, match="--map colour"):
        prepare(path, "csv", mapping={**MAPPING, "colour": "Kind"})
    with pytest.raises(MissingColumnsError, match="Datum") as info:
        prepare(path, "csv", mapping={**MAPPING, "event_date": "Datum"})
    assert str(path) in str(info.value)
    with pytest.raises(MissingColumnsError, match="event_type") as info:
        prepare(path, "csv", mapping={"event_date": "Date", "location": "Place"})


def test_table005_unmapped_columns_are_kept_as_extras(tmp_path: Path) -> None:
    header = [*HEADER, "Confidence"]
    path = write_csv(tmp_path / "mine.csv", header, [[*r, "high"] for r in ROWS])
    events = prepare(path, "csv", mapping=MAPPING, geocoder=FakeGeocoder()).events
    assert events["Confidence"].tolist() == ["high"] * 3


def test_table006_own_columns_infrastructure_and_outage_kept(tmp_path: Path) -> None:
    header = ["event_id", "event_date", "event_type", "location", "latitude", "longitude", "infrastructure",
              "power_outage", "country"]  # fmt: skip
    rows = [
        ["X-1", "2024-01-01", "Explosions/Remote violence", "Odesa", "46.4775", "30.7326", "energy;port", "true", "UA"],
        ["X-2", "2024-01-02", "Explosions/Remote violence", "Odesa", "46.4775", "30.7326", "", "no", "XX"],
    ]
    events = prepare(write_csv(tmp_path / "own.csv", header, rows), "csv").events
    assert events["infrastructure"].tolist() == [["energy", "port"], []]
    assert events["power_outage"].tolist() == [True, False]
    assert events["country"].tolist() == ["UA", "UA"]  # from the point, not from the file's text


def test_table007_bad_values_all_reported(tmp_path: Path) -> None:
    header = ["event_id", "event_date", "event_type", "location", "latitude", "longitude", "killed", "power_outage"]
    rows = [
        ["X-1", "2024-02-30", "Battles", "Odesa", "46.4", "30.7", "1", "false"],
        ["X-2", "2024-01-02", "Battles", "Odesa", "north", "30.7", "1.5", "maybe"],
        ["X-3", "2024-01-02", "Battles", "Odesa", "46.4", "200", "-1", "false"],
        ["X-1", "2024-01-03", "Battles", "Odesa", "46.4", "30.7", "0", "false"],
    ]
    prepared = prepare(write_csv(tmp_path / "bad.csv", header, rows), "csv")
    found = {(e.line, e.column) for e in prepared.errors}
    assert found == {
        (2, "event_date"),
        (3, "latitude"),
        (3, "killed"),
        (3, "power_outage"),
        (4, "longitude"),
        (4, "killed"),
        (5, "event_id"),  # duplicate id in the file
    }
    assert len(prepared.events) == 0 and len(prepared.rejected) == 4


def test_table008_reader_lines_with_crlf_blank_lines_and_bom(tmp_path: Path) -> None:
    text = '\ufeffa,b\r\n1,"x\r\ny"\r\n\r\n2,z\r\n3,"p\nq\nr"\r\n4,w\r\n'
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    table = read_table(path)
    assert table.frame.columns.tolist() == ["a", "b"]
    assert table.frame["a"].tolist() == ["1", "2", "3", "4"]
    assert table.frame["b"].iloc[0] == "x\r\ny"
    assert record_lines(path, [0, 1, 2, 3]) == [2, 5, 6, 9]


def test_table009_empty_file_and_duplicate_header(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(EventValidationError, match="empty"):
        prepare(empty, "csv")
    dup = tmp_path / "dup.csv"
    dup.write_text("event_date,event_date\n2024-01-01,2024-01-02\n")
    with pytest.raises(EventValidationError, match="more than once"):
        prepare(dup, "csv")


def test_table010_real_geocoder_resolves_cyrillic_place_names(tmp_path: Path) -> None:
    header = ["event_date", "event_type", "location"]
    path = write_csv(tmp_path / "ua.csv", header, [["2024-05-01", "Explosions/Remote violence", "Харків"]])
    [event] = prepare(path, "csv").events.to_dict("records")
    assert (event["country"], event["admin1_code"]) == ("UA", "UA-63")
    assert abs(event["latitude"] - 49.98) < 0.05 and event["geocoded"]


def test_table011_cli_map_option(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = write_csv(tmp_path / "mine.csv", HEADER, [ROWS[1]])
    argv = ["import", "--format", "csv", str(path), "--store", str(tmp_path / "e.parquet")]
    argv += [f"--map={k}={v}" for k, v in MAPPING.items()]
    assert main(argv) == 0
    assert "imported 1" in capsys.readouterr().err
    assert read_store(tmp_path / "e.parquet")["location"].tolist() == ["Odesa"]


def test_table012_detect_format(tmp_path: Path) -> None:
    assert detect_format(write_csv(tmp_path / "x.csv", HEADER, ROWS)) == "csv"
    geo = tmp_path / "x.geojson"
    geo.write_text('  {"type": "FeatureCollection", "features": []}')
    assert detect_format(geo) == "geojson"
