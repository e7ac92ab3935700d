"""New events into the store: idempotent on ``event_id``; likely cross-source duplicates flagged, never deleted.

- An incoming event whose ``event_id`` is already in the store is not added (re-importing a file adds
  nothing). If its content differs from the stored version (ACLED revises events), the stored one is kept
  and the difference is counted, so a user can decide to rebuild.
- An incoming event on the same day, of the same ``event_type``, within ``DUPLICATE_KM`` of an event from
  *another* dataset (ACLED vs UCDP, …) is probably the same strike seen twice: both keep their rows, and
  ``possible_duplicate_of`` names the other's ``event_id`` (the nearest one; a stored event keeps the first
  match it was given).

The pair search is vectorised: points go into 0.05° latitude bands (5.6 km, wider than 5 km, so a match is
in the same or a neighbouring band), rows are joined on (day, type, band), and the great-circle distance is
computed for those candidate pairs only — no spatial index, no Python loop per event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.schema import COLUMNS

__all__ = ["DUPLICATE_COLUMN", "DUPLICATE_KM", "MergeResult", "find_cross_source_duplicates", "merge_events"]

DUPLICATE_COLUMN = "possible_duplicate_of"
DUPLICATE_KM = 5.0
EARTH_RADIUS_KM = 6371.0088
_BAND_DEG = 0.05  # > 5 km / 111.2 km per degree of latitude
_COMPARED = ("event_date", "event_type", "latitude", "longitude", "killed", "dataset")


@dataclass
class MergeResult:
    events: gpd.GeoDataFrame  # the store after the merge
    added: int  # new events
    duplicates: int  # incoming events already in the store (same event_id)
    flagged: int  # added events flagged as a possible duplicate of another source's event
    changed: list[str] = field(default_factory=list)  # ids already stored whose incoming content differs

    @property
    def modified(self) -> bool:
        return self.added > 0


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _keys(events: pd.DataFrame) -> pd.DataFrame:
    """Compact join keys: day number, event type, latitude band; plus what the distance needs."""
    return pd.DataFrame(
        {
            "day": events["event_date"].to_numpy(dtype="datetime64[D]").astype(np.int64),
            "type": events["event_type"].astype("string").to_numpy(dtype=object),
            "band": np.floor(events["latitude"].to_numpy(dtype=float) / _BAND_DEG).astype(np.int64),
            "lat": events["latitude"].to_numpy(dtype=float),
            "lon": events["longitude"].to_numpy(dtype=float),
            "dataset": events["dataset"].astype("string").to_numpy(dtype=object),
            "pos": np.arange(len(events)),
        }
    )


def find_cross_source_duplicates(
    new: pd.DataFrame, existing: pd.DataFrame, *, km: float = DUPLICATE_KM
) -> pd.DataFrame:
    """Pairs (new_pos, existing_pos, km): for each new event, the nearest event of another dataset that is
    on the same day, of the same type and within `km`. Positions are 0-based row positions."""
    empty = pd.DataFrame({"new_pos": [], "existing_pos": [], "km": []}).astype({"new_pos": int, "existing_pos": int})
    if len(new) == 0 or len(existing) == 0:
        return empty
    a, b = _keys(new), _keys(existing)
    datasets = pd.unique(a["dataset"])
    if len(datasets) == 1:  # the usual case: drop the same source before the join, not after
        b = b[b["dataset"] != datasets[0]]
    b = b[b["day"].isin(np.unique(a["day"]))]
    if len(b) == 0:
        return empty
    shifted = pd.concat([a.assign(band=a["band"] + offset) for offset in (-1, 0, 1)], ignore_index=True)
    pairs = shifted.merge(b, on=["day", "type", "band"], suffixes=("_new", "_old"))
    pairs = pairs[pairs["dataset_new"] != pairs["dataset_old"]]
    if len(pairs) == 0:
        return empty
    distance = haversine_km(pairs["lat_new"], pairs["lon_new"], pairs["lat_old"], pairs["lon_old"])
    pairs = pairs.assign(km=distance)[distance <= km]
    nearest = pairs.sort_values(["pos_new", "km", "pos_old"]).drop_duplicates("pos_new")
    return pd.DataFrame(
        {"new_pos": nearest["pos_new"].to_numpy(), "existing_pos": nearest["pos_old"].to_numpy(), "km": nearest["km"]}
    ).reset_index(drop=True)


def _ordered(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    columns = [c for c in COLUMNS if c in gdf.columns]
    columns += [c for c in gdf.columns if c not in COLUMNS and c != gdf.geometry.name] + [gdf.geometry.name]
    return gdf[columns]


def merge_events(existing: gpd.GeoDataFrame | None, new: gpd.GeoDataFrame, *, km: float = DUPLICATE_KM) -> MergeResult:
    """The store with `new` merged in (see the module docstring). Neither input is modified."""
    new = new.reset_index(drop=True)
    if existing is None or len(existing) == 0:
        events = new.copy()
        if DUPLICATE_COLUMN not in events.columns:
            events[DUPLICATE_COLUMN] = pd.Series(pd.NA, index=events.index, dtype="string")
        if existing is not None and len(existing.columns):
            events = pd.concat([existing, events], ignore_index=True)
        return MergeResult(_ordered(gpd.GeoDataFrame(events, geometry="geometry", crs=new.crs)), len(new), 0, 0)
    existing = existing.reset_index(drop=True)

    known = new["event_id"].isin(existing["event_id"]).to_numpy(dtype=bool)
    changed = _changed(new[known], existing)
    fresh = new[~known].reset_index(drop=True)

    flags = pd.Series(pd.NA, index=fresh.index, dtype="string")
    if DUPLICATE_COLUMN in fresh.columns:
        flags = fresh[DUPLICATE_COLUMN].astype("string")
    old_flags = (
        existing[DUPLICATE_COLUMN].astype("string")
        if DUPLICATE_COLUMN in existing.columns
        else pd.Series(pd.NA, index=existing.index, dtype="string")
    )
    pairs = find_cross_source_duplicates(fresh, existing, km=km)
    if len(pairs):
        new_pos, old_pos = pairs["new_pos"].to_numpy(), pairs["existing_pos"].to_numpy()
        other_ids = existing["event_id"].astype("string").to_numpy(dtype=object)[old_pos]
        flags.iloc[new_pos] = flags.iloc[new_pos].fillna(pd.Series(other_ids, index=flags.index[new_pos]))
        # A stored event points at the first new match it gets (one per stored event, deterministic).
        back = pd.DataFrame({"old": old_pos, "new_id": fresh["event_id"].astype("string").to_numpy()[new_pos]})
        back = back.drop_duplicates("old")
        current = old_flags.iloc[back["old"].to_numpy()]
        old_flags.iloc[back["old"].to_numpy()] = current.fillna(
            pd.Series(back["new_id"].to_numpy(), index=current.index)
        )
    fresh = fresh.assign(**{DUPLICATE_COLUMN: flags})
    existing = existing.assign(**{DUPLICATE_COLUMN: old_flags})

    if len(fresh):
        existing, fresh = _align_dtypes(existing, fresh)
    merged = pd.concat([existing, fresh], ignore_index=True) if len(fresh) else existing
    merged = gpd.GeoDataFrame(merged, geometry="geometry", crs=existing.crs or new.crs)
    return MergeResult(_ordered(merged), len(fresh), int(known.sum()), len(pairs), changed)


def _align_dtypes(existing: pd.DataFrame, fresh: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One dtype per column before concatenating, so the store can be written as Parquet.

    Extra columns may arrive typed from one source (UCDP's ``killed_low`` as Int32) and as text from another
    (the same column in a CSV): the new values take the store's dtype when they convert, else both become text.
    """
    existing, fresh = existing.copy(), fresh.copy()
    for column in fresh.columns.intersection(existing.columns):
        old, new = existing[column], fresh[column]
        if column == existing.geometry.name or old.dtype == new.dtype or old.dtype == object or new.dtype == object:
            continue
        if pd.api.types.is_string_dtype(old) and pd.api.types.is_string_dtype(new):
            continue  # str / string: pandas concatenates these
        try:
            if pd.api.types.is_datetime64_any_dtype(old):
                fresh[column] = pd.to_datetime(new, format="ISO8601").astype(old.dtype)
            else:
                fresh[column] = new.astype(old.dtype)
        except (TypeError, ValueError):
            existing[column] = old.astype("string")
            fresh[column] = new.astype("string")
    return existing, fresh


def _changed(incoming: pd.DataFrame, existing: pd.DataFrame) -> list[str]:
    """Ids of incoming events whose key fields differ from the stored event with the same id."""
    if len(incoming) == 0:
        return []
    columns = [c for c in _COMPARED if c in incoming.columns and c in existing.columns]
    left = pd.DataFrame(incoming[["event_id", *columns]])
    right = pd.DataFrame(existing[["event_id", *columns]]).drop_duplicates("event_id")
    both = left.merge(right, on="event_id", suffixes=("_new", "_old"))
    differs = np.zeros(len(both), dtype=bool)
    for column in columns:
        a, b = both[f"{column}_new"], both[f"{column}_old"]
        same = (a == b).fillna(False).to_numpy(dtype=bool) | (a.isna() & b.isna()).to_numpy(dtype=bool)
        differs |= ~same
    return both.loc[differs, "event_id"].astype(str).tolist()
