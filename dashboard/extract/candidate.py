"""A candidate event as the extractor proposes it, what the extractor needs of a geocoder, and candidates as
rows of the event table."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

import pandas as pd

from dashboard.extract.patterns import (
    SUB_EVENT_SHELLING,
)
from dashboard.schema import empty_events, validate_events

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
