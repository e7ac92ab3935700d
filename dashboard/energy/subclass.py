"""Energy sub-classes for NGOs: generation, grid, oil and gas, heating, from ``infrastructure_detail``.

The detail is the most specific energy phrase the notes gave (:mod:`dashboard.ingest.infrastructure`, EN/UK/RU);
the sub-class groups details the way energy reports do. Vague phrases ("energy infrastructure", an outage) have
no sub-class: the notes do not say what was hit.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["SUBCLASSES", "SUBCLASS_OF_DETAIL", "energy_subclass", "energy_subclasses"]

SUBCLASSES = ("generation", "grid", "oil and gas", "heating")
SUBCLASS_OF_DETAIL: dict[str, str] = {
    "nuclear power plant": "generation",
    "thermal power plant": "generation",
    "hydroelectric power plant": "generation",
    "solar power plant": "generation",
    "wind power plant": "generation",
    "power plant": "generation",
    "substation": "grid",
    "power grid": "grid",
    "power line": "grid",
    "oil refinery": "oil and gas",
    "oil depot": "oil and gas",
    "fuel depot": "oil and gas",
    "oil terminal": "oil and gas",
    "pipeline": "oil and gas",
    "gas production": "oil and gas",
    "gas facility": "oil and gas",
    "combined heat and power plant": "heating",
    "boiler house": "heating",
}


def energy_subclass(detail: object) -> str | None:
    """``"oil refinery; house"`` -> ``"oil and gas"``: the first detail of the string that has a sub-class."""
    if not isinstance(detail, str):
        return None
    for part in detail.split("; "):
        if part in SUBCLASS_OF_DETAIL:
            return SUBCLASS_OF_DETAIL[part]
    return None


def energy_subclasses(details: pd.Series) -> pd.Series:
    """The sub-class of every row's ``infrastructure_detail`` (missing where the notes do not say)."""
    return details.map(energy_subclass).astype("string")
