"""Keyword classes of what a strike hit: one table of cases, checked against both entry points."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.ingest.infrastructure import EXCLUDE, KEYWORDS, Classification, classify, classify_many
from dashboard.schema import INFRASTRUCTURE

# text, categories (vocabulary order), detail, power outage
CASES: list[tuple[str, list[str], str | None, bool]] = [
    # English: energy
    ("Storm Shadow missiles hit the Novoshakhtinsk oil refinery", ["energy"], "oil refinery", False),
    ("Drones struck two refineries in Krasnodar Krai", ["energy"], "oil refinery", False),
    ("shelling near the Zaporizhzhia nuclear power plant", ["energy"], "nuclear power plant", False),
    ("a missile hit the Trypilska TPP", ["energy"], "thermal power plant", False),
    ("the Kharkiv CHP-5 plant was damaged", ["energy"], "combined heat and power plant", False),
    ("a drone hit an electrical substation, causing a blackout", ["energy"], "substation", True),
    ("Russia targets the power grid", ["energy"], "power grid", False),
    ("a fire broke out at an oil depot", ["energy"], "oil depot", False),
    ("debris fell on a gas pipeline", ["energy"], "pipeline", False),
    (
        "drones damaged energy and port infrastructure in Odesa",
        ["energy", "port"],
        "energy infrastructure; port infrastructure",
        False,
    ),
    ("Drone attacks knocked out power in Mykolaiv", ["energy"], "power supply", True),
    ("leaving part of the city without power", ["energy"], "power supply", True),
    ("12,000 households were de-energized", ["energy"], "power supply", True),
    ("power was cut in parts of the region", ["energy"], "power supply", True),
    # English: port, transport, word boundaries
    ("a strike on a grain terminal in Izmail", ["port"], "grain terminal", False),
    ("the seaport of Pivdennyi was hit", ["port"], "seaport", False),
    ("a missile hit the harbour", ["port"], "port", False),
    ("the report did not say whether passport offices were hit", [], None, False),
    ("the airport was shelled", ["transport"], "airport", False),
    ("a bomb hit a busy road", ["transport"], "road", False),
    ("drones struck a railway station and a locomotive", ["transport"], "railway station", False),
    ("a drone hit a minibus", ["transport"], "bus", False),
    ("a drone hit a pumping station", ["water"], "pumping station", False),
    ("shelling damaged a gas station", ["commercial"], "gas station", False),
    # English: people's places
    ("a bomb hit a house", ["residential"], "house", False),
    ("a nine-storey apartment block was hit", ["residential"], "apartment building", False),
    ("a strike on a high-rise", ["residential"], "high-rise", False),
    ("a maternity hospital was damaged", ["health"], "maternity hospital", False),
    ("missiles hit a school and a kindergarten", ["education"], "kindergarten", False),
    ("a missile hit a hotel", ["commercial"], "restaurant/hotel", False),
    ("the central market was shelled", ["commercial"], "market", False),
    ("a glide bomb hit a shopping centre", ["commercial"], "shopping centre", False),
    # English: industry vs energy, military, water, telecom
    ("drones hit a power plant", ["energy"], "power plant", False),
    ("drones hit a chemical plant", ["industrial"], "plant", False),
    ("a warehouse burned", ["industrial"], "warehouse", False),
    ("an ammunition depot exploded", ["military"], "ammunition depot", False),
    ("drones attacked an airfield", ["military"], "airfield", False),
    ("Russia wants military support guarantees", [], None, False),
    ("the Kakhovka dam was destroyed", ["water"], "dam", False),
    ("a TV tower was hit", ["telecom"], "TV tower", False),
    ("the White House said the talks were constructive", [], None, False),
    ("energy markets and sanctions", [], None, False),
    # casualties in hospital are not a hospital hit; a hospital hit still is
    ("Two people were hospitalised after the attack", [], None, False),
    ("three were taken to a local hospital and one sought medical help", [], None, False),
    ("a missile hit a hospital; four were hospitalized", ["health"], "hospital", False),
    # Ukrainian
    ("Удар по НПЗ у Кременчуці", ["energy"], "oil refinery", False),
    ("Пошкоджено підстанцію, частина міста знеструмлена", ["energy"], "substation", True),
    ("Влучання в нафтобазу", ["energy"], "oil depot", False),
    ("Обстріл порту Одеси", ["port"], "port", False),
    ("Пошкоджено залізницю", ["transport"], "railway", False),
    ("Ракета влучила в лікарню", ["health"], "hospital", False),
    ("Пошкоджено школу та багатоповерхівку", ["residential", "education"], "high-rise; school", False),
    ("Місто без світла після атаки", ["energy"], "power supply", True),
    ("портрет президента", [], None, False),
    (
        "Атаковано об'єкти енергетики та портову інфраструктуру",
        ["energy", "port"],
        "energy infrastructure; port",
        False,
    ),
    ("Троє людей госпіталізовані, їх доставили до лікарні", [], None, False),
    # Russian
    ("Атака беспилотников на нефтебазу", ["energy"], "oil depot", False),
    ("Повреждена подстанция, обесточены дома", ["energy", "residential"], "substation; house", True),
    ("Удар по железной дороге", ["transport"], "railway", False),
    ("Пострадала больница", ["health"], "hospital", False),
    ("поврежден жилой дом", ["residential"], "residential building", False),
    ("Электростанция повреждена", ["energy"], "power plant", False),
    ("газета сообщает", [], None, False),
    ("Двое пострадавших госпитализированы, еще один обратился за медицинской помощью", [], None, False),
    ("", [], None, False),
    # Real reports (tests/data/news): a description of a place is no hit, and the phrasings reports use.
    ("civilian non-residential infrastructure was damaged", [], None, False),
    ("a city home to an important air base, was hit", [], None, False),
    ("drones attacked the Black Sea port of Odesa", [], None, False),
    ("the Russians carried out a strike on a five-story building", ["residential"], "high-rise", False),
    ("Пошкоджено дві школи", ["education"], "school", False),
    ("ще один удар - по закладу освіти", ["education"], "educational institution", False),
    ("уламки влучили у дорожнє покриття", ["transport"], "road", False),
    ("під ворожими ударами опинилася наша енергетика", ["energy"], "energy infrastructure", False),
    ("80% міста без світла", ["energy"], "power supply", True),
    ("Сумы и Сумской район частично обесточены", ["energy"], "power supply", True),
    ("без доступа к электричеству остались пять тысяч человек", ["energy"], "power supply", True),
    ("Усім абонентам відновили електропостачання", ["energy"], "power supply", True),
    ("дрон упав біля житлового будинку", [], None, False),
    ("без влучань у житлову забудову", [], None, False),
    ("працівника енергетичного підприємства поранено", ["energy"], "energy infrastructure", False),
    (
        "повреждены промобъект и подводящие газовые коммуникации",
        ["energy", "industrial"],
        "gas facility; industrial facility",
        False,
    ),
    ("двох людей госпіталізували до медичного закладу", [], None, False),
    ("пострадавшая доставлена в детскую областную больницу", [], None, False),
]


@pytest.mark.parametrize(("text", "categories", "detail", "outage"), CASES, ids=[c[0][:40] for c in CASES])
def test_inf001_classify(text: str, categories: list[str], detail: str | None, outage: bool) -> None:
    assert classify(text) == Classification(categories, detail, outage)


def test_inf002_classify_many_agrees_with_classify() -> None:
    texts = pd.Series([c[0] for c in CASES] + [None], index=range(100, 100 + len(CASES) + 1))
    out = classify_many(texts)
    assert list(out.columns) == ["infrastructure", "infrastructure_detail", "power_outage"]
    assert out.index.equals(texts.index)
    for text, (_, row) in zip(texts, out.iterrows(), strict=True):
        one = classify(text)
        assert row["infrastructure"] == one.infrastructure, text
        assert (None if pd.isna(row["infrastructure_detail"]) else row["infrastructure_detail"]) == one.detail, text
        assert bool(row["power_outage"]) == one.power_outage, text


def test_inf003_classify_many_dtypes_and_fresh_lists() -> None:
    texts = pd.Series(["a drone hit a school", "a drone hit a school", "nothing"], index=["a", "a", "b"])
    out = classify_many(texts)
    assert out["power_outage"].dtype == "boolean"
    assert out["infrastructure_detail"].dtype == "string"
    assert out["infrastructure"].iloc[0] == ["education"]
    assert out["infrastructure"].iloc[0] is not out["infrastructure"].iloc[1]  # rows never share a list
    assert out["infrastructure"].iloc[2] == []


def test_inf004_classify_many_empty_and_object_input() -> None:
    assert classify_many(pd.Series([], dtype=object)).empty
    out = classify_many(pd.Series(["oil depot", 3.5], dtype=object))
    assert out["infrastructure"].tolist() == [["energy"], []]


def test_inf005_table_covers_the_vocabulary() -> None:
    assert set(KEYWORDS) <= set(INFRASTRUCTURE)
    assert set(EXCLUDE) <= set(KEYWORDS)
    assert set(INFRASTRUCTURE) - set(KEYWORDS) == {"other"}  # "other" is for people, never for keywords
