"""UCDP Georeferenced Event Dataset (GED) CSV, 49 columns → events.

| GED column | event column | note |
|---|---|---|
| id | event_id | as ``UCDP-<id>``: bare numbers would collide with other sources' ids in one store |
| date_start / date_end | event_date / date_end | ``2022-04-08 00:00:00.000``, ``1/22/2014 12:00:00 AM``, …; end kept |
| date_prec | time_precision | table below; the original kept as ``ucdp_date_prec`` |
| where_prec | geo_precision | table below; the original kept as ``ucdp_where_prec`` |
| best / low / high | killed / killed_low / killed_high | best estimate; the range kept |
| deaths_a, deaths_b, deaths_civilians, deaths_unknown | ucdp_deaths_* | kept |
| side_a / side_b | actor1 / actor2 | |
| where_coordinates | location | the place the coordinates stand for (falls back to adm_2, adm_1, country) |
| latitude, longitude | same | kept exactly |
| source_headline / source_office | notes / source | UCDP has no notes: the headlines are the closest summary |
| country, adm_1 | country, admin1_code | mapped to ISO 3166-2 and kept; the point's join beside it |
| adm_2 | admin2 | shared with ACLED's admin2 |
| country_id (Gleditsch–Ward) | country hint | 365 → RU, 369 → UA, …: only where the point is in no region |
| type_of_violence, conflict_name, dyad_name, relid, event_clarity, where_description, source_article | ucdp_* | kept |
| every other column (year, conflict ids, ``adm_1``, ``country``, …, in any GED version) | ucdp_<name> | kept |

Headers are matched whatever their case and stray spaces. Dates in every form of :mod:`dashboard.ingest.dates`;
the day/month order of slashed dates is decided for the whole file (``date_start`` ≤ ``date_end`` is evidence).

**date_prec → time_precision** (ACLED: 1 day, 2 week, 3 month or longer):
1 exact day → 1 · 2 within 2–6 days → 2 · 3 only the week → 2 · 4 within 8–30 days or the month → 3 ·
5 within a year → 3.

**where_prec → geo_precision** (ACLED: 1 town, 2 near a town / part of a region, 3 region):
1 exact place → 1 · 2 within ~25 km of a known point → 2 · 3 second-order admin unit (district) → 2 ·
4 first-order admin unit (province) → 3 · 5 a linear feature (road, river, border) → 2 ·
6 only the country → 3 · 7 international waters or airspace → 3.

**event_type.** UCDP's ``type_of_violence`` says who fought (1 state-based, 2 non-state, 3 one-sided
violence against civilians), not how. So, as ACLED codes a shelling of civilians as remote violence: a
headline naming a remote weapon (missile, drone, shelling, air strike, guided bomb, …) gives
"Explosions/Remote violence" with the matching sub-event type and ``weapon``; otherwise type 1 and 2 give
"Battles" / "Armed clash" and type 3 gives "Violence against civilians" / "Attack". The original type is kept
in ``ucdp_type_of_violence``, so the mapping can be redone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.ingest.dates import DATE_FORMS, DateOrder, decide_order, parse_event_dates
from dashboard.ingest.mapped import Mapped, coded_regions, require_columns
from dashboard.ingest.values import Failure, count_column, iso_alpha2_from_gleditsch_ward
from dashboard.ingest.weapons import derive_weapon, remote_sub_event_type

__all__ = ["DATE_PREC", "GED_COLUMNS", "REQUIRED", "TYPE_OF_VIOLENCE", "WHERE_PREC", "check_columns", "to_events"]

NAME = "UCDP GED"
GED_COLUMNS = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
]
REQUIRED = ("id", "type_of_violence", "latitude", "longitude", "date_start", "date_prec", "where_prec", "best")

DATE_PREC: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
WHERE_PREC: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 2, 6: 3, 7: 3}
TYPE_OF_VIOLENCE: dict[int, tuple[str, str]] = {
    1: ("Battles", "Armed clash"),  # state-based conflict
    2: ("Battles", "Armed clash"),  # non-state conflict
    3: ("Violence against civilians", "Attack"),  # one-sided violence
}
_REMOTE = ("guided aerial bomb", "drone", "aircraft", "missile", "MLRS", "mortar", "artillery")
SOURCE_COLUMNS = {
    "event_id": "id",
    "event_date": "date_start",
    "time_precision": "date_prec",
    "geo_precision": "where_prec",
    "killed": "best",
    "actor1": "side_a",
    "actor2": "side_b",
    "location": "where_coordinates",
    "notes": "source_headline",
    "source": "source_office",
    "event_type": "type_of_violence",
}
_KEPT = {
    "relid": "ucdp_relid",
    "conflict_name": "ucdp_conflict_name",
    "dyad_name": "ucdp_dyad_name",
    "where_description": "ucdp_where_description",
    "source_article": "ucdp_source_article",
    "adm_2": "admin2",
}


def check_columns(columns: list[str], *, source: str) -> None:
    require_columns(columns, REQUIRED, source=source, fmt=NAME)


def _code(raw: pd.DataFrame, column: str, table: dict[int, object]) -> tuple[pd.Series, list[Failure]]:
    """A small integer code checked against `table`'s keys; failures name the GED column."""
    if column not in raw.columns:
        return pd.Series(pd.NA, index=raw.index, dtype="Int8"), []
    number = pd.to_numeric(raw[column], errors="coerce")
    ok = number.isin(list(table)).to_numpy(dtype=bool)
    given = raw[column].notna().to_numpy(dtype=bool)
    failures = [
        (int(p), column, f"{raw[column].iloc[p]!r} is not a {column} code ({', '.join(map(str, table))})")
        for p in np.flatnonzero(given & ~ok)
    ]
    return number.where(ok).astype("Int8"), failures


def to_events(raw: pd.DataFrame, *, date_order: DateOrder | None = None, source: str = "") -> Mapped:
    """Map a GED table (text values, index = record position) onto the event schema.

    Raises DateOrderError when slashed dates need a `date_order` the file does not tell.
    """
    failures: list[Failure] = []
    events = pd.DataFrame(index=raw.index)
    ids = raw["id"].str.strip()
    events["event_id"] = ("UCDP-" + ids).where(ids.notna())

    pairs = [("date_start", "date_end")]
    order = decide_order(raw, ["date_start", "date_end"], given=date_order, pairs=pairs, source=source)
    for target, column in (("event_date", "date_start"), ("date_end", "date_end")):
        if column not in raw.columns:
            continue
        dates, bad = parse_event_dates(raw[column], order)
        events[target] = dates
        failures += [
            (int(p), column, f"{raw[column].iloc[p]!r} is not a date ({DATE_FORMS})") for p in np.flatnonzero(bad)
        ]

    date_prec, f1 = _code(raw, "date_prec", DATE_PREC)
    where_prec, f2 = _code(raw, "where_prec", WHERE_PREC)
    violence, f3 = _code(raw, "type_of_violence", TYPE_OF_VIOLENCE)
    failures += f1 + f2 + f3
    events["time_precision"] = date_prec.map(DATE_PREC).astype("Int8")
    events["geo_precision"] = where_prec.map(WHERE_PREC).astype("Int8")

    headline = raw["source_headline"] if "source_headline" in raw.columns else pd.Series(pd.NA, index=raw.index)
    text = headline.fillna("")
    if "where_description" in raw.columns:
        text = text.str.cat(raw["where_description"].fillna(""), sep=" ")
    weapon = derive_weapon(pd.Series(pd.NA, index=raw.index, dtype="string"), text)
    remote = weapon.isin(_REMOTE).to_numpy(dtype=bool)
    base_type = violence.map(lambda v: TYPE_OF_VIOLENCE[v][0] if pd.notna(v) else None).astype("string")
    base_sub = violence.map(lambda v: TYPE_OF_VIOLENCE[v][1] if pd.notna(v) else None).astype("string")
    events["event_type"] = base_type.mask(remote & violence.notna().to_numpy(dtype=bool), "Explosions/Remote violence")
    events["sub_event_type"] = base_sub.mask(remote, remote_sub_event_type(weapon))
    events["weapon"] = weapon
    events["actor1"] = raw.get("side_a")
    events["actor2"] = raw.get("side_b")
    events["location"] = _first_present(raw, ("where_coordinates", "adm_2", "adm_1", "country"))
    events["latitude"] = raw["latitude"]
    events["longitude"] = raw["longitude"]
    events["killed"] = raw["best"]
    events["injured"] = pd.Series(pd.NA, index=raw.index, dtype="Int32")  # GED counts deaths only
    events["notes"] = headline
    events["source"] = raw.get("source_office")
    events["dataset"] = "ucdp"

    for column, target in (("low", "killed_low"), ("high", "killed_high"), ("deaths_a", "ucdp_deaths_a"),
                           ("deaths_b", "ucdp_deaths_b"), ("deaths_civilians", "ucdp_deaths_civilians"),
                           ("deaths_unknown", "ucdp_deaths_unknown")):  # fmt: skip
        if column in raw.columns:
            events[target], found = count_column(raw[column], target, column)
            failures += found
    events["ucdp_date_prec"] = date_prec
    events["ucdp_where_prec"] = where_prec
    events["ucdp_type_of_violence"] = violence
    if "event_clarity" in raw.columns:
        events["ucdp_event_clarity"] = pd.to_numeric(raw["event_clarity"], errors="coerce").astype("Int8")
    for column, target in _KEPT.items():
        if column in raw.columns:
            events[target] = raw[column]

    used = {*SOURCE_COLUMNS.values(), "date_end", "latitude", "longitude", "low", "high", "deaths_a", "deaths_b",
            "deaths_civilians", "deaths_unknown", "event_clarity", *_KEPT}  # fmt: skip
    for column in raw.columns:  # every other column travels along, in any GED version: nothing is dropped
        if column not in used:
            events[f"ucdp_{column}"] = raw[column]

    hint = pd.Series(pd.NA, index=raw.index, dtype="string")
    if "country_id" in raw.columns:
        hint = iso_alpha2_from_gleditsch_ward(raw["country_id"])
    return Mapped(
        events=events,
        failures=failures,
        source_columns=SOURCE_COLUMNS,
        country_hint=hint,
        classify_text=text.str.cat(events["location"].fillna(""), sep=" "),
        source_regions=coded_regions(raw, "country", "adm_1", "adm_2"),
    )


def _first_present(raw: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    out = pd.Series(pd.NA, index=raw.index, dtype="string")
    for column in columns:
        if column in raw.columns:
            out = out.fillna(raw[column].str.strip().replace("", pd.NA))
    return out
