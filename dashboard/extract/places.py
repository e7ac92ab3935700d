"""A place as a sentence names it (:class:`_Place`), and the small readings of the words around a name: a
preposition or strike word pointing at it, a district, region, facility or village word next to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dashboard.extract.candidate import GAZETTEER_REGION, GeocodeResultLike
from dashboard.extract.patterns import Language
from dashboard.extract.rules import _Rules

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


_QUALIFIER_SPAN_RE = re.compile(r"[^;:.!?]{0,45}")


_LIST_WORD_RE = re.compile(r"\b(?:and|or|и|і|й|та|или|або)\b|,\s*(?:and\s+)?(?:the\s+)?[A-ZА-ЯІЇЄҐЁ]", re.IGNORECASE)


def _village_word(lang: Language, sentence: str, start: int) -> str:
    """The village word right before a name ("у селі Подоли", "the village of Malinovka"), or ""."""
    words = _words_before(sentence, start, 2)
    if words and words[-1] in lang.village_words:
        return words[-1]
    if len(words) == 2 and words[-1] == "of" and words[0] in lang.village_words:
        return words[0]
    return ""


def _region_follows(rules: _Rules, masked: str, end: int) -> bool:
    """A region word comes next: "... Ростовської області"."""
    follow = _NEXT_WORDS_RE.match(masked, end)
    return bool(follow) and follow.group(1).lower() in rules.lang.region_words


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
