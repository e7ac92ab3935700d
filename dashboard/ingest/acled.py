"""ACLED export CSV → events. Codebook 2023+ (31 columns) and older exports (data_id, iso3, ...).

| ACLED column | event column | note |
|---|---|---|
| event_id_cnty | event_id | ACLED's stable id, e.g. UKR12345 |
| event_date | event_date | ``08 April 2022`` (web export), ``2022-04-08`` (API), ``14/08/2020 00:00:00`` (re-saved) … |
| time_precision, geo_precision | same | kept as coded (1, 2, 3) |
| event_type, sub_event_type | same | pre-2019 types mapped, original kept in ``acled_event_type_v1`` |
| actor1, actor2, location, source, notes | same | text kept exactly (multi-line, Cyrillic) |
| latitude, longitude | same | kept exactly; never re-geocoded |
| fatalities | killed | ACLED's conservative figure; ``injured`` stays empty: ACLED does not code it |
| country, admin1 (admin2) | country, admin1_code | mapped to ISO 3166-2 and kept; the point's join beside it |
| iso (numeric) / iso3 | country hint | only where neither ACLED's coding nor the point gives a country (at sea) |
| assoc_actor_1/2, admin2, admin3, disorder_type, civilian_targeting, interaction, source_scale, tags | same | extras |
| timestamp | acled_timestamp | when ACLED last changed the event (also evidence for the day/month order) |
| any other (``id``, ``iso``, ``year``, ``actor_dyad``, ``population_*``, …) | same name | kept |
| ``country``, ``admin1`` (names the event table uses itself) | acled_country, acled_admin1 | kept |

Headers are matched whatever their case and stray spaces (`` Event_Date``). Dates in every form of
:mod:`dashboard.ingest.dates`; the day/month order of slashed dates is decided for the whole file.

``country``, ``admin1_code`` and ``admin1`` are ACLED's own coding (admin1 "Crimea" with admin2 "Sevastopol"
is UA-40), the spatial join of the point where ACLED gives none or an unknown name; ``weapon`` from the
sub-event type and notes where obvious, infrastructure from notes and location, ``dataset`` is "acled".
"""

from __future__ import annotations

import pandas as pd

from dashboard.ingest.dates import DATE_FORMS, DateOrder, decide_order, parse_event_dates
from dashboard.ingest.mapped import Mapped, coded_regions, require_columns
from dashboard.ingest.values import iso_alpha2_from_numeric
from dashboard.ingest.weapons import derive_weapon
from dashboard.schema import COLUMNS

__all__ = ["EXTRA_COLUMNS", "OLD_EVENT_TYPES", "REQUIRED", "check_columns", "to_events"]

NAME = "ACLED"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "location", "latitude", "longitude", "fatalities")

# Columns copied under the same name; the extra ones are kept beside the schema's columns.
_SAME = ("time_precision", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude",
         "longitude", "geo_precision", "source", "notes")  # fmt: skip
EXTRA_COLUMNS = ("assoc_actor_1", "assoc_actor_2", "admin2", "admin3", "disorder_type", "civilian_targeting",
                 "interaction", "source_scale", "tags")  # fmt: skip

# Event types of ACLED's codebook before 2019 -> (event_type, sub_event_type) of the current codebook.
OLD_EVENT_TYPES: dict[str, tuple[str, str | None]] = {
    "Battle-No change of territory": ("Battles", "Armed clash"),
    "Battle-Government regains territory": ("Battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "Remote violence": ("Explosions/Remote violence", None),
    "Violence against civilians": ("Violence against civilians", None),
    "Riots/Protests": ("Protests", None),  # the old type did not tell them apart; the original is kept
    "Strategic development": ("Strategic developments", None),
    "Headquarters or base established": ("Strategic developments", "Headquarters or base established"),
    "Non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
}
# Columns that are not worth a message of their own: "fatalities" is what the user sees, not "killed".
SOURCE_COLUMNS = {"event_id": "event_id_cnty", "killed": "fatalities"}
# Event types where a weapon makes sense (protests and riots have none).
_ARMED = ("Explosions/Remote violence", "Battles", "Violence against civilians", "Strategic developments")


def check_columns(columns: list[str], *, source: str) -> None:
    require_columns(columns, REQUIRED, source=source, fmt=NAME)


def to_events(raw: pd.DataFrame, *, date_order: DateOrder | None = None, source: str = "") -> Mapped:
    """Map an ACLED table (text values, index = record position) onto the event schema.

    Raises DateOrderError when slashed dates need a `date_order` the file does not tell.
    """
    events = pd.DataFrame(index=raw.index)
    events["event_id"] = raw["event_id_cnty"].str.strip()
    order = decide_order(raw, ["event_date"], given=date_order, timestamp="timestamp", source=source)
    dates, bad_dates = parse_event_dates(raw["event_date"], order)
    events["event_date"] = dates
    failures = [
        (int(p), "event_date", f"{raw['event_date'].iloc[p]!r} is not a date ({DATE_FORMS})")
        for p in bad_dates.nonzero()[0]
    ]
    for column in _SAME:
        if column in raw.columns:
            events[column] = raw[column]
    events["killed"] = raw["fatalities"]
    events["injured"] = pd.Series(pd.NA, index=raw.index, dtype="Int32")  # ACLED does not code injuries

    # Older codebook: map the event type, keep what the file said.
    types = events["event_type"].str.strip()
    old = types.isin(list(OLD_EVENT_TYPES))
    if old.any():
        events["acled_event_type_v1"] = types.where(old)
        events["event_type"] = types.mask(old, types.map(lambda t: OLD_EVENT_TYPES.get(t, (t, None))[0]))
        old_sub = types.map(lambda t: OLD_EVENT_TYPES.get(t, (None, None))[1]).astype("string")
        sub = events["sub_event_type"] if "sub_event_type" in events.columns else pd.Series(pd.NA, index=raw.index)
        events["sub_event_type"] = sub.astype("string").mask(old & sub.isna(), old_sub)
    else:
        events["event_type"] = types

    sub = events["sub_event_type"] if "sub_event_type" in events.columns else pd.Series(pd.NA, index=raw.index)
    notes = events["notes"] if "notes" in events.columns else pd.Series(pd.NA, index=raw.index, dtype="string")
    armed = events["event_type"].isin(_ARMED).to_numpy(dtype=bool)
    weapon = pd.Series(pd.NA, index=raw.index, dtype="string")
    if armed.any():
        weapon[armed] = derive_weapon(sub[armed], notes[armed])
    events["weapon"] = weapon
    events["dataset"] = "acled"

    for column in EXTRA_COLUMNS:
        if column in raw.columns:
            events[column] = raw[column]
    if "timestamp" in raw.columns:
        events["acled_timestamp"] = pd.to_numeric(raw["timestamp"], errors="coerce").astype("Int64")
    # Every other column travels along (API exports add id, iso, tags, population_*, …): nothing is dropped.
    used = {"event_id_cnty", "fatalities", "timestamp", *_SAME, *EXTRA_COLUMNS}
    for column in raw.columns:
        if column not in used:
            events[column if column not in COLUMNS else f"acled_{column}"] = raw[column]

    return Mapped(
        events=events,
        failures=failures,
        source_columns=SOURCE_COLUMNS,
        country_hint=_country_hint(raw),
        classify_text=notes.fillna("").str.cat(events["location"].fillna(""), sep=" "),
        source_regions=coded_regions(raw, "country", "admin1", "admin2"),
    )


def _country_hint(raw: pd.DataFrame) -> pd.Series:
    """ISO alpha-2 from ACLED's numeric `iso` (older files: `iso3`); missing when neither is there."""
    hint = pd.Series(pd.NA, index=raw.index, dtype="string")
    if "iso" in raw.columns:
        hint = iso_alpha2_from_numeric(raw["iso"])
    if "iso3" in raw.columns and hint.isna().any():
        import pycountry

        table = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
        hint = hint.fillna(raw["iso3"].str.strip().str.upper().map(table).astype("string"))
    return hint
