"""What the ``/energy`` page and its printable report show, computed from the serving frame (no Dash here).

The links (:mod:`dashboard.energy.links`) are computed once per store version (:func:`links_for`, keyed on the
serving frame's token, which names the store file and its version) and kept sparse: only rows that link to a
facility. Every view then takes the row positions a :class:`~dashboard.filters.FilterSpec` selects
(``ServingFrame.positions``) and calls the same :func:`~dashboard.energy.report.facility_hits` as
``python -m dashboard facilities``, so the page and the CLI count the same hits for the same filters.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import config
from dashboard.energy.report import facility_hits
from dashboard.energy.subclass import SUBCLASSES, energy_subclasses
from dashboard.filters import FilterSpec
from dashboard.schema import INFRASTRUCTURE
from dashboard.serving import ServingFrame

__all__ = [
    "SUBCLASS_OF_KIND",
    "UNSPECIFIED",
    "EnergyView",
    "FrameLinks",
    "energy_view",
    "facility_events",
    "links_for",
    "region_names",
]

UNSPECIFIED = "not specified"
# A linked event whose notes name no kind ("DniproHES was hit") takes its sub-class from the facility's kind.
SUBCLASS_OF_KIND: dict[str, str] = {
    "thermal/coal": "generation",
    "hydro": "generation",
    "pumped storage": "generation",
    "nuclear": "generation",
    "solar": "generation",
    "wind": "generation",
    "gas CHP": "heating",
    "oil refinery": "oil and gas",
    "oil depot": "oil and gas",
    "substation": "grid",
}
_ENERGY_BIT = 1 << INFRASTRUCTURE.index("energy")


@dataclass(frozen=True)
class FrameLinks:
    """The facility links of one serving frame: only rows with at least one link."""

    token: str
    positions: np.ndarray  # row positions in ServingFrame.events, ascending
    facility_ids: tuple[tuple[str, ...], ...]
    evidence: tuple[tuple[str, ...], ...]
    linked: np.ndarray  # bool per row of the frame

    def for_positions(self, positions: np.ndarray) -> tuple[np.ndarray, list[list[str]], list[list[str]]]:
        """The linked rows among `positions`: (their positions, facility ids, evidence)."""
        keep = np.isin(self.positions, positions, assume_unique=True)
        index = np.flatnonzero(keep)
        return (
            self.positions[index],
            [list(self.facility_ids[i]) for i in index],
            [list(self.evidence[i]) for i in index],
        )


_links_lock = threading.Lock()
_links_cache: OrderedDict[str, FrameLinks] = OrderedDict()


def links_for(sf: ServingFrame, facilities: pd.DataFrame | None = None) -> FrameLinks:
    """The links of the frame's events, computed once per store version (the frame's token).

    Callbacks running in parallel after a store change wait for the one computing them instead of repeating it.
    """
    with _links_lock:
        found = _links_cache.get(sf.token)
        if found is not None:
            _links_cache.move_to_end(sf.token)
            return found
        from dashboard.energy.links import link_events

        table = link_events(sf.events, facilities)
        ids = table["facility_ids"].to_numpy()
        has = np.fromiter((len(v) > 0 for v in ids), dtype=bool, count=len(ids))
        rows = np.flatnonzero(has)
        evidence = table["facility_evidence"].to_numpy()
        links = FrameLinks(
            token=sf.token,
            positions=rows,
            facility_ids=tuple(tuple(ids[i]) for i in rows),
            evidence=tuple(tuple(evidence[i]) for i in rows),
            linked=has,
        )
        _links_cache[sf.token] = links
        while len(_links_cache) > 2:  # the current store and the one just replaced
            _links_cache.popitem(last=False)
        return links


@lru_cache(maxsize=1)
def _admin1_names(path: str) -> dict[str, str]:
    try:
        frame = pd.read_parquet(path, columns=["admin1_code", "admin1"])
    except (FileNotFoundError, OSError, ValueError):
        return {}
    return dict(zip(frame["admin1_code"].astype(str), frame["admin1"].astype(str), strict=True))


def region_names(codes: pd.Series) -> pd.Series:
    """'UA-23' -> 'Zaporizhzhia' (the admin-1 reference's short name; the code when it is not built)."""
    names = _admin1_names(str(config.ADMIN1_PATH))
    return codes.map(lambda c: names.get(str(c), str(c)) if isinstance(c, str) and c else "—")


@dataclass(frozen=True)
class EnergyView:
    """Everything the page draws for one filter specification."""

    spec: FilterSpec
    matching: int  # events matching the filters (what `export` writes)
    energy_positions: np.ndarray  # of those, classed energy or linked to a facility
    table: pd.DataFrame  # facility_hits: every facility, most hit first (what `facilities` prints)
    hits_any_date: pd.Series  # facility_id -> hits under the same filters without the dates (map colour)
    weekly: pd.DataFrame  # index week start; one column per sub-class + UNSPECIFIED; 'outages'
    as_of: date  # "days since the last hit" counts to this day

    @property
    def hit(self) -> pd.DataFrame:
        """The facilities hit, with region name and days since the last hit."""
        table = self.table[self.table["hits"] > 0].copy()
        table["region"] = region_names(table["admin1_code"])
        last = pd.to_datetime(table["last_hit"])
        table["days_since"] = (pd.Timestamp(self.as_of) - last).dt.days.astype("Int64")
        return table

    @property
    def energy_events(self) -> int:
        return len(self.energy_positions)

    @property
    def total_hits(self) -> int:
        return int(self.table["hits"].sum())

    def capacity_by(self, column: str) -> pd.Series:
        """Capacity (MW) at the facilities hit, summed by `column` ('kind' or 'region'), largest first."""
        hit = self.hit
        known = hit.dropna(subset=["capacity_mw"])
        return known.groupby(column)["capacity_mw"].sum().sort_values(ascending=False)


def _hits(sf: ServingFrame, links: FrameLinks, positions: np.ndarray, facilities: pd.DataFrame) -> pd.DataFrame:
    rows, ids, _evidence = links.for_positions(positions)
    linked = sf.events.iloc[rows][["event_id", "event_date"]].copy()
    linked["event_id"] = linked["event_id"].astype(str)
    linked["facility_ids"] = ids
    return facility_hits(linked, facilities)


def _subclasses(sf: ServingFrame, links: FrameLinks, positions: np.ndarray, facilities: pd.DataFrame) -> pd.Series:
    events = sf.events.iloc[positions]
    detail = events["infrastructure_detail"] if "infrastructure_detail" in events.columns else pd.Series(dtype=str)
    sub = energy_subclasses(detail.reindex(events.index)).reset_index(drop=True)
    kinds = dict(zip(facilities["facility_id"], facilities["kind"], strict=True))
    rows, ids, _evidence = links.for_positions(positions)
    where = np.searchsorted(positions, rows)
    for k, facility_list in zip(where, ids, strict=True):
        if pd.isna(sub.iloc[k]) and facility_list:
            sub.iloc[k] = SUBCLASS_OF_KIND.get(kinds.get(facility_list[0], ""), pd.NA)
    return sub.fillna(UNSPECIFIED)


def _weekly(sf: ServingFrame, positions: np.ndarray, subclass: pd.Series, outages: np.ndarray) -> pd.DataFrame:
    columns = [*SUBCLASSES, UNSPECIFIED]
    if len(positions) == 0:
        return pd.DataFrame(columns=[*columns, "outages"], dtype=int)
    dates = pd.to_datetime(sf.events["event_date"].iloc[positions].to_numpy())
    week = (dates - pd.to_timedelta(dates.day_of_week, unit="D")).normalize()  # Monday of each event's week
    frame = pd.DataFrame({"week": week, "subclass": subclass.to_numpy(), "outage": outages})
    counts = frame.pivot_table(index="week", columns="subclass", aggfunc="size", fill_value=0)
    counts = counts.reindex(columns=columns, fill_value=0)
    full = pd.date_range(counts.index.min(), counts.index.max(), freq="7D")
    counts = counts.reindex(full, fill_value=0)
    counts["outages"] = frame.groupby("week")["outage"].sum().reindex(full, fill_value=0).astype(int)
    counts.index.name = "week"
    return counts.astype(int)


def energy_view(
    sf: ServingFrame, spec: FilterSpec, facilities: pd.DataFrame | None = None, today: date | None = None
) -> EnergyView:
    """The energy page's data for `spec` (memoised per frame and spec)."""
    if facilities is None:
        from dashboard.energy.facilities import load_facilities

        facilities = load_facilities()
    return sf.memo(("energy-view", spec, today), lambda: _energy_view(sf, spec, facilities, today))


def _energy_view(sf: ServingFrame, spec: FilterSpec, facilities: pd.DataFrame, today: date | None) -> EnergyView:
    links = links_for(sf, facilities)
    positions = sf.positions(spec)
    bits = sf.events["_infra_bits"].to_numpy()[positions]
    energy = positions[((bits & _ENERGY_BIT) != 0) | links.linked[positions]]
    undated = spec.with_(date_from=None, date_to=None)
    any_date = _hits(sf, links, sf.positions(undated), facilities) if undated != spec else None
    table = _hits(sf, links, positions, facilities)
    hits_any = (any_date if any_date is not None else table).set_index("facility_id")["hits"]
    subclass = _subclasses(sf, links, energy, facilities)
    outage_column = sf.events["power_outage"] if "power_outage" in sf.events.columns else None
    outages = (
        outage_column.iloc[energy].fillna(False).to_numpy(dtype=bool)
        if outage_column is not None
        else np.zeros(len(energy), dtype=bool)
    )
    as_of = spec.date_to or today or datetime.now(UTC).date()
    return EnergyView(
        spec=spec,
        matching=len(positions),
        energy_positions=energy,
        table=table,
        hits_any_date=hits_any,
        weekly=_weekly(sf, energy, subclass, outages),
        as_of=as_of,
    )


def facility_events(sf: ServingFrame, spec: FilterSpec, facility_id: str) -> pd.DataFrame:
    """The events under `spec` linked to one facility, newest first, with the evidence of each link."""
    links = links_for(sf)
    rows, ids, evidence = links.for_positions(sf.positions(spec))
    pick = [k for k, v in enumerate(ids) if facility_id in v]
    events = sf.events.iloc[rows[pick]].copy()
    events["evidence"] = [evidence[k][ids[k].index(facility_id)] for k in pick]
    return events.sort_values(["event_date", "event_id"], ascending=[False, True])
