"""Who struck and with what (weapons and actors named in a clause), and who said so (the officials quoted,
with the region or town they speak for)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.extract.patterns import (
    ACTOR_NAMES,
    Weapon,
)
from dashboard.extract.rules import _Rules


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
