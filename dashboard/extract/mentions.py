"""Places grouped into lists and clauses, a mention (what one clause says of one place), and the mentions
of one place merged into a :class:`~dashboard.extract.candidate.Candidate`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.extract.candidate import CONFIDENCE, Candidate
from dashboard.extract.casualties import _also, _count, _injured, _without_asides
from dashboard.extract.patterns import (
    ACTOR_NAMES,
    SUB_EVENT_SHELLING,
    Weapon,
)
from dashboard.extract.places import _Place
from dashboard.extract.rules import _Rules
from dashboard.extract.sources import _actor, _Reporter, _sources, _weapons
from dashboard.extract.text import Sentence
from dashboard.ingest.infrastructure import classify
from dashboard.schema import INFRASTRUCTURE


def _distinct_places(mentions: dict[tuple[Any, ...], list[_Mention]]) -> int:
    """How many places the report has named so far; a region holding a named town is not one more."""
    towns = {ms[0].place.geo.admin1_code for ms in mentions.values() if ms[0].place.town_like}
    return sum(1 for ms in mentions.values() if ms[0].place.town_like or ms[0].place.geo.admin1_code not in towns)


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
        killed=None if not alone else _count(rules, rules.killed, _without_asides(clause)),
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
    # The weapon named for a list of places is each one's ("a drone attack damaged ... Sumy and the village of
    # Pishchane") when nothing said of the place alone names one.
    firsts = [m.weapons[0] for m in strong if m.weapons] or [m.weapons[0] for m in mentions if m.weapons]
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
