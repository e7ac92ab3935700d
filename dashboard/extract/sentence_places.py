"""The places of one sentence: runs of capitalised words cut at stop words and resolved in the gazetteer,
villages the gazetteer lacks put at their region's point, regions that only qualify a town dropped."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from dashboard.extract.candidate import GeocodeResultLike, GeocoderLike
from dashboard.extract.morphology import common_at_sentence_start
from dashboard.extract.names import _area_place, _region_geo, _resolve
from dashboard.extract.patterns import Language
from dashboard.extract.places import (
    _LIST_WORD_RE,
    _NEXT_WORDS_RE,
    _QUALIFIER_GAP_RE,
    _QUALIFIER_SPAN_RE,
    _mask,
    _Place,
    _region_follows,
    _runs,
    _token_word,
    _village_word,
)
from dashboard.extract.rules import _Rules
from dashboard.extract.sources import _Reporter
from dashboard.extract.villages import ADJECTIVE_TAIL_RE, village_label


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
    official_regions: dict[str, GeocodeResultLike] | None = None,
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
            # The first word, or the first after a dateline ("INTERFAX.RU - Мирный житель погиб").
            sentence_start = bool(re.fullmatch(r"\s*(?:\S+\s+[-–—]\s+)?", masked[: token.start()]))
            # A Latin word in a Cyrillic text is no part of a Cyrillic name ("Грайворон FPV-дрон").
            foreign = lang.letters != "A-Za-z" and bool(re.search("[A-Za-z]", word))
            follow = _NEXT_WORDS_RE.match(masked, end)
            # "Киевская область", "Сумська громада": an adjective before its region or area word is the name.
            named = (
                bool(follow) and follow.group(1).lower() in lang.region_words | lang.area_words | lang.district_words
            )
            common = sentence_start and (
                lowered in common_words or (not named and common_at_sentence_start(lang.code, word))
            )
            if lowered in lang.stopwords or len(word) < 3 or common or foreign:
                parts.append([])
            else:
                parts[-1].append((word, token.start(), end))
            if end != token.end():  # a possessive ends the name
                parts.append([])
        for part in parts:
            if part:
                place = _resolve(rules, sentence, masked, part, geocoder, countries, report, set(report_regions or {}))
                if (
                    place is None
                    and len(part) > 1
                    and (_region_follows(rules, masked, part[-1][2]) or ADJECTIVE_TAIL_RE.search(" " + part[-1][0]))
                ):
                    # "НПЗ у Новошахтинську Ростовської області": a town, then its region's adjective;
                    # "поселок Теткино Глушковского района": a village, then its raion's.
                    place = _resolve(
                        rules, sentence, masked, part[:-1], geocoder, countries, report, set(report_regions or {})
                    )
                    if place is not None and place.precision < 3 and ADJECTIVE_TAIL_RE.search(" " + part[-1][0]):
                        place = _in_its_area(rules, sentence, place, part[-1][0], geocoder, countries)
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
        region = _village_region(
            rules, sentence, places, adjective, report_regions or {}, geocoder, countries, official_regions or {}
        )
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
    if villages is not None:
        # A namesake the text put in its region ("селом Локоть Рыльского района Курской области") is that
        # village where another sentence names it without its region.
        for k, place in enumerate(places):
            moved = villages.get(place.surface)
            if place.label and place.precision >= 3:
                villages.setdefault(place.surface, place.geo)
            elif (
                moved is not None
                and place.precision < 3
                and not place.district
                and moved.admin1_code != place.geo.admin1_code
            ):
                label = village_label(lang.code, place.surface)
                places[k] = dataclasses.replace(place, geo=moved, precision=3, name=label, label=label)
    # A region that only qualifies a town named in the same sentence is not a place of its own.
    towns = {(p.geo.country, p.geo.admin1_code) for p in places if p.town_like}
    places = [p for p in places if p.town_like or (p.geo.country, p.geo.admin1_code) not in towns]
    # An area after a place and a comma is where that place is ("the village of Mykhailivka, Beryslav district").
    # So is an area after a place and "in the" ("the village of Andriivka in the Borove community, Izium
    # district"): each qualifies the one before it. Not an area of a list ("по Нікополю, Марганецькій та
    # Покровській громадах"), whose area word comes only after the last of them.
    places = [
        p
        for k, p in enumerate(places)
        if not (
            p.area
            and k
            and _QUALIFIER_GAP_RE.fullmatch(sentence[places[k - 1].end : p.start])
            and not re.match(rf"\s*(?:,|(?:{lang.list_words})\s)", sentence[p.end :])
        )
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
        # The text's own name, in Latin letters: the gazetteer's name is the namesake's ("Коренево" in the Kursk
        # region is Korenevo, not Sumy's Koreneve).
        latin = not re.search("[А-Яа-яЁёІіЇїЄєҐґ]", place.surface)
        label = (place.name or place.surface) if latin else village_label(lang.code, place.surface)
        out[k] = dataclasses.replace(place, geo=region.geo, precision=3, name=label, label=label)
    return out


def _village_region(
    rules: _Rules,
    sentence: str,
    places: list[_Place],
    adjective: str | None,
    report_regions: dict[str, GeocodeResultLike],
    geocoder: GeocoderLike,
    countries: Sequence[str],
    official_regions: dict[str, GeocodeResultLike] | None = None,
) -> GeocodeResultLike | None:
    """The region a village the gazetteer lacks is in, as the text says: the sentence's one region, the
    village's raion or hromada, or the report's one region; None when the text does not say."""
    own = {p.geo.admin1_code: p.geo for p in places if p.precision >= 3 and p.label is None}
    if len(own) == 1:
        return next(iter(own.values()))
    if adjective:
        area = _area_place(rules, sentence, adjective, 0, 0, geocoder, countries, set(report_regions))
        if area is not None:
            return _region_geo(geocoder, countries, area.geo)
    if not own and len(official_regions or {}) == 1:
        return next(iter((official_regions or {}).values()))  # the governor reports on his region's villages
    if not own and len(report_regions) == 1:
        return next(iter(report_regions.values()))
    return None


def _in_its_area(
    rules: _Rules, sentence: str, place: _Place, adjective: str, geocoder: GeocoderLike, countries: Sequence[str]
) -> _Place:
    """A village followed by its raion's or okrug's adjective ("в селе Муром Шебекинского округа") that the
    gazetteer holds only in another region (Murom in Vladimir) is a namesake: it stands at the point of the
    area's region (geo_precision 3), with the text's name."""
    area = _area_place(rules, sentence, adjective, 0, 0, geocoder, countries)
    if area is None or area.geo.admin1_code == place.geo.admin1_code:
        return place
    region = _region_geo(geocoder, countries, area.geo)
    if region is None:
        return place
    label = village_label(rules.lang.code, place.surface)
    return dataclasses.replace(place, geo=region, precision=3, name=label, label=label, village=True)
