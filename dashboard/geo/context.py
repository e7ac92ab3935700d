"""Choosing among namesakes with the rest of a report.

"Shelling of Popivka" names one of dozens of villages; the same report usually names its raion ("Okhtyrskyi
district") or other places whose oblast is known. :class:`ContextGeocoder` wraps a geocoder: a name the geocoder
leaves ambiguous (an unresolved result with candidates) is tried again with each raion the text mentions, then
with each oblast of the report's other places, and is resolved only if exactly one settlement fits. Otherwise it
stays unresolved, as the geocoder left it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["ContextGeocoder", "raions_in_text"]

# "Okhtyrskyi district", "Okhtyrka raion", "в Охтирському районі", "Ахтырского района".
_RAION_RE = re.compile(
    r"\b([A-ZА-ЯІЇЄҐ][\w'’ʼ-]+(?:[- ][A-ZА-ЯІЇЄҐ][\w'’ʼ-]+)?)\s+(?i:raion|rayon|district|район\w*)\b"
)


def raions_in_text(text: str) -> list[str]:
    """Raion names a text mentions, as written ("Okhtyrskyi", "Охтирському"), in order, without repeats."""
    found = [m.group(1) for m in _RAION_RE.finditer(text)]
    return list(dict.fromkeys(found))


class ContextGeocoder:
    """A geocoder that settles ambiguous names with the raions and oblasts of the surrounding report."""

    def __init__(self, base: Any, raions: Iterable[str] = (), regions: Iterable[str] = ()) -> None:
        self.base = base
        self.raions = list(dict.fromkeys(raions))
        self.regions = list(dict.fromkeys(r for r in regions if r))
        self.ambiguous_seen = False  # some name was left ambiguous: a second pass with context may help

    def geocode(self, query: str, country_bias: Sequence[str] = ("UA", "RU")) -> Any:
        result = self.base.geocode(query, country_bias=country_bias)
        if result.ok or not getattr(result, "candidates", ()):
            return result
        self.ambiguous_seen = True
        tries = [f"{query}, {raion} raion" for raion in self.raions]
        tries += [f"{query}, {region}" for region in self.regions]
        found = [r for r in (self.base.geocode(q, country_bias=country_bias) for q in tries) if r.ok]
        places = {(r.lat, r.lon) for r in found}
        if len(places) != 1:
            return result
        return dataclasses.replace(found[0], query=query) if dataclasses.is_dataclass(found[0]) else found[0]
