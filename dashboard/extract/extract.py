"""News text -> candidate strike events, by rules and the gazetteer (no model, no network).

How a text is read (the word lists are in :mod:`dashboard.extract.patterns`):

1. Sentences (with offsets, :mod:`dashboard.extract.text`). Only sentences with a strike word count.
2. Places: runs of capitalised words, cut at stop words (titles, countries, talk venues, weekdays, ...),
   without weapon names ("Storm Shadow") and the names of people who are quoted ("Mayor Ihor Terekhov"). Each
   run is geocoded as a whole; a match counts if it is in Ukraine or Russia and exact, or fuzzy (score >= 90)
   and after a preposition or a strike word. "X region"/"X Oblast" is a region (geo_precision 3); a town
   followed by a facility ("the Novoshakhtinsk refinery") is near the town (2); "in Russia's Rostov region"
   after a town is passed to the geocoder as its qualifier. In Ukrainian and Russian a name after a
   preposition or a strike word is in an oblique case ("у Харкові", "по Одесі"): its case endings are undone
   until the geocoder knows a form exactly ("Харків"), and the candidate carries the gazetteer's name.
3. Clauses: places listed together ("Kharkiv, Zaporizhzhia, and Uman were hit") share their clause; other
   places get the clause they stand in ("... in Mykolaiv and damage ... in Odesa"). Counts, weapon and
   infrastructure come from the clause; counts only when the clause names one place (a total for a list is
   not each place's figure).
4. Talk, not strikes: in a clause about meetings, plans or guarantees, and for seats of government used as
   metonyms ("Kyiv is pressing for ...") or as where something was said ("У Києві прем'єр заявила, що ..."),
   a place counts only when a strike word points at it ("drones hit Kyiv", "Kyiv was attacked"). A
   hypothetical clause ("any strikes on Moscow would ...") counts not at all.
5. A following sentence of the same paragraph without a place of its own ("Rostov Governor Yuri Slyusar said a
   firefighter was wounded") continues the one-place sentence before it.
6. Mentions of one place are merged: the report's highest count for it from a one-place clause (reports are
   updated upwards; "also"/"також" counts add), the most specific weapon named (none when none is named),
   the union of infrastructure, all sources; evidence is every sentence used.
7. One event per place (:func:`_one_per_place`): a city district is its city (the district goes to the
   location text, :mod:`dashboard.extract.districts`); a region whose only place in the report is one town is
   that town; a region with several is their summary, not an event; a village the gazetteer lacks or places
   outside the report's regions stands at the point of the region the text puts it in (geo_precision 3,
   :mod:`dashboard.extract.villages`), or is left out when the text names no region, never placed wrongly.
   Warnings, air-defence shoot-downs, evacuations, landmarks ("not far from ..."), earlier days' strikes and
   "Read also" links name no place.

The language (English, Ukrainian, Russian) is read from the text unless given.

Confidence is a sum of documented parts, see :data:`CONFIDENCE`. Without a named weapon the sub-event type
is "Shelling/artillery/missile attack", the reviewer's default to correct.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, Protocol

import pandas as pd

from dashboard.extract.districts import District, city_district
from dashboard.extract.patterns import (
    ACTOR_NAMES,
    LANGUAGES,
    SUB_EVENT_SHELLING,
    Language,
    Weapon,
)
from dashboard.extract.text import Sentence, normalize_quotes, split_sentences
from dashboard.extract.villages import ADJECTIVE_TAIL_RE, village_label
from dashboard.ingest.infrastructure import classify
from dashboard.schema import INFRASTRUCTURE, empty_events, validate_events

__all__ = [
    "CONFIDENCE",
    "Candidate",
    "GeocoderLike",
    "candidates_to_events",
    "detect_language",
    "extract_events",
]

# Parts of the confidence score, summed and capped at 1.
CONFIDENCE: dict[str, float] = {
    "place": 0.35,  # times the geocoder's score / 100
    "exact": 0.15,  # the name matched exactly
    "alone": 0.15,  # a clause names this place alone (not only in a list)
    "pointed": 0.10,  # a strike word or a preposition points at the place
    "weapon": 0.10,  # a weapon is named
    "details": 0.10,  # casualties or infrastructure are stated
    "source": 0.05,  # someone is quoted for it
}
MIN_FUZZY_SCORE = 90.0
GAZETTEER_REGION = "{name} region"  # a region by its gazetteer name, as the store writes "Rostov region"
DEFAULT_COUNTRIES: tuple[str, ...] = ("UA", "RU")


class GeocodeResultLike(Protocol):
    name: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1_code: str | None
    admin1: str | None
    geo_precision: int | None
    score: float

    @property
    def ok(self) -> bool: ...


class GeocoderLike(Protocol):
    """What the extractor needs of :class:`dashboard.geo.geocode.Geocoder` (tests pass a small fake)."""

    def geocode(self, query: str, country_bias: Sequence[str] = ...) -> GeocodeResultLike: ...


@dataclass
class Candidate:
    """A strike event proposed from text, for a person to review."""

    place: str
    lat: float
    lon: float
    country: str | None
    admin1_code: str | None
    admin1: str | None
    geo_precision: int
    killed: int | None = None
    injured: int | None = None
    weapon: str | None = None
    sub_event_type: str = SUB_EVENT_SHELLING
    infrastructure: list[str] = field(default_factory=list)
    infrastructure_detail: str | None = None
    power_outage: bool = False
    actor: str | None = None
    reported_by: str | None = None
    district: str | None = None  # part of the city, for the location text: "Saltivskyi district"
    evidence: str = ""
    evidence_span: tuple[int, int] | None = None
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1_code": self.admin1_code,
            "admin1": self.admin1,
            "geo_precision": self.geo_precision,
            "killed": self.killed,
            "injured": self.injured,
            "weapon": self.weapon,
            "sub_event_type": self.sub_event_type,
            "infrastructure": list(self.infrastructure),
            "infrastructure_detail": self.infrastructure_detail,
            "power_outage": self.power_outage,
            "actor": self.actor,
            "reported_by": self.reported_by,
            "district": self.district,
            "evidence": self.evidence,
            "evidence_span": list(self.evidence_span) if self.evidence_span else None,
            "confidence": self.confidence,
        }


# -- compiled language data ------------------------------------------------------------------------------


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
    digits = rf"(?<![\d:.,])(?<!\d:\s)\d{{1,4}}(?![\d:]|-\w|\s+(?:{_MONTHS}))"
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


# -- small readers ------------------------------------------------------------------------------------------


def _count(
    rules: _Rules, patterns: tuple[re.Pattern[str], ...], text: str, skip: re.Pattern[str] | None = None
) -> int | None:
    """The first count any pattern finds, as a number ("two" 2, "dozens" 12, "a firefighter" 1), plus the
    counts of "another" people after it ("двоє отримали поранення, ще троє госпіталізовані": 5)."""
    found: dict[int, int] = {}
    for pattern in patterns:
        for match in pattern.finditer(text):
            if skip is None or not skip.search(match.group()):
                found.setdefault(match.start("n"), _number(rules, match.group("n")))
    if not found:
        return None
    starts = sorted(found)
    total = found[starts[0]]
    for start in starts[1:]:
        if _ANOTHER_RE.search(text[max(0, start - 12) : start]):
            total += found[start]
    return total


# Before a count: more people than those counted before it in the clause.
_ANOTHER_RE = re.compile(r"(?:\b(?:another|a further|other)|(?<!\w)(?:ще|ещё|еще))\s+$", re.IGNORECASE)
# Before a clause's count: more people than the report counted before ("поранень зазнав також 56-річний").
_ALSO_RE = re.compile(r"(?:\b(?:also|again)|(?<!\w)(?:також|также|знову|вкотре|снова))\b[^.;]{0,24}$", re.IGNORECASE)


# The end of a list of ages: the clause ends, or another sentence part starts.
_AGES_END_RE = re.compile(r"[.;:!?]|\s[—–-]\s|,?\s+(?:також|также|also|а|but|але|но)\s")


def _ages(rules: _Rules, clause: str) -> int | None:
    """How many people a list of ages after an injury verb names ("постраждали 78-річна, 58-річна і 71-річна
    жінки": 3; "травмувалися чоловіки 79 і 68 років, жінки 75, 73 років": 4)."""
    verb = rules.age_verbs.search(clause)
    if not verb:
        return None
    end = _AGES_END_RE.search(clause, verb.end())
    tail = clause[verb.end() : end.start() if end else len(clause)]
    if not rules.age_words.search(tail):
        return None
    ages = [int(n) for n in re.findall(r"(?<![\d.,])\d{1,3}(?![\d.,]\d)", tail) if 0 < int(n) <= 110]
    return len(ages) or None


# What may stand in a list of people besides their nouns: articles, adjectives, ages ("a man, 76, and a
# woman, 85"; "чоловік 55 років та жінка").
_PERSON_LIST_RE = re.compile(r"(?:(?:[\w'’-]+|,)\s*)+")


def _persons(rules: _Rules, clause: str) -> int | None:
    """How many people a list of single people next to an injury verb names: "A man, 76, and a woman, 85,
    were injured" 2; "поранення отримали чоловік і жінка" 2. One noun alone is the counts' business."""
    verb = rules.age_verbs.search(clause)
    if not verb:
        return None
    before = re.split(r"[.;:!?]", clause[: verb.start()])[-1][-90:]
    after_end = _AGES_END_RE.search(clause, verb.end())
    after = clause[verb.end() : after_end.start() if after_end else len(clause)][:90]
    for span in (before, after):
        people = rules.person.findall(span)
        if (
            len(people) >= 2
            and rules.list_word.search(span)
            and _PERSON_LIST_RE.fullmatch(span.strip())
            and not rules.strike.search(span)  # "пострадал ребенок и погибла женщина": one each
        ):
            return len(people)
    return None


def _injured(rules: _Rules, clause: str) -> int | None:
    """The clause's injured: a count, else a list of ages, else a list of people. Stress is no injury:
    "двох постраждалих: поранений чоловік, гострого стресу зазнала жінка" is one injured."""
    count = _count(rules, rules.injured, clause, rules.affected if rules.stress.search(clause) else None)
    people = _persons(rules, clause)
    if people is not None and (count is None or count == 1):
        return people  # "a man and a woman": the first noun alone read as one
    if count is not None:
        return count
    return _ages(rules, clause)


def _also(rules: _Rules, patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """The clause's first count is of people besides those counted before ("also", "також")."""
    starts = [m.start("n") for p in patterns for m in p.finditer(text)]
    return bool(starts) and bool(_ALSO_RE.search(text[max(0, min(starts) - 30) : min(starts)]))


def _number(rules: _Rules, word: str) -> int:
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    if word in rules.numbers:
        return rules.numbers[word]
    if word in rules.lang.lone_numbers:
        return rules.lang.lone_numbers[word]
    if rules.one.fullmatch(word):
        return 1
    tens, _, unit = word.replace(" ", "-").partition("-")
    return rules.numbers.get(tens, 0) + rules.numbers.get(unit, 0)


def _weapons(rules: _Rules, text: str) -> list[Weapon]:
    """Weapons named in text, most specific first (one per family: 'Storm Shadow missiles' is not also
    a plain 'missile')."""
    found: list[Weapon] = []
    taken: list[tuple[int, int]] = []
    for pattern, weapon in rules.weapons:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e or s < match.end() <= e for s, e in taken):
                continue
            taken.append(match.span())
            if weapon not in found:
                found.append(weapon)
    return found


def _actor(rules: _Rules, *texts: str) -> str | None:
    for text in texts:
        hits = [(m.start(), side) for pattern, side in rules.actors for m in [pattern.search(text)] if m]
        if hits:
            return ACTOR_NAMES[min(hits)[1]]
    return None


@dataclass(frozen=True)
class _Reporter:
    who: str  # as it will be shown: "Rostov Governor Yuri Slyusar"
    person: str  # who it is, for de-duplication: "Yuri Slyusar" (or `who` when no one is named)
    span: tuple[int, int]  # the title and name, masked from the place search
    jurisdiction: str | None  # "Rostov" in "Rostov Governor Yuri Slyusar"
    jurisdiction_span: tuple[int, int] | None
    region_level: bool


def _reporters(rules: _Rules, text: str) -> list[_Reporter]:
    out: list[_Reporter] = []
    stop = rules.lang.stopwords
    for pattern in rules.reporter:
        for match in pattern.finditer(text):
            who_start, who_end = match.span("who")
            who = match.group("who")
            title = rules.title.search(who)
            before = who[: title.start()] if title else ""
            words = before.split()
            # The jurisdiction: capitalised words before the title that are not stop words.
            place_words = [
                w for w in words if w[:1].isupper() and w.lower().rstrip(".") not in stop and not w.endswith("'s")
            ]
            jurisdiction, j_span = None, None
            if place_words:
                jurisdiction = " ".join(place_words)
                j_start = who_start + before.index(place_words[0])
                j_span = (j_start, j_start + len(jurisdiction))
            level_words = {w.lower() for w in words} | ({title.group().lower()} if title else set())
            clean = re.sub(r"^(?:the|by)\s+", "", who.strip(), flags=re.IGNORECASE).strip(" ,.")
            person = who[title.end() :].strip(" ,.") if title else clean
            out.append(
                _Reporter(
                    who=clean,
                    person=person or clean,
                    span=(who_start + (title.start() if title else 0), who_end),
                    jurisdiction=jurisdiction,
                    jurisdiction_span=j_span,
                    region_level=bool(level_words & rules.lang.region_titles),
                )
            )
    return out


def _sources(reporters: list[_Reporter]) -> list[tuple[str, str]]:
    return [(r.who, r.person) for r in reporters]


# -- places --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[A-ZА-ЯІЇЄҐЁ][\w'-]*")
_NEXT_WORDS_RE = re.compile(r"\s+([^\W\d_][\w-]*)(?:\s+([^\W\d_][\w-]*))?(?:\s+([^\W\d_][\w-]*))?")


@dataclass
class _Place:
    surface: str
    start: int  # in the sentence
    end: int
    geo: GeocodeResultLike
    precision: int
    pointed: bool  # after a preposition or a strike word
    jurisdiction: bool = False
    name: str = ""  # as shown, when not `surface` (see _display_name)
    district: str | None = None  # a city district that stands for the city ("Saltivskyi district")
    village: bool = False  # named as a village ("у селі Подоли")
    area: bool = False  # named as the raion or hromada around the town ("Сумську громаду")
    label: str | None = None  # a village the gazetteer lacks, at its region's point (see villages.py)

    @property
    def key(self) -> tuple[Any, ...]:
        return (
            self.geo.country,
            self.geo.admin1_code,
            round(self.geo.lat or 0, 4),
            round(self.geo.lon or 0, 4),
            self.label,
        )

    @property
    def town_like(self) -> bool:
        """A settlement: a town, a village, or a village placed at its region's point."""
        return self.precision < 3 or self.label is not None


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for k in range(max(start, 0), min(end, len(chars))):
            chars[k] = " "
    return "".join(chars)


def _runs(masked: str) -> list[list[re.Match[str]]]:
    """Runs of capitalised tokens separated by single spaces."""
    runs: list[list[re.Match[str]]] = []
    for token in _TOKEN_RE.finditer(masked):
        if runs and masked[runs[-1][-1].end() : token.start()] == " ":
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _token_word(token: re.Match[str]) -> tuple[str, int]:
    """The token without a possessive "'s" or trailing apostrophe, and its end."""
    word = token.group()
    for suffix in ("'s", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)], token.end() - len(suffix)
    return word, token.end()


def _pointed(rules: _Rules, sentence: str, start: int, end: int) -> bool:
    """A strike word or a location preposition right before, or a passive strike right after."""
    before = sentence[:start]
    if rules.target_before.search(before):
        return True
    words = [w.strip("\"'«»([") for w in before.lower().split()]  # '"В Лебедяни' -> "в"
    fillers = rules.lang.fillers - rules.lang.locatives
    while words and words[-1] in fillers:
        words.pop()
    return bool(words and words[-1] in rules.lang.locatives)


def _said_in(rules: _Rules, sentence: str, place: _Place) -> bool:
    """Something was said there: a verb of saying follows the place with no strike word between."""
    said = rules.statement.search(sentence, place.end)
    return bool(said) and not rules.strike.search(sentence[place.end : said.start()])


def _targeted(rules: _Rules, sentence: str, start: int, end: int) -> bool:
    """A strike word points at the place: "drones hit Kyiv", "an attack on Kyiv", "Kyiv was hit"."""
    return bool(rules.target_before.search(sentence[:start]) or rules.target_after.search(sentence[end:]))


def _find_places(
    rules: _Rules,
    sentence: str,
    reporters: list[_Reporter],
    geocoder: GeocoderLike,
    countries: Sequence[str],
    common_words: set[str],
    report: str = "",
    missing: list[str] | None = None,
    report_regions: dict[str, GeocodeResultLike] | None = None,
    placed_notes: list[str] | None = None,
    villages: dict[str, GeocodeResultLike] | None = None,
) -> list[_Place]:
    """The places of a sentence. A name after a village word that the gazetteer does not know is placed at
    its region's point when the text says which region (see :mod:`dashboard.extract.villages`; a note goes to
    `placed_notes`), else it goes to `missing`."""
    lang = rules.lang
    spans = [m.span() for m in rules.not_places.finditer(sentence)]
    spans += [m.span() for m in rules.any_weapon.finditer(sentence)]
    spans += [r.span for r in reporters]
    spans += [r.jurisdiction_span for r in reporters if r.jurisdiction_span]
    masked = _mask(sentence, spans)

    places: list[_Place] = []
    unknown: list[tuple[str, int, int, str | None, str]] = []  # villages: name, start, end, adjective, word
    for run in _runs(masked):
        # Cut the run at stop words: "In Kharkiv" -> "Kharkiv"; "Ukraine's Kharkiv" -> "Kharkiv".
        parts: list[list[tuple[str, int, int]]] = [[]]
        for token in run:
            word, end = _token_word(token)
            lowered = word.lower().rstrip(".")
            sentence_start = token.start() == len(masked) - len(masked.lstrip())
            # A Latin word in a Cyrillic text is no part of a Cyrillic name ("Грайворон FPV-дрон").
            foreign = lang.letters != "A-Za-z" and bool(re.search("[A-Za-z]", word))
            if lowered in lang.stopwords or len(word) < 3 or (sentence_start and lowered in common_words) or foreign:
                parts.append([])
            else:
                parts[-1].append((word, token.start(), end))
            if end != token.end():  # a possessive ends the name
                parts.append([])
        for part in parts:
            if part:
                place = _resolve(rules, sentence, masked, part, geocoder, countries, report)
                if (
                    place is None
                    and len(part) > 1
                    and (_region_follows(rules, masked, part[-1][2]) or ADJECTIVE_TAIL_RE.search(" " + part[-1][0]))
                ):
                    # "НПЗ у Новошахтинську Ростовської області": a town, then its region's adjective;
                    # "поселок Теткино Глушковского района": a village, then its raion's.
                    place = _resolve(rules, sentence, masked, part[:-1], geocoder, countries, report)
                if place:
                    places.append(place)
                elif missing is not None and _village_word(lang, sentence, part[0][1]):
                    # "Драгунское Белгородского округа": the village, without its district's adjective
                    name = sentence[part[0][1] : part[-1][2]]
                    tail = ADJECTIVE_TAIL_RE.search(name)
                    bare = name[: tail.start()] if tail else name
                    word = _village_word(lang, sentence, part[0][1])
                    unknown.append((bare, part[0][1], part[0][1] + len(bare), tail.group(1) if tail else None, word))
    for bare, start, end, adjective, word in unknown:
        region = _village_region(rules, sentence, places, adjective, report_regions or {}, geocoder, countries)
        if region is None and villages:
            region = villages.get(bare)
        if region is not None and villages is not None:
            villages.setdefault(bare, region)
        if region is None or missing is None:
            if missing is not None:
                missing.append(bare)
            continue
        label = village_label(lang.code, bare, word)
        places.append(_Place(bare, start, end, region, 3, True, name=label, village=True, label=label))
        if placed_notes is not None:
            placed_notes.append(
                f"{bare}: a village the gazetteer does not know, placed at the point of its region"
                f" {region.admin1} ({region.admin1_code}), geo_precision 3"
            )
    places.sort(key=lambda p: p.start)
    places = _trust_named_region(lang, sentence, places)
    # A region that only qualifies a town named in the same sentence is not a place of its own.
    towns = {(p.geo.country, p.geo.admin1_code) for p in places if p.town_like}
    places = [p for p in places if p.town_like or (p.geo.country, p.geo.admin1_code) not in towns]
    # An area after a place and a comma is where that place is ("the village of Mykhailivka, Beryslav district").
    # So is an area after a place and "in the" ("the village of Andriivka in the Borove community, Izium
    # district"): each qualifies the one before it.
    places = [
        p
        for k, p in enumerate(places)
        if not (p.area and k and _QUALIFIER_GAP_RE.fullmatch(sentence[places[k - 1].end : p.start]))
    ]
    # A place named as a landmark for another ("not far from the port of Novorossiisk") is not a place hit.
    places = [p for p in places if not rules.landmark_before.search(sentence[: p.start])]
    # A district and its city ("у Салтівському районі Харкова", "Холодногірський і Основ'янський райони"):
    # one place, the city named, the first district kept.
    by_key: dict[tuple[Any, ...], _Place] = {}
    places_kept: list[_Place] = []
    for place in places:
        kept = by_key.get(place.key)
        if kept is None:
            by_key[place.key] = place
        elif kept.district and not place.district and place.precision == 1:
            kept.pointed = kept.pointed or place.pointed  # the district's mention stands ("Kyiv City ..." may not)
        elif place.district and not kept.district and kept.precision == 1:
            kept.district = place.district
        else:
            places_kept.append(place)  # a town and the area around it ("Запоріжжю та Запорізькому району")
    return sorted([*by_key.values(), *places_kept], key=lambda p: p.start)


_QUALIFIER_SPAN_RE = re.compile(r"[^;:.!?]{0,45}")
_LIST_WORD_RE = re.compile(r"\b(?:and|or|и|і|й|та|или|або)\b|,\s*(?:and\s+)?(?:the\s+)?[A-ZА-ЯІЇЄҐЁ]", re.IGNORECASE)


def _trust_named_region(lang: Language, sentence: str, places: list[_Place]) -> list[_Place]:
    """A town followed by the region the text puts it in ("the Afipsky refinery in Russia's Krasnodar region",
    "деревню Горицы Погарского района Брянской области") that the gazetteer puts in another region is a
    namesake, or sits on a border line drawn elsewhere: the text's region stands, at its point (geo_precision
    3), with the town's name."""
    out = list(places)
    regions = {q.geo.admin1_code: q for q in places if q.precision >= 3 and q.label is None}
    for k, place in enumerate(places):
        if place.precision >= 3 or place.district:
            continue
        region = next((q for q in places[k + 1 :] if q.precision >= 3 and q.label is None), None)
        if region is not None:
            gap = sentence[place.end : region.start]
            if not _QUALIFIER_SPAN_RE.fullmatch(gap) or _LIST_WORD_RE.search(gap):
                region = None
        if region is None and len(regions) == 1 and (place.precision == 2 or place.village):
            # "the governor of Krasnodar region said ... the Afipsky oil refinery": the sentence's one region
            # holds its facility or village.
            region = next(iter(regions.values()))
        if region is None or region.geo.admin1_code == place.geo.admin1_code:
            continue
        label = place.name if re.search("[A-Za-z]", place.name or "") else village_label(lang.code, place.surface)
        out[k] = dataclasses.replace(place, geo=region.geo, precision=3, name=label, label=label)
    return out


def _distinct_places(mentions: dict[tuple[Any, ...], list[_Mention]]) -> int:
    """How many places the report has named so far; a region holding a named town is not one more."""
    towns = {ms[0].place.geo.admin1_code for ms in mentions.values() if ms[0].place.town_like}
    return sum(1 for ms in mentions.values() if ms[0].place.town_like or ms[0].place.geo.admin1_code not in towns)


def _village_word(lang: Language, sentence: str, start: int) -> str:
    """The village word right before a name ("у селі Подоли", "the village of Malinovka"), or ""."""
    words = _words_before(sentence, start, 2)
    if words and words[-1] in lang.village_words:
        return words[-1]
    if len(words) == 2 and words[-1] == "of" and words[0] in lang.village_words:
        return words[0]
    return ""


def _region_geo(geocoder: GeocoderLike, countries: Sequence[str], geo: GeocodeResultLike) -> GeocodeResultLike | None:
    """The region (geo_precision 3) that holds `geo`."""
    if (geo.geo_precision or 1) >= 3:
        return geo
    if not geo.admin1:
        return None
    region = geocoder.geocode(f"{geo.admin1} region", country_bias=tuple(countries))
    if region.ok and region.admin1_code == geo.admin1_code and (region.geo_precision or 1) >= 3:
        return region
    return None


def _village_region(
    rules: _Rules,
    sentence: str,
    places: list[_Place],
    adjective: str | None,
    report_regions: dict[str, GeocodeResultLike],
    geocoder: GeocoderLike,
    countries: Sequence[str],
) -> GeocodeResultLike | None:
    """The region a village the gazetteer lacks is in, as the text says: the sentence's one region, the
    village's raion or hromada, or the report's one region; None when the text does not say."""
    own = {p.geo.admin1_code: p.geo for p in places if p.precision >= 3 and p.label is None}
    if len(own) == 1:
        return next(iter(own.values()))
    if adjective:
        area = _area_place(rules, sentence, adjective, 0, 0, geocoder, countries)
        if area is not None:
            return _region_geo(geocoder, countries, area.geo)
    if not own and len(report_regions) == 1:
        return next(iter(report_regions.values()))
    return None


def _region_follows(rules: _Rules, masked: str, end: int) -> bool:
    """A region word comes next: "... Ростовської області"."""
    follow = _NEXT_WORDS_RE.match(masked, end)
    return bool(follow) and follow.group(1).lower() in rules.lang.region_words


def _resolve(
    rules: _Rules,
    sentence: str,
    masked: str,
    part: list[tuple[str, int, int]],
    geocoder: GeocoderLike,
    countries: Sequence[str],
    report: str = "",
) -> _Place | None:
    lang = rules.lang
    start, end = part[0][1], part[-1][2]
    surface = sentence[start:end]
    follow = _NEXT_WORDS_RE.match(masked, end)
    next_words = [w.lower() for w in follow.groups() if w] if follow else []
    first = next_words[0] if next_words else ""
    if len(part) == 1 and _district_follows(rules, sentence, end):
        district = city_district(surface, report)
        if district is not None:
            return _district_place(rules, sentence, district, start, end, geocoder, countries)
    if len(part) == 1 and (
        first in lang.area_words or (_ADJECTIVE_RE.match(surface) and _follows(sentence, end, lang.area_words))
    ):
        # "Сумську громаду", "в Курском районе": the town the area is named after, near it.
        return _area_place(rules, sentence, surface, start, end, geocoder, countries)
    if first in lang.feature_words or set(_words_before(sentence, start, 3)) & lang.street_words:
        return None  # "the Dnipro River"; "на улицах Дзержинского и Морозова"
    precision = 1
    if rules.region_before.search(sentence[:start]) and first not in lang.region_words:
        # "the region of Dnipropetrovsk"
        geo = geocoder.geocode(f"{surface} region", country_bias=tuple(countries))
        if geo.ok and geo.country in countries and geo.score >= 100:
            pointed = _pointed(rules, sentence, start, end) or _targeted(rules, sentence, start, end)
            return _Place(surface, start, end, geo, 3, pointed, name=_display_name(lang, surface, geo, 3))
    if first in lang.region_words:
        word = sentence[follow.start(1) : follow.end(1)]
        surface, query, end = f"{surface} {word}", f"{surface} {word}", follow.end(1)
        precision = 3
    else:
        query = surface
        facility = any(" ".join(next_words[:k]) in lang.facility_words for k in (1, 2, 3)) or bool(
            rules.facility_before.search(sentence[:start])
        )
        precision = 2 if facility else 1
        qualifiers = _qualifiers(rules, sentence[end:])
        if qualifiers:
            query = ", ".join([surface, *qualifiers])
    geo: GeocodeResultLike | None = None
    # Inflected names stand after a preposition or a strike word ("у Харкові", "по Харкову"), in a list
    # after one, or before a region or facility word ("Харківській області"); elsewhere a name is taken as
    # written.
    listed = bool(rules.list_tail.search(sentence[:start]))  # "по Харкову, Одесі та Запоріжжю"
    if lang.inflections and (precision > 1 or listed or _pointed(rules, sentence, start, end)):
        found = _nominative(lang, surface, geocoder, countries)
        if found:
            surface, geo = found
    if geo is None:
        geo = geocoder.geocode(lang.aliases.get(query.lower(), query), country_bias=tuple(countries))
    if not (geo.ok and geo.country in countries) and query != surface and precision < 3:
        geo = geocoder.geocode(surface, country_bias=tuple(countries))
    if (not geo.ok or geo.country not in countries) and re.search(r"(?:щин|ччин)\w*$", surface, re.IGNORECASE):
        # "на Нікопольщину": the land around Nikopol, when the name is no region's
        return _area_place(rules, sentence, re.sub(r"(?:щин|ччин)\w*$", "ськ", surface), start, end, geocoder,
                           countries)  # fmt: skip
    if not geo.ok or geo.country not in countries:
        return None
    pointed = _pointed(rules, sentence, start, end) or _targeted(rules, sentence, start, end)
    if geo.score < 100 and not (geo.score >= MIN_FUZZY_SCORE and pointed):
        return None
    if precision < 3 and (geo.geo_precision or 1) >= 3:
        precision = geo.geo_precision or 3  # a bare region name ("Crimea")
    name = _display_name(lang, surface, geo, precision)
    village = bool(set(_words_before(sentence, start, 2)) & lang.village_words)
    return _Place(surface, start, end, geo, precision, pointed, name=name, village=village)


_QUALIFIER_GAP_RE = re.compile(
    r"(?:\s+(?:community|hromada|district|raion|громад\w*|район\w*|округ\w*))?(?:,\s*|\s+(?:in|у|в)\s+(?:the\s+)?)",
    re.IGNORECASE,
)


def _words_before(sentence: str, start: int, n: int) -> list[str]:
    return sentence[:start].lower().split()[-n:]


def _district_follows(rules: _Rules, sentence: str, end: int) -> bool:
    """A district word follows, perhaps after more names of a list ("Холодногірський і Основ'янський райони",
    "Desnianskyi and western Holosiivskyi district")."""
    return _follows(sentence, end, rules.lang.district_words)


def _follows(sentence: str, end: int, words_wanted: frozenset[str]) -> bool:
    """One of `words_wanted` comes within the next five words, no stop between ("Каменском, Миллеровском и
    Дубовском районах")."""
    words = re.findall(r"[\w'’-]+|[.;:!?()]", sentence[end : end + 80].lower())[:5]
    for word in words:
        if word in words_wanted:
            return True
        if not re.fullmatch(r"[\w'’-]+", word):
            return False
    return False


def _district_place(
    rules: _Rules,
    sentence: str,
    district: District,
    start: int,
    end: int,
    geocoder: GeocoderLike,
    countries: Sequence[str],
) -> _Place | None:
    """A city district stands for its city: the city's point, the district kept for the location text."""
    geo = geocoder.geocode(district.city, country_bias=tuple(countries))
    if not geo.ok or geo.country not in countries or geo.score < 100:
        return None
    pointed = _pointed(rules, sentence, start, end) or _targeted(rules, sentence, start, end)
    name = geo.name if rules.lang.gazetteer_names and geo.name else district.city
    return _Place(sentence[start:end], start, end, geo, 1, pointed, name=name, district=district.name)


# A raion's or hromada's adjective back to its town: "Сумськ-" -> "Суми", "Куп'янськ-" -> "Куп'янськ",
# "Білопільськ-" -> "Білопілля", "Запорізьк-" -> "Запоріжжя", "Курск-" -> "Курск", "Суджанск-" -> "Суджа".
_ADJECTIVE_RE = re.compile(r"^(?P<stem>.+?(?:ськ|цьк|зьк|ск|цк|зк))(?:[а-яіїєґё]{0,4})$", re.IGNORECASE)
_AREA_TOWNS: tuple[tuple[str, str], ...] = (
    ("", ""), ("ськ", ""), ("ськ", "и"), ("ськ", "а"), ("ськ", "е"), ("ськ", "я"), ("льськ", "лля"),
    ("зьк", "жжя"), ("цьк", "к"), ("цк", "к"), ("цьк", "ка"), ("ськ", "ка"), ("ск", ""), ("ск", "и"),
    ("ск", "ы"), ("ск", "а"), ("ск", "о"), ("нск", ""), ("анськ", "а"), ("анск", "а"), ("овск", "ово"),
    ("евск", "ево"), ("инск", "ино"), ("овск", "овка"), ("инськ", "а"), ("инск", "а"), ("ьск", "ье"),
    ("ськ", "ів"), ("ськ", "ь"), ("івськ", "ове"), ("ївськ", "ове"),
)  # fmt: skip


def _area_place(
    rules: _Rules,
    sentence: str,
    surface: str,
    start: int,
    end: int,
    geocoder: GeocoderLike,
    countries: Sequence[str],
) -> _Place | None:
    match = _ADJECTIVE_RE.match(surface)
    stem = match.group("stem") if match else surface
    for ending, replacement in _AREA_TOWNS if match else (("", ""),):
        if not stem.lower().endswith(ending):
            continue
        town = stem[: len(stem) - len(ending)] + replacement
        if len(town) < 3:
            continue
        geo = geocoder.geocode(town, country_bias=tuple(countries))
        if geo.ok and geo.country in countries and geo.score >= 100 and (geo.geo_precision or 1) < 3:
            pointed = _pointed(rules, sentence, start, end) or _targeted(rules, sentence, start, end)
            name = _display_name(rules.lang, town, geo, 2)
            return _Place(surface, start, end, geo, 2, pointed, name=name, area=True)
    return None


MAX_BASE_FORMS = 48  # combinations of word forms tried for one name ("Кривому Розі": 7 x 7)


def _base_forms(lang: Language, name: str) -> list[str]:
    """The nominatives an inflected name may stand for, most likely first, by undoing case endings word by
    word ("Кривому Розі" -> "Кривий Ріг", ...). The name as written is one of them (see
    :attr:`Language.inflections`)."""
    per_word: list[list[str]] = []
    words = name.split()
    for word in words:
        lower = word.lower()
        forms = [
            word[: len(word) - len(ending)] + replacement
            for ending, replacement in lang.inflections
            if (" " not in replacement or len(words) == 1)
            # A stem of one letter or more, a result of three ("Розі" -> "Ріг", not "Ро" -> "Р").
            and lower.endswith(ending)
            and len(word) > len(ending)
            and len(word) - len(ending) + len(replacement) >= 3
        ]
        per_word.append(list(dict.fromkeys(forms)) or [word])
    return [" ".join(combo) for combo in itertools.islice(itertools.product(*per_word), MAX_BASE_FORMS)]


def _nominative(
    lang: Language, name: str, geocoder: GeocoderLike, countries: Sequence[str]
) -> tuple[str, GeocodeResultLike] | None:
    """The first base form of `name` that the geocoder knows exactly, with its result."""
    for form in _base_forms(lang, name):
        geo = geocoder.geocode(lang.aliases.get(form.lower(), form), country_bias=tuple(countries))
        if geo.ok and geo.country in countries and geo.score >= 100:
            return form, geo
    return None


def _display_name(lang: Language, surface: str, geo: GeocodeResultLike, precision: int) -> str:
    """The place as a candidate shows it: the text's words, or the gazetteer's name (see
    :attr:`Language.gazetteer_names`), "Kharkiv region" for a region."""
    if not (lang.gazetteer_names and geo.name):
        return surface
    name = re.sub(r"\s+(?:region|oblast)$", "", geo.name, flags=re.IGNORECASE)  # some gazetteers name it so
    return GAZETTEER_REGION.format(name=name) if precision >= 3 else geo.name


def _qualifiers(rules: _Rules, after: str) -> list[str]:
    """["Rostov region", "Russia"] from " refinery in Russia's Rostov region ..."."""
    out: list[str] = []
    region = rules.qualifier_region.search(after)
    country = rules.qualifier_country.search(after)
    if region:
        out.append(f"{region.group('region')} {region.group('word')}")
    name = (region and region.group("country")) or (country and (country.group("country") or country.group("owner")))
    if name:
        out.append(name)
    return out


def _jurisdiction_regions(
    rules: _Rules, sentence: str, geocoder: GeocoderLike, countries: Sequence[str]
) -> dict[str, GeocodeResultLike]:
    """The regions whose officials the sentence quotes, by code: "Kharkiv Governor", "керівник
    Дніпропетровської ОВА", "губернатор Белгородской области"."""
    out: dict[str, GeocodeResultLike] = {}
    for reporter in _reporters(rules, sentence):
        if reporter.jurisdiction and reporter.region_level:
            geo = geocoder.geocode(f"{reporter.jurisdiction} region", country_bias=tuple(countries))
            if geo.ok and geo.country in countries and geo.score >= 100 and geo.admin1_code:
                out[geo.admin1_code] = geo
    if rules.lang.inflections:
        for match in _REGION_OFFICE_RE.finditer(sentence):
            found = _nominative(rules.lang, match.group(1), geocoder, countries)
            if found and found[1].admin1_code and (found[1].geo_precision or 1) >= 3:
                out[found[1].admin1_code] = found[1]
    return out


# A region's adjective before its office or its name: "Дніпропетровської ОВА", "Белгородской области".
_REGION_OFFICE_RE = re.compile(
    r"([А-ЯІЇЄҐЁ][\w'’]+(?:ської|цької|зької|ской|цкой|зкой))\s+(?:ОВА|ОДА|області|обласн\w*|области|областн\w*"
    r"|військов\w*|военн\w*)"
)


def _jurisdiction_place(
    rules: _Rules, reporter: _Reporter, geocoder: GeocoderLike, countries: Sequence[str]
) -> _Place | None:
    """The region of a governor or the town of a mayor, as a place of last resort."""
    assert reporter.jurisdiction is not None and reporter.jurisdiction_span is not None
    query = f"{reporter.jurisdiction} region" if reporter.region_level else reporter.jurisdiction
    geo = geocoder.geocode(query, country_bias=tuple(countries))
    if not geo.ok or geo.country not in countries or geo.score < 100:
        return None
    precision = 3 if reporter.region_level else (geo.geo_precision or 1)
    start, end = reporter.jurisdiction_span
    surface = query
    name = _display_name(rules.lang, surface, geo, precision)
    return _Place(surface, start, end, geo, precision, pointed=False, jurisdiction=True, name=name)


# -- clauses -------------------------------------------------------------------------------------------------


def _groups(rules: _Rules, sentence: str, places: list[_Place]) -> list[list[_Place]]:
    """Places listed together ("Kharkiv, Zaporizhzhia, and Uman") form one group."""
    groups: list[list[_Place]] = []
    for place in sorted(places, key=lambda p: p.start):
        if groups and rules.list_gap.fullmatch(sentence[groups[-1][-1].end : place.start]):
            groups[-1].append(place)
        else:
            groups.append([place])
    return groups


def _clauses(rules: _Rules, sentence: str, groups: list[list[_Place]]) -> list[tuple[list[_Place], int, int]]:
    """Each group with the [start, end) of its clause: cut at the last clause break between two groups;
    groups with no break between them share one clause."""
    cuts: list[int] = []
    merged: list[list[_Place]] = [list(groups[0])]
    for group in groups[1:]:
        gap_start, gap_end = merged[-1][-1].end, group[0].start
        breaks = list(rules.clause_breaks.finditer(sentence, gap_start, gap_end))
        if breaks:
            cuts.append(breaks[-1].start())
            merged.append(list(group))
        else:
            merged[-1].extend(group)
    bounds = [0, *cuts, len(sentence)]
    return [(group, bounds[k], bounds[k + 1]) for k, group in enumerate(merged)]


# -- mentions and merging -----------------------------------------------------------------------------------


@dataclass
class _Mention:
    place: _Place
    sentence: Sentence
    span: tuple[int, int] | None  # of the place in the sentence
    alone: bool
    killed: int | None
    injured: int | None
    weapons: list[Weapon]
    infrastructure: list[str]
    detail: str | None
    outage: bool
    actor: str | None
    reporters: list[tuple[str, str]]  # (as shown, who it is)
    # Every place of the clause is this one (a town and its area, "Суми та Сумський район"): what was hit is
    # said of it, though a count may be the two areas' total.
    same_place: bool = False
    also_killed: bool = False  # the count adds to the report's others ("також", "also")
    also_injured: bool = False


def _mention(
    rules: _Rules,
    place: _Place,
    sentence: Sentence,
    clause: str,
    alone: bool,
    reporters: list[_Reporter],
    continued: bool = False,
) -> _Mention:
    weapons = _weapons(rules, clause) or _weapons(rules, sentence.text)
    cls = classify(rules.not_infrastructure.sub(" ", clause))
    actor = _actor(rules, clause, sentence.text)
    if actor is None:
        sides = {w.side for w in weapons if w.side}
        actor = ACTOR_NAMES[sides.pop()] if len(sides) == 1 else None
    return _Mention(
        place=place,
        sentence=sentence,
        span=None if continued or place.jurisdiction else (place.start, place.end),
        alone=alone,
        killed=None if not alone else _count(rules, rules.killed, clause),
        # Someone who died of wounds is killed, not injured.
        injured=None if not alone or rules.died.search(clause) else _injured(rules, clause),
        also_killed=alone and _also(rules, rules.killed, clause),
        also_injured=alone and _also(rules, rules.injured, clause),
        weapons=weapons,
        infrastructure=cls.infrastructure,
        detail=cls.detail,
        outage=cls.power_outage,
        actor=actor,
        reporters=_sources(reporters),
    )


def _merge(rules: _Rules, mentions: list[_Mention], original: str) -> Candidate:
    first = next((m for m in mentions if m.alone and m.span), mentions[0])
    strong = [m for m in mentions if m.alone] or mentions
    place = first.place

    def latest(values: list[tuple[int | None, bool]]) -> int | None:
        # A report's figures for one place grow as it is updated ("16 injured" after "more than ten") or
        # count a part ("six of them were hospitalised"): the highest is the report's figure, plus those
        # counted "also" ("поранень зазнав також 56-річний чоловік").
        known = [v for v, also in values if v is not None and not also]
        more = [v for v, also in values if v is not None and also]
        if not known and not more:
            return None
        top = max(known, default=0)
        # A figure larger than all the others put together is their total ("8 injured" in the lead, then
        # "a girl and a woman", then "also a 60-year-old woman").
        if len(known) > 1 and top >= sum(known) - top + sum(more):
            return top
        return top + sum(more)

    # Weapon: the most specific one said of this place alone; any mention may refine it within its family
    # ("bomb" -> "guided aerial bomb").
    order = {w.name: k for k, w in enumerate(rules.lang.weapons)}
    firsts = [m.weapons[0] for m in strong if m.weapons]
    # The weapon the report first names for the place ("a ballistic missile", then "the Shahed attack that
    # preceded it"), refined below within its family.
    weapon = firsts[0] if firsts else None
    if weapon is not None:
        finer = [w for m in mentions for w in m.weapons if w.family == weapon.family]
        weapon = min([weapon, *finer], key=lambda w: order[w.name])
    said_of = [m for m in mentions if m.alone or m.same_place] or mentions
    categories = {c for m in said_of for c in m.infrastructure}
    outage = any(m.outage for m in said_of)
    if outage:
        categories.add("energy")  # a power cut: the power system was hit (as the classifier codes it)
    details = list(dict.fromkeys(d for m in said_of if m.detail for d in m.detail.split("; ")))
    sentences = list(dict.fromkeys((m.sentence.start, m.sentence.end) for m in mentions))
    evidence_parts = [original[s:e] for s, e in sentences]
    evidence = "\n".join(evidence_parts)
    span = None
    if first.span:
        offset = sum(len(p) + 1 for p in evidence_parts[: sentences.index((first.sentence.start, first.sentence.end))])
        span = (offset + first.span[0], offset + first.span[1])
    # One entry per person ("Rostov Governor Yuri Slyusar" and "Rostov regional Gov. Yuri Slyusar" are one),
    # and "Ukraine" says less than "Ukraine's General Staff": keep only the most specific of nested names.
    by_person: dict[str, str] = {}
    for m in mentions:
        for who, person in m.reporters:
            by_person.setdefault(person, who)
    reporters = list(dict.fromkeys(by_person.values()))
    reporters = [r for r in reporters if not any(r != o and r in o for o in reporters)]
    killed = latest([(m.killed, m.also_killed) for m in strong])
    injured = latest([(m.injured, m.also_injured) for m in strong])
    parts = {
        "place": CONFIDENCE["place"] * min(place.geo.score, 100) / 100,
        "exact": CONFIDENCE["exact"] if place.geo.score >= 100 else 0.0,
        "alone": CONFIDENCE["alone"] if any(m.alone for m in mentions) else 0.0,
        "pointed": CONFIDENCE["pointed"] if any(m.place.pointed for m in mentions) else 0.0,
        "weapon": CONFIDENCE["weapon"] if weapon else 0.0,
        "details": CONFIDENCE["details"] if (killed is not None or injured is not None or categories) else 0.0,
        "source": CONFIDENCE["source"] if reporters else 0.0,
    }
    return Candidate(
        place=place.name or place.surface,
        lat=float(place.geo.lat),  # type: ignore[arg-type]
        lon=float(place.geo.lon),  # type: ignore[arg-type]
        country=place.geo.country,
        admin1_code=place.geo.admin1_code,
        admin1=place.geo.admin1,
        # Named as a facility anywhere ("the Novoshakhtinsk refinery"): near the town, not in it.
        geo_precision=2 if place.precision == 1 and any(m.place.precision == 2 for m in mentions) else place.precision,
        killed=killed,
        injured=injured,
        weapon=weapon.name if weapon else None,
        sub_event_type=weapon.sub_event_type if weapon else SUB_EVENT_SHELLING,
        infrastructure=[c for c in INFRASTRUCTURE if c in categories],
        infrastructure_detail="; ".join(details) or None,
        power_outage=outage,
        actor=next((m.actor for m in strong if m.actor), None) or next((m.actor for m in mentions if m.actor), None),
        reported_by="; ".join(reporters) or None,
        district=next((m.place.district for m in mentions if m.place.district), None),
        evidence=evidence,
        evidence_span=span,
        confidence=round(min(1.0, sum(parts.values())), 2),
    )


# "no injuries or damage", "без пострадавших", "не пострадал": harm that did not happen.
_NEGATED_RE = re.compile(
    r"\b(?:no|without|not)\s+[\w-]+(?:\s+(?:or|and)\s+[\w-]+)?|(?<!\w)(?:без|немає|нема|нет|не)\s+\w+"
    r"(?:\s+(?:чи|або|та|і|или|и)\s+\w+)?",
    re.IGNORECASE,
)

# Links to other stories inside the copy ("Read also: Russia hits Kherson center"): blanked, offsets kept.
_RELATED_RE = re.compile(
    r"(?:Read also|Also read|See also|Read more|Читайте також|Читайте также|Читайте нас|Дивіться також|Смотрите также)"
    r"\b[^\n]*(?:\n[^\n.!?]{1,80}(?=\n|$)){0,2}",
    re.IGNORECASE,
)


# -- the extractor -------------------------------------------------------------------------------------------


def extract_events(
    text: str,
    geocoder: GeocoderLike | None = None,
    *,
    language: str | None = None,
    countries: Sequence[str] = DEFAULT_COUNTRIES,
    not_placed: list[str] | None = None,
) -> list[Candidate]:
    """Candidate strike events in a news text, in order of first mention, one per place.

    Places the text names but no candidate stands for, because the gazetteer does not know them or knows
    them only in another region than the report's, are appended to ``not_placed`` (one sentence each), so
    that a person can place them by hand.

    ``geocoder`` defaults to the project's offline geocoder (loaded on first use); tests pass their own.
    Only places in ``countries`` are kept (this project maps the Russia-Ukraine war). ``language`` is a
    code of :data:`~dashboard.extract.patterns.LANGUAGES`; by default it is read from the text's letters.
    """
    if geocoder is None:
        from dashboard.geo.geocode import get_geocoder  # loads the reference data: only when needed

        geocoder = get_geocoder()
    clean = _RELATED_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), normalize_quotes(text))
    rules = _rules(language or detect_language(clean))
    # Capitalised words at a sentence start that the text also writes in lower case are common words.
    common = {w for w in re.findall(r"\b\w[\w'-]*", clean) if w[0].islower()}
    # A village name shared by many places ("Popivka") is chosen with the raions the text names and the
    # oblasts of its other places, in a second pass, only if the first left a name ambiguous.
    from dashboard.geo.context import ContextGeocoder, raions_in_text  # plain code, no reference data

    first = ContextGeocoder(geocoder)
    unplaced_first: list[str] = []
    # A village placed in one sentence ("в селе Драгунское Белгородского округа") is that village where
    # another sentence names it without its region (the headline): a second pass knows it.
    villages: dict[str, GeocodeResultLike] = {}
    candidates = _extract(text, clean, rules, first, countries, common, unplaced_first, villages)
    again = any(note.split(":")[0] in villages for note in unplaced_first)
    if not first.ambiguous_seen and not again:
        if not_placed is not None:
            not_placed.extend(unplaced_first)
        return candidates
    regions = [c.admin1 for c in candidates if c.country == "UA" and c.admin1]
    second = ContextGeocoder(geocoder, raions_in_text(clean), regions) if first.ambiguous_seen else first
    return _extract(text, clean, rules, second, countries, common, not_placed, villages)


def _extract(
    text: str,
    clean: str,
    rules: _Rules,
    geocoder: GeocoderLike,
    countries: Sequence[str],
    common: set[str],
    not_placed: list[str] | None,
    villages: dict[str, GeocodeResultLike] | None = None,
) -> list[Candidate]:
    mentions: dict[tuple[Any, ...], list[_Mention]] = {}
    chain: _Mention | None = None  # the one-place mention a following sentence may continue

    def add(mention: _Mention) -> None:
        mentions.setdefault(mention.place.key, []).append(mention)

    sentences = split_sentences(clean)
    nobody_killed = nobody_injured = False
    context: set[str] = set()  # regions of the officials who report (for places the gazetteer puts elsewhere)
    unplaced: list[int] = []  # sentences naming a village the gazetteer does not know
    notes: list[str] = []
    # The regions whose officials speak in the report: where its villages are, if it names only one.
    report_regions: dict[str, GeocodeResultLike] = {}
    seen_regions: dict[str, GeocodeResultLike] = {}  # of the places named so far
    for sentence in sentences:
        report_regions.update(_jurisdiction_regions(rules, sentence.text, geocoder, countries))
    for number, sentence in enumerate(sentences):
        # A report about one place goes on about it in later paragraphs ("Later, the governor added that two
        # people were injured"); once it has named several, a new paragraph may be about any of them.
        one_place = _distinct_places(mentions) <= 1
        new_event = rules.new_event.search(sentence.text) and not (one_place and rules.also.search(sentence.text))
        # A paragraph that opens with "also" ("«Також потрощена вантажівка й АЗС»") goes on about the last place.
        goes_on = bool(rules.also.search(sentence.text.lstrip("\"'«“ ")))
        new_paragraph = chain is not None and chain.sentence.paragraph != sentence.paragraph and not goes_on
        if chain is not None and (new_event or (new_paragraph and not one_place)):
            chain = None
        s = sentence.text
        context |= set(_jurisdiction_regions(rules, s, geocoder, countries))
        if rules.past.search(s):
            continue
        if not rules.strike.search(s):
            continue  # "Medics are on site": the next sentence may still go on about the place
        reporters = _reporters(rules, s)
        missing: list[str] = []
        known = {**seen_regions, **report_regions}
        places = _find_places(rules, s, reporters, geocoder, countries, common, clean, missing, known, notes, villages)
        for place in places:
            code = place.geo.admin1_code
            if code and code not in seen_regions and place.label is None:
                region = _region_geo(geocoder, countries, place.geo)
                if region is not None:
                    seen_regions[code] = region
        unplaced += [number] * len(missing)
        notes += [f"{name}: a village the gazetteer does not know" for name in missing]
        if missing and not places:
            chain = None  # "В станице Базковской два человека получили ранения": not the town named before
            continue
        if not places:
            jurisdictions = [
                p
                for r in reporters
                if r.jurisdiction
                for p in [_jurisdiction_place(rules, r, geocoder, countries)]
                if p
            ]
            same = chain is not None and any(p.geo.admin1_code == chain.place.geo.admin1_code for p in jurisdictions)
            region_wide = bool(rules.region_wide.search(s)) and chain is not None and chain.place.precision < 3
            if region_wide:
                chain = None  # "The enemy launched 120 missiles in total": about the whole region or country
            if chain is not None and (same or not jurisdictions) and not rules.diplomacy.search(s):
                add(_mention(rules, chain.place, sentence, s, chain.alone, reporters, continued=True))
                continue
            places = jurisdictions[:1]
            if not places:
                # "По его данным, никто не пострадал", about no place in particular: said of the whole report
                nobody_killed = nobody_killed or _count(rules, rules.killed, s) == 0
                nobody_injured = nobody_injured or _count(rules, rules.injured, s) == 0
                chain = None
                continue
        new: list[_Mention] = []
        for group, c_start, c_end in _clauses(rules, s, _groups(rules, s, places)):
            clause = s[c_start:c_end]
            if not rules.strike.search(clause) or rules.hypothetical.search(clause):
                continue
            if rules.shot_down.search(s) and not rules.harm.search(_NEGATED_RE.sub(" ", clause)):
                # "air defence destroyed drones over Taganrog and the Kamensky district": no town was hit; a region
                # is where it happened when harm follows ("над Полтавщиною збили ракету. Уламки впали на школу"),
                # not when none does ("three drones were shot down over the Kursk region, no injuries or damage").
                after = sentences[number + 1].text if number + 1 < len(sentences) else ""
                group = [p for p in group if p.precision >= 3 and rules.harm.search(_NEGATED_RE.sub(" ", after))]
                if not group:
                    continue
            diplomatic = bool(rules.diplomacy.search(clause))
            for place in group:
                metonym = place.surface.lower() in rules.lang.metonyms
                target_end = group[-1].end if len(group) > 1 else place.end
                targeted = _targeted(rules, s, group[0].start, target_end) or _targeted(
                    rules, s, place.start, place.end
                )
                if diplomatic and not targeted:
                    continue
                if metonym and not (targeted or (place.pointed and not diplomatic and not _said_in(rules, s, place))):
                    continue
                # "shelled Nikopol and Marhanets": the strike word points at every place of the list.
                place.pointed = place.pointed or group[0].pointed
                mention = _mention(rules, place, sentence, clause, len(group) == 1, reporters)
                mention.same_place = len({p.key for p in group}) == 1
                new.append(mention)
        for mention in new:
            add(mention)
        # One place (a town and its area share it: "по Запоріжжю та Запорізькому району"): later sentences
        # without a place of their own go on about it.
        if new or not one_place:  # a warning or talk about the one place ("шахеди курсом на місто") keeps it
            chain = (
                dataclasses.replace(new[0], alone=True)
                if new
                and len({m.place.key for m in new}) == 1
                and (not new[0].place.jurisdiction or len(mentions) == 1)
                else None
            )
    order = {sentence.start: k for k, sentence in enumerate(sentences)}
    groups = _one_per_place(rules, mentions, unplaced, order, notes, context, report_regions)
    cands = [_merge(rules, group, text) for group in groups.values()]
    if not_placed is not None:
        not_placed.extend(dict.fromkeys(notes))
    for cand in cands:
        cand.killed = 0 if cand.killed is None and nobody_killed else cand.killed
        cand.injured = 0 if cand.injured is None and nobody_injured else cand.injured
    return cands


def _one_per_place(
    rules: _Rules,
    mentions: dict[tuple[Any, ...], list[_Mention]],
    unplaced: list[int],
    order: dict[int, int],
    notes: list[str],
    context: set[str] = frozenset(),  # type: ignore[assignment]
    region_geos: dict[str, GeocodeResultLike] | None = None,
) -> dict[tuple[Any, ...], list[_Mention]]:
    """One event per place of the report.

    - A village the gazetteer puts outside every region the report names is another village of that name
      (the gazetteer lacks the right one): no event rather than a confident wrong place. Such villages, and
      villages the gazetteer does not know (`unplaced`: the numbers of their sentences), still count as places
      of the region named in their sentence or the one before. When the report names one region only (and
      `region_geos` has its point), the village stands there instead, with geo_precision 3 and the text's name.
    - A region whose only place in the report is one town stands for that town ("A Russian missile attack on
      Dnipro ... Later, the governor said two were injured"): its mentions are the town's.
    - A region with several places named in it is a summary of them ("drones attacked six districts of the
      Belgorod region ... two were injured"), not an event of its own. A region with none is the event.
    """
    regions = {m.place.geo.admin1_code for group in mentions.values() for m in group if m.place.precision >= 3}
    towns_named = {
        m.place.geo.admin1_code
        for group in mentions.values()
        for m in group
        if m.place.precision == 1 and not (m.place.village or m.place.area)
    }
    regions = {r for r in regions | set(context) | towns_named if r}
    geos = dict(region_geos or {})
    geos.update({m.place.geo.admin1_code: m.place.geo for g in mentions.values() for m in g if m.place.precision >= 3})
    out: dict[tuple[Any, ...], list[_Mention]] = {}
    villages = list(unplaced)
    for key, group in mentions.items():
        place = group[0].place
        # A village or a raion/hromada the gazetteer puts outside the report's regions is another of that name.
        village = all(m.place.village or m.place.area for m in group)
        same_country = regions
        if village and same_country and place.geo.admin1_code not in same_country:
            if len(same_country) == 1 and next(iter(same_country)) in geos and not place.area:
                region = geos[next(iter(same_country))]
                label = village_label(rules.lang.code, place.surface)
                moved = dataclasses.replace(place, geo=region, precision=3, name=label, label=label)
                out[moved.key] = [dataclasses.replace(m, place=moved) for m in group]
                notes.append(
                    f"{place.surface}: the gazetteer's {place.geo.name} is in {place.geo.admin1}"
                    f" ({place.geo.admin1_code}); placed at the point of the report's region {region.admin1}"
                    f" ({region.admin1_code}), geo_precision 3"
                )
                continue
            villages += [order[m.sentence.start] for m in group]
            notes.append(
                f"{place.surface}: the gazetteer's {place.geo.name} is in {place.geo.admin1} ({place.geo.admin1_code}),"
                f" not in the region the report names ({', '.join(sorted(same_country))})"
            )
            continue
        out[key] = group
    # A raion or hromada named with one village of its region ("a village in the Izium district ... the
    # village of Andriivka in the Borove community") is where that village is, not a second event.
    for key in [k for k, group in out.items() if all(m.place.area for m in group)]:
        code = out[key][0].place.geo.admin1_code
        same = [k for k, g in out.items() if k != key and g[0].place.geo.admin1_code == code and g[0].place.town_like]
        if len(same) == 1 and all(m.place.village or m.place.label for m in out[same[0]]):
            out[same[0]].extend(_as_town(rules, out[same[0]], out.pop(key)))
    towns: dict[str | None, list[tuple[Any, ...]]] = {}
    for key, group in out.items():
        if all(m.place.town_like for m in group):
            towns.setdefault(group[0].place.geo.admin1_code, []).append(key)
    for key in [k for k, group in out.items() if all(not m.place.town_like for m in group)]:
        in_region = towns.get(out[key][0].place.geo.admin1_code, [])
        near = len(villages)  # a village the gazetteer lacks may be the region's place too
        # A region's figures that are one town's ("Ворог атакував Миколаївщину FPV-дроном: четверо дітей
        # поранено" over "в селі Дмитрівка ... четверо дітей"): the headline of that town's event.
        figures = {(m.killed, m.injured) for m in out[key] if m.alone and (m.killed or m.injured)}
        owners = [k for k in in_region if figures and figures <= {(m.killed, m.injured) for m in out[k]}]
        if len(owners) == 1 and len(in_region) > 1:
            town = out[owners[0]]
            town.extend(_as_town(rules, town, out.pop(key)))
        elif len(in_region) == 1 and not near:
            town = out[in_region[0]]
            town.extend(_as_town(rules, town, out.pop(key)))
        elif in_region:
            # "drones attacked the Lipetsk region ... in Lebedyan ... in Yelets": the weapon is each town's
            weapons = [w for m in out.pop(key) for w in m.weapons]
            for town_key in in_region if weapons and not near else []:
                town = out[town_key]
                if not any(m.weapons for m in town):
                    town.append(dataclasses.replace(town[0], weapons=weapons[:1], killed=None, injured=None))
    return out


def _as_town(rules: _Rules, town: list[_Mention], region: list[_Mention]) -> list[_Mention]:
    """The region's mentions as the town's, but not a summary of the region ("shelled 11 settlements in the
    Kherson region, wounding three") nor a weapon when the town's own mentions name one."""
    region = [m for m in region if not rules.region_wide.search(m.sentence.text)]
    has_weapon = any(m.weapons for m in town)
    place = town[0].place
    return [
        _Mention(
            place=place,
            sentence=m.sentence,
            span=None,
            alone=m.alone,
            killed=m.killed,
            injured=m.injured,
            weapons=[] if has_weapon else m.weapons,
            infrastructure=m.infrastructure,
            detail=m.detail,
            outage=m.outage,
            actor=m.actor,
            reporters=m.reporters,
            same_place=m.same_place,
            also_killed=m.also_killed,
            also_injured=m.also_injured,
        )
        for m in region
    ]


# -- to the event table -------------------------------------------------------------------------------------


def candidates_to_events(
    cands: Sequence[Candidate],
    event_date: str | date | datetime,
    source: str | None = None,
    source_url: str | None = None,
) -> pd.DataFrame:
    """Schema rows (validated) for reviewed candidates; ``dataset`` is "extracted"."""
    day = pd.Timestamp(event_date).normalize()
    rows = []
    for c in cands:
        ident = f"{day.date()}|{source_url or source or ''}|{c.place}|{c.lat:.4f}|{c.lon:.4f}"
        rows.append(
            {
                "event_id": "EXT-" + hashlib.sha1(ident.encode()).hexdigest()[:12],
                "event_date": day,
                "time_precision": 1,
                "event_type": "Explosions/Remote violence",
                "sub_event_type": c.sub_event_type,
                "weapon": c.weapon,
                "actor1": c.actor,
                "actor2": None,
                "country": c.country,
                "admin1_code": c.admin1_code,
                "admin1": c.admin1,
                "location": f"{c.place}, {c.district}" if c.district else c.place,
                "latitude": c.lat,
                "longitude": c.lon,
                "geo_precision": c.geo_precision,
                "killed": c.killed,
                "injured": c.injured,
                "infrastructure": list(c.infrastructure),
                "infrastructure_detail": c.infrastructure_detail,
                "power_outage": c.power_outage,
                "notes": c.evidence,
                "source": "; ".join(s for s in (c.reported_by, source) if s) or None,
                "source_url": source_url,
                "dataset": "extracted",
            }
        )
    if not rows:
        return empty_events()
    return validate_events(pd.DataFrame(rows), source="extracted")
