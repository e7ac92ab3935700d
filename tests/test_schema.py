"""The event schema: every bad value gets its own message with its line."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.schema import COLUMNS, EventValidationError, validate_events


def good_row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "event_id": "T-1",
        "event_date": "2025-12-26",
        "time_precision": 2,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "location": "Kharkiv",
        "latitude": 49.98,
        "longitude": 36.25,
        "geo_precision": 1,
        "killed": 2,
        "injured": 6,
        "infrastructure": ["transport"],
        "source_url": "https://example.org/report",
        "dataset": "test",
    }
    row.update(changes)
    return row


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    df = pd.DataFrame(list(rows))
    df.index = df.index + 2  # lines in a CSV with a header
    return df


def test_schema001_valid_row_is_coerced_to_schema_dtypes() -> None:
    out = validate_events(frame(good_row()))
    assert list(out.columns) == list(COLUMNS)
    assert out["event_date"].iloc[0] == pd.Timestamp("2025-12-26")
    assert out["killed"].dtype == "Int32"
    assert out["infrastructure"].iloc[0] == ["transport"]
    assert not out["power_outage"].iloc[0]


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"event_date": "2025-02-30"}, "event_date", "is not a valid date"),
        ({"event_date": "yesterday"}, "event_date", "is not a valid date"),
        ({"event_date": None}, "event_date", "required but empty"),
        ({"latitude": 95.0}, "latitude", "between -90 and 90"),
        ({"longitude": -181.0}, "longitude", "between -180 and 180"),
        ({"latitude": "north"}, "latitude", "is not a number"),
        ({"latitude": None}, "latitude", "required but empty"),
        ({"killed": -1}, "killed", ">= 0"),
        ({"killed": "two"}, "killed", "is not a whole number"),
        ({"injured": 1.5}, "injured", "is not a whole number"),
        ({"time_precision": 4}, "time_precision", "1 (day), 2 (week) or 3 (month)"),
        ({"geo_precision": 0}, "geo_precision", "1 (town)"),
        ({"event_type": "Airstrike"}, "event_type", "must be one of"),
        ({"sub_event_type": "Drone"}, "sub_event_type", "not an ACLED sub-event type"),
        ({"infrastructure": ["power"]}, "infrastructure", "list of categories"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "http:// or https://"),
        ({"country": "Ukraine"}, "country", "ISO 3166-1 alpha-2"),
        ({"admin1_code": "Kharkiv"}, "admin1_code", "ISO 3166-2"),
        ({"location": ""}, "location", "must not be empty"),
        ({"power_outage": "maybe"}, "power_outage", "is not true or false"),
    ],
)
def test_schema002_each_bad_value_gets_its_message(change: dict[str, object], column: str, message: str) -> None:
    with pytest.raises(EventValidationError) as info:
        validate_events(frame(good_row(), good_row(event_id="T-2", **change)), source="events.csv")
    errors = info.value.errors
    assert [(e.line, e.column) for e in errors] == [(3, column)]
    assert message in errors[0].reason
    assert "events.csv: line 3, column" in str(info.value)


def test_schema003_every_error_is_reported_not_just_the_first() -> None:
    rows = [good_row(event_id=f"T-{i}") for i in range(5)]
    rows[1]["killed"] = -3
    rows[3]["event_date"] = "2025-13-01"
    rows[3]["latitude"] = 200
    rows[4]["event_id"] = "T-0"
    with pytest.raises(EventValidationError) as info:
        validate_events(frame(*rows))
    assert [(e.line, e.column) for e in info.value.errors] == [
        (3, "killed"),
        (5, "event_date"),
        (5, "latitude"),
        (6, "event_id"),
    ]
    assert "duplicate event_id 'T-0'" in info.value.errors[-1].reason


def test_schema004_missing_required_column_is_named() -> None:
    df = frame(good_row()).drop(columns=["event_date"])
    with pytest.raises(EventValidationError, match=r"event_date.*required column is missing"):
        validate_events(df)


def test_schema005_coordinates_may_be_missing_before_geocoding() -> None:
    out = validate_events(frame(good_row(latitude=None, longitude=None)), require_coordinates=False)
    assert out["latitude"].isna().all()


def test_schema006_infrastructure_from_csv_text_and_unreported_counts() -> None:
    out = validate_events(frame(good_row(infrastructure="energy; port", killed=None)))
    assert out["infrastructure"].iloc[0] == ["energy", "port"]
    assert pd.isna(out["killed"].iloc[0])  # not reported stays distinct from zero
