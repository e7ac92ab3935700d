"""Which capitalised words at a sentence start are ordinary words, not names, by a dictionary of the language
(pymorphy3 with the OpenCorpora Russian and the Ukrainian dictionaries).

"Мирный житель погиб", "Машина уничтожена огнем", "Потерпали Нікополь, ...": the gazetteer holds a Mirnyy and a
Mashyna, and a capital letter at a sentence start says nothing. A word the dictionary reads first as an adjective,
a verb or another word that is no noun ("Мирный", "Ворожий", "Потерпали") is no place; nor, in Russian, whose
dictionary marks place names (Geox), a word it knows with no place-name reading at all ("Машина"). Names the
dictionary does not know, and words it also reads as a place ("Белгород", "Шебекино"), stay candidates for the
gazetteer; so does an adjective before its region or area word ("Киевская область", "Сумська громада").
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["common_at_sentence_start"]

_NOT_NAMES = frozenset({"ADJF", "ADJS", "PRTF", "PRTS", "ADVB", "PREP", "CONJ", "PRCL", "NPRO", "VERB", "INFN", "GRND"})


@cache
def _analyzer(language: str) -> Any:
    import pymorphy3  # loads its dictionaries (a few MB) on first use only

    return pymorphy3.MorphAnalyzer(lang=language)


@cache
def common_at_sentence_start(language: str, word: str) -> bool:
    """Whether `word`, capitalised at a sentence start, is an ordinary word of `language` ("ru", "uk")."""
    if language not in ("ru", "uk"):
        return False
    analyzer = _analyzer(language)
    parses = analyzer.parse(word)
    if not parses or not analyzer.word_is_known(word):
        return False
    if parses[0].tag.POS in _NOT_NAMES:
        return True
    # `"Geox" in tag` checks the grammeme against the tag class's known set, which the Ukrainian dictionary
    # replaces once loaded in the same process (ValueError): test the parse's own grammemes instead.
    return language == "ru" and not any("Geox" in p.tag.grammemes for p in parses)
