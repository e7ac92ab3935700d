"""The facilities table as others use it: hits per facility (CLI ``facilities``) and an HXL file for HDX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["FACILITY_HXL_TAGS", "facility_hits", "write_facilities_hxl"]

OUT_COLUMNS = [
    "facility_id",
    "name",
    "kind",
    "country",
    "admin1_code",
    "lat",
    "lon",
    "capacity_mw",
    "source_url",
    "hits",
    "first_hit",
    "last_hit",
    "event_ids",
]

# HXL hashtags (https://hxlstandard.org/standard/dictionary/) for the facilities table.
FACILITY_HXL_TAGS: dict[str, str] = {
    "facility_id": "#loc+id",
    "name": "#loc+name",
    "kind": "#loc+type",
    "country": "#country+code",
    "admin1_code": "#adm1+code",
    "lat": "#geo+lat",
    "lon": "#geo+lon",
    "capacity_mw": "#capacity+mw",
    "source_url": "#meta+url",
    "hits": "#event+num",
    "first_hit": "#date+start",
    "last_hit": "#date+end",
    "event_ids": "#event+id+list",
}


def facility_hits(events: pd.DataFrame, facilities: pd.DataFrame) -> pd.DataFrame:
    """Every facility with the linked events among ``events``: most hit first, then by name.

    ``events`` must carry ``facility_ids`` (:func:`dashboard.energy.links.with_links`).
    """
    pairs = events[["event_id", "event_date", "facility_ids"]].explode("facility_ids").dropna(subset=["facility_ids"])
    pairs = pairs.sort_values(["event_date", "event_id"])
    grouped = pairs.groupby("facility_ids", sort=False)
    stats = pd.DataFrame(
        {
            "hits": grouped.size(),
            "first_hit": grouped["event_date"].min(),
            "last_hit": grouped["event_date"].max(),
            "event_ids": grouped["event_id"].agg(list),
        }
    )
    table = facilities.join(stats, on="facility_id")
    table["hits"] = table["hits"].fillna(0).astype(int)
    table["event_ids"] = [v if isinstance(v, list) else [] for v in table["event_ids"]]
    for column in ("first_hit", "last_hit"):
        table[column] = pd.to_datetime(table[column]).dt.strftime("%Y-%m-%d").astype("string")
    table = table.sort_values(["hits", "name"], ascending=[False, True], kind="stable")
    return table[OUT_COLUMNS].reset_index(drop=True)


def write_facilities_hxl(table: pd.DataFrame, out: Path | str) -> Path:
    """CSV with a second row of HXL hashtags; lists are ``;``-joined, spreadsheet formulas neutralised."""
    from dashboard.export import neutralise_frame, write_atomic

    flat = table[OUT_COLUMNS].copy()
    flat["event_ids"] = flat["event_ids"].map(lambda v: ";".join(map(str, v)))
    flat = neutralise_frame(flat)
    tags = pd.DataFrame([[FACILITY_HXL_TAGS[c] for c in OUT_COLUMNS]], columns=OUT_COLUMNS)

    def write(path: Path) -> None:
        pd.concat([tags, flat.astype(object)]).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")

    return write_atomic(out, write)
