"""A name in a sentence to a place of the gazetteer: case endings undone ("у Харкові" -> Харків), a city
district to its city, a raion's or hromada's adjective to its town, "X region", qualifiers ("in Russia's
Rostov region"), and the regions and towns of the officials quoted."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Sequence

from dashboard.extract.candidate import MIN_FUZZY_SCORE, GeocodeResultLike, GeocoderLike
from dashboard.extract.districts import District, city_district
from dashboard.extract.patterns import Language
from dashboard.extract.places import (
    _NEXT_WORDS_RE,
    _display_name,
    _district_follows,
    _follows,
    _Place,
    _pointed,
    _qualifiers,
    _targeted,
    _words_before,
)
from dashboard.extract.rules import _Rules
from dashboard.extract.sources import _Reporter, _reporters


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


def _resolve(
    rules: _Rules,
    sentence: str,
    masked: str,
    part: list[tuple[str, int, int]],
    geocoder: GeocoderLike,
    countries: Sequence[str],
    report: str = "",
    regions: Collection[str] = (),
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
        return _area_place(rules, sentence, surface, start, end, geocoder, countries, regions)
    if first in lang.feature_words or set(_words_before(sentence, start, 3)) & lang.street_words:
        return None  # "the Dnipro River"; "на улицах Дзержинского и Морозова"
    precision = 1
    if rules.region_before.search(sentence[:start]) and first not in lang.region_words:
        # "the region of Dnipropetrovsk"
        geo = geocoder.geocode(f"{surface} region", country_bias=tuple(countries))
        if geo.ok and geo.country in countries and geo.score >= 100:
            pointed = _pointed(rules, sentence, start, end) or _targeted(rules, sentence, start, end)
            return _Place(surface, start, end, geo, 3, pointed, name=_display_name(lang, surface, geo, 3))
    if first in lang.region_adjectives and len(next_words) > 1 and next_words[1] in lang.region_words:
        # "Belgorod border region": the region, its adjective left out of the query
        word = sentence[follow.start(2) : follow.end(2)]
        surface, query, end = f"{surface} {word}", f"{surface} {word}", follow.end(2)
        precision = 3
    elif first in lang.region_words:
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
    ("ськ", "ів"), ("ськ", "ь"), ("івськ", "ове"), ("ївськ", "ове"), ("ецьк", "ець"), ("ецк", "ец"),
    ("ківськ", "ква"),  # "Білоцерківськ-" -> "Біла Церква"
)  # fmt: skip
# A compound adjective of a two-word town: "Новослобідськ-" -> "Нова Слобода", "Середино-Будськ-" ->
# "Середина-Буда" (the first word's ending becomes a linking "о"; Ukrainian "і" of the last syllable is "о").
_COMPOUND_RE = re.compile(r"^(?P<first>[^\W\d_]{2,}?)о(?P<hyphen>-?)(?P<second>[^\W\d_]{3,})$")
_FIRST_ENDINGS = ("а", "е", "ий", "і", "ая", "ое", "ый")


def _area_place(
    rules: _Rules,
    sentence: str,
    surface: str,
    start: int,
    end: int,
    geocoder: GeocoderLike,
    countries: Sequence[str],
    regions: Collection[str] = (),
) -> _Place | None:
    """The town an area (a raion, hromada, okrug) is named after, near it (geo_precision 2). Of namesakes, the
    one in a region the report names ("Покровській громаді" of a Dnipropetrovsk report is Pokrov, not
    Pokrovsk in Donetsk)."""
    match = _ADJECTIVE_RE.match(surface)
    stem = match.group("stem") if match else surface
    towns = [
        stem[: len(stem) - len(ending)] + replacement
        for ending, replacement in (_AREA_TOWNS if match else (("", ""),))
        if stem.lower().endswith(ending) and len(stem) - len(ending) + len(replacement) >= 3
    ]
    compound = _COMPOUND_RE.match(stem) if match else None
    found: list[tuple[str, GeocodeResultLike]] = []
    for town in towns:
        geo = geocoder.geocode(town, country_bias=tuple(countries))
        if geo.ok and geo.country in countries and geo.score >= 100 and (geo.geo_precision or 1) < 3:
            found.append((town, geo))
            if not regions or geo.admin1_code in regions:
                break
    if compound and not any(not regions or g.admin1_code in regions for _, g in found):
        second = compound.group("second")
        seconds = [second[: len(second) - len(e)] + r for e, r in _AREA_TOWNS if second.lower().endswith(e) and e]
        seconds += [re.sub(r"і(?=[^\W\d_]+$)", "о", w) for w in seconds if "і" in w]
        joins = ("-",) if compound.group("hyphen") else (" ", "-")
        for first, rest, join in itertools.product(_FIRST_ENDINGS, dict.fromkeys(seconds), joins):
            town = compound.group("first") + first + join + rest[:1].upper() + rest[1:]
            geo = geocoder.geocode(town, country_bias=tuple(countries))
            if geo.ok and geo.country in countries and geo.score >= 100 and (geo.geo_precision or 1) < 3:
                found.append((town, geo))
                break
    if not found:
        return None
    town, geo = next(((t, g) for t, g in found if g.admin1_code in regions), found[0])
    pointed = _pointed(rules, sentence, start, end) or _targeted(rules, sentence, start, end)
    name = _display_name(rules.lang, town, geo, 2)
    return _Place(surface, start, end, geo, 2, pointed, name=name, area=True)


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
