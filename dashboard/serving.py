"""The serving frame: the store in memory as columns, built once per store file, with cached filter results.

Everything the dashboard shows is computed here from plain numpy/pandas, so tests call it without Dash:

- ``ServingFrame`` holds the events with categoricals for repeated text, float32 copies of the coordinates
  (what the map ships), an ``_infra_bits`` column (read by ``filters.mask``) and precomputed H3 cells.
- ``positions(spec)`` is ``filters.mask`` turned into row positions, cached per ``FilterSpec`` (frozen, so
  hashable): moving the map or switching colours never re-filters 1M rows.
- ``map_view`` decides what the map draws: single events when few enough are in view, else H3 hexagons
  aggregated on the server (``dashboard.aggregate``), so no view ships more than ``POINT_LIMIT`` points.
- ``kpis``, ``time_bins``, ``region_counts`` and ``table_order`` feed the linked views from the same positions.
"""

from __future__ import annotations

import html
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pandas as pd

from dashboard.filters import FilterSpec, infrastructure_bits, mask
from dashboard.schema import COLUMNS, EVENT_TYPES, INFRASTRUCTURE, empty_events

__all__ = [
    "CATEGORICAL",
    "EXPORT_LIMIT",
    "NEWEST_FIRST",
    "POINT_LIMIT",
    "TABLE_BLOCK",
    "TABLE_SORT_KEYS",
    "HexLayer",
    "MapView",
    "PointLayer",
    "Selection",
    "ServingFrame",
    "Viewport",
    "fit_viewport",
    "kpis",
    "map_view",
    "region_counts",
    "sort_spec",
    "table_order",
    "table_rows",
    "time_bins",
]

FIT_MAX_ZOOM = 8.5  # a fitted view never zooms closer: a town or two stay in their surroundings
# Above this many events in view the map shows hexagons. 10k points with hover text are ~1 MB before
# compression and draw in about a second in headless Chromium on two cores (DESIGN.md: 100k took 4.9 s).
POINT_LIMIT = int(os.environ.get("STRIKE_ATLAS_POINT_LIMIT", "10000"))  # tests lower it to see hexagons
# Rows per request of the table (AG Grid's infinite row model asks for blocks as the user scrolls).
TABLE_BLOCK = 100
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

Kind = Literal["box", "lasso"]


# ------------------------------------------------------------------------------------------------------------
# Viewport and selection geometry
# ------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Viewport:
    """What the map shows: lon/lat bounds and the MapLibre zoom level."""

    west: float
    south: float
    east: float
    north: float
    zoom: float

    @property
    def center(self) -> tuple[float, float]:
        """(lat, lon) of the middle."""
        return (self.south + self.north) / 2, (self.west + self.east) / 2

    def padded(self, fraction: float = 0.5) -> Viewport:
        """Grown by `fraction` of its size on every side, so small pans need no new data."""
        dx = (self.east - self.west) * fraction
        dy = (self.north - self.south) * fraction
        return Viewport(
            max(self.west - dx, -180.0),
            max(self.south - dy, -85.0),
            min(self.east + dx, 180.0),
            min(self.north + dy, 85.0),
            self.zoom,
        )

    def contains(self, other: Viewport) -> bool:
        return (
            self.west <= other.west
            and self.south <= other.south
            and self.east >= other.east
            and self.north >= other.north
        )

    def mask(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        return (lat >= self.south) & (lat <= self.north) & (lon >= self.west) & (lon <= self.east)

    def to_dict(self) -> dict[str, float]:
        return {"west": self.west, "south": self.south, "east": self.east, "north": self.north, "zoom": self.zoom}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Viewport | None:
        if not data:
            return None
        try:
            return cls(*(float(data[k]) for k in ("west", "south", "east", "north", "zoom")))
        except (KeyError, TypeError, ValueError):
            return None

    @classmethod
    def around(cls, lat: float, lon: float, zoom: float, width: int = 1000, height: int = 650) -> Viewport:
        """The bounds a `width`x`height` px map shows at `zoom` (MapLibre: 512 px tiles, Web Mercator)."""
        deg_per_px = 360.0 / (512.0 * 2.0**zoom)
        half_w = width / 2 * deg_per_px
        y = _merc_y(lat)
        half_h = height / 2 * deg_per_px * math.pi / 180.0
        return cls(lon - half_w, _merc_lat(y - half_h), lon + half_w, _merc_lat(y + half_h), zoom)

    @classmethod
    def from_relayout(cls, data: Mapping[str, Any] | None) -> Viewport | None:
        """Bounds and zoom from a map's relayoutData after a pan or zoom; None for other relayouts."""
        if not data or ("map.zoom" not in data and "map._derived" not in data):
            return None
        zoom = data.get("map.zoom")
        corners = (data.get("map._derived") or {}).get("coordinates")
        try:
            if corners:
                lons = [float(c[0]) for c in corners]
                lats = [float(c[1]) for c in corners]
                if zoom is None:
                    return None
                return cls(min(lons), min(lats), max(lons), max(lats), float(zoom))
            center = data.get("map.center") or {}
            if zoom is None or "lat" not in center:
                return None
            return cls.around(float(center["lat"]), float(center["lon"]), float(zoom))
        except (TypeError, ValueError, IndexError):
            return None


def _merc_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _merc_lat(y: float) -> float:
    return max(min(math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2), 85.0), -85.0)


def fit_viewport(lat: np.ndarray, lon: np.ndarray, width: int = 1000, height: int = 650) -> Viewport:
    """The viewport that shows all points (central 99.8% when there are many), zoom clamped to 2..8.5.

    The cap keeps a town or two in their surroundings instead of an empty close-up.
    """
    ok = np.isfinite(lat) & np.isfinite(lon)
    lat, lon = lat[ok], lon[ok]
    if len(lat) == 0:
        return Viewport.around(48.5, 33.0, 4.6, width, height)  # Ukraine and its neighbours
    if len(lat) > 1000:  # one stray point in the Far East should not shrink the whole map
        s, n = np.quantile(lat, [0.001, 0.999])
        w, e = np.quantile(lon, [0.001, 0.999])
    else:
        s, n, w, e = lat.min(), lat.max(), lon.min(), lon.max()
    lon_span = max(float(e - w), 0.05)
    y_span = max(_merc_y(float(n)) - _merc_y(float(s)), 0.001)
    zoom_x = math.log2(width * 360.0 / (512.0 * lon_span))
    zoom_y = math.log2(height * 2 * math.pi / (512.0 * y_span))
    zoom = max(2.0, min(FIT_MAX_ZOOM, min(zoom_x, zoom_y) - 0.35))
    center_lat = _merc_lat((_merc_y(float(n)) + _merc_y(float(s))) / 2)
    return Viewport.around(center_lat, float(w + e) / 2, round(zoom, 2), width, height)


@dataclass(frozen=True)
class Selection:
    """A box or lasso drawn on the map, as lon/lat vertices (GeoJSON order)."""

    kind: Kind
    lon: tuple[float, ...]
    lat: tuple[float, ...]

    @classmethod
    def from_selected_data(cls, data: Mapping[str, Any] | None) -> Selection | None:
        """From `selectedData` of a map: {'range': {'map': [[lon, lat], [lon, lat]]}} or 'lassoPoints'."""
        if not data:
            return None
        try:
            box = (data.get("range") or {}).get("map")
            if box:
                (lon0, lat0), (lon1, lat1) = box
                return cls("box", (float(lon0), float(lon1)), (float(lat0), float(lat1)))
            ring = (data.get("lassoPoints") or {}).get("map")
            if ring and len(ring) >= 3:
                return cls("lasso", tuple(float(p[0]) for p in ring), tuple(float(p[1]) for p in ring))
        except (TypeError, ValueError):
            return None
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "lon": list(self.lon), "lat": list(self.lat)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Selection | None:
        if not data or data.get("kind") not in ("box", "lasso"):
            return None
        return cls(data["kind"], tuple(map(float, data["lon"])), tuple(map(float, data["lat"])))

    def mask(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        if self.kind == "box":
            return (lon >= min(self.lon)) & (lon <= max(self.lon)) & (lat >= min(self.lat)) & (lat <= max(self.lat))
        import shapely  # vectorised point-in-polygon, only needed for lassos

        polygon = shapely.Polygon(list(zip(self.lon, self.lat, strict=True)))
        if not polygon.is_valid:
            polygon = shapely.make_valid(polygon)
        return np.asarray(shapely.contains_xy(polygon, lon.astype(np.float64), lat.astype(np.float64)), dtype=bool)


# ------------------------------------------------------------------------------------------------------------
# The frame
# ------------------------------------------------------------------------------------------------------------
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


# ------------------------------------------------------------------------------------------------------------
# Linked views: pure summaries of positions
# ------------------------------------------------------------------------------------------------------------
def kpis(sf: ServingFrame, positions: np.ndarray) -> dict[str, int]:
    rows = sf.events.iloc[positions]
    return {
        "events": len(positions),
        "killed": int(rows["killed"].sum(skipna=True)),
        "injured": int(rows["injured"].sum(skipna=True)),
        "regions": int(rows["admin1_code"].nunique(dropna=True)),
    }


Period = Literal["day", "week", "month"]


def _period(span_days: int) -> Period:
    if span_days <= 92:
        return "day"
    if span_days <= 2 * 366:
        return "week"
    return "month"


def time_bins(sf: ServingFrame, positions: np.ndarray) -> tuple[pd.DataFrame, Period]:
    """Events, killed and injured per day, week (from Monday) or month, chosen by the time span.

    Every period from the first to the last is a row, empty ones with zeros, so gaps show as gaps.
    """
    days = sf.events["_day"].to_numpy()[positions].astype(np.int64)
    if len(days) == 0:
        return pd.DataFrame({"start": pd.to_datetime([]), "events": [], "killed": [], "injured": []}), "day"
    period = _period(int(days.max() - days.min()))
    if period == "week":  # 1970-01-01 was a Thursday: shift by 3 days so weeks start on Monday
        keys = (days + 3) // 7
    elif period == "month":
        keys = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    else:
        keys = days
    first = int(keys.min())
    index = keys - first
    size = int(index.max()) + 1
    if period == "week":
        starts = (np.arange(first, first + size) * 7 - 3).astype("datetime64[D]")
    elif period == "month":
        starts = np.arange(first, first + size).astype("datetime64[M]").astype("datetime64[D]")
    else:
        starts = np.arange(first, first + size).astype("datetime64[D]")
    frame = pd.DataFrame(
        {
            "start": starts.astype("datetime64[ns]"),
            "events": np.bincount(index, minlength=size).astype(np.int64),
            "killed": np.bincount(index, weights=sf.events["_killed"].to_numpy()[positions], minlength=size).astype(
                np.int64
            ),
            "injured": np.bincount(index, weights=sf.events["_injured"].to_numpy()[positions], minlength=size).astype(
                np.int64
            ),
        }
    )
    return frame, period


def region_counts(sf: ServingFrame, positions: np.ndarray, top: int = 15) -> pd.DataFrame:
    """The `top` regions by events: admin1_code, admin1, country, events, killed, injured."""
    columns = ["admin1_code", "admin1", "country", "events", "killed", "injured"]
    codes_all = sf.events["admin1_code"]
    if not isinstance(codes_all.dtype, pd.CategoricalDtype) or len(positions) == 0:
        return pd.DataFrame(columns=columns)
    codes = codes_all.cat.codes.to_numpy()[positions].astype(np.int64)
    valid = codes >= 0
    n = len(codes_all.cat.categories)
    events = np.bincount(codes[valid], minlength=n)
    killed = np.bincount(codes[valid], weights=sf.events["_killed"].to_numpy()[positions][valid], minlength=n)
    injured = np.bincount(codes[valid], weights=sf.events["_injured"].to_numpy()[positions][valid], minlength=n)
    order = [i for i in np.argsort(-events, kind="stable")[:top] if events[i] > 0]
    names = sf.regions().drop_duplicates("admin1_code").set_index("admin1_code")
    out = pd.DataFrame(
        {
            "admin1_code": [str(codes_all.cat.categories[i]) for i in order],
            "events": events[order].astype(np.int64),
            "killed": killed[order].astype(np.int64),
            "injured": injured[order].astype(np.int64),
        }
    )
    out["admin1"] = out["admin1_code"].map(names["admin1"].astype(str)).fillna("")
    out["country"] = out["admin1_code"].map(names["country"].astype(str)).fillna("")
    return out[columns]


TABLE_COLUMNS = (
    "event_id",
    "event_date",
    "location",
    "region",
    "sub_event_type",
    "weapon",
    "killed",
    "injured",
    "infrastructure",
    "precision",
)
_PRECISION = {1: "town", 2: "near town", 3: "region"}


# Grid column -> the frame column that orders it. Text orders case-insensitively; empty cells go last.
TABLE_SORT_KEYS: dict[str, str] = {
    "event_date": "_day",
    "location": "location",
    "region": "admin1",
    "killed": "killed",
    "injured": "injured",
    "sub_event_type": "sub_event_type",
    "weapon": "weapon",
    "infrastructure": "_infra_primary",
    "precision": "geo_precision",
    "event_id": "event_id",
}
NEWEST_FIRST: tuple[tuple[str, str], ...] = (("event_date", "desc"),)


def sort_spec(sort_model: Sequence[Mapping[str, Any]] | None) -> tuple[tuple[str, str], ...]:
    """The grid's sortModel as ((column, 'asc'|'desc'), ...) over known columns; newest first when empty."""
    spec = tuple(
        (str(item.get("colId")), "desc" if item.get("sort") == "desc" else "asc")
        for item in sort_model or ()
        if item.get("colId") in TABLE_SORT_KEYS
    )
    if not any(column == "event_date" for column, _ in spec):
        spec += NEWEST_FIRST  # ties (same number killed, same place) newest first
    return spec


def _sort_key(sf: ServingFrame, column: str, positions: np.ndarray, descending: bool) -> np.ndarray:
    """A float key per position that sorts ascending into the wanted order, missing values last."""
    values = sf.events[TABLE_SORT_KEYS[column]].iloc[positions]
    if pd.api.types.is_numeric_dtype(values.dtype) and not isinstance(values.dtype, pd.CategoricalDtype):
        key = values.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        # rank of each text among the distinct texts of these rows (few for categoricals, cheap)
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
        else:
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
        rank = np.argsort(np.argsort(np.asarray([str(u).casefold() for u in uniques], dtype=object), kind="stable"))
        key = np.full(len(codes), np.nan)
        key[codes >= 0] = rank[codes[codes >= 0]]
    if descending:
        key = -key
    return np.where(np.isnan(key), np.inf, key)


def table_order(
    sf: ServingFrame, positions: np.ndarray, sort: tuple[tuple[str, str], ...] = NEWEST_FIRST
) -> np.ndarray:
    """`positions` in the table's order: by the sort columns, then store order. All rows, not a page of them."""
    if len(positions) == 0:
        return positions
    keys = [np.asarray(positions)]  # np.lexsort: the last key is the primary one
    keys += [_sort_key(sf, column, positions, direction == "desc") for column, direction in reversed(sort)]
    return np.asarray(positions)[np.lexsort(keys)]


def table_rows(sf: ServingFrame, positions: np.ndarray) -> list[dict[str, Any]]:
    """Grid rows for these positions, in their order. Text stays raw: the grid renders text."""
    rows = sf.events.iloc[np.asarray(positions, dtype=np.int64)]
    out = []
    for r in rows.itertuples(index=False):
        out.append(
            {
                "event_id": r.event_id,
                "event_date": r.event_date.strftime("%Y-%m-%d") if pd.notna(r.event_date) else None,
                "location": _text(r.location),
                "region": _region_label(r.admin1, r.admin1_code),
                "sub_event_type": _text(r.sub_event_type) or _text(r.event_type),
                "weapon": _text(r.weapon),
                "killed": None if pd.isna(r.killed) else int(r.killed),
                "injured": None if pd.isna(r.injured) else int(r.injured),
                "infrastructure": "; ".join(r.infrastructure or []),
                "precision": _PRECISION.get(None if pd.isna(r.geo_precision) else int(r.geo_precision), ""),
            }
        )
    return out


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)


def _region_label(name: object, code: object) -> str:
    name, code = _text(name), _text(code)
    if name and code:
        return f"{name} ({code})"
    return name or code


# ------------------------------------------------------------------------------------------------------------
# What the map draws
# ------------------------------------------------------------------------------------------------------------
ColorBy = Literal["event_type", "infrastructure"]


@dataclass
class PointLayer:
    """Single events: float32 coordinates, marker sizes, categories and escaped hover text."""

    positions: np.ndarray  # row positions (customdata: a click finds its event)
    lat: np.ndarray
    lon: np.ndarray
    size: np.ndarray  # px, from killed + injured
    approx: np.ndarray  # geo_precision 2-3
    category: np.ndarray  # index into `categories`
    categories: tuple[str, ...]
    hover: np.ndarray  # escaped text: data never becomes markup


@dataclass
class HexLayer:
    cells: pd.DataFrame  # h3, lat, lon, events, killed, injured
    resolution: int


@dataclass
class MapView:
    mode: Literal["points", "hex", "empty"]
    total: int  # matching events (filters only)
    in_view: int  # of those, inside the rendered bounds
    viewport: Viewport  # what the figure opens on
    bounds: Viewport | None  # rendered area; None: every matching event is in the figure
    points: PointLayer | None = None
    hexes: HexLayer | None = None
    color_by: ColorBy = "event_type"
    extra: dict[str, Any] = field(default_factory=dict)
    # True when `viewport` is only the server's guess of a fit: the browser, which knows the map's size,
    # should fit the view to the data itself (plotly's map.fitbounds).
    fit_in_browser: bool = False


def marker_size(casualties: np.ndarray) -> np.ndarray:
    """Marker diameter in px: 9 for none, growing with the square root (area ~ casualties), capped at 36."""
    return np.clip(9.0 + 2.6 * np.sqrt(np.asarray(casualties, dtype=np.float32)), 9.0, 36.0).astype(np.float32)


def _hover(rows: pd.DataFrame) -> np.ndarray:
    """One hover text per event. Every data value is html-escaped: plotly reads <br>, <b>, <a> in hover text."""

    def col(name: str) -> pd.Series:
        return rows[name].astype("string").fillna("").map(html.escape)

    def count(name: str) -> pd.Series:
        return rows[name].astype("string").fillna("?")

    infra = rows["infrastructure"].map(lambda v: ", ".join(v) if v is not None and len(v) else "none reported")
    region = col("admin1") + " (" + col("admin1_code") + ")"
    precision = np.where(rows["_approx"].to_numpy(), " · approximate place", "")
    text = (
        "<b>"
        + rows["event_date"].dt.strftime("%Y-%m-%d").fillna("")
        + " · "
        + col("location")
        + "</b>"
        + precision
        + "<br>"
        + region
        + "<br>"
        + col("sub_event_type")
        + " · "
        + col("weapon")
        + "<br>"
        + count("killed")
        + " killed · "
        + count("injured")
        + " injured<br>Infrastructure: "
        + infra.map(html.escape)
    )
    return text.to_numpy(dtype=object)


def _point_layer(sf: ServingFrame, positions: np.ndarray, color_by: ColorBy) -> PointLayer:
    rows = sf.events.iloc[positions]
    if color_by == "infrastructure":
        categories: tuple[str, ...] = (*INFRASTRUCTURE, "none")
        category = rows["_infra_primary"].to_numpy(dtype=np.int16)
    else:
        known = list(EVENT_TYPES)
        categories = tuple(known)
        codes = pd.Categorical(rows["event_type"].astype("string"), categories=known).codes
        category = np.where(codes < 0, 0, codes).astype(np.int16)
    return PointLayer(
        positions=positions.astype(np.int32),
        lat=sf.lat[positions],
        lon=sf.lon[positions],
        size=marker_size(rows["_casualties"].to_numpy()),
        approx=rows["_approx"].to_numpy(dtype=bool),
        category=category,
        categories=categories,
        hover=_hover(rows),
    )


def map_view(
    sf: ServingFrame,
    positions: np.ndarray,
    viewport: Viewport | None = None,
    color_by: ColorBy = "event_type",
    limit: int = POINT_LIMIT,
) -> MapView:
    """Points when at most `limit` matching events are in (a padded) view, else H3 hexagons of them.

    Without a viewport the map opens on all matching events. The rendered area is the viewport grown by
    half its size on each side, so small pans need no new figure.
    """
    total = len(positions)
    fit_in_browser = False
    if viewport is None:
        viewport = fit_viewport(sf.lat[positions], sf.lon[positions])
        # One place, or a few close together, keep the capped zoom; otherwise the browser fits exactly.
        fit_in_browser = total > 0 and viewport.zoom < FIT_MAX_ZOOM
    if total == 0:
        return MapView("empty", 0, 0, viewport, None, color_by=color_by)
    bounds: Viewport | None = viewport.padded(0.5)
    inside = bounds.mask(sf.lat[positions], sf.lon[positions])
    in_view = int(inside.sum())
    if in_view == total:
        bounds = None  # everything is in the figure: zooming in needs no new data unless the mode changes
        view_positions = positions
    else:
        view_positions = positions[inside]
    if in_view <= limit:
        return MapView(
            "points",
            total,
            in_view,
            viewport,
            bounds,
            points=_point_layer(sf, view_positions, color_by),
            color_by=color_by,
            fit_in_browser=fit_in_browser,
        )
    from dashboard import aggregate  # lazily: h3 loads only when a big store needs it

    resolution = aggregate.resolution_for_zoom(viewport.zoom)
    cells = sf.cells(resolution)
    killed = sf.events["killed"].to_numpy(dtype=np.float64, na_value=0.0)[view_positions]
    injured = sf.events["injured"].to_numpy(dtype=np.float64, na_value=0.0)[view_positions]
    frame = aggregate.hex_aggregate(
        sf.lat[view_positions],
        sf.lon[view_positions],
        killed,
        injured,
        resolution,
        cells=None if cells is None else cells[view_positions],
    )
    return MapView(
        "hex",
        total,
        in_view,
        viewport,
        bounds,
        hexes=HexLayer(frame, resolution),
        color_by=color_by,
        fit_in_browser=fit_in_browser,
    )


def view_key(view: MapView) -> dict[str, Any]:
    """What decides whether a new figure is needed after a pan or zoom (see callbacks.update_map)."""
    return {
        "mode": view.mode,
        "resolution": view.hexes.resolution if view.hexes is not None else None,
        "bounds": view.bounds.to_dict() if view.bounds is not None else None,
    }


def needs_new_figure(
    previous: Mapping[str, Any] | None,
    sf: ServingFrame,
    positions: np.ndarray,
    viewport: Viewport,
    limit: int = POINT_LIMIT,
) -> bool:
    """After a pan/zoom: is the drawn figure still right? Cheap: no hover text, no aggregation."""
    if not previous:
        return True
    old_bounds = Viewport.from_dict(previous.get("bounds"))
    if old_bounds is not None and not old_bounds.contains(viewport):
        return True
    if len(positions) == 0:
        return previous.get("mode") != "empty"
    padded = viewport.padded(0.5)
    in_view = int(padded.mask(sf.lat[positions], sf.lon[positions]).sum())
    mode = "points" if in_view <= limit else "hex"
    if mode != previous.get("mode"):
        return True
    if mode == "hex":
        from dashboard import aggregate

        return aggregate.resolution_for_zoom(viewport.zoom) != previous.get("resolution")
    return False


def categories_for(color_by: ColorBy) -> Sequence[str]:
    return (*INFRASTRUCTURE, "none") if color_by == "infrastructure" else EVENT_TYPES
