"""What the register of settlements answers: the area a qualifier names, and the resolution of a name in it."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Area", "Resolution"]


@dataclass(frozen=True)
class Area:
    """A qualifier read as part of the register's hierarchy."""

    admin1_code: str
    raion: str
    hromada: str = ""

    def label(self) -> str:
        if self.hromada:
            return f"{self.hromada} hromada ({self.raion} raion)"
        return f"{self.raion} raion"


@dataclass(frozen=True)
class Resolution:
    """What the register says about a place name inside an area.

    ``row`` is set when exactly one settlement is meant and the gazetteer can place it; otherwise ``error`` says
    why not and ``candidates`` names the settlements it could be.
    """

    row: int | None = None
    error: str | None = None
    candidates: tuple[str, ...] = field(default_factory=tuple)
    score: float = 100.0
    # A place GeoNames knows that is no settlement of the register (name, lat, lon, oblast), when it alone bears
    # the name in the raion or hromada asked about (a village's old name GeoNames still uses).
    place: tuple[str, float, float, str] | None = None
