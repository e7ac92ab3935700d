"""Synthetic events: schema-valid, deterministic, shaped like the war's reporting, written atomically."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from dashboard.schema import COLUMNS, INFRASTRUCTURE, validate_events
from dashboard.store import read_store
from dashboard.synth import END_DATE, FRONT_REGIONS, START_DATE, synth_events, synth_store

pytestmark = pytest.mark.usefixtures("reference")

N = 20_000


@pytest.fixture(scope="module")
def events(reference: None) -> gpd.GeoDataFrame:
    return synth_events(N, seed=7)


def test_synth001_has_every_column_with_its_dtype(events: gpd.GeoDataFrame) -> None:
    assert list(events.columns) == [*COLUMNS, "geometry"]
    for column, (dtype, _doc) in COLUMNS.items():
        if column != "infrastructure":
            assert str(events[column].dtype) == str(pd.Series(dtype=dtype).dtype), column
    assert events.crs.to_epsg() == 4326
    # GeoJSON order: x is longitude.
    assert np.allclose(events.geometry.x, events["longitude"]) and np.allclose(events.geometry.y, events["latitude"])


def test_synth002_a_sample_passes_validation(events: gpd.GeoDataFrame) -> None:
    sample = pd.DataFrame(events.drop(columns="geometry")).sample(3000, random_state=1)
    validated = validate_events(sample)
    assert len(validated) == 3000


def test_synth003_same_seed_same_events_other_seed_other_events(events: gpd.GeoDataFrame) -> None:
    again = synth_events(N, seed=7)
    pd.testing.assert_frame_equal(
        pd.DataFrame(events.drop(columns="geometry")), pd.DataFrame(again.drop(columns="geometry"))
    )
    other = synth_events(N, seed=8)
    assert not np.array_equal(other["latitude"].to_numpy(), events["latitude"].to_numpy())


@pytest.mark.parametrize("n", [0, 1, 5])
def test_synth004_tiny_sizes(reference: None, n: int) -> None:
    small = synth_events(n, seed=0)
    assert len(small) == n
    assert list(small.columns) == [*COLUMNS, "geometry"]


def test_synth005_ids_dates_and_provenance(events: gpd.GeoDataFrame) -> None:
    assert events["event_id"].tolist() == [f"SYN-{i}" for i in range(1, N + 1)]
    dates = events["event_date"]
    assert dates.min() >= pd.Timestamp(str(START_DATE)) and dates.max() <= pd.Timestamp(str(END_DATE))
    assert dates.is_monotonic_increasing  # ids follow the date order
    assert (events["dataset"] == "synthetic").all()
    assert events["source_url"].str.startswith("https://example.org/synthetic/").all()
    assert events["source"].notna().all() and events["notes"].notna().all()


def test_synth006_places_are_gazetteer_places_with_their_codes(events: gpd.GeoDataFrame) -> None:
    from dashboard.geo.reference import load_gazetteer

    gaz = load_gazetteer()
    known = set(zip(gaz["name"], gaz["country"], gaz["admin1_code"], strict=True))
    rows = set(zip(events["location"], events["country"], events["admin1_code"], strict=True))
    assert rows <= known
    assert (events["admin1_code"].str[:2] == events["country"]).all()
    # Crimea belongs to Ukraine (the gazetteer's spatial join applies the project's rule).
    assert set(events.loc[events["admin1_code"].isin(["UA-43", "UA-40"]), "country"]) <= {"UA"}


def test_synth007_weighted_towards_the_front(events: gpd.GeoDataFrame) -> None:
    on_front = events["admin1_code"].isin(list(FRONT_REGIONS)).mean()
    assert on_front > 0.6
    assert events["country"].isin(["UA", "RU"]).all()
    shares = events["admin1_code"].value_counts(normalize=True)
    assert shares.index[0] == "UA-14"  # Donetsk leads, as in ACLED


def test_synth008_event_types_weapons_and_infrastructure(events: gpd.GeoDataFrame) -> None:
    types = events["event_type"].value_counts(normalize=True)
    assert types.index[0] == "Explosions/Remote violence" and types.iloc[0] > 0.6
    shelling = events["sub_event_type"] == "Shelling/artillery/missile attack"
    assert events.loc[shelling, "weapon"].notna().all()
    protests = events["event_type"] == "Protests"
    assert events.loc[protests, "weapon"].isna().all()
    categories = {c for items in events["infrastructure"] for c in items}
    assert categories <= set(INFRASTRUCTURE) and {"energy", "residential", "port"} <= categories
    has_items = events["infrastructure"].map(len) > 0
    assert (events.loc[has_items, "infrastructure_detail"].notna()).all()


def test_synth009_power_outages_follow_energy_strikes(events: gpd.GeoDataFrame) -> None:
    energy = events["infrastructure"].map(lambda items: "energy" in items).to_numpy()
    outage = events["power_outage"].to_numpy(dtype=bool)
    assert outage[energy].mean() > 0.4
    assert outage[~energy].mean() < 0.05


def test_synth010_casualties_are_heavy_tailed(events: gpd.GeoDataFrame) -> None:
    killed = events["killed"].to_numpy(dtype=float)
    assert (killed == 0).mean() > 0.7  # most events kill no one
    assert killed.max() >= 20  # and a few kill dozens
    assert events["injured"].isna().any()  # some reports give no injured figure
    struck = events["notes"].str.contains("killed")
    assert (events.loc[struck, "killed"] > 0).all()


def test_synth011_approximate_places_are_jittered_or_regional(events: gpd.GeoDataFrame) -> None:
    from dashboard.geo.reference import load_gazetteer

    gaz = load_gazetteer()
    exact = set(zip(gaz["latitude"].round(5), gaz["longitude"].round(5), strict=True))
    points = list(zip(events["latitude"].round(5), events["longitude"].round(5), strict=True))
    on_place = np.array([p in exact for p in points])
    precision = events["geo_precision"].to_numpy(dtype=int)
    assert on_place[precision == 1].all() and on_place[precision == 3].all()
    assert on_place[precision == 2].mean() < 0.01


def test_synth012_store_is_written_and_readable(reference: None, tmp_path: Path) -> None:
    messages: list[str] = []
    path = synth_store(300, tmp_path / "synth.parquet", seed=3, progress=messages.append)
    back = read_store(path)
    assert len(back) == 300 and back["event_id"].iloc[0] == "SYN-1"
    assert any("300" in m for m in messages)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left behind


def test_synth013_cli_command(reference: None, tmp_path: Path) -> None:
    from dashboard.cli import main

    store = tmp_path / "cli.parquet"
    assert main(["synth", "--events", "200", "--store", str(store), "--seed", "2"]) == 0
    assert len(read_store(store)) == 200
