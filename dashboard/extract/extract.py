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

Each step has a module of its own: :mod:`~dashboard.extract.rules` (the language data compiled),
:mod:`~dashboard.extract.sentence_places`, :mod:`~dashboard.extract.names` and :mod:`~dashboard.extract.places`
(2), :mod:`~dashboard.extract.casualties` and :mod:`~dashboard.extract.sources` (counts, weapons, who said so),
:mod:`~dashboard.extract.mentions` (3, 6), :mod:`~dashboard.extract.per_place` (7) and
:mod:`~dashboard.extract.candidate` (what comes out); this module reads a text sentence by sentence (4, 5).

Confidence is a sum of documented parts, see :data:`CONFIDENCE`. Without a named weapon the sub-event type
is "Shelling/artillery/missile attack", the reviewer's default to correct.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from dashboard.extract.candidate import (
    CONFIDENCE,
    DEFAULT_COUNTRIES,
    Candidate,
    GeocodeResultLike,
    GeocoderLike,
    candidates_to_events,
)
from dashboard.extract.casualties import _count
from dashboard.extract.language import Weapon
from dashboard.extract.mentions import _clauses, _distinct_places, _groups, _Mention, _mention, _merge
from dashboard.extract.names import _jurisdiction_place, _jurisdiction_regions, _region_geo
from dashboard.extract.per_place import _bare_region_names, _one_per_place
from dashboard.extract.places import _said_in, _targeted
from dashboard.extract.rules import _Rules, _rules, detect_language
from dashboard.extract.sentence_places import _find_places
from dashboard.extract.sources import _reporters, _weapons
from dashboard.extract.text import normalize_quotes, split_sentences

__all__ = [
    "CONFIDENCE",
    "DEFAULT_COUNTRIES",
    "Candidate",
    "GeocoderLike",
    "candidates_to_events",
    "detect_language",
    "extract_events",
]


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


# Where the wounded were taken is no place of the strike ("доставлена в городскую больницу № 2 Белгорода",
# "taken to a hospital in Kharkiv", "доправили до лікарні Сум").
_HOSPITAL_BEFORE_RE = re.compile(
    r"(?:доставл|доставил|госпитализ|госпіталіз|перевез|перевіз|доправ|taken|rushed|admitted|brought|airlifted"
    r"|transported|evacuated)\w*\s+(?:to|в|во|до|у)\s+[^.;!?]{0,50}?"
    r"(?:больниц|госпитал|лікарн|шпитал|hospital|медзаклад|медучрежден)\w*[^.;,!?]{0,30}$",
    re.IGNORECASE,
)


# ... or named by its town's adjective: "доставили в Борисовскую центральную районную больницу".
_DELIVERED_TO_RE = re.compile(
    r"(?:доставл|доставил|госпитализ|госпіталіз|перевез|перевіз|доправ)\w*\s+(?:в|во|до|у)\s+(?:[\w№-]+\s+)?$",
    re.IGNORECASE,
)
_HOSPITAL_AFTER_RE = re.compile(r"^\s*(?:[\w№-]+\s+){0,3}?(?:больниц|госпитал|лікарн|шпитал|медзаклад)", re.IGNORECASE)


# "Seven people are known to have been injured in the regional center", "обласний центр атакували шахедами":
# the one city the report names.
_REGIONAL_CENTRE_RE = re.compile(
    r"\bregional (?:center|centre|capital)\b|(?<!\w)(?:обласн|областн)\w* центр\w*", re.IGNORECASE
)


def _regional_centre(s: str, mentions: dict[tuple[Any, ...], list[_Mention]]) -> _Mention | None:
    """The one city's mention a sentence naming "the regional center" speaks of, if the report names one city."""
    if not _REGIONAL_CENTRE_RE.search(s):
        return None
    towns = {
        m.place.key: m
        for group in mentions.values()
        for m in group
        if m.place.precision == 1 and not (m.place.village or m.place.area or m.place.label)
    }
    return next(iter(towns.values())) if len(towns) == 1 else None


def _where_taken(s: str, start: int, end: int) -> bool:
    """The place is where the wounded were taken, not where the strike was."""
    before = s[:start]
    return bool(
        _HOSPITAL_BEFORE_RE.search(before) or (_DELIVERED_TO_RE.search(before) and _HOSPITAL_AFTER_RE.match(s[end:]))
    )


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
    shot_weapons: list[Weapon] = []  # named where air defence downed them ("ПВО сбили семь беспилотников")
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
        if rules.shot_down.search(s):
            shot_weapons += _weapons(rules, s)
        reporters = _reporters(rules, s)
        missing: list[str] = []
        known = {**seen_regions, **report_regions}
        places = _find_places(
            rules, s, reporters, geocoder, countries, common, clean, missing, known, notes, villages, report_regions
        )
        places = [p for p in places if not _where_taken(s, p.start, p.end)]
        if any(r.region_level and not r.jurisdiction for r in reporters):
            # "in the Russian region of Belgorod ..., the regional governor said": the sentence's one region is his.
            own = {
                p.geo.admin1_code: p.geo for p in places if p.precision >= 3 and p.label is None and p.geo.admin1_code
            }
            if len(own) == 1:
                report_regions.update(own)
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
        centre = None if places else _regional_centre(s, mentions)
        if centre is not None:
            add(_mention(rules, centre.place, sentence, s, True, reporters, continued=True))
            chain = dataclasses.replace(centre, alone=True)
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
        if rules.earlier.search(s) and len(places) >= 2 and all(p.precision >= 3 for p in places):
            chain = None
            continue  # "Earlier, drones were reported over the Rostov, Ulyanovsk regions and Tatarstan"
        new: list[_Mention] = []
        lists = _groups(rules, s, places)
        for group, c_start, c_end in _clauses(rules, s, lists):
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
        region_day = new and all(m.place.precision >= 3 and not m.place.label for m in new)
        if (
            region_day
            and rules.region_wide.search(s)
            and any(g[0].place.town_like and g[0].place.key != new[0].place.key for g in mentions.values())
        ):
            # "За прошедшие сутки ВСУ ударили по 11 муниципалитетам Белгородской области. Один человек погиб": the
            # region's day, not the village the report is about; what follows is no place's figure.
            chain = None
            continue
        if new or not one_place:  # a warning or talk about the one place ("шахеди курсом на місто") keeps it
            # A town listed with the hromadas around it ("Поцілив по Нікополю, Марганецькій та Покровській
            # громадах. Пошкоджені 7 приватних осель ...") is the district's centre: what follows is said of it.
            centre = (
                bool(new)
                and not new[0].place.area
                and len({m.place.key for m in new}) > 1
                and any({m.place.key for m in new} <= {p.key for p in g} for g in lists)  # one list
                and all(m.place.area and m.place.geo.admin1_code == new[0].place.geo.admin1_code for m in new[1:])
            )
            chain = (
                dataclasses.replace(new[0], alone=True)
                if new
                and (len({m.place.key for m in new}) == 1 or centre)
                and (not new[0].place.jurisdiction or len(mentions) == 1)
                else None
            )
    order = {sentence.start: k for k, sentence in enumerate(sentences)}
    mentions = _bare_region_names(rules, mentions, clean)
    groups = _one_per_place(rules, mentions, unplaced, order, notes, context, report_regions)
    cands = [_merge(rules, group, text) for group in groups.values()]
    if not_placed is not None:
        not_placed.extend(dict.fromkeys(notes))
    # What air defence downed over the report's places is what hit them ("над Белгородом ПВО сбили семь
    # беспилотников ... В Белгородском районе повреждена кровля"), when the report downed one kind only and
    # names no weapon for the place itself.
    families = {w.family for w in shot_weapons}
    for cand in cands if len(families) == 1 else []:
        if cand.weapon is None:
            cand.weapon, cand.sub_event_type = shot_weapons[0].name, shot_weapons[0].sub_event_type
    for cand in cands:
        cand.killed = 0 if cand.killed is None and nobody_killed else cand.killed
        cand.injured = 0 if cand.injured is None and nobody_injured else cand.injured
    return cands
