"""Districts of cities, as data: a district named in a report is a part of its city, not a place of its own.

"Київський район Харкова" is the Kyivskyi district of Kharkiv, not the village of Kyivske in Donetsk oblast;
"explosions in the Desnianskyi and Holosiivskyi district" are in Kyiv. Reports name a district by its
adjective (Ukrainian, Russian or a transliteration) in any case, so each district is matched by the stems of
its name: a word that starts with a stem and ends like an adjective ("Салтівському", "Saltovsky").

Several cities have a district of the same name (Kyivskyi, Shevchenkivskyi, Industrialnyi, ...): such a
district belongs to the city the report names; when it names none of them, to no city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["CITY_DISTRICTS", "District", "city_district"]


@dataclass(frozen=True)
class District:
    name: str  # as written in the location text: "Saltivskyi district"
    city: str  # the query that finds the city in the gazetteer
    stems: tuple[str, ...]  # lower case, Latin and Cyrillic


# city (gazetteer query) -> its text stems (to see whether a report names it) and its districts:
# (English name, stems). Sources: the cities' administrative divisions as renamed in 2016 (Ukraine's
# decommunisation laws) and 2023 (Odesa); old names are kept as stems because reports still use them.
CITY_DISTRICTS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "Kharkiv": (
        ("kharkiv", "kharkov", "харків", "харков", "харьков"),
        (
            ("Kyivskyi", ("kyivsk", "kievsk", "київськ", "киевск")),
            ("Shevchenkivskyi", ("shevchenkivsk", "shevchenkovsk", "шевченківськ", "шевченковск")),
            ("Kholodnohirskyi", ("kholodnohirsk", "kholodnogorsk", "холодногірськ", "холодногорск")),
            ("Novobavarskyi", ("novobavarsk", "новобаварськ", "новобаварск")),
            ("Osnovianskyi", ("osnoviansk", "osnovyansk", "osnovyanskyi", "основ'янськ", "основянськ", "основянск")),
            ("Slobidskyi", ("slobidsk", "slobodsk", "слобідськ", "слободск")),
            ("Nemyshlianskyi", ("nemyshliansk", "nemyshlyansk", "немишлянськ", "немышлянск")),
            ("Industrialnyi", ("industrialn", "індустріальн", "индустриальн")),
            ("Saltivskyi", ("saltivsk", "saltovsk", "салтівськ", "салтовск")),
        ),
    ),
    "Kyiv": (
        ("kyiv", "kiev", "київ", "києв", "киев"),
        (
            ("Holosiivskyi", ("holosiivsk", "goloseevsk", "голосіївськ", "голосеевск")),
            ("Darnytskyi", ("darnytsk", "darnitsk", "дарницьк", "дарницк")),
            ("Desnianskyi", ("desniansk", "desnyansk", "деснянськ", "деснянск")),
            ("Dniprovskyi", ("dniprovsk", "dneprovsk", "дніпровськ", "днепровск")),
            ("Obolonskyi", ("obolonsk", "оболонськ", "оболонск")),
            ("Pecherskyi", ("pechersk", "печерськ", "печерск")),
            ("Podilskyi", ("podilsk", "podolsk", "подільськ", "подольск")),
            ("Sviatoshynskyi", ("sviatoshynsk", "svyatoshinsk", "святошинськ", "святошинск")),
            ("Solomianskyi", ("solomiansk", "solomyansk", "солом'янськ", "соломянськ", "соломенск")),
            ("Shevchenkivskyi", ("shevchenkivsk", "shevchenkovsk", "шевченківськ", "шевченковск")),
        ),
    ),
    "Odesa": (
        ("odesa", "odessa", "одес", "одесс"),
        (
            ("Kyivskyi", ("kyivsk", "kievsk", "київськ", "киевск")),
            ("Prymorskyi", ("prymorsk", "primorsk", "приморськ", "приморск")),
            ("Khadzhybeiskyi", ("khadzhybeisk", "хаджибейськ", "хаджибейск", "malynovsk", "малинівськ", "малиновск")),
            ("Peresypskyi", ("peresypsk", "пересипськ", "пересыпск", "suvorovsk", "суворовськ", "суворовск")),
        ),
    ),
    "Zaporizhzhia": (
        ("zaporizhzh", "zaporozh", "запоріжж", "запорож"),
        (
            ("Voznesenivskyi", ("voznesenivsk", "вознесенівськ", "вознесеновск")),
            ("Dniprovskyi", ("dniprovsk", "dneprovsk", "дніпровськ", "днепровск")),
            ("Zavodskyi", ("zavodsk", "заводськ", "заводск")),
            ("Oleksandrivskyi", ("oleksandrivsk", "олександрівськ", "александровск", "komunarsk", "комунарськ")),
            ("Khortytskyi", ("khortytsk", "хортицьк", "хортицк")),
            ("Shevchenkivskyi", ("shevchenkivsk", "шевченківськ", "шевченковск")),
        ),
    ),
    "Dnipro": (
        ("dnipro", "dnepr", "дніпр", "днепр"),
        (
            ("Amur-Nyzhnodniprovskyi", ("amur", "амур")),
            ("Shevchenkivskyi", ("shevchenkivsk", "шевченківськ", "шевченковск")),
            ("Sobornyi", ("soborn", "соборн")),
            ("Industrialnyi", ("industrialn", "індустріальн", "индустриальн")),
            ("Tsentralnyi", ("tsentraln", "центральн")),
            ("Chechelivskyi", ("chechelivsk", "чечелівськ", "чечеловск")),
            ("Novokodatskyi", ("novokodatsk", "новокодацьк", "новокодацк")),
            ("Samarskyi", ("samarsk", "самарськ", "самарск")),
        ),
    ),
    "Sumy": (
        ("sumy", "суми", "сумах", "сум", "сумы"),
        (
            ("Kovpakivskyi", ("kovpakivsk", "kovpakovsk", "ковпаківськ", "ковпаковск")),
            ("Zarichnyi", ("zarichn", "зарічн", "заречн")),
        ),
    ),
    "Kherson": (
        ("kherson", "херсон"),
        (
            ("Dniprovskyi", ("dniprovsk", "dneprovsk", "дніпровськ", "днепровск")),
            ("Korabelnyi", ("korabeln", "корабельн")),
            ("Tsentralnyi", ("tsentraln", "центральн")),
            ("Suvorovskyi", ("suvorovsk", "суворовськ", "суворовск")),
        ),
    ),
    "Mykolaiv": (
        ("mykolaiv", "nikolaev", "миколаїв", "миколаєв", "николаев"),
        (
            ("Inhulskyi", ("inhulsk", "інгульськ", "ингульск")),
            ("Zavodskyi", ("zavodsk", "заводськ", "заводск")),
            ("Tsentralnyi", ("tsentraln", "центральн")),
            ("Korabelnyi", ("korabeln", "корабельн")),
        ),
    ),
    "Kryvyi Rih": (
        ("kryvyi rih", "kryvyy rih", "krivoy rog", "кривий ріг", "кривому розі", "кривого рогу", "кривой рог"),
        (
            ("Dovhyntsivskyi", ("dovhyntsivsk", "довгинцівськ", "долгинцевск")),
            ("Inhuletskyi", ("inhuletsk", "інгулецьк", "ингулецк")),
            ("Metalurhiinyi", ("metalurh", "металургійн", "металлургическ")),
            ("Pokrovskyi", ("pokrovsk", "покровськ", "покровск")),
            ("Saksahanskyi", ("saksahansk", "саксаганськ", "саксаганск")),
            ("Ternivskyi", ("ternivsk", "тернівськ", "терновск")),
            ("Tsentralno-Miskyi", ("tsentralno", "центрально-міськ", "центрально-городск")),
        ),
    ),
}

# An adjective's ending after a district stem: Ukrainian and Russian in every case, and transliterations.
_ENDING = re.compile(
    r"(?:ий|ій|ого|ому|им|ім|ій|ої|а|у|ою|і|их|ими|ый|ой|ом|ым|ая|ую|ые|ых|ыми|е"
    r"|yi|yy|iy|y|i|ii|ky|kyi|kiy|ka|o|e|a)?",
)


@cache
def _districts() -> tuple[tuple[str, tuple[str, ...], tuple[District, ...]], ...]:
    return tuple(
        (city, cues, tuple(District(f"{name} district", city, stems) for name, stems in rows))
        for city, (cues, rows) in CITY_DISTRICTS.items()
    )


def _is_district(word: str, district: District) -> bool:
    lower = word.lower().replace("’", "'")
    return any(lower.startswith(stem) and _ENDING.fullmatch(_rest(lower, stem)) for stem in district.stems)


def _rest(word: str, stem: str) -> str:
    # "Saltivskyi" after "saltivsk" leaves "yi"; "Салтівському" after "салтівськ" leaves "ому".
    return word[len(stem) :]


def city_district(word: str, report: str) -> District | None:
    """The city district `word` names ("Салтівському" -> Saltivskyi district of Kharkiv), or None.

    A district name that several cities have belongs to the one city among them that `report` names.
    """
    found = [d for _, _, districts in _districts() for d in districts if _is_district(word, d)]
    if len(found) <= 1:
        return found[0] if found else None
    named = [d for d in found if _names_city(report, d.city)]
    return named[0] if len(named) == 1 else None


def _names_city(report: str, city: str) -> bool:
    """The report names the city itself, not only a district named after it ("Kyivskyi" is no "Kyiv")."""
    cues = "|".join(re.escape(c) for c in _cues(city))
    return bool(re.search(rf"(?<!\w)(?:{cues})(?![\w'’-]*(?:sk|ськ|ск|цьк|цк))", report, re.IGNORECASE))


def _cues(city: str) -> tuple[str, ...]:
    return CITY_DISTRICTS[city][0]
