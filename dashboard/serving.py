"""The serving frame: the store in memory as columns, built once per store file, with cached filter results.

Everything the dashboard shows is computed from it with plain numpy/pandas, so tests call it without Dash:

- ``ServingFrame`` holds the events with categoricals for repeated text, float32 copies of the coordinates
  (what the map ships), an ``_infra_bits`` column (read by ``filters.mask``) and precomputed H3 cells.
- ``positions(spec)`` is ``filters.mask`` turned into row positions, cached per ``FilterSpec`` (frozen, so
  hashable): moving the map or switching colours never re-filters 1M rows.
- What the map draws from those positions is ``dashboard.map_view``; the KPI cards, charts and table are
  ``dashboard.summaries``; the viewport and selection geometry ``dashboard.viewport``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from dashboard.filters import FilterSpec, infrastructure_bits, mask
from dashboard.schema import COLUMNS, INFRASTRUCTURE, empty_events
from dashboard.viewport import Selection

__all__ = ["CATEGORICAL", "EXPORT_LIMIT", "ServingFrame"]

# Downloads from the browser are built in memory; beyond this the page shows the equivalent CLI command.
EXPORT_LIMIT = 100_000

# Repeated text: categoricals make isin/value_counts fast and the frame a fraction of the size.
CATEGORICAL = (
    "event_type",
    "sub_event_type",
    "weapon",
    "actor1",
    "actor2",
    "country",
    "admin1_code",
    "admin1",
    "location",
    "source",
    "dataset",
)


def _lowest_bit_category(bits: np.ndarray) -> np.ndarray:
    """Index into INFRASTRUCTURE of the first category an event hit (energy first), len(INFRASTRUCTURE) = none."""
    out = np.full(len(bits), len(INFRASTRUCTURE), dtype=np.int8)
    for i in reversed(range(len(INFRASTRUCTURE))):
        out[(bits & (1 << i)) != 0] = i
    return out


class ServingFrame:
    """The events as columns plus helper columns; one per store file. Do not mutate `events`."""

    def __init__(self, events: pd.DataFrame, token: str = "", missing: bool = False, problem: str = "") -> None:
        self.events = events
        self.token = token
        self.missing = missing  # True when there is no store file yet (or no readable one)
        self.problem = problem  # why there is none, for the page (e.g. an unreadable store and how to restore it)
        self.lat = events["_lat"].to_numpy()
        self.lon = events["_lon"].to_numpy()
        self._cells: dict[int, np.ndarray] | None = None
        self._notes_folded: pd.Series | None = None
        # One lock for the lazy per-frame work: concurrent callbacks must not filter 1M rows twice.
        self._lock = threading.RLock()
        # Per-instance caches: a new store file is a new instance, so nothing stale survives an import.
        self._positions_cached = lru_cache(maxsize=64)(self._positions)
        self._selected_cached = lru_cache(maxsize=64)(self._selected)
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()
        self.regions = lru_cache(maxsize=1)(self._regions)
        self.values = lru_cache(maxsize=8)(self._values)
        self.date_range = lru_cache(maxsize=1)(self._date_range)

    @classmethod
    def from_events(cls, frame: pd.DataFrame, token: str = "", missing: bool = False) -> ServingFrame:
        events = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).reset_index(drop=True)
        for column in CATEGORICAL:
            if column in events.columns:
                events[column] = events[column].astype("category")
        if "infrastructure" in events.columns:
            events["_infra_bits"] = infrastructure_bits(events["infrastructure"])
        else:
            events["_infra_bits"] = np.zeros(len(events), dtype=np.int32)
        events["_infra_primary"] = _lowest_bit_category(events["_infra_bits"].to_numpy())
        events["_lat"] = events["latitude"].to_numpy(dtype=np.float32, na_value=np.nan)
        events["_lon"] = events["longitude"].to_numpy(dtype=np.float32, na_value=np.nan)
        # Counts with 'not reported' as 0 and days since 1970 as plain ints: what the summaries add up.
        events["_killed"] = events["killed"].to_numpy(dtype=np.float64, na_value=0.0).astype(np.int32)
        events["_injured"] = events["injured"].to_numpy(dtype=np.float64, na_value=0.0).astype(np.int32)
        events["_casualties"] = events["_killed"] + events["_injured"]
        events["_day"] = events["event_date"].to_numpy().astype("datetime64[D]").astype(np.int64).astype(np.int32)
        events["_approx"] = events["geo_precision"].to_numpy(dtype=np.float64, na_value=1.0) >= 2
        return cls(events, token, missing)

    @classmethod
    def empty(cls, missing: bool = True, problem: str = "") -> ServingFrame:
        frame = cls.from_events(empty_events(), token="empty", missing=missing)
        frame.problem = problem
        return frame

    def __len__(self) -> int:
        return len(self.events)

    # --- filtering -------------------------------------------------------------------------------------
    def positions(self, spec: FilterSpec) -> np.ndarray:
        """Row positions matching `spec`, in store order (read-only array: it is cached)."""
        with self._lock:
            return self._positions_cached(spec)

    def selected(self, spec: FilterSpec, selection: Selection | None) -> np.ndarray:
        """Positions matching `spec` and inside the map selection (if any); cached."""
        with self._lock:
            return self._selected_cached(spec, selection)

    def _positions(self, spec: FilterSpec) -> np.ndarray:
        if spec.is_empty:
            out = np.arange(len(self.events), dtype=np.int64)
        elif spec.text:
            # filters.mask casefolds every note per query (~0.6 s at 1M); here the text test runs on
            # casefolded notes kept per frame and on categories instead of rows. Same result (tested).
            keep = mask(self.events, spec.with_(text=""))
            rows = np.flatnonzero(keep)
            out = rows[self._text_hits(spec.text, rows)]
        else:
            out = np.flatnonzero(mask(self.events, spec))
        out.flags.writeable = False
        return out

    def _text_hits(self, text: str, rows: np.ndarray) -> np.ndarray:
        """Which of `rows` have `text` (casefolded substring) in notes, location or source."""
        needle = text.casefold()
        hit = np.zeros(len(rows), dtype=bool)
        for column in ("location", "source"):
            series = self.events[column]
            if isinstance(series.dtype, pd.CategoricalDtype):
                in_category = np.asarray(
                    pd.Series(series.cat.categories)
                    .astype("string")
                    .str.casefold()
                    .str.contains(needle, regex=False)
                    .fillna(False),
                    dtype=bool,
                )
                codes = series.cat.codes.to_numpy()[rows]
                hit |= np.where(codes >= 0, np.append(in_category, False)[codes], False)
            else:
                hit |= _contains(series.iloc[rows].astype("string").str.casefold(), needle)
        if self._notes_folded is None:
            self._notes_folded = self.events["notes"].astype("string").str.casefold()
        hit |= _contains(self._notes_folded.iloc[rows], needle)
        return hit

    def _selected(self, spec: FilterSpec, selection: Selection | None) -> np.ndarray:
        positions = self._positions_cached(spec)
        if selection is None:
            return positions
        inside = selection.mask(self.lat[positions], self.lon[positions])
        out = positions[inside]
        out.flags.writeable = False
        return out

    def memo(self, key: Hashable, compute: Callable[[], Any], size: int = 48) -> Any:
        """A small per-frame cache for computed views (a repeated page load or URL costs nothing)."""
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > size:
                self._memo.popitem(last=False)
        return value

    def rows(self, positions: np.ndarray) -> pd.DataFrame:
        return self.events.iloc[positions]

    def export_frame(self, positions: np.ndarray) -> pd.DataFrame:
        """Rows in the store's own dtypes (categoricals back to strings) with the importers' extra columns, as
        `export` writes them; the serving frame's helper columns (``_lat``, ``_infra_bits``, …) left out."""
        rows = self.events.iloc[positions]
        extra = [c for c in rows.columns if c not in COLUMNS and not c.startswith("_")]
        out = rows[[c for c in COLUMNS if c in rows.columns] + extra].copy()
        for column in CATEGORICAL:
            if column in out.columns:
                out[column] = out[column].astype(COLUMNS[column][0])
        return out

    def cells(self, resolution: int) -> np.ndarray | None:
        """H3 cell ids of every event at `resolution`, computed once per frame (dashboard.aggregate)."""
        try:
            from dashboard import aggregate
        except ModuleNotFoundError:  # written concurrently; without it the map falls back to points only
            return None
        with self._lock:
            if self._cells is None:
                self._cells = aggregate.precompute_cells(self.lat, self.lon)
        return self._cells.get(resolution)

    def find(self, event_id: str) -> int | None:
        """Row position of an event id, or None."""
        hits = np.flatnonzero(self.events["event_id"].to_numpy(dtype=object) == event_id)
        return int(hits[0]) if len(hits) else None

    # --- vocabularies for the widgets (cached: the layout asks on every page load) ----------------------
    def _date_range(self) -> tuple[str | None, str | None]:
        dates = self.events["event_date"]
        if dates.isna().all():
            return None, None
        return dates.min().strftime("%Y-%m-%d"), dates.max().strftime("%Y-%m-%d")

    def _values(self, column: str, limit: int = 300) -> list[str]:
        """Distinct values of a text column, most frequent first."""
        counts = self.events[column].value_counts(dropna=True)
        return [str(v) for v in counts.index[:limit] if str(v)]

    def _regions(self) -> pd.DataFrame:
        """(country, admin1_code, admin1, events) for every region with events, sorted by country then name."""
        frame = self.events[["country", "admin1_code", "admin1"]].dropna(subset=["admin1_code"])
        counts = frame.groupby(["country", "admin1_code", "admin1"], observed=True).size()
        out = counts.rename("events").reset_index()
        return out.sort_values(["country", "admin1", "admin1_code"]).reset_index(drop=True)


def _contains(folded: pd.Series, needle: str) -> np.ndarray:
    return np.asarray(folded.str.contains(needle, regex=False).fillna(False), dtype=bool)
