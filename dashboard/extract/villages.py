"""Villages the gazetteer does not know, kept as events of their region.

Local reports name villages ("в селе Ратчино", "у селі Подоли", "the village of Novaya Naumovka") that the
offline gazetteer lacks, holds under many namesakes, or holds only in another region. Dropping them loses the
event (and its figures then land on the region as a false event of its own); guessing a namesake places it
confidently wrong. ACLED's answer is the one kept here: the event stands at the centre of the region the
report puts it in, with geo_precision 3 (region), named as the text names the village, so a reviewer sees
what to place by hand. The region must come from the text: the sentence's own region ("на Миколаївщині",
"Брянской области"), the village's raion or hromada ("Глушковского района" -> Glushkovo -> Kursk region), or
the report's one region (its governor's); with none or several the village stays unplaced.
"""

from __future__ import annotations

import re

from dashboard.geo.normalize import transliterate_cyrillic, transliterate_uk_official

__all__ = ["ADJECTIVE_TAIL_RE", "village_label"]

# A raion's, okrug's or hromada's adjective after a village's name: "Горицы Погарского", "Подоли Курилівської".
ADJECTIVE_TAIL_RE = re.compile(
    r"\s+(\S+(?:ського|ської|ському|ській|цького|цької|зького|зької|ского|ской|скому|цкого|цкой|зкого|зкой))$"
)

# Russian village words by the gender of the name's adjective: "в станице Базковской" is Базковская.
_FEMININE_RU = ("станиц", "деревн", "слобод")
_NEUTER_RU = ("сел",)
_ADJECTIVE_CASES_RU = re.compile(r"(ск|цк)(?:ой|ую|ом|ого|ому|ая|ое|ий)$")


# Any adjective's oblique endings, for the feminine and neuter words ("в станице Зеленобережной"); a masculine
# name may end in -ой in the nominative ("посёлок Лесной").
_ADJECTIVE_OBLIQUE_RU = re.compile(r"([бвгджзклмнпрстфхцчшщ])(?:ой|ую|ом|ого|ому)$")


def _nominative_ru(name: str, village_word: str) -> str:
    """The adjective of a Russian village name back to its nominative ("Базковской" after "станице")."""
    word = village_word.lower()
    feminine, neuter = word.startswith(_FEMININE_RU), word.startswith(_NEUTER_RU)
    match = _ADJECTIVE_CASES_RU.search(name) or ((feminine or neuter) and _ADJECTIVE_OBLIQUE_RU.search(name))
    if not match:
        return name
    ending = "ая" if feminine else "ое" if neuter else "ий"
    return name[: match.end(1)] + ending


def village_label(language: str, name: str, village_word: str = "") -> str:
    """The village as a candidate shows it: Latin letters, the Ukrainian national transliteration for a
    Ukrainian text and the BGN/PCGN-like one for a Russian text, as the gazetteer writes other places."""
    if not re.search("[А-Яа-яЁёІіЇїЄєҐґ]", name):
        return name
    if language == "ru":
        name = _nominative_ru(name, village_word)
        latin = transliterate_cyrillic(name.lower())
    else:
        latin = transliterate_uk_official(name.lower())
    return " ".join(w[:1].upper() + w[1:] for w in latin.split())
