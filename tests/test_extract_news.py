"""Events from real published reports (tests/data/news), coded by hand in expected.csv, and the phrasings of
issue 15, with the real geocoder.

The corpus was collected in rounds: each round's reports were coded before the extractor ran on them and
measured once as held-out. Rounds 9 and 10 (split ``heldout``) were then worked on, so they are no longer
unseen; rounds 11 and 12 (splits ``heldout-11``, ``heldout-12``) were coded and committed before their first
measurement (round 11 has since been worked on too). The thresholds
below are the figures measured when this was written (README, "Measured on real reports"): they guard against
regressions, they are not the issue's goal (9 of 10 right), which no held-out part reaches yet.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from bench.extract_quality import CODED_DIR, NEWS_DIR, corpus_present, load_expected, read_report, score
from dashboard.extract import candidates_to_events, extract_events
from dashboard.extract.districts import city_district

pytestmark = pytest.mark.slow  # the real geocoder
# The reports' texts are published articles, kept in a local corpus, not in the repository (bench.extract_quality).
needs_corpus = pytest.mark.skipif(
    not corpus_present(), reason=f"the news corpus is not in {NEWS_DIR} (see tests/data/news/sources.csv)"
)


@pytest.fixture(scope="module")
def geocoder(reference: None) -> Any:
    from dashboard.geo.geocode import get_geocoder

    return get_geocoder()


# -- the corpus ----------------------------------------------------------------------------------------------


def test_news001_corpus_is_real_sourced_and_coded() -> None:
    table = load_expected()
    with (CODED_DIR / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = {row["file"]: row for row in csv.DictReader(handle)}
    files = sorted(sources)
    assert sorted({e.file for e in table}) == files  # every report is coded and its publication named
    assert all(row["url"].startswith(("http://", "https://")) and row["outlet"] for row in sources.values())
    if corpus_present():
        assert sorted(str(p.relative_to(NEWS_DIR)) for p in NEWS_DIR.glob("*/*.txt")) == files
    by_lang = {lang: {e.file for e in table if e.file.startswith(lang + "/")} for lang in ("en", "uk", "ru")}
    assert {lang: len(v) for lang, v in by_lang.items()} == {"en": 57, "uk": 64, "ru": 57}
    assert sum(1 for e in table if e.places) == 245
    assert {e.split for e in table} == {"dev", "heldout", "heldout-11", "heldout-12"}


def test_news002_bad_table_row_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "expected.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "split", "place", "admin1_code", "killed", "injured", "weapon", "infrastructure",
                         "power_outage"])  # fmt: skip
        writer.writerow(["a.txt", "dev", "Kyiv", "UA-30", "two", "", "", "", "false"])
    (tmp_path / "a.txt").write_text("# source: http://x\ntext\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"expected\.csv, line 2: 'two' is not a whole number"):
        load_expected(path)


@needs_corpus
def test_news003_development_reports(geocoder: Any) -> None:
    result = score("dev", geocoder)
    assert result.events == 124
    assert result.events_right >= 105, result.errors
    assert len(result.false_events) <= 2, result.false_events
    assert result.duplicates == []


@needs_corpus
def test_news004_heldout_reports(geocoder: Any) -> None:
    result = score("heldout", geocoder)
    assert result.events == 68
    assert result.events_right >= 55, result.errors
    assert len(result.false_events) <= 1, result.false_events
    assert result.duplicates == []


@needs_corpus
def test_news006_round_11_reports(geocoder: Any) -> None:
    # Measured once before any rule saw it: 12 of 29 right, 5 false; these are the figures after the fixes its
    # first measurement showed (sentence-start words "Машина", "Мирный"; datelines; count phrasings).
    # Then 20 of 29, no false event, with the rules written on round 11's errors before round 12 was measured
    # (asides inside a count, where the wounded were taken, a region's day after a village, "дрон сбили над").
    result = score("heldout-11", geocoder)
    assert result.events == 29
    assert result.events_right >= 20, result.errors
    assert len(result.false_events) == 0, result.false_events
    assert result.duplicates == []


@needs_corpus
def test_news007_round_12_reports(geocoder: Any) -> None:
    # Coded and committed before the extractor first ran on it; measured with the code before round 12's rules
    # and once with them: 14 of 24 right, 4 false both times (README). A floor against regressions.
    result = score("heldout-12", geocoder)
    assert result.events == 24
    assert result.events_right >= 14, result.errors
    assert len(result.false_events) <= 4, result.false_events
    assert result.duplicates == []


@needs_corpus
def test_news005_one_event_per_place_and_the_district_in_the_location(geocoder: Any) -> None:
    # Headline, lead and body about one strike on Kharkiv; the district is where in Kharkiv.
    cands = extract_events(read_report("en/unn-kharkiv-saltivskyi-highrise.txt"), geocoder)
    assert [(c.place, c.admin1_code, c.injured, c.weapon, c.infrastructure) for c in cands] == [
        ("Kharkiv", "UA-63", 2, "drone", ["residential"])
    ]
    events = candidates_to_events(cands, "2025-01-01", source="UNN")
    assert events.loc[0, "location"] == "Kharkiv, Saltivskyi district"


# -- the phrasings of issue 15 -------------------------------------------------------------------------------


def one(text: str, geocoder: Any) -> Any:
    cands = extract_events(text, geocoder)
    assert len(cands) == 1, [(c.place, c.admin1_code) for c in cands]
    return cands[0]


def test_news010_descriptions_of_a_place_are_no_hits(geocoder: Any) -> None:
    cand = one(
        "Russian drones hit Starokostiantyniv, a city home to an important air base, overnight, the regional "
        "governor said. Civilian non-residential infrastructure was damaged.",
        geocoder,
    )
    assert (cand.place, cand.infrastructure) == ("Starokostiantyniv", [])
    cand = one("Russian missiles struck the Black Sea port of Odesa overnight, damaging a high-rise.", geocoder)
    assert (cand.place, cand.infrastructure) == ("Odesa", ["residential"])


def test_news011_headline_lead_and_a_count_in_the_next_sentence(geocoder: Any) -> None:
    text = (
        "Russian missile strike on Odesa damages apartment block\n\n"
        "Russian missiles struck Odesa overnight, damaging an apartment block, Governor Oleh Kiper said.\n"
        "The attack injured one child."
    )
    cand = one(text, geocoder)
    assert (cand.place, cand.injured, cand.weapon, cand.infrastructure) == ("Odesa", 1, "missile", ["residential"])


def test_news012_ukrainian_report_as_local_news_phrase_it(geocoder: Any) -> None:
    cand = one(
        "Вночі ворог завдав удару по Харкову. Під ворожими ударами опинилася наша енергетика, 80% міста без "
        "світла. Двоє людей зазнали поранень. Пошкоджено дві школи. Також уламки влучили у дорожнє покриття.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.injured) == ("Kharkiv", "UA-63", 2)
    assert cand.infrastructure == ["energy", "transport", "education"] and cand.power_outage is True
    assert cand.weapon is None  # "завдав удару" names no weapon


def test_news013_a_city_district_is_the_city(geocoder: Any) -> None:
    cand = one(
        "Синєгубов розповів, що минулої доби армія РФ атакувала Київський район Харкова. Двоє людей отримали "
        "поранення, ще троє госпіталізовані.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.district, cand.injured) == ("Kharkiv", "UA-63", "Kyivskyi district", 5)
    cand = one("Ракета попала в жилой дом в Киевском районе Одессы, погибли три человека.", geocoder)
    assert (cand.place, cand.district, cand.killed) == ("Odesa", "Kyivskyi district", 3)


def test_news014_russian_outage_and_no_casualties(geocoder: Any) -> None:
    cand = one(
        "Вражеский беспилотник атаковал объект энергетической инфраструктуры в Курском районе. Без доступа к "
        "электричеству остались пять тысяч человек. Пострадавших нет.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.weapon) == ("Kursk", "RU-KRS", "drone")
    assert cand.power_outage is True and (cand.killed, cand.injured) == (0, 0)


def test_news016_english_wire_names_a_russian_region_by_its_capital(geocoder: Any) -> None:
    # "Belgorod border region" is the region; the village the drone hit carries the region's figures.
    cand = one(
        "One civilian was killed in a Ukrainian drone strike on a village in Russia's Belgorod region, the governor "
        "said. Russia's Belgorod border region has come under regular Ukrainian drone attacks.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.geo_precision, cand.killed, cand.weapon) == (
        "Belgorod region", "RU-BEL", 3, 1, "drone"
    )  # fmt: skip
    cand = one(
        "Ukrainian drone attack kills one in Belgorod, governor says\n"
        "A Ukrainian drone attack killed one person in southern Russia's Belgorod region, the regional governor "
        "said. The drone hit the village of Novaya Naumovka, just inside the border.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.killed, cand.weapon) == ("Novaya Naumovka", "RU-BEL", 1, "drone")


def test_news017_shot_down_weapon_outage_and_nobody_hurt_in_russian(geocoder: Any) -> None:
    # The drones air defence downed over the district are what damaged it; "отключилось электричество" is a cut.
    cand = one(
        "В ночь на среду над Белгородским районом ПВО сбили семь украинских беспилотников. В Белгородском районе "
        "повреждена кровля жилого дома, пострадавших не было. В одном из поселков отключилось электричество.",
        geocoder,
    )
    assert (cand.place, cand.weapon, cand.killed, cand.injured, cand.power_outage) == ("Belgorod", "drone", 0, 0, True)


def test_news018_hromadas_by_their_adjective(geocoder: Any) -> None:
    # A compound adjective ("Новослобідська" of Нова Слобода) in the report's region, not a namesake elsewhere.
    cand = one(
        "Протягом доби російські загарбники масовано атакували Сумщину. Уночі внаслідок атаки дрона на цивільний "
        "автомобіль у Новослобідській громаді загинула людина, ще двоє – поранені.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.killed, cand.injured, cand.weapon) == (
        "Nova Sloboda",
        "UA-59",
        1,
        2,
        "drone",
    )
    # A town listed with the hromadas around it: each hromada is an event at its centre, the damage that follows
    # is the town's.
    cands = extract_events(
        "Агресор бив по Нікопольщині артилерією. Поцілив по Нікополю, Марганецькій та Покровській громадах. "
        "Пошкоджені 7 приватних осель.",
        geocoder,
    )
    assert [(c.place, c.admin1_code, c.infrastructure) for c in cands] == [
        ("Nikopol", "UA-12", ["residential"]),
        ("Marhanets", "UA-12", []),
        ("Pokrov", "UA-12", []),
    ]


def test_news023_ordinary_words_at_a_sentence_start_are_no_places(geocoder: Any) -> None:
    # "Машина" and "Мирный" are in the gazetteer (Mashyna, Mirnyy), but here a car and a civilian; a village
    # with its okrug's adjective is not the namesake in another region (Murom, Vladimir).
    cand = one(
        "В селе Муром Шебекинского округа беспилотник ударил по движущемуся легковому автомобилю. От полученных "
        "травм мужчина скончался на месте. Машина уничтожена огнем.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.geo_precision, cand.killed) == ("Murom", "RU-BEL", 3, 1)
    cand = one(
        "Москва. 25 февраля. INTERFAX.RU - Мирный житель погиб при атаке дрона в селе Марково Глушковского района "
        "Курской области.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.killed, cand.weapon) == ("Markovo", "RU-KRS", 1, "drone")


def test_news024_counts_as_reports_phrase_them(geocoder: Any) -> None:
    cand = one(
        "Russian troops have struck Mykolaiv with a ballistic missile. Kim later reported that six people are known "
        "to have been injured, including one person in critical condition.",
        geocoder,
    )
    assert (cand.place, cand.injured) == ("Mykolaiv", 6)
    cand = one(
        "Вранці у Херсонській області російські загарбники атакували автомобіль швидкої допомоги з безпілотника. "
        "Постраждали фельдшер і водій.",
        geocoder,
    )
    assert (cand.admin1_code, cand.injured, cand.weapon) == ("UA-65", 2, "drone")
    # "no information on casualties" is no zero; "no dead or injured" is
    cand = one(
        "Уламки дрона пошкодили будинок у Кременчуцькому районі. Жертв та постраждалих внаслідок інциденту немає.",
        geocoder,
    )
    assert (cand.place, cand.killed, cand.injured) == ("Kremenchuk", 0, 0)
    cand = one("Уламки дрона пошкодили будинок у Кременчуцькому районі. Інформації щодо постраждалих немає.", geocoder)
    assert (cand.place, cand.killed, cand.injured) == ("Kremenchuk", None, None)


def test_news019_regions_attacked_earlier_are_no_events(geocoder: Any) -> None:
    cand = one(
        "В селе Заолешенка Суджанского района Курской области дрон атаковал частный дом, пострадал мужчина. "
        "Ранее URA.RU сообщало об атаках беспилотников на Ставрополье, Ростовскую, Ульяновскую область и Татарстан.",
        geocoder,
    )
    assert (cand.place, cand.admin1_code, cand.injured) == ("Zaoleshenka", "RU-KRS", 1)


@needs_corpus
def test_news015_no_place_for_warnings_shootdowns_or_villages_elsewhere(geocoder: Any) -> None:
    # Air defence over towns, a warning of a missile: no place was hit.
    assert extract_events(read_report("ru/ria-lipetsk-podavleny.txt"), geocoder) == []
    # "в селе Отрадное": the gazetteer's only Otradnoye is near St Petersburg, the report is about Belgorod:
    # the village stands at the Belgorod region's point (geo_precision 3), not near St Petersburg.
    cands = extract_events(read_report("ru/gazeta-belgorod-otradnoe-grayvoron.txt"), geocoder)
    assert [(c.place, c.admin1_code, c.geo_precision) for c in cands] == [
        ("Otradnoye", "RU-BEL", 3),
        ("Grayvoron", "RU-BEL", 1),
    ]


# -- districts, as data ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "report", "district"),
    [
        ("Салтівському", "", ("Saltivskyi district", "Kharkiv")),
        ("Saltovsky", "", ("Saltivskyi district", "Kharkiv")),
        ("Desnianskyi", "", ("Desnianskyi district", "Kyiv")),
        ("Київський", "атакувала Київський район Харкова", ("Kyivskyi district", "Kharkiv")),
        ("Kyivskyi", "drones hit the Kyivskyi district of Odesa", ("Kyivskyi district", "Odesa")),
        ("Kyivskyi", "the Kyivskyi district", None),  # several cities have one, the report names none
        ("Київській", "у Київській області", None),  # the region's adjective; Kyiv itself is not named
    ],
)
def test_news020_city_district(word: str, report: str, district: tuple[str, str] | None) -> None:
    found = city_district(word, report)
    assert (found.name, found.city) == district if district else found is None


def test_news021_a_district_only_before_a_district_word(geocoder: Any) -> None:
    # "Покровськ" starts like Kryvyi Rih's Pokrovskyi district; without "район" it is the town.
    cand = one("Вночі ворог атакував дронами Покровськ, поранено двох людей.", geocoder)
    assert (cand.place, cand.admin1_code, cand.district, cand.injured) == ("Pokrovsk", "UA-14", None, 2)


@needs_corpus
def test_news022_places_left_out_are_named(geocoder: Any) -> None:
    not_placed: list[str] = []
    extract_events(read_report("ru/gazeta-belgorod-otradnoe-grayvoron.txt"), geocoder, not_placed=not_placed)
    assert not_placed == [
        "Отрадное: the gazetteer's Otradnoye is in Leningrad (RU-LEN); placed at the point of the report's region"
        " Belgorod (RU-BEL), geo_precision 3"
    ]
    not_placed.clear()
    extract_events(read_report("ru/newsru-dragunskoe.txt"), geocoder, not_placed=not_placed)
    assert not_placed == [
        "Драгунское: a village the gazetteer does not know, placed at the point of its region Belgorod (RU-BEL),"
        " geo_precision 3"
    ]


def test_news023_asides_hospitals_and_a_regions_day(geocoder: Any) -> None:
    # A participle clause inside the count; "N people and a woman"; "driver and seven passengers".
    cand = one(
        "В Шебекино FPV-дрон атаковал легковой автомобиль. Два человека, находившиеся в машине, получили ранения.",
        geocoder,
    )
    assert (cand.place, cand.injured) == ("Shebekino", 2)
    cand = one("В Шебекино после атаки дрона пострадали двое мужчин и женщина.", geocoder)
    assert cand.injured == 3
    # Where the wounded were taken is no event; being taken to hospital is being injured.
    cand = one(
        "В Шебекино беспилотник ударил по автомобилю. Женщину доставили в городскую больницу № 2 Белгорода.",
        geocoder,
    )
    assert (cand.place, cand.injured) == ("Shebekino", 1)
    # The region's day after the village is not the village's figure.
    cand = one(
        "В Шебекино дрон атаковал автобус, водителя и трех пассажиров доставили в больницу. За сутки ВСУ"
        " атаковали 11 муниципалитетов Белгородской области. Один человек погиб и двое пострадали.",
        geocoder,
    )
    assert (cand.place, cand.killed, cand.injured) == ("Shebekino", None, 4)


def test_news024_a_drone_shot_down_over_a_building_is_no_event(geocoder: Any) -> None:
    text = "Беспилотник сбили над зданием правительства Белгородской области, сообщил губернатор Вячеслав Гладков."
    assert extract_events(text, geocoder) == []


def test_news025_a_raion_summing_up_its_villages_and_ages_are_no_counts(geocoder: Any) -> None:
    # The raion's "nobody was hurt" is its villages'; the raion is no event of its own.
    cands = extract_events(
        "Под атаку беспилотников попал Шебекинский округ Белгородской области. Предварительно, никто не"
        " пострадал. В селе Муром дрон"
        " повредил частный дом. В селе Новая Таволжанка посечен фасад магазина.",
        geocoder,
    )
    assert {(c.killed, c.injured, c.weapon) for c in cands} == {(0, 0, "drone")}
    assert len(cands) == 2 and "Shebekino" not in [c.place for c in cands]
    # "у віці 56 та 24 роки" are ages; "отримали вибухові травми" is injured whatever the adjective.
    cand = one(
        "У Херсоні після обстрілу поранено двох людей. Жінки у віці 56 та 24 роки отримали вибухові травми.", geocoder
    )
    assert cand.injured == 2


def test_news026_the_regional_center_is_the_reports_one_city(geocoder: Any) -> None:
    cand = one(
        "Russian troops struck Zaporizhzhia and the region. Seven people are currently known to have been injured"
        " in the regional center.",
        geocoder,
    )
    assert (cand.place, cand.injured) == ("Zaporizhzhia", 7)
