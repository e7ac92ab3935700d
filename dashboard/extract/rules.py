"""The language data of :mod:`dashboard.extract.patterns` compiled into the patterns the rules use, and the
language a text is written in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dashboard.extract.patterns import (
    LANGUAGES,
    Language,
    Weapon,
)


@dataclass(frozen=True)
class _Rules:
    lang: Language
    strike: re.Pattern[str]
    diplomacy: re.Pattern[str]
    hypothetical: re.Pattern[str]
    killed: tuple[re.Pattern[str], ...]
    injured: tuple[re.Pattern[str], ...]
    weapons: tuple[tuple[re.Pattern[str], Weapon], ...]
    any_weapon: re.Pattern[str]
    actors: tuple[tuple[re.Pattern[str], str], ...]
    reporter: tuple[re.Pattern[str], ...]
    title: re.Pattern[str]
    not_places: re.Pattern[str]
    facility_before: re.Pattern[str]
    target_before: re.Pattern[str]
    target_after: re.Pattern[str]
    clause_breaks: re.Pattern[str]
    qualifier_region: re.Pattern[str]
    qualifier_country: re.Pattern[str]
    new_event: re.Pattern[str]
    numbers: dict[str, int]
    one: re.Pattern[str]  # a word that counts as one person: "a" (English), "жінка" (Ukrainian)
    list_gap: re.Pattern[str]
    list_tail: re.Pattern[str]  # text ending in a list gap: "по Харкову, " before "Одесі"
    statement: re.Pattern[str]
    not_infrastructure: re.Pattern[str]
    region_before: re.Pattern[str]
    past: re.Pattern[str]
    also: re.Pattern[str]
    stress: re.Pattern[str]
    affected: re.Pattern[str]
    died: re.Pattern[str]
    landmark_before: re.Pattern[str]
    region_wide: re.Pattern[str]
    shot_down: re.Pattern[str]
    harm: re.Pattern[str]
    age_verbs: re.Pattern[str]
    age_words: re.Pattern[str]
    person: re.Pattern[str]  # one singular person noun ("woman", "жінка", "мужчина")
    list_word: re.Pattern[str]
    earlier: re.Pattern[str]


_MONTHS = (
    r"січ\w*|лют\w*|берез\w*|квіт\w*|травн\w*|черв\w*|лип\w*|серп\w*|верес\w*|жовт\w*|листопад\w*|груд\w*"
    r"|январ\w*|феврал\w*|март\w*|апрел\w*|ма[яй]\b|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*"
    r"|декабр\w*|jan\w*|feb\w*|march|apr\w*|may\b|june?\b|july?\b|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*"
)


@cache
def _rules(code: str) -> _Rules:
    lang = LANGUAGES[code]
    i = re.IGNORECASE
    numbers = {**lang.number_words, **lang.vague_numbers}
    words = sorted(numbers, key=len, reverse=True)
    tens = "|".join(w for w, n in lang.number_words.items() if n in range(20, 100, 10))
    units = "|".join(w for w, n in lang.number_words.items() if n in range(1, 10))
    persons = "|".join(sorted((re.escape(p) for p in lang.person_nouns), key=len, reverse=True))
    compound = [rf"(?:{tens})[- ](?:{units})"] if tens and units else []  # "twenty-one"
    # One person: with an article, "a" before a person noun ("a firefighter"); without, the singular noun
    # itself, perhaps after an adjective ("загинула 65-річна жінка").
    one_word = rf"(?:[\w'-]+\s+)?(?:{persons})\b"
    one_before = rf"(?:{lang.article})(?=\s+(?:[\w-]+\s+){{0,2}}(?:{persons})\b)" if lang.article else one_word
    # Digits, but not a date ("6 березня"), a time ("17:12") or an age ("65-річна").
    # Nor an age in years ("жінки у віці 56 та 24 роки отримали травми").
    digits = rf"(?<![\d:.,])(?<!\d:\s)\d{{1,4}}(?![\d:]|-\w|\s+(?:{_MONTHS}|роки|років|рік|года|лет)\b)"
    num = "|".join([digits, *compound, *map(re.escape, words), one_before])
    weapon_rows = tuple((re.compile(rf"\b(?:{w.pattern})\b", i), w) for w in lang.weapons)
    gap = lang.list_words
    fillers = "|".join(re.escape(f) for f in sorted(lang.fillers, key=len, reverse=True))
    return _Rules(
        lang=lang,
        strike=re.compile(lang.strike, i),
        diplomacy=re.compile(lang.diplomacy, i),
        hypothetical=re.compile(lang.hypothetical, i),
        killed=tuple(re.compile(p.replace("{num}", num), i) for p in lang.killed),
        injured=tuple(re.compile(p.replace("{num}", num), i) for p in lang.injured),
        weapons=weapon_rows,
        # Whole words only: "grad" is a weapon, not the end of "Volgograd".
        any_weapon=re.compile(r"\b(?:" + "|".join(f"(?:{w.pattern})" for w in lang.weapons) + r")\b", i),
        actors=tuple((re.compile(p), side) for p, side in lang.actors),
        reporter=tuple(re.compile(p.replace("{titles}", lang.titles)) for p in lang.reporter),
        title=re.compile(rf"\b(?:{lang.titles})"),
        not_places=re.compile(lang.not_places),
        facility_before=re.compile(lang.facility_before, i),
        target_before=re.compile(rf"\b(?:{lang.target_words})\s+(?:(?:{fillers})\s+)*$", i),
        target_after=re.compile(lang.target_after, i),
        clause_breaks=re.compile(lang.clause_breaks, i),
        qualifier_region=re.compile(lang.qualifier_region or r"(?!)"),
        qualifier_country=re.compile(lang.qualifier_country or r"(?!)"),
        new_event=re.compile(lang.new_event or r"(?!)", i),
        numbers=numbers,
        one=re.compile(rf"(?:{lang.article or one_word})", i),
        # "Kharkiv, Zaporizhzhia, and Uman"; "Nikopol and the Marhanets hromada"
        list_gap=re.compile(rf"\s*(?:,\s*(?:{gap})|,|(?:{gap}))\s*(?:the\s+)?", i),
        list_tail=re.compile(rf"(?:,|\b(?:{gap}))\s*$", i),
        statement=re.compile(lang.statement, i),
        not_infrastructure=re.compile(lang.not_infrastructure, i),
        region_before=re.compile(lang.region_before, i),
        past=re.compile(lang.past, i),
        also=re.compile(lang.also, i),
        stress=re.compile(lang.stress, i),
        affected=re.compile(lang.affected, i),
        died=re.compile(lang.died, i),
        landmark_before=re.compile(lang.landmark_before, i),
        region_wide=re.compile(lang.region_wide, i),
        shot_down=re.compile(lang.shot_down, i),
        harm=re.compile(lang.harm, i),
        age_verbs=re.compile(lang.age_verbs, i),
        age_words=re.compile(lang.age_words, i),
        person=re.compile(rf"(?<!\w)(?:{persons})(?!\w)", i),
        earlier=re.compile(lang.earlier, i),
        list_word=re.compile(rf"(?<!\w)(?:and|{lang.list_words})(?!\w)", i),
    )


def detect_language(text: str) -> str:
    """The code of the language a text is written in: the script with most letters, then the language of
    that script whose own letters and words ("і", "що"; "ы", "что") are most frequent, then the one that
    finds more strike words ("беспилотники"); English when nothing else wins."""
    best, best_key = "en", (0, 0, 0)
    for code, lang in LANGUAGES.items():
        key = (
            len(re.findall(f"[{lang.letters}]", text)),
            len(re.findall(lang.markers, text, re.IGNORECASE)),
            len(re.findall(lang.strike, text, re.IGNORECASE)),
        )
        if key > best_key:
            best, best_key = code, key
    return best
