"""Files as analysts really have them: real UCDP GED files, ACLED-shaped exports in every encoding, delimiter,
header spelling, date form and container found in the wild (test ids ``wild``).

The UCDP files under tests/data/real/ are byte-exact cuts of real public files (see its README): one saved
through a spreadsheet (Windows-1252, three month-first date forms mixed), one plain UTF-8, one made through the
API. ACLED's terms forbid redistribution, so ACLED files here are written in the shape of a real API export
(its exact header and date form) with made-up rows.
"""

from __future__ import annotations

import base64
import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import import_file, prepare
from dashboard.ingest.dates import DateOrderError, decide_order, parse_event_dates
from dashboard.ingest.textfile import sniff
from dashboard.schema import EventValidationError
from dashboard.store import read_store

REAL = Path(__file__).parent / "data" / "real"
SPREADSHEET = REAL / "ucdp_spreadsheet_cp1252_sample.csv"
PLAIN = REAL / "ucdp_plain_utf8_sample.csv"
API = REAL / "ucdp_api_isodatetime_sample.csv"

# The exact header of a real ACLED API export (33 columns, API order: id and iso first).
ACLED_API_HEADER_LINE = (
    "id,iso,event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
    "actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,"
    "source_scale,notes,fatalities,timestamp,geo_precision,source,civilian_targeting,disorder_type,tags,actor_dyad"
)
ACLED_API_HEADER = ACLED_API_HEADER_LINE.split(",")


def _acled_rows(dates: list[str], notes: str = "Shelling hit a residential building.") -> list[dict[str, str]]:
    """Made-up events in the real API export's shape (ACLED data itself may not be redistributed)."""
    rows = []
    for i, date in enumerate(dates):
        rows.append(
            {
                "id": str(179189562 + i), "iso": "804", "event_id_cnty": f"UKR9{i:05d}", "event_date": date,
                "year": "2024", "time_precision": "1", "event_type": "Explosions/Remote violence",
                "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Military Forces of Russia (2000-)",
                "assoc_actor_1": "", "inter1": "8", "actor2": "Civilians (Ukraine)", "assoc_actor_2": "", "inter2": "7",
                "interaction": "78", "region": "Europe", "country": "Ukraine", "admin1": "Kharkiv",
                "admin2": "Kharkivskyi", "admin3": "Kharkivska", "location": "Kharkiv", "latitude": "49.9808",
                "longitude": "36.2527", "source_scale": "National", "notes": notes, "fatalities": str(i % 3),
                "timestamp": "1735689600", "geo_precision": "1", "source": "Suspilne Media",
                "civilian_targeting": "Civilian targeting", "disorder_type": "Political violence",
                "tags": "", "actor_dyad": "Military Forces of Russia (2000-) - Civilians (Ukraine)",
            }
        )  # fmt: skip
    return rows


def _write_csv(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8", delimiter: str = ",",
               header: list[str] | None = None) -> Path:  # fmt: skip
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or list(rows[0]))
    writer.writerows([list(r.values()) for r in rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


# ----------------------------------------------------------------------------------------------------------
# Real UCDP GED files
# ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "read_as", "records"),
    [
        (SPREADSHEET, "Windows-1252, ','-delimited", 300),
        (PLAIN, "UTF-8, ','-delimited", 250),
        (API, "UTF-8, ','-delimited", 200),
        (REAL / "ucdp_hdx_hxl_sample.csv", "UTF-8, ','-delimited, HXL hashtag row skipped", 200),
        (REAL / "ucdp_hdx_hxl_crlf_ged19_sample.csv", "UTF-8, ','-delimited, HXL hashtag row skipped", 150),
        (REAL / "ucdp_candidate_v26_0_5_ua_ru_sample.csv", "UTF-8, ','-delimited", 280),
    ],
    ids=["spreadsheet-cp1252", "plain-utf8", "api", "hdx-hxl", "hdx-ged19-crlf", "candidate-26"],
)
def test_wild001_real_ucdp_files_import_whole(tmp_path: Path, path: Path, read_as: str, records: int) -> None:
    summary = import_file(path, fmt="auto", store=tmp_path / "s.parquet", progress=None)
    assert summary.fmt == "ucdp" and summary.read_as == read_as
    assert summary.read == records and summary.imported == records and summary.rejected == 0
    assert read_as in str(summary)


# Truth from the same events in the plain UTF-8 release of the same dataset (ISO dates).
@pytest.mark.parametrize(
    ("event_id", "text", "event_date", "date_end", "lat", "lon", "killed"),
    [
        ("UCDP-154161", "6/17/2014 12:00:00 AM", "2014-06-17", "2014-06-17", 48.566667, 39.3, 10),
        ("UCDP-155097", "8/20/2014 12:00:00 AM", "2014-08-20", "2014-08-21", 48.92, 39.02, 2),
        ("UCDP-155428", "11/04/2014 00:00", "2014-11-04", "2014-11-05", 48.0, 37.805278, 1),
        ("UCDP-203685", "05/07/2015 00:00", "2015-05-07", "2015-05-07", 48.45253, 38.245772, 1),
        ("UCDP-204791", "06/12/2015 00:00", "2015-06-12", "2015-06-12", 48.45253, 38.245772, 2),
    ],
)
def test_wild002_spreadsheet_saved_dates_are_month_first(
    event_id: str, text: str, event_date: str, date_end: str, lat: float, lon: float, killed: int
) -> None:
    events = prepare(SPREADSHEET, "auto").events.set_index("event_id")
    row = events.loc[event_id]
    assert (f"{row['event_date']:%Y-%m-%d}", f"{row['date_end']:%Y-%m-%d}") == (event_date, date_end)
    assert (row["latitude"], row["longitude"], row["killed"]) == (lat, lon, killed)


def test_wild005_lines_count_the_hxl_row(tmp_path: Path) -> None:
    lines = (REAL / "ucdp_hdx_hxl_crlf_ged19_sample.csv").read_bytes().split(b"\r\n")
    header = lines[0].decode().split(",")
    record = next(csv.reader([lines[3].decode()]))
    record[header.index("date_start")] = "not a date"
    bad = io.StringIO()
    csv.writer(bad, lineterminator="").writerow(record)
    path = tmp_path / "hdx.csv"
    path.write_bytes(b"\r\n".join([*lines[:3], bad.getvalue().encode(), *lines[4:]]))
    prepared = prepare(path, "auto")
    assert [(e.line, e.column) for e in prepared.errors] == [(4, "date_start")]
    assert list(prepared.rejected["line"]) == [4] and len(prepared.events) == 149


def test_wild006_reduced_files_refused_naming_what_is_missing() -> None:
    with pytest.raises(ValueError, match=r"missing required column\(s\) date_prec, where_prec"):
        prepare(REAL / "ucdp_reduced_2022_2024_sample.csv", "auto")


def test_wild003_spreadsheet_text_decoded_from_windows_1252() -> None:
    events = prepare(SPREADSHEET, "auto").events
    text = " ".join(events["notes"].dropna())
    assert "’" in text and "\ufffd" not in text  # 0x92 is a right quote in Windows-1252
    assert (events["ucdp_source_date"].dropna() != "").all()  # other columns travel along, as text


def test_wild004_three_releases_of_one_dataset_agree() -> None:
    """The same UCDP events, read from the spreadsheet-saved, plain and API files, give the same values."""
    frames = [prepare(p, "auto").events.set_index("event_id") for p in (SPREADSHEET, PLAIN, API)]
    columns = ["event_date", "latitude", "longitude", "killed", "killed_low", "killed_high", "time_precision"]
    compared = 0
    for other in frames[1:]:
        common = frames[0].index.intersection(other.index)
        compared += len(common)
        pd.testing.assert_frame_equal(frames[0].loc[common, columns], other.loc[common, columns], check_dtype=False)
    assert compared >= 20


# ----------------------------------------------------------------------------------------------------------
# ACLED-shaped exports: encodings, delimiters, headers, dates, spreadsheets
# ----------------------------------------------------------------------------------------------------------

_CYRILLIC_NOTES = (
    "Російські війська обстріляли житловий будинок у Харкові, пошкоджено школу та лінію електропередачі. "
    "Обстрел повредил жилой дом и школу, часть города осталась без света."
)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "named"),
    [
        ("utf-8", ",", "UTF-8, ','-delimited"),
        ("utf-8-sig", ",", "UTF-8 with BOM, ','-delimited"),
        ("utf-16", ",", "UTF-16, ','-delimited"),
        ("cp1251", ";", "Windows-1251, ';'-delimited"),
        ("utf-8", "\t", "UTF-8, tab-delimited"),
        ("cp1251", "\t", "Windows-1251, tab-delimited"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1251-semicolon", "tab", "cp1251-tab"],
)
def test_wild010_acled_in_any_encoding_and_delimiter(tmp_path: Path, encoding: str, delimiter: str, named: str) -> None:
    rows = _acled_rows(["14/08/2024 00:00:00", "02/09/2024 00:00:00"], notes=_CYRILLIC_NOTES)
    path = _write_csv(tmp_path / "acled.csv", rows, encoding=encoding, delimiter=delimiter)
    prepared = prepare(path, "auto")
    assert prepared.fmt == "acled" and prepared.read_as == named and prepared.ok
    events = prepared.events
    assert list(events["notes"]) == [_CYRILLIC_NOTES] * 2
    assert [f"{d:%Y-%m-%d}" for d in events["event_date"]] == ["2024-08-14", "2024-09-02"]
    assert set(events["infrastructure"].iloc[0]) >= {"residential", "education"}


def test_wild011_windows_1252_named(tmp_path: Path) -> None:
    rows = _acled_rows(["2024-08-14"], notes="Strike near the café – “Nova Poshta” depot; 2 killed · 3 injured.")
    path = _write_csv(tmp_path / "acled.csv", rows, encoding="cp1252")
    prepared = prepare(path, "auto")
    assert prepared.read_as == "Windows-1252, ','-delimited"
    assert prepared.events["notes"].iloc[0] == rows[0]["notes"]


def test_wild012_decimal_commas_of_a_semicolon_file(tmp_path: Path) -> None:
    rows = _acled_rows(["2024-08-14"])
    rows[0] |= {"latitude": "49,9808", "longitude": "36,2527"}
    prepared = prepare(_write_csv(tmp_path / "acled.csv", rows, delimiter=";"), "auto")
    assert prepared.ok and (prepared.events["latitude"].iloc[0], prepared.events["longitude"].iloc[0]) == (
        49.9808,
        36.2527,
    )


def test_wild013_headers_in_any_case_with_stray_spaces(tmp_path: Path) -> None:
    rows = _acled_rows(["2024-08-14", "x"])
    header = [f" {name.upper()} " if i % 2 else name.title() for i, name in enumerate(ACLED_API_HEADER)]
    path = _write_csv(tmp_path / "acled.csv", rows, header=header)
    prepared = prepare(path, "auto")
    assert prepared.fmt == "acled" and len(prepared.events) == 1
    # Messages name the file's own header (stripped), as the user wrote it.
    assert [(e.line, e.column) for e in prepared.errors] == [(3, "EVENT_DATE")]
    assert list(prepared.rejected.columns[2:5]) == ["Id", "ISO", "Event_Id_Cnty"]


def test_wild014_api_extra_columns_kept(tmp_path: Path) -> None:
    rows = _acled_rows(["14/08/2024 00:00:00"])
    for row in rows:
        row["population_best"] = "1421125"
    events = prepare(_write_csv(tmp_path / "acled.csv", rows), "auto").events
    row = events.iloc[0]
    assert (row["id"], row["iso"], row["actor_dyad"], row["population_best"]) == (
        "179189562",
        "804",
        "Military Forces of Russia (2000-) - Civilians (Ukraine)",
        "1421125",
    )
    assert row["acled_country"] == "Ukraine" and row["country"] == "UA"


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["08 April 2022", "14 August 2020"], ["2022-04-08", "2020-08-14"]),
        (["2022-04-08", "2020-08-14"], ["2022-04-08", "2020-08-14"]),
        (["2022-04-08T00:00:00", "2020-08-14T00:00:00"], ["2022-04-08", "2020-08-14"]),
        (["14/08/2020 00:00:00", "08/04/2022 00:00:00"], ["2020-08-14", "2022-04-08"]),  # day first: 14 > 12
        (["1/22/2014 12:00:00 AM", "4/8/2022 12:00:00 AM"], ["2014-01-22", "2022-04-08"]),  # month first: 22 > 12
        (["05/02/2014 00:00", "10/13/2014 00:00"], ["2014-05-02", "2014-10-13"]),
        (["08.04.2022", "14.08.2020"], ["2022-04-08", "2020-08-14"]),
        (["44659", "44057"], ["2022-04-08", "2020-08-14"]),  # spreadsheet serial numbers
    ],
    ids=["named", "iso", "iso-time", "dmy", "mdy-ampm", "mdy-short", "dotted", "serial"],
)
def test_wild020_date_forms(tmp_path: Path, dates: list[str], expected: list[str]) -> None:
    rows = _acled_rows(dates)
    for row in rows:
        row["timestamp"] = "1735689600"  # 2025-01-01: after every date here
    events = prepare(_write_csv(tmp_path / "acled.csv", rows), "auto").events
    assert [f"{d:%Y-%m-%d}" for d in events["event_date"]] == expected


def test_wild021_ambiguous_file_refused_naming_the_option(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "acled.csv", _acled_rows(["05/02/2014 00:00:00", "03/04/2014 00:00:00"]))
    with pytest.raises(DateOrderError, match=r"--date-order dmy or --date-order mdy") as info:
        prepare(path, "auto")
    assert str(path) in str(info.value) and "05 February 2014" in str(info.value)
    dmy = prepare(path, "auto", date_order="dmy").events["event_date"]
    mdy = prepare(path, "auto", date_order="mdy").events["event_date"]
    assert [f"{d:%m-%d}" for d in dmy] == ["02-05", "04-03"] and [f"{d:%m-%d}" for d in mdy] == ["05-02", "03-04"]


def test_wild022_timestamp_decides_the_order(tmp_path: Path) -> None:
    rows = _acled_rows(["05/02/2014 00:00:00"])
    rows[0]["timestamp"] = "1392854400"  # 2014-02-20: 2 May would be after ACLED last edited the event
    events = prepare(_write_csv(tmp_path / "acled.csv", rows), "auto").events
    assert f"{events['event_date'].iloc[0]:%Y-%m-%d}" == "2014-02-05"


def test_wild023_start_before_end_decides_the_order() -> None:
    frame = pd.DataFrame({"date_start": ["05/02/2014"], "date_end": ["06/01/2014"]}, dtype="string")
    assert decide_order(frame, ["date_start", "date_end"], pairs=[("date_start", "date_end")]) == "mdy"


def test_wild024_mixed_orders_refused(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "acled.csv", _acled_rows(["14/08/2020 00:00:00", "08/14/2020 00:00:00"]))
    with pytest.raises(DateOrderError, match="day-first in some rows"):
        prepare(path, "auto")
    prepared = prepare(path, "auto", date_order="dmy")  # the user says which: the other row is named
    assert len(prepared.events) == 1 and [(e.line, e.column) for e in prepared.errors] == [(3, "event_date")]


def test_wild025_impossible_dates_still_refused_with_their_line(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "acled.csv", _acled_rows(["14/08/2020 00:00:00", "31/02/2020 00:00:00"]))
    prepared = prepare(path, "auto")
    assert [(e.line, e.column) for e in prepared.errors] == [(3, "event_date")]
    assert "'31/02/2020 00:00:00' is not a date" in prepared.errors[0].reason


def test_wild026_serial_dates_only_as_whole_numbers() -> None:
    dates, bad = parse_event_dates(pd.Series(["44659", "44659.0", "4465", "44659.5"], dtype="string"))
    assert [None if pd.isna(d) else f"{d:%Y-%m-%d}" for d in dates] == ["2022-04-08", "2022-04-08", None, None]
    assert list(bad) == [False, False, True, True]


def _xlsx(path: Path, rows: list[dict[str, object]], sheet: str = "Sheet1", blank_rows: int = 0) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for _ in range(blank_rows):
        ws.append([])
    ws.append(list(rows[0]))
    for row in rows:
        ws.append(list(row.values()))
    book.create_sheet("Notes").append(["about", "this file"])
    book.save(path)
    return path


def _xlsx_rows() -> list[dict[str, object]]:
    import datetime as dt

    rows: list[dict[str, object]] = list(_acled_rows(["", "", ""]))  # type: ignore[arg-type]
    rows[0]["event_date"] = dt.datetime(2022, 4, 8)  # a date cell
    rows[1]["event_date"] = 44057  # a serial number typed as a number
    rows[2]["event_date"] = "14 August 2020"  # text
    for row in rows:
        row["id"] = int(str(row["id"]))  # numbers as numbers: id 179189562, not 179189562.0
        row["latitude"], row["longitude"], row["fatalities"] = 49.9808, 36.2527, 2
    return rows


def test_wild030_xlsx_imports_through_the_same_path(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "acled.xlsx", _xlsx_rows(), blank_rows=2)
    summary = import_file(path, fmt="auto", store=tmp_path / "s.parquet", progress=None)
    assert summary.fmt == "acled" and summary.imported == 3 and summary.read_as == "spreadsheet, first sheet"
    events = read_store(tmp_path / "s.parquet").set_index("event_id")
    assert [f"{d:%Y-%m-%d}" for d in events["event_date"]] == ["2022-04-08", "2020-08-14", "2020-08-14"]
    assert list(events["id"]) == ["179189562", "179189563", "179189564"]
    assert list(events["killed"]) == [2, 2, 2] and events["latitude"].iloc[0] == 49.9808


def test_wild031_xlsx_lines_are_sheet_rows_and_sheets_by_name(tmp_path: Path) -> None:
    rows = _xlsx_rows()
    rows[1]["event_date"] = "not a date"
    path = _xlsx(tmp_path / "acled.xlsx", rows, sheet="Events", blank_rows=1)
    prepared = prepare(path, "auto")
    assert [(e.line, e.column) for e in prepared.errors] == [(4, "event_date")]  # row 1 blank, 2 header
    assert prepare(path, "auto", sheet="Events").read_as == "spreadsheet, sheet 'Events'"
    with pytest.raises(EventValidationError, match="no sheet named 'Other'; the sheets are: 'Events', 'Notes'"):
        prepare(path, "auto", sheet="Other")


def test_wild032_upload_panel_takes_xlsx(tmp_path: Path) -> None:
    from dashboard.app import upload

    path = _xlsx(tmp_path / "acled.xlsx", _xlsx_rows())
    data = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," + base64.b64encode(
        path.read_bytes()
    ).decode("ascii")
    check = upload.check_upload(data, "acled.xlsx")
    assert check.ok and check.fmt == "acled" and check.valid == 3 and check.read_as == "spreadsheet, first sheet"


def test_wild033_upload_names_the_date_order_choice(tmp_path: Path) -> None:
    from dashboard.app import upload

    path = _write_csv(tmp_path / "acled.csv", _acled_rows(["05/02/2014 00:00:00", "03/04/2014 00:00:00"]))
    data = "data:text/csv;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    check = upload.check_upload(data, "acled.csv")
    assert not check.ok and "--date-order" in check.report and "strike-atlas-upload" not in check.report
    assert upload.check_upload(data, "acled.csv", date_order="dmy").valid == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not text"),
        (b"event_id,event_date\n\x00\x01\x02", "is not text"),
    ],
)
def test_wild040_binary_files_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    with pytest.raises(EventValidationError, match=reason):
        prepare(path, "auto")


def test_wild041_sniff_ignores_delimiters_inside_quotes(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('"a;b;c;d",e,f\n1,2,3\n', encoding="utf-8")
    assert sniff(path).delimiter == ","
