"""Events -> facilities: by name (EN/UK/RU, case forms), by town + kind, by radius + kind; never a plain town hit."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from dashboard.energy.facilities import FacilityError, facilities_from_seed
from dashboard.energy.links import RADIUS_KM, link_events, with_links

HELDOUT = Path(__file__).parent / "data" / "energy" / "acled_energy_heldout.csv"
EXPECTED = Path(__file__).parent / "data" / "energy" / "acled_energy_heldout_expected.csv"


@pytest.fixture(scope="module")
def facilities() -> pd.DataFrame:
    return facilities_from_seed()


def _event(notes: str, location: str, lat: float, lon: float, precision: int = 1) -> dict:
    return {"notes": notes, "location": location, "latitude": lat, "longitude": lon, "geo_precision": precision}


# notes, location, lat, lon, geo_precision, expected facility ids
CASES = [
    # English, the town's coordinates 15 km from the refinery: linked by name
    (
        "Ukrainian drones hit the Novoshakhtinsk oil refinery, causing a fire.",
        "Novoshakhtinsk",
        47.895,
        39.933,
        2,
        ["REF-NOVOSHAKHTINSK"],
    ),
    ("A drone damaged a residential building in Novoshakhtinsk.", "Novoshakhtinsk", 47.760, 39.933, 1, []),
    # Ukrainian, case forms
    ("Дрони атакували НПЗ у Новошахтинську.", "Новошахтинськ", 47.76, 39.93, 1, ["REF-NOVOSHAKHTINSK"]),
    ("Дрони атакували нафтопереробний завод у Новошахтинську.", "", 47.76, 39.93, 1, ["REF-NOVOSHAKHTINSK"]),
    ("Ракетний удар по Трипільській ТЕС на Київщині.", "Українка", 50.143, 30.746, 1, ["WRI1005099"]),
    ("Росіяни вдарили по Дніпрогесу, пошкоджено машинний зал.", "Запоріжжя", 47.852, 35.117, 1, ["WRI1005120"]),
    ("Уламки дрона пошкодили приватні будинки в Українці.", "Українка", 50.143, 30.746, 1, []),
    # Russian
    ("Ракетный удар по Змиевской ТЭС в Харьковской области.", "Змиев", 49.697, 36.362, 1, ["WRI1005103"]),
    ("Беспилотники атаковали Афипский НПЗ в Краснодарском крае.", "Афипский", 44.900, 38.843, 1, ["REF-AFIPSKY"]),
    ("Обстрел Энергодара: повреждён жилой дом.", "Энергодар", 47.490, 34.662, 1, []),
    ("Обстрел Запорожской АЭС, повреждена ЛЭП.", "Энергодар", 47.490, 34.662, 1, ["WRI1005114"]),
    ("Беспилотник атаковал Нововоронежскую АЭС.", "Нововоронеж", 51.31, 39.21, 1, ["WRI1003775"]),
    # a named plant is the one hit, not another plant of its kind in the region's other town
    ("Удар по Каховской ГЭС в Запорожской области.", "Новая Каховка", 46.755, 33.35, 1, ["WRI1005118"]),
    # a region's adjective is not its capital: "Дніпропетровській" is not "Дніпро"
    ("Удар по ТЕС у Дніпропетровській області.", "", 47.91, 33.39, 1, []),
    # aliases people use
    ("Russian missiles hit DniproHES.", "Zaporizhzhia", 47.852, 35.117, 1, ["WRI1005120"]),
    ("Strike on the Trypillia TPP, Kyiv oblast.", "Ukrainka", 50.143, 30.746, 1, ["WRI1005099"]),
    ("Shelling damaged a power line at the Zaporizhzhia NPP.", "Enerhodar", 47.490, 34.662, 1, ["WRI1005114"]),
    ("A missile hit Kyiv's CHP-5.", "Kyiv", 50.450, 30.523, 1, ["WRI1005125"]),
    # kind without a name: the radius, which grows with geo_precision
    ("A thermal power plant was hit by missiles.", "Burshtyn", 49.252, 24.633, 1, ["WRI1005097"]),
    ("A thermal power plant was hit by missiles.", "Halych raion", 49.320, 24.760, 2, ["WRI1005097"]),
    ("A thermal power plant was hit by missiles.", "Halych raion", 49.320, 24.760, 1, []),
    # an oil depot by town + kind; the city's thermal plant is another kind
    ("Ukrainian helicopters struck an oil depot in Belgorod.", "Belgorod", 50.603, 36.581, 1, ["DEPOT-BELGOROD"]),
    ("Пожар на нефтебазе в Пролетарске после атаки БПЛА.", "Пролетарск", 46.702, 41.725, 1, ["DEPOT-PROLETARSK"]),
    # energy, but no listed facility of that kind: an energy event without a link
    ("Russian drones hit an electrical substation in Kharkiv.", "Kharkiv", 49.982, 36.255, 1, []),
    ("Energy infrastructure was hit in Burshtyn.", "Burshtyn", 49.252, 24.633, 1, []),
    # a residential strike in the refinery's town, and a namesake far away
    ("Russian missile hit a shopping centre in Kremenchuk.", "Kremenchuk", 49.063, 33.405, 1, []),
    ("A refinery in Saratov was hit.", "Saratov", 51.540, 45.990, 1, ["REF-SARATOV"]),
    ("A refinery near a village called Saratov was hit.", "Somewhere", 48.0, 30.0, 1, []),
]


@pytest.mark.parametrize(("notes", "location", "lat", "lon", "precision", "expected"), CASES)
def test_energy_link_table(
    facilities: pd.DataFrame, notes: str, location: str, lat: float, lon: float, precision: int, expected: list[str]
) -> None:
    events = pd.DataFrame([_event(notes, location, lat, lon, precision)])
    assert link_events(events, facilities)["facility_ids"].iloc[0] == expected


def test_link_keeps_its_evidence(facilities: pd.DataFrame) -> None:
    events = pd.DataFrame(
        [
            _event("Ukrainian drones hit the Novoshakhtinsk oil refinery.", "Novoshakhtinsk", 47.895, 39.933, 2),
            _event("A thermal power plant was hit by missiles.", "Halych raion", 49.22, 24.66, 1),
        ]
    )
    evidence = link_events(events, facilities)["facility_evidence"]
    assert evidence.iloc[0] == ["place 'Novoshakhtinsk' + 'oil refinery', 15.0 km"]
    assert evidence.iloc[1] == ["'thermal power plant' within 1.2 km (radius 5 km at geo_precision 1)"]


def test_radius_grows_with_geo_precision() -> None:
    assert RADIUS_KM[1] < RADIUS_KM[2] < RADIUS_KM[3]


def test_rows_not_about_energy_are_not_read(facilities: pd.DataFrame) -> None:
    events = pd.DataFrame(
        [_event("A thermal power plant was hit.", "Burshtyn", 49.252, 24.633) | {"infrastructure": ["residential"]}]
    )
    assert link_events(events, facilities)["facility_ids"].iloc[0] == []


def test_heldout_acled_rows_link_to_the_right_facility(tmp_path: Path, reference: None) -> None:
    """ACLED-codebook rows through the real importer: each energy strike links to its facility, the other
    strikes in the same towns to nothing."""
    from dashboard.ingest import import_file
    from dashboard.store import read_store

    store = tmp_path / "events.parquet"
    import_file(HELDOUT, fmt="acled", store=store, progress=None)
    events = with_links(read_store(store)).set_index("event_id")
    with EXPECTED.open(encoding="utf-8") as fh:
        expected = {row["event_id"]: [v for v in row["facility_ids"].split(";") if v] for row in csv.DictReader(fh)}
    assert {k: list(events.loc[k, "facility_ids"]) for k in expected} == expected
    assert sum(bool(v) for v in expected.values()) == 9


def test_every_facility_has_a_source_link(facilities: pd.DataFrame) -> None:
    assert facilities["source_url"].str.match(r"^https?://\S+$").all()
    assert facilities["facility_id"].is_unique


def test_facility_counts_and_kinds(facilities: pd.DataFrame) -> None:
    by_country = facilities.groupby("country").size().to_dict()
    assert by_country == {"RU": 39, "UA": 65}  # GPPD 1.3.0: 64 UA plants + Kremenchuk refinery
    refineries = set(facilities.loc[facilities["kind"] == "oil refinery", "name"].str.split().str[0])
    wanted = {"Novoshakhtinsk", "Tuapse", "Afipsky", "Ilsky", "Volgograd", "Ryazan", "Saratov", "Kremenchuk"}
    assert wanted <= refineries
    assert {"thermal/coal", "gas CHP", "hydro", "pumped storage", "nuclear"} <= set(facilities["kind"])


def test_bad_facility_row_names_file_line_and_reason(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parent.parent / "data" / "seed" / "facilities"
    for name in ("gppd_ua_ru_border.csv", "aliases.csv"):
        (tmp_path / name).write_text((seed / name).read_text(encoding="utf-8"), encoding="utf-8")
    curated = (seed / "curated.csv").read_text(encoding="utf-8").splitlines()
    curated[2] = curated[2].rsplit(",", 1)[0] + ","  # line 3 loses its source link
    (tmp_path / "curated.csv").write_text("\n".join(curated) + "\n", encoding="utf-8")
    with pytest.raises(FacilityError, match=r"curated\.csv, line 3: no source_url"):
        facilities_from_seed(tmp_path)


def test_column_and_one_text_give_the_same_energy_details() -> None:
    from dashboard.energy.links import energy_details, energy_details_many
    from tests.test_energy_subclass import CASES as SUBCLASS_CASES

    texts = [c[0] for c in CASES] + [c[0] for c in SUBCLASS_CASES] + ["", "no energy here"]
    assert energy_details_many(pd.Series(texts)) == [energy_details(t) for t in texts]
