"""Offline geography: reference data (gazetteer, admin-1 polygons), geocoding and admin-1 spatial joins.

Nothing here reads a file at import time: reference data is loaded by cached loaders on first use.
"""

from dashboard.geo.geocode import (
    DEFAULT_COUNTRY_BIAS,
    PRECISION_REGION,
    PRECISION_TOWN,
    Geocoder,
    GeocodeResult,
    get_geocoder,
)
from dashboard.geo.normalize import normalize_name, strip_region_words, transliterate_cyrillic
from dashboard.geo.reference import (
    ATTRIBUTION,
    ATTRIBUTION_HTML,
    DEFAULT_OUTLINE_COUNTRIES,
    ReferenceMissing,
    admin1_outlines,
    build_reference,
    clear_caches,
    find_world_map,
    load_admin1,
    load_gazetteer,
)
from dashboard.geo.regions import assign_admin1, region_centroid, region_names

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
