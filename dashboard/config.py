"""Paths and settings in one place.

Every path can be moved with an environment variable so tests and CI can work in a
temporary directory without touching the developer's data.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "ADMIN1_PATH",
    "BOUNDARIES_DIR",
    "DATA_DIR",
    "DEFAULT_STORE",
    "FACILITIES_PATH",
    "FACILITIES_SEED_DIR",
    "GAZETTEER_PATH",
    "REFERENCE_DIR",
    "SEED_DIR",
    "WORLD_MAP_CANDIDATES",
    "store_location",
]

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("STRIKE_ATLAS_DATA", ROOT / "data"))
SEED_DIR = DATA_DIR / "seed"
# Built from packages at set-up; not committed.
REFERENCE_DIR = Path(os.environ.get("STRIKE_ATLAS_REFERENCE", DATA_DIR / "reference"))
GAZETTEER_PATH = REFERENCE_DIR / "gazetteer.parquet"
ADMIN1_PATH = REFERENCE_DIR / "admin1.parquet"
# OpenStreetMap borders of the served area: committed with the code (data/boundaries/README.md).
BOUNDARIES_DIR = Path(os.environ.get("STRIKE_ATLAS_BOUNDARIES", ROOT / "data" / "boundaries"))
# Energy facilities (GPPD power plants + curated refineries), built from data/seed/facilities.
FACILITIES_PATH = REFERENCE_DIR / "facilities.parquet"
# Its sources (GPPD extract, curated list, aliases): reference inputs, not event seed, so they stay put when
# a test moves SEED_DIR.
FACILITIES_SEED_DIR = SEED_DIR / "facilities"


def store_location(text: str | os.PathLike[str]) -> Path | str:
    """A store: a GeoParquet path, or a postgresql:// URL (dashboard.stores), which stays text (Path folds "//")."""
    value = os.fspath(text)
    return value if value.startswith(("postgresql://", "postgres://")) else Path(value)


DEFAULT_STORE = store_location(os.environ.get("STRIKE_ATLAS_STORE") or DATA_DIR / "processed" / "events.parquet")

# Natural Earth 1:10m admin-1 as shipped by QGIS (Debian package qgis-common).
WORLD_MAP_CANDIDATES = [
    Path(p)
    for p in [
        os.environ.get("STRIKE_ATLAS_WORLD_MAP", ""),
        str(DATA_DIR / "raw" / "world_map.gpkg"),
        "/usr/share/qgis/resources/data/world_map.gpkg",
        "/Applications/QGIS.app/Contents/Resources/resources/data/world_map.gpkg",
    ]
    if p
]
