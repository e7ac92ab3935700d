"""The filter specification, as a table of input -> expected (datasette's filters.py style)."""

from __future__ import annotations

import argparse
from datetime import date

import pandas as pd
import pytest

from dashboard.filters import FilterError, FilterSpec, add_arguments, apply, infrastructure_bits, mask
from dashboard.schema import validate_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    rows = [
        # id, date, type, weapon, country, admin1_code, location, killed, injured, infrastructure, notes, source
        (
            "A",
            "2025-12-26",
            "Explosions/Remote violence",
            "drone",
            "UA",
            "UA-48",
            "Mykolaiv",
            0,
            0,
            ["energy"],
            "Power out",
            "Mayor",
        ),
        (
            "B",
            "2025-12-26",
            "Explosions/Remote violence",
            "Storm Shadow missile",
            "RU",
            "RU-ROS",
            "Novoshakhtinsk",
            0,
            1,
            ["energy"],
            "Refinery hit",
            "General Staff",
        ),
        (
            "C",
            "2025-12-20",
            "Explosions/Remote violence",
            "guided aerial bomb",
            "UA",
            "UA-63",
            "Kharkiv",
            2,
            6,
            ["transport"],
            "Road",
            "Mayor Ihor Terekhov",
        ),
        ("D", "2024-05-01", "Battles", None, "UA", "UA-14", "Pokrovsk", None, None, [], "Clashes", "ACLED"),
        (
            "E",
            "2025-01-10",
            "Explosions/Remote violence",
            "Drone",
            "UA",
            "UA-51",
            "Odesa",
            0,
            0,
            ["energy", "port"],
            "Port and energy",
            "Navy",
        ),
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "event_id",
            "event_date",
            "event_type",
            "weapon",
            "country",
            "admin1_code",
            "location",
            "killed",
            "injured",
            "infrastructure",
            "notes",
            "source",
        ],
    )
    df["latitude"], df["longitude"], df["dataset"] = 47.0, 35.0, "test"
    return validate_events(df)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "ABCDE"),
        ("region=UA-63", "C"),
        ("region=UA-63,RU-ROS", "BC"),
        ("region=ua-63", "C"),
        ("region=RU", "B"),
        ("from=2025-12-20", "ABC"),
        ("to=2025-12-20", "CDE"),
        ("from=2025-12-20&to=2025-12-20", "C"),
        ("event_type=Battles", "D"),
        ("weapon=drone", "AE"),
        ("weapon=Storm%20Shadow%20missile,guided%20aerial%20bomb", "BC"),
        ("infrastructure=energy", "ABE"),
        ("infrastructure=port,transport", "CE"),
        ("min_killed=1", "C"),
        ("min_injured=1", "BC"),
        ("q=terekhov", "C"),
        ("q=REFINERY", "B"),
        ("q=odesa", "E"),
        ("region=UA-63,UA-48&from=2025-12-21&infrastructure=energy", "A"),
        ("unknown=1&region=UA-14", "D"),
    ],
)
def test_filter001_query_selects_expected_events(events: pd.DataFrame, query: str, expected: str) -> None:
    spec = FilterSpec.from_query(query)
    assert "".join(apply(events, spec)["event_id"]) == expected


def test_filter002_precomputed_infrastructure_bits_agree(events: pd.DataFrame) -> None:
    spec = FilterSpec(infrastructure=("port", "transport"))
    with_bits = events.assign(_infra_bits=infrastructure_bits(events["infrastructure"]))
    assert (mask(events, spec) == mask(with_bits, spec)).all()


def test_filter003_categoricals_filter_like_strings(events: pd.DataFrame) -> None:
    spec = FilterSpec.from_query(
        "region=UA-63,RU-ROS&weapon=DRONE,storm shadow missile&event_type=Explosions/Remote violence"
    )
    categorical = events.astype({c: "category" for c in ("admin1_code", "weapon", "event_type")})
    assert (mask(events, spec) == mask(categorical, spec)).all()


@pytest.mark.parametrize(
    "spec",
    [
        FilterSpec(),
        FilterSpec(regions=("UA-63", "UA-23"), date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)),
        FilterSpec(event_types=("Explosions/Remote violence",), weapons=("drone",), infrastructure=("energy", "port")),
        FilterSpec(min_killed=3, min_injured=1, text="refinery, oil & gas"),
    ],
)
def test_filter004_url_round_trip(spec: FilterSpec) -> None:
    assert FilterSpec.from_query(spec.to_query()) == spec


def test_filter005_cli_and_url_give_the_same_spec() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(
        [
            "--region",
            "UA-63",
            "--region",
            "ua-23",
            "--from",
            "2025-12-01",
            "--to",
            "2025-12-31",
            "--infrastructure",
            "energy",
            "--min-killed",
            "1",
            "--q",
            "bomb",
        ]
    )
    from_cli = FilterSpec.from_args(args)
    from_url = FilterSpec.from_query(
        "region=UA-63,UA-23&from=2025-12-01&to=2025-12-31&infrastructure=energy&min_killed=1&q=bomb"
    )
    assert from_cli == from_url


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=Kharkiv", "not an ISO 3166-2 code"),
        ("from=2025-02-30", "from '2025-02-30' is not a date"),
        ("min_killed=many", "min_killed 'many' is not a whole number"),
        ("min_injured=-1", ">= 0"),
        ("infrastructure=power", "infrastructure 'power' is not one of"),
        ("event_type=Airstrike", "event type 'Airstrike' is not one of"),
        ("from=2025-12-31&to=2025-01-01", "is after"),
    ],
)
def test_filter006_bad_values_name_the_parameter(query: str, message: str) -> None:
    with pytest.raises(FilterError, match=message):
        FilterSpec.from_query(query)
