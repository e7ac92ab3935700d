"""`facilities` and `export --facility` on stores built by the real pipeline and importer; the `facility` filter."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.filters import FilterError, FilterSpec, apply

HELDOUT = Path(__file__).parent / "data" / "energy" / "acled_energy_heldout.csv"
KEYS = [
    "facility_id",
    "name",
    "kind",
    "country",
    "admin1_code",
    "lat",
    "lon",
    "capacity_mw",
    "source_url",
    "hits",
    "first_hit",
    "last_hit",
    "event_ids",
]


@pytest.fixture(scope="module")
def heldout_store(reference: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dashboard.energy.facilities import build_facilities
    from dashboard.ingest import import_file

    build_facilities(progress=lambda _m: None)
    store = tmp_path_factory.mktemp("energy") / "events.parquet"
    import_file(HELDOUT, fmt="acled", store=store, progress=None)
    return store


def _facilities_json(store: Path, capsys: pytest.CaptureFixture, *filters: str) -> list[dict]:
    assert main(["facilities", "--json", "--store", str(store), *filters]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_seed_novoshakhtinsk_strike_links_to_the_refinery(seed_store: Path, capsys: pytest.CaptureFixture) -> None:
    rows = _facilities_json(seed_store, capsys)
    assert list(rows[0]) == KEYS
    assert rows[0]["facility_id"] == "REF-NOVOSHAKHTINSK"
    assert (rows[0]["hits"], rows[0]["event_ids"], rows[0]["first_hit"]) == (1, ["SEED-6"], "2025-12-26")
    assert rows[0]["admin1_code"] == "RU-ROS"
    assert sum(r["hits"] for r in rows) == 1  # the other seed strikes hit no listed facility
    assert all(r["source_url"].startswith("https://") for r in rows)


def test_facilities_most_hit_first_and_filtered(heldout_store: Path, capsys: pytest.CaptureFixture) -> None:
    rows = _facilities_json(heldout_store, capsys)
    hits = [r["hits"] for r in rows]
    assert hits == sorted(hits, reverse=True)
    assert sum(hits) == 9
    assert len(rows) == 104  # every facility, hit or not
    russia = _facilities_json(heldout_store, capsys, "--region", "RU")
    assert {r["facility_id"] for r in russia if r["hits"]} == {"REF-NOVOSHAKHTINSK", "REF-AFIPSKY"}


@pytest.mark.parametrize(
    ("facility", "expected"),
    [("REF-NOVOSHAKHTINSK", ["HO-1"]), ("WRI1005120", ["HO-6"]), ("WRI1005099", ["HO-3"]), ("WRI1005098", ["HO-10"])],
)
def test_export_facility_exports_exactly_the_linked_events(
    heldout_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture, facility: str, expected: list[str]
) -> None:
    out = tmp_path / "linked.csv"
    argv = ["export", "--store", str(heldout_store), "--format", "csv", "--out", str(out), "--facility", facility]
    assert main(argv) == 0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["event_id"] for r in rows] == expected
    assert all(r["facility_ids"] == facility and r["facility_evidence"] for r in rows)
    listed = {r["facility_id"]: r["event_ids"] for r in _facilities_json(heldout_store, capsys)}
    assert listed[facility] == expected  # the two commands agree


def test_unknown_facility_is_one_clear_error(
    heldout_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["export", "--store", str(heldout_store), "--format", "csv", "--out", str(tmp_path / "x.csv")]
    assert main([*argv, "--facility", "NO-SUCH"]) == 2
    assert "facility 'NO-SUCH' is not a facility id" in capsys.readouterr().err


def test_facility_in_the_url_round_trips_and_filters(heldout_store: Path) -> None:
    from dashboard.store import read_store

    spec = FilterSpec.from_query("facility=REF-AFIPSKY,REF-KREMENCHUK&region=RU")
    assert spec.facilities == ("REF-AFIPSKY", "REF-KREMENCHUK")
    assert FilterSpec.from_query(spec.to_query()) == spec
    assert apply(read_store(heldout_store), spec)["event_id"].tolist() == ["HO-13"]
    with pytest.raises(FilterError, match="facility"):
        FilterSpec.from_query("facility=NOPE")


def test_facilities_hxl_for_hdx(heldout_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "facilities_hxl.csv"
    assert main(["facilities", "--store", str(heldout_store), "--hxl", str(out)]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert table.columns.tolist() == KEYS
    assert table.iloc[0]["facility_id"] == "#loc+id" and table.iloc[0]["lat"] == "#geo+lat"
    assert len(table) == 105  # the HXL tag row and every facility
    assert table.iloc[1]["hits"] == "1" and table.iloc[1]["event_ids"]
