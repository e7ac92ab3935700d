"""Energy sub-classes from notes in English, Ukrainian and Russian (through the importers' classifier)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.energy.subclass import energy_subclass, energy_subclasses
from dashboard.ingest.infrastructure import classify, classify_many

# text, detail in infrastructure_detail, sub-class
CASES = [
    # generation
    ("Russian missiles hit a thermal power plant in Kharkiv oblast", "thermal power plant", "generation"),
    ("Ракети влучили в ТЕС на Київщині", "thermal power plant", "generation"),
    ("Ракетный удар по ТЭС", "thermal power plant", "generation"),
    ("Shelling near the hydroelectric power plant dam damaged turbines", "hydroelectric power plant", "generation"),
    ("Удар по Дніпровській ГЕС", "hydroelectric power plant", "generation"),
    ("Атака на Каховскую ГЭС", "hydroelectric power plant", "generation"),
    ("Drone struck the nuclear power plant's training centre", "nuclear power plant", "generation"),
    ("Обстріл Запорізької АЕС", "nuclear power plant", "generation"),
    ("A drone hit a solar power plant in Zaporizhzhia oblast", "solar power plant", "generation"),
    ("Пошкоджено сонячну електростанцію", "solar power plant", "generation"),
    ("Повреждена солнечная электростанция", "solar power plant", "generation"),
    ("Shelling damaged a wind farm near Tiligul", "wind power plant", "generation"),
    ("Обстріл вітрової електростанції", "wind power plant", "generation"),
    ("Удар по ветряной электростанции", "wind power plant", "generation"),
    # grid
    ("Russian drones hit an electrical substation", "substation", "grid"),
    ("Дрон влучив у підстанцію", "substation", "grid"),
    ("Повреждена подстанция", "substation", "grid"),
    ("Shelling damaged a high-voltage power line", "power line", "grid"),
    ("Пошкоджено лінію електропередач", "power line", "grid"),
    ("Повреждена ЛЭП", "power line", "grid"),
    ("Strikes on the transmission lines", "power line", "grid"),
    # oil and gas
    ("Ukrainian drones hit an oil refinery", "oil refinery", "oil and gas"),
    ("Дрони атакували нафтопереробний завод", "oil refinery", "oil and gas"),
    ("Беспилотники атаковали НПЗ", "oil refinery", "oil and gas"),
    ("A fire broke out at an oil depot after a drone attack", "oil depot", "oil and gas"),
    ("Уражено нафтобазу", "oil depot", "oil and gas"),
    ("Пожар на нефтебазе", "oil depot", "oil and gas"),
    ("Missiles hit gas production facilities in Kharkiv oblast", "gas production", "oil and gas"),
    ("Атака на газодобувні об'єкти", "gas production", "oil and gas"),
    ("Удар по газовому месторождению", "gas production", "oil and gas"),
    ("A drone damaged a gas pipeline", "pipeline", "oil and gas"),
    ("Пошкоджено газопровід", "pipeline", "oil and gas"),
    # heating
    ("A missile hit a boiler house", "boiler house", "heating"),
    ("Влучання в котельню", "boiler house", "heating"),
    ("Повреждена котельная", "boiler house", "heating"),
    ("Russian missiles hit the CHP plant in Kharkiv", "combined heat and power plant", "heating"),
    ("Удар по ТЕЦ-5", "combined heat and power plant", "heating"),
    ("Атака на ТЭЦ", "combined heat and power plant", "heating"),
    # energy, but the notes do not say what was hit
    ("Energy infrastructure was damaged", "energy infrastructure", None),
    ("Після удару місто знеструмлене", "power supply", None),
]


def _energy_detail(text: str) -> str:
    result = classify(text)
    assert "energy" in result.infrastructure, text
    # the energy detail is the one at the energy category's position
    return result.detail.split("; ")[result.infrastructure.index("energy")]


@pytest.mark.parametrize(("text", "detail", "subclass"), CASES)
def test_energy_subclass_table(text: str, detail: str, subclass: str | None) -> None:
    assert _energy_detail(text) == detail
    assert energy_subclass(detail) == subclass


def test_the_importers_column_gives_the_same_subclasses() -> None:
    texts = pd.Series([text for text, _, _ in CASES])
    details = classify_many(texts)["infrastructure_detail"]
    expected = [s for _, _, s in CASES]
    assert energy_subclasses(details).fillna("-").tolist() == [s or "-" for s in expected]


def test_subclass_of_a_mixed_detail_and_of_nothing() -> None:
    assert energy_subclass("residential building; oil refinery") == "oil and gas"
    assert energy_subclass("residential building") is None
    assert energy_subclass(None) is None


def test_real_ucdp_candidate_events(tmp_path: Path, reference: None) -> None:
    """UCDP Candidate Events 26.0.5 (CC BY 4.0), every Ukraine and Russia record of the sample: the two strikes
    on gas sites are energy, oil and gas, and link to no listed facility; an "oil fleet" ship is not energy."""
    from dashboard.energy.links import with_links
    from dashboard.ingest import import_file
    from dashboard.store import read_store

    sample = Path(__file__).parent / "data" / "real" / "ucdp_candidate_v26_0_5_ua_ru_sample.csv"
    store = tmp_path / "events.parquet"
    import_file(sample, fmt="ucdp", store=store, progress=None)
    events = with_links(read_store(store))
    energy = events[events["infrastructure"].map(lambda v: "energy" in v)].set_index("event_id")
    assert energy["infrastructure_detail"].to_dict() == {
        "UCDP-630088": "gas production",  # "attacked a gas production facility in the Poltava region"
        "UCDP-630526": "gas facility",  # "hit ... a gas storage facility in temporarily occupied territories"
    }
    assert set(energy_subclasses(energy["infrastructure_detail"])) == {"oil and gas"}
    assert energy["facility_ids"].map(len).sum() == 0
