"""Ukrainian and Russian reports -> candidate events, with the real geocoder (Cyrillic names, oblique cases)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dashboard.extract.extract import Candidate, detect_language, extract_events
from dashboard.extract.patterns import LANGUAGES
from dashboard.extract.review import suggest_event_date

DATA = Path(__file__).parent / "data"
UK_TEXT = (DATA / "report_uk.txt").read_text(encoding="utf-8")
RU_TEXT = (DATA / "report_ru.txt").read_text(encoding="utf-8")
RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"

pytestmark = pytest.mark.slow  # the real geocoder; the first run builds the reference data if it is missing


@pytest.fixture(scope="module")
def geocoder(reference: None) -> Any:
    from dashboard.geo.geocode import get_geocoder

    return get_geocoder()


def by_place(cands: list[Candidate]) -> dict[str, Candidate]:
    return {c.place: c for c in cands}


def one(text: str, geocoder: Any) -> Candidate:
    cands = extract_events(text, geocoder)
    assert len(cands) == 1, [c.place for c in cands]
    return cands[0]


# -- the two reports ---------------------------------------------------------------------------------------


def test_lang001_ukrainian_report(geocoder: Any) -> None:
    cands = extract_events(UK_TEXT, geocoder)
    # Places by the gazetteer's names, as the store has them; the text's forms are in the evidence.
    # Kyiv is only where the government met ("у Києві на засіданні уряду"): not a strike.
    assert [c.place for c in cands] == ["Kharkiv", "Odesa", "Zaporizhzhia", "Kryvyi Rih"]
    c = by_place(cands)
    assert {p: c[p].admin1_code for p in c} == {
        "Kharkiv": "UA-63",
        "Odesa": "UA-51",
        "Zaporizhzhia": "UA-23",
        "Kryvyi Rih": "UA-12",
    }
    assert {p: (c[p].killed, c[p].injured) for p in c} == {
        "Kharkiv": (2, 7),
        "Odesa": (1, 3),  # "троє людей були госпіталізовані"
        "Zaporizhzhia": (None, 5),
        "Kryvyi Rih": (1, 4),  # "Загинув чоловік": the bare noun is one person
    }
    assert {p: c[p].weapon for p in c} == {
        "Kharkiv": "drone",
        "Odesa": "Shahed drone",
        "Zaporizhzhia": "guided aerial bomb",
        "Kryvyi Rih": "ballistic missile",
    }
    assert c["Kharkiv"].infrastructure == ["residential"] and c["Kharkiv"].actor == RUSSIA
    assert c["Odesa"].infrastructure == ["energy", "port"]  # not "health" from "госпіталізовані"
    assert c["Zaporizhzhia"].infrastructure_detail == "substation" and c["Zaporizhzhia"].actor == RUSSIA
    assert c["Kryvyi Rih"].infrastructure == ["transport"]
    assert c["Kharkiv"].reported_by == "мер Ігор Терехов"
    assert c["Odesa"].reported_by == "начальник Одеської ОВА Олег Кіпер"
    assert c["Odesa"].sub_event_type == "Air/drone strike"
    assert c["Kryvyi Rih"].sub_event_type == "Shelling/artillery/missile attack"
    for cand in cands:
        assert cand.geo_precision == 1 and 0.5 <= cand.confidence <= 1.0
    assert [c.evidence[slice(*(c.evidence_span or (0, 0)))] for c in cands] == [
        "Харкові",  # the first sentence naming it alone, as written
        "Одесі",
        "Запоріжжю",
        "Кривому Розі",
    ]
    assert suggest_event_date(UK_TEXT, date(2026, 1, 1)) == date(2025, 11, 15)


def test_lang002_russian_report(geocoder: Any) -> None:
    cands = extract_events(RU_TEXT, geocoder)
    # Kyiv is only where the ministry briefed ("в Киеве на брифинге"): not a strike.
    assert [c.place for c in cands] == ["Kharkiv", "Sumy", "Belgorod", "Kramatorsk"]
    c = by_place(cands)
    assert {p: c[p].admin1_code for p in c} == {
        "Kharkiv": "UA-63",
        "Sumy": "UA-59",
        "Belgorod": "RU-BEL",
        "Kramatorsk": "UA-14",
    }
    assert {p: (c[p].killed, c[p].injured) for p in c} == {
        "Kharkiv": (3, 12),
        "Sumy": (None, 2),
        "Belgorod": (0, 0),  # "никто не пострадал": nobody hurt, so nobody killed (as "no casualties")
        "Kramatorsk": (1, 5),  # "Погибла женщина, пятеро человек госпитализированы"
    }
    assert {p: c[p].weapon for p in c} == {
        "Kharkiv": "ballistic missile",
        "Sumy": "drone",
        "Belgorod": "drone",
        "Kramatorsk": "guided aerial bomb",
    }
    assert c["Kharkiv"].actor == RUSSIA and c["Belgorod"].actor == UKRAINE
    assert c["Sumy"].power_outage is True and c["Sumy"].infrastructure_detail == "substation"
    assert c["Belgorod"].infrastructure_detail == "power line"
    assert c["Kramatorsk"].infrastructure == []  # "госпитализированы" is no hospital that was hit
    assert c["Kharkiv"].reported_by == "мэр Игорь Терехов"
    assert c["Belgorod"].reported_by == "губернатор Вячеслав Гладков"
    assert suggest_event_date(RU_TEXT, date(2026, 1, 1)) == date(2025, 11, 20)


def test_lang003_language_is_read_from_the_text() -> None:
    assert detect_language(UK_TEXT) == "uk"
    assert detect_language(RU_TEXT) == "ru"
    assert detect_language("Drones hit Kharkiv (Харків) overnight, officials said.") == "en"
    assert set(LANGUAGES) == {"en", "uk", "ru"}


# -- place names in oblique cases --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "place", "code", "precision"),
    [
        ("у Харкові", "Kharkiv", "UA-63", 1),
        ("в Одесі", "Odesa", "UA-51", 1),
        ("в Запоріжжі", "Zaporizhzhia", "UA-23", 1),
        ("у Києві", "Kyiv", "UA-30", 1),
        ("у Львові", "Lviv", "UA-46", 1),
        ("у Дніпрі", "Dnipro", "UA-12", 1),
        ("в Умані", "Uman", "UA-71", 1),
        ("у Херсоні", "Kherson", "UA-65", 1),
        ("у Сумах", "Sumy", "UA-59", 1),
        ("у Миколаєві", "Mykolaiv", "UA-48", 1),
        ("у Вінниці", "Vinnytsia", "UA-05", 1),
        ("у Кременчуці", "Kremenchuk", "UA-53", 1),
        ("у Кривому Розі", "Kryvyi Rih", "UA-12", 1),
        ("у Покровську", "Pokrovsk", "UA-14", 1),
        ("біля Херсона", "Kherson", "UA-65", 1),
        ("на Харківщині", "Kharkiv region", "UA-63", 3),
        ("у Харківській області", "Kharkiv region", "UA-63", 3),
        ("у Бєлгородській області", "Belgorod region", "RU-BEL", 3),
    ],
)
def test_lang010_ukrainian_locatives(geocoder: Any, where: str, place: str, code: str, precision: int) -> None:
    cand = one(f"Уночі {where} пролунали вибухи.", geocoder)
    assert (cand.place, cand.admin1_code, cand.geo_precision) == (place, code, precision)


@pytest.mark.parametrize(
    ("where", "place", "code", "precision"),
    [
        ("в Харькове", "Kharkiv", "UA-63", 1),
        ("в Одессе", "Odesa", "UA-51", 1),
        ("в Запорожье", "Zaporizhzhia", "UA-23", 1),
        ("в Москве", "Moscow", "RU-MOW", 1),
        ("в Курске", "Kursk", "RU-KRS", 1),  # not the Crimean village the gazetteer also calls "Курске"
        ("в Днепре", "Dnipro", "UA-12", 1),
        ("в Николаеве", "Mykolaiv", "UA-48", 1),
        ("в Сумах", "Sumy", "UA-59", 1),
        ("в Кривом Роге", "Kryvyi Rih", "UA-12", 1),
        ("в Туапсе", "Tuapse", "RU-KDA", 1),
        ("в Донецке", "Donetsk", "UA-14", 1),
        ("в Белгородской области", "Belgorod region", "RU-BEL", 3),
    ],
)
def test_lang011_russian_locatives(geocoder: Any, where: str, place: str, code: str, precision: int) -> None:
    cand = one(f"Ночью {where} прогремели взрывы.", geocoder)
    assert (cand.place, cand.admin1_code, cand.geo_precision) == (place, code, precision)


def test_lang012_places_in_a_list_after_a_strike_word(geocoder: Any) -> None:
    cands = extract_events("Росія вдарила по Харкову, Одесі та Запоріжжю.", geocoder)
    assert [c.place for c in cands] == ["Kharkiv", "Odesa", "Zaporizhzhia"]
    cands = extract_events("Россия нанесла удары по Харькову, Сумам и Белгороду.", geocoder)
    assert [c.place for c in cands] == ["Kharkiv", "Sumy", "Belgorod"]
    # Region adjectives sharing one region word: regions, not the village "Курская" in Stavropol.
    cands = extract_events("Беспилотники атаковали Брянскую, Курскую и Белгородскую области.", geocoder)
    assert [(c.place, c.geo_precision) for c in cands] == [
        ("Bryansk region", 3),
        ("Kursk region", 3),
        ("Belgorod region", 3),
    ]


def test_lang013_a_town_and_its_region_and_a_facility(geocoder: Any) -> None:
    cand = one("Сили оборони уразили НПЗ у Новошахтинську Ростовської області, повідомив Генштаб ЗСУ.", geocoder)
    assert (cand.place, cand.admin1_code, cand.geo_precision) == ("Novoshakhtinsk", "RU-ROS", 2)
    assert cand.infrastructure_detail == "oil refinery" and cand.actor == UKRAINE
    assert cand.reported_by == "Генштаб ЗСУ"


@pytest.mark.parametrize(
    ("text", "place", "precision", "killed", "injured"),
    [
        (
            "Начальник Харківської ОВА Олег Синєгубов повідомив, що дрон влучив у багатоповерхівку в Салтівському"
            " районі Харкова. Поранено шістьох людей.",
            "Kharkiv",  # the district's town, in the genitive; "Харківської ОВА" is the reporter's office
            1,
            None,
            6,
        ),
        ("Ракета попала в жилой дом в Киевском районе Одессы, погибли три человека.", "Odesa", 1, 3, None),
        ("Внаслідок удару по Одещині загинула жінка.", "Odesa region", 3, 1, None),
        ("В Туапсе после атаки беспилотников загорелся терминал, пострадавших нет.", "Tuapse", 1, 0, 0),
    ],
)
def test_lang014_districts_regions_and_reports(
    geocoder: Any, text: str, place: str, precision: int, killed: int | None, injured: int | None
) -> None:
    cand = one(text, geocoder)
    assert (cand.place, cand.geo_precision, cand.killed, cand.injured) == (place, precision, killed, injured)


# -- counts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "killed", "injured"),
    [
        ("загинули двоє людей, ще троє поранені", 2, 3),
        ("троє людей загинули", 3, None),
        ("загинуло 5 осіб", 5, None),
        ("поранено 12 людей", None, 12),
        ("12 людей поранено", None, 12),
        ("загинула жінка, поранено дитину", 1, 1),
        ("загинула 65-річна жінка", 1, None),  # an age, not a count
        ("постраждали четверо", None, 4),
        ("п'ятеро людей були госпіталізовані", None, 5),
        ("шестеро людей звернулися по медичну допомогу", None, 6),
        ("обійшлося без жертв", 0, None),
        ("ніхто не постраждав", 0, 0),
        ("загинули щонайменше семеро, поранено вісьмох", 7, 8),
        ("загинули десятеро людей, дев'ятеро дістали поранення", 10, 9),
        ("кількість загиблих зросла до 14", 14, None),
        ("поранено кілька людей", None, 3),
        ("пошкоджено 20 будинків", None, None),
    ],
)
def test_lang020_ukrainian_counts(geocoder: Any, clause: str, killed: int | None, injured: int | None) -> None:
    cand = one(f"Уночі дрон влучив у будинок у Харкові, {clause}.", geocoder)
    assert (cand.killed, cand.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("clause", "killed", "injured"),
    [
        ("погибли двое, трое ранены", 2, 3),
        ("погиб один человек", 1, None),
        ("погибла женщина", 1, None),
        ("погиб 40-летний мужчина, пострадавших нет", 1, 0),
        ("ранены 7 человек", None, 7),
        ("7 человек пострадали", None, 7),
        ("пострадали несколько человек", None, 3),
        ("четверо госпитализированы", None, 4),
        ("пятеро обратились за медицинской помощью", None, 5),
        ("обошлось без пострадавших", 0, 0),
        ("никто не пострадал", 0, 0),
        ("число погибших возросло до 6", 6, None),
        ("погибли десять человек, девять человек получили ранения", 10, 9),
        ("по меньшей мере восемь человек погибли", 8, None),
        ("повреждены 20 домов", None, None),
    ],
)
def test_lang021_russian_counts(geocoder: Any, clause: str, killed: int | None, injured: int | None) -> None:
    cand = one(f"Ночью дрон попал в дом в Харькове, {clause}.", geocoder)
    assert (cand.killed, cand.injured) == (killed, injured)


# -- weapons ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        ("Уночі шахеди атакували Харків.", "Shahed drone"),
        ("Уночі ворожі БпЛА атакували Харків.", "drone"),
        ("Уночі дрони атакували Харків.", "drone"),
        ("Росія завдала ракетного удару по Харкову.", "missile"),
        ("Балістична ракета влучила у Харків.", "ballistic missile"),
        ("Окупанти скинули КАБ на Харків.", "guided aerial bomb"),
        ("Ворог обстріляв Херсон з артилерії.", "artillery"),
        ("Ночью беспилотники атаковали Харьков.", "drone"),
        ("Ночью «Шахеды» атаковали Харьков.", "Shahed drone"),
        ("Крылатые ракеты попали в Харьков.", "cruise missile"),
        ("ВСУ нанесли удар ракетами ATACMS по Белгороду.", "ATACMS missile"),
    ],
)
def test_lang030_weapons(geocoder: Any, text: str, weapon: str) -> None:
    assert one(text, geocoder).weapon == weapon


# -- what is not a strike --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "У Києві президент заявив, що Росія продовжує атакувати енергетику.",
        "Тим часом у Києві на засіданні уряду обговорили наслідки атак.",
        "В Киеве в МИД заявили, что удары по энергетике недопустимы.",
        "Крім того, дрони збили над морем.",  # "Крім" is no Crimea, "Тим" no village
        "Тим часом сили ППО збили дві ракети.",
        "Якщо ракети влучать у Харків, місто залишиться без світла.",
        "Если ракеты попадут в Харьков, город останется без света.",
    ],
)
def test_lang040_no_false_places(geocoder: Any, text: str) -> None:
    assert extract_events(text, geocoder) == []


def test_lang041_a_strike_on_the_capital_still_counts(geocoder: Any) -> None:
    cand = one("У Києві уламки дрона пошкодили будинок, повідомив мер Віталій Кличко.", geocoder)
    assert (cand.place, cand.admin1_code, cand.reported_by) == ("Kyiv", "UA-30", "мер Віталій Кличко")
    assert extract_events("In Kyiv, Zelensky said Russia keeps attacking the grid.", geocoder) == []
    assert [c.place for c in extract_events("In Kyiv, a drone hit a house, the mayor said.", geocoder)] == ["Kyiv"]
