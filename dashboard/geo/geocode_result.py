"""What the geocoder answers for one query: a point and where it lies, or why there is none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["PRECISION_REGION", "PRECISION_TOWN", "GeocodeResult", "fail"]

PRECISION_TOWN = 1  # ACLED geo_precision: the town itself
PRECISION_REGION = 3  # ACLED geo_precision: a point standing for a region


@dataclass(frozen=True)
class GeocodeResult:
    """One geocoded query. Unresolved results have ``error`` set and no coordinates."""

    query: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    geo_precision: int | None = None
    score: float = 0.0
    error: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None and self.lat is not None and self.lon is not None

    def to_dict(self) -> dict[str, Any]:
        """Keys in the order query, name, lat, lon, country, admin1_code, admin1, geo_precision, score
        (and error, only when unresolved; candidates, only when the name fits several places or one without
        coordinates)."""
        out: dict[str, Any] = {
            "query": self.query,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1_code": self.admin1_code,
            "admin1": self.admin1,
            "geo_precision": self.geo_precision,
            "score": self.score,
        }
        if self.error is not None:
            out["error"] = self.error
        if self.candidates:
            out["candidates"] = list(self.candidates)
        return out


def fail(query: str, error: str) -> GeocodeResult:
    return GeocodeResult(query=query, error=error)
