"""What every format reader hands to the shared import steps: events in the schema's columns, plus context."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.ingest.values import Failure

__all__ = ["Mapped", "MissingColumnsError", "coded_regions", "require_columns"]


@dataclass
class Mapped:
    """A source mapped onto the schema, row for row (index = record position in the file).

    ``failures`` are problems found while mapping (an unreadable date), reported with the validation errors.
    ``source_columns`` names the file's column behind a schema column, so messages name what the user sees.
    ``country_hint`` is the source's own country (ISO alpha-2), used only where the spatial join finds no
    region (a point at sea). ``classify_text``, when set, is the text infrastructure is derived from.
    ``keep_regions`` keeps country/admin-1 values the file already has (our own GeoJSON export).
    ``source_regions`` is the source's own place coding (:func:`coded_regions`): kept over the spatial join
    where it maps to ISO 3166-2, the join recorded beside it where they disagree.
    """

    events: pd.DataFrame
    failures: list[Failure] = field(default_factory=list)
    source_columns: dict[str, str] = field(default_factory=dict)
    country_hint: pd.Series | None = None
    classify_text: pd.Series | None = None
    keep_regions: bool = False
    source_regions: pd.DataFrame | None = None


def coded_regions(raw: pd.DataFrame, country: str, admin1: str, admin2: str | None = None) -> pd.DataFrame | None:
    """The source's coding in ``raw``'s columns as ``country``/``admin1_code`` (ISO) and ``source_admin1``
    (the name as written); None when the file has neither column."""
    if country not in raw.columns and admin1 not in raw.columns:
        return None
    from dashboard.geo.source_regions import source_regions

    def text(column: str | None) -> pd.Series:
        if column is None or column not in raw.columns:
            return pd.Series(pd.NA, index=raw.index, dtype="string")
        return raw[column].astype("string").str.strip().replace("", pd.NA)

    names = text(admin1)
    out = source_regions(text(country), names, text(admin2))
    out.index = raw.index
    out["source_admin1"] = names
    return out


class MissingColumnsError(ValueError):
    """The file lacks columns its format requires: names the file, the format and every missing column."""

    def __init__(self, source: str, fmt: str, missing: list[str], found: list[str]) -> None:
        self.source, self.fmt, self.missing, self.found = source, fmt, missing, found
        shown = ", ".join(found[:40]) + (", ..." if len(found) > 40 else "")
        super().__init__(
            f"{source} is not a valid {fmt} file: missing required column(s) {', '.join(missing)} "
            f"(found: {shown or 'no columns'})"
        )


def require_columns(columns: list[str], required: tuple[str, ...], *, source: str, fmt: str) -> None:
    missing = [c for c in required if c not in columns]
    if missing:
        raise MissingColumnsError(source, fmt, missing, list(columns))
