"""The linked views' summaries of a set of events (row positions of a ``ServingFrame``): the KPI cards, the
events per period, the regions most hit, and the table's order and rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from dashboard.serving import ServingFrame

__all__ = [
    "NEWEST_FIRST",
    "TABLE_BLOCK",
    "TABLE_COLUMNS",
    "TABLE_SORT_KEYS",
    "Period",
    "kpis",
    "region_counts",
    "sort_spec",
    "table_order",
    "table_rows",
    "time_bins",
]

# Rows per request of the table (AG Grid's infinite row model asks for blocks as the user scrolls).
TABLE_BLOCK = 100


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
