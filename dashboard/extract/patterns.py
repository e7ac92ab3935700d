"""The language data of the extractor: every word list and pattern, per language, as plain data.

:mod:`dashboard.extract.extract` holds the rules and knows no English; a language is one :class:`Language`
value in ``LANGUAGES``: English, Ukrainian and Russian, each in a module of its own
(:mod:`~dashboard.extract.patterns_en`, :mod:`~dashboard.extract.patterns_uk`,
:mod:`~dashboard.extract.patterns_ru`; the infrastructure keywords in :mod:`dashboard.ingest.infrastructure`
cover all three). Ukrainian and Russian name places in oblique cases
("у Харкові", "в Одессе"); ``Language.inflections`` undoes their endings for the geocoder.

Patterns are Python regular expressions, matched case-insensitively unless a name says otherwise, on text
whose curly quotes were made straight (``’`` -> ``'``). ``{num}`` in a casualty pattern stands for a count
(digits, number words, vague amounts, "a" + person). Patterns that rely on capital letters (actors, reporters,
not_places, qualifiers) are matched as written; the others ignore case.

Numbers follow ACLED's coding of vague counts, the most conservative reading: "tens" 10, "dozens" 12,
"hundreds" 100, "thousands" 1000 (ACLED FAQ on fatalities). For words ACLED does not fix, this project
reads the smallest plural the word allows: "a few", "several" 3, "scores" 20, "a dozen" 12; "a firefighter",
"an elderly woman" 1; "no one", "no casualties" 0. ("some" is not a count: "some 40 people" is 40.)
"""

from __future__ import annotations

from dashboard.extract.language import ACTOR_NAMES, SUB_EVENT_AIR, SUB_EVENT_SHELLING, Language, Weapon
from dashboard.extract.patterns_en import ENGLISH
from dashboard.extract.patterns_ru import RUSSIAN
from dashboard.extract.patterns_uk import UKRAINIAN

__all__ = [
    "ACTOR_NAMES",
    "ENGLISH",
    "LANGUAGES",
    "RUSSIAN",
    "SUB_EVENT_AIR",
    "SUB_EVENT_SHELLING",
    "UKRAINIAN",
    "Language",
    "Weapon",
]


# In this order: a Cyrillic text with no letter or word of Ukrainian's own is Russian (see
# :func:`dashboard.extract.extract.detect_language`, where the first of equals wins).
LANGUAGES: dict[str, Language] = {"en": ENGLISH, "ru": RUSSIAN, "uk": UKRAINIAN}
