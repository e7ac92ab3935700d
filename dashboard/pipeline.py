"""raw records -> validate -> geocode -> enrich -> store, as plain functions.

Every importer ends in `finish_events`; `build` runs it on the hand-coded seed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard import config
from dashboard.schema import EventValidationError, RowError, validate_events
from dashboard.store import to_geodataframe

__all__ = ["build", "finish_events", "geocode_events", "read_event_csv"]

Progress = Callable[[str], None]


def read_event_csv(path: Path | str) -> pd.DataFrame:
    """A CSV in the store's own columns; the index is each row's line number in the file."""
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    frame.index = frame.index + 2  # line 1 is the header; seed rows are single-line
    return frame


def geocode_events(df: pd.DataFrame, *, source: str, geocoder: object | None = None) -> pd.DataFrame:
    """Fill latitude/longitude (and geo_precision where missing) for rows that have none.

    A place that cannot be resolved is an error naming its line; nothing is guessed.
    """
    from dashboard.geo import get_geocoder

    df = df.copy()
    for column in ("latitude", "longitude", "geo_precision"):
        if column not in df.columns:
            df[column] = pd.NA
    needs = df["latitude"].isna() | df["longitude"].isna()
    if not needs.any():
        return df
    geocoder = geocoder or get_geocoder()
    errors: list[RowError] = []
    for index, place in df.loc[needs, "location"].items():
        result = geocoder.geocode(str(place)) if isinstance(place, str) else None
        if result is None or not result.ok:
            reason = result.error if result is not None else "no location given"
            errors.append(RowError(int(index), "location", f"cannot geocode {place!r}: {reason}"))
            continue
        df.loc[index, ["latitude", "longitude"]] = [result.lat, result.lon]
        if pd.isna(df.loc[index, "geo_precision"]):
            df.loc[index, "geo_precision"] = result.geo_precision
    if errors:
        raise EventValidationError(errors, source)
    return df


def finish_events(df: pd.DataFrame, *, source: str) -> gpd.GeoDataFrame:
    """Validate, then take country and admin-1 from the point (spatial join), never from the text."""
    from dashboard.geo import assign_admin1

    events = validate_events(df, require_coordinates=True, source=source)
    gdf = assign_admin1(to_geodataframe(events))
    return gpd.GeoDataFrame(validate_events(gdf, source=source), geometry=gdf.geometry, crs=gdf.crs)


def build(store: Path | str | None = None, *, progress: Progress = print) -> gpd.GeoDataFrame:
    """Reference data (regions, gazetteer, energy facilities), then the store from data/seed.

    Idempotent; a bad seed row leaves the old store."""
    from dashboard.energy.facilities import build_facilities
    from dashboard.geo import build_reference
    from dashboard.stores import describe_location, open_store

    build_reference(progress=progress)
    build_facilities(progress=progress)
    store = store or config.DEFAULT_STORE
    seed = config.SEED_DIR / "events.csv"
    progress(f"reading {seed}")
    raw = read_event_csv(seed)
    raw["dataset"] = "seed"
    validate_events(raw, require_coordinates=False, source=str(seed))  # report schema errors before geocoding
    events = finish_events(geocode_events(raw, source=str(seed)), source=str(seed))
    # Rebuilding the seed never drops what was imported since (make run rebuilds on every start).
    kept = open_store(store).replace_dataset(events, "seed")
    others = f", kept {kept:,} imported events" if kept else ""
    progress(f"wrote {len(events) + kept:,} events to {describe_location(store)} (seed refreshed{others})")
    return events
