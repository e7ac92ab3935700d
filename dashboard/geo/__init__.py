"""Offline geography: reference data (gazetteer, admin-1 polygons), geocoding and admin-1 spatial joins.

Nothing here reads a file at import time: reference data is loaded by cached loaders on first use. The names
below are imported from their modules on first access, so ``import dashboard.geo.regions`` loads the region
join and the loaders only, not the geocoder or the builders.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dashboard.geo.admin1 import DEFAULT_OUTLINE_COUNTRIES, admin1_outlines, find_world_map
    from dashboard.geo.geocode import (
        DEFAULT_COUNTRY_BIAS,
        PRECISION_REGION,
        PRECISION_TOWN,
        Geocoder,
        GeocodeResult,
        get_geocoder,
    )
    from dashboard.geo.loaders import ReferenceMissing, clear_caches, load_admin1, load_gazetteer
    from dashboard.geo.normalize import normalize_name, strip_region_words, transliterate_cyrillic
    from dashboard.geo.reference import ATTRIBUTION, ATTRIBUTION_HTML, build_reference
    from dashboard.geo.regions import assign_admin1, region_centroid, region_names

# public name -> module of dashboard.geo that defines it
_EXPORTS: dict[str, str] = {
    "ATTRIBUTION": "reference",
    "ATTRIBUTION_HTML": "reference",
    "DEFAULT_COUNTRY_BIAS": "geocode",
    "DEFAULT_OUTLINE_COUNTRIES": "admin1",
    "PRECISION_REGION": "geocode",
    "PRECISION_TOWN": "geocode",
    "GeocodeResult": "geocode",
    "Geocoder": "geocode",
    "ReferenceMissing": "loaders",
    "admin1_outlines": "admin1",
    "assign_admin1": "regions",
    "build_reference": "reference",
    "clear_caches": "loaders",
    "find_world_map": "admin1",
    "get_geocoder": "geocode",
    "load_admin1": "loaders",
    "load_gazetteer": "loaders",
    "normalize_name": "normalize",
    "region_centroid": "regions",
    "region_names": "regions",
    "strip_region_words": "normalize",
    "transliterate_cyrillic": "normalize",
}

__all__ = [
    "ATTRIBUTION",
    "ATTRIBUTION_HTML",
    "DEFAULT_COUNTRY_BIAS",
    "DEFAULT_OUTLINE_COUNTRIES",
    "PRECISION_REGION",
    "PRECISION_TOWN",
    "GeocodeResult",
    "Geocoder",
    "ReferenceMissing",
    "admin1_outlines",
    "assign_admin1",
    "build_reference",
    "clear_caches",
    "find_world_map",
    "get_geocoder",
    "load_admin1",
    "load_gazetteer",
    "normalize_name",
    "region_centroid",
    "region_names",
    "strip_region_words",
    "transliterate_cyrillic",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
