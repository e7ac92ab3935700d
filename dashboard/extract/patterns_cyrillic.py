r"""What Ukrainian and Russian share: the Cyrillic letters, a name, things hit, clause ends. Stems end in
\w* (Python's \w knows Cyrillic). Oblique cases of place names are undone by ``Language.inflections``;
everything else matches the inflected word directly."""

from __future__ import annotations

_CY_LETTERS = "А-Яа-яЁёІіЇїЄєҐґ"


_CY_NAME = r"[А-ЯІЇЄҐЁA-Z][\w.'-]*"


# Things counted after a harm verb, not people: "постраждало понад 10 багатоповерхівок", "пострадали 5 домов".
_THINGS = (
    r"(?:будин|будівл|будівел|багатоповерх|квартир|приміщен|споруд|об'єкт|об’єкт|авт|машин|вікон|домов|дом\b"
    r"|дома\b|здани|помещени|объект|автомобил|строени|окон)"
)


def _clause_breaks(conjunctions: str, ands: str, prepositions: str, strike: str) -> str:
    """Ends of clauses: ";", a dash, ", but"-like conjunctions, and "and" before a place or a strike word."""
    return rf";|\s[—–-]\s|,\s*(?:{conjunctions})\s|\s(?:{ands})\s(?=(?:{prepositions})\s|(?:{strike})\b)"
