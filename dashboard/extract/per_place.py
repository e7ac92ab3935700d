"""One event per place of a report: a region that stands for its one town, a region that only sums up its
towns, villages the gazetteer puts outside the report's regions."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from dashboard.extract.candidate import GeocodeResultLike
from dashboard.extract.mentions import _Mention
from dashboard.extract.rules import _Rules
from dashboard.extract.villages import village_label


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
        elif len(same) >= 2 and all(m.place.village or m.place.label for k in same for m in out[k]):
            # "Под атаку беспилотников попал Белгородский район. Предварительно, никто не пострадал. В хуторе
            # Церковный ... В селе Петровка ...": the raion sums up its villages (no event of its own); its
            # "nobody was hurt" and its weapon are theirs where they say none.
            area = out.pop(key)
            weapon = next((m for m in area if m.weapons), None)
            for k in same:
                town = out[k]
                says = [m for m in area if m.killed == 0 or m.injured == 0]
                if weapon is not None and not any(t.weapons for t in town):
                    says.append(dataclasses.replace(weapon, killed=None, injured=None))
                town.extend(
                    dataclasses.replace(
                        town[0],
                        sentence=m.sentence,
                        span=None,
                        killed=m.killed if m.killed == 0 else None,
                        injured=m.injured if m.injured == 0 else None,
                        weapons=m.weapons if m is says[-1] and m.killed is None and m.injured is None else [],
                        infrastructure=[],
                        detail=None,
                        outage=False,
                        also_killed=False,
                        also_injured=False,
                    )
                    for m in says
                )
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


def _bare_region_names(
    rules: _Rules, mentions: dict[tuple[Any, ...], list[_Mention]], text: str
) -> dict[tuple[Any, ...], list[_Mention]]:
    """English wire copy names a region by its capital's name: "a drone attack kills one in Belgorod" over a
    report on "the village of Novaya Naumovka" in "Russia's Belgorod region". A bare name that is a Russian
    region's own, in a report that names that region and another settlement in it, and never "the city of" it,
    is the region. (Ukrainian outlets' English keeps "Zaporizhzhia" for the city, "Zaporizhzhia region" apart.)"""
    if rules.lang.code != "en":
        return mentions
    regions = {
        g[0].place.geo.admin1_code: k for k, g in mentions.items() if g[0].place.precision >= 3 and not g[0].place.label
    }
    out = dict(mentions)
    for key, group in mentions.items():
        place = group[0].place
        code = place.geo.admin1_code
        if place.geo.country != "RU" or place.precision != 1 or place.village or place.area or place.label:
            continue
        if code not in regions:
            continue
        region = mentions[regions[code]][0].place
        name = re.sub(r"\s+(?:region|oblast)$", "", region.name or region.surface, flags=re.IGNORECASE)
        if name.lower() != (place.name or place.surface).lower():
            continue
        others = [
            k for k, g in mentions.items() if k != key and g[0].place.town_like and g[0].place.geo.admin1_code == code
        ]
        city = re.search(rf"\b(?:city of {re.escape(name)}|{re.escape(name)} city)\b", text, re.IGNORECASE)
        if not others or city:
            continue
        out[regions[code]] = out[regions[code]] + [
            dataclasses.replace(m, place=region, span=None) for m in out.pop(key)
        ]
    return out
