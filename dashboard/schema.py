"""The event table: columns, vocabularies and validation.

One canonical table for every source (seed, ACLED, UCDP GED, CSV, extracted text). Conventions follow
ACLED's codebook where it has one (event types, time and geo precision, fatalities as the lowest
reported figure). Validation is declared with pandera; this module only turns pandera's failure
cases into messages a person can act on: the line, the column and the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

__all__ = [
    "COLUMNS",
    "EVENT_TYPES",
    "INFRASTRUCTURE",
    "LIST_COLUMNS",
    "SUB_EVENT_TYPES",
    "EventValidationError",
    "RowError",
    "empty_events",
    "validate_events",
]

# ACLED event_type -> sub_event_type (codebook 2023+).
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Suicide bomb",
        "Chemical weapon",
    ),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(SUB_EVENT_TYPES)
_ALL_SUB_EVENT_TYPES = sorted({s for subs in SUB_EVENT_TYPES.values() for s in subs})

# Fixed vocabulary of what was hit; `infrastructure_detail` carries the free text ("oil refinery").
INFRASTRUCTURE: tuple[str, ...] = (
    "energy",
    "port",
    "transport",
    "residential",
    "health",
    "education",
    "commercial",
    "industrial",
    "military",
    "water",
    "telecom",
    "other",
)

# Column -> (pandas dtype, description). The order is the order of the store and of exports.
COLUMNS: dict[str, tuple[str, str]] = {
    "event_id": ("string", "Unique id; ACLED's event_id_cnty, UCDP's id, or SEED-n."),
    "event_date": ("datetime64[ns]", "Date of the event (for time_precision 2/3, a date within the period)."),
    "time_precision": ("Int8", "ACLED: 1 exact day, 2 within a week, 3 within a month."),
    "event_type": ("string", "ACLED event type, e.g. 'Explosions/Remote violence'."),
    "sub_event_type": ("string", "ACLED sub-event type, e.g. 'Air/drone strike'."),
    "weapon": ("string", "Weapon as reported: 'guided aerial bomb', 'drone', 'Storm Shadow missile'."),
    "actor1": ("string", "Actor that carried out the event."),
    "actor2": ("string", "Actor or group on the receiving end (civilians, ...)."),
    "country": ("string", "ISO 3166-1 alpha-2 country of the point (Crimea is UA)."),
    "admin1_code": ("string", "ISO 3166-2 code of the admin-1 region from a spatial join, e.g. UA-63."),
    "admin1": ("string", "Short English name of the region (Ukraine's official transliteration)."),
    "location": ("string", "Place name as reported, e.g. 'Novoshakhtinsk'."),
    "latitude": ("float64", "WGS84 latitude (EPSG:4326)."),
    "longitude": ("float64", "WGS84 longitude (EPSG:4326)."),
    "geo_precision": ("Int8", "ACLED: 1 the town itself, 2 near a town or part of a region, 3 the region."),
    "killed": ("Int32", "People killed, lowest reported figure; empty when not reported."),
    "injured": ("Int32", "People injured, lowest reported figure; empty when not reported."),
    "infrastructure": ("object", f"List of categories hit, from: {', '.join(INFRASTRUCTURE)}."),
    "infrastructure_detail": ("string", "Free text of what was hit: 'oil refinery', 'power grid'."),
    "power_outage": ("boolean", "True when the source reports power cuts."),
    "notes": ("string", "What happened, in the source's words or a close summary."),
    "source": ("string", "Who reported it (outlet or official)."),
    "source_url": ("string", "Link to the source; http/https only."),
    "dataset": ("string", "Where the record came from: seed, acled, ucdp, csv, extracted, synthetic."),
}
LIST_COLUMNS = ("infrastructure",)
REQUIRED = ("event_id", "event_date", "event_type", "location", "dataset")


def _is_infrastructure_list(value: object) -> bool:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return isinstance(value, list) and all(v in INFRASTRUCTURE for v in value)


def _is_http_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _schema(require_coordinates: bool) -> pa.DataFrameSchema:
    def text(required: bool = False, checks: list[pa.Check] | None = None) -> pa.Column:
        return pa.Column("string", checks=checks or [], nullable=not required, required=required, coerce=True)

    count_checks = [pa.Check.ge(0, error="must be a whole number >= 0")]
    columns = {
        "event_id": text(True, [pa.Check.str_length(min_value=1, error="must not be empty")]),
        "event_date": pa.Column("datetime64[ns]", nullable=False, coerce=True),
        "time_precision": pa.Column(
            "Int8", pa.Check.isin([1, 2, 3], error="must be 1 (day), 2 (week) or 3 (month)"), coerce=True
        ),
        "event_type": text(True, [pa.Check.isin(EVENT_TYPES, error=f"must be one of {list(EVENT_TYPES)}")]),
        "sub_event_type": text(checks=[pa.Check.isin(_ALL_SUB_EVENT_TYPES, error="is not an ACLED sub-event type")]),
        "weapon": text(),
        "actor1": text(),
        "actor2": text(),
        "country": text(checks=[pa.Check.str_matches(r"^[A-Z]{2}$", error="must be an ISO 3166-1 alpha-2 code")]),
        "admin1_code": text(
            checks=[pa.Check.str_matches(r"^[A-Z]{2}-[A-Z0-9]{1,3}$", error="must be an ISO 3166-2 code like UA-63")]
        ),
        "admin1": text(),
        "location": text(True, [pa.Check.str_length(min_value=1, error="must not be empty")]),
        "latitude": pa.Column(
            "float64",
            pa.Check.in_range(-90, 90, error="latitude must be between -90 and 90"),
            nullable=not require_coordinates,
            coerce=True,
        ),
        "longitude": pa.Column(
            "float64",
            pa.Check.in_range(-180, 180, error="longitude must be between -180 and 180"),
            nullable=not require_coordinates,
            coerce=True,
        ),
        "geo_precision": pa.Column(
            "Int8", pa.Check.isin([1, 2, 3], error="must be 1 (town), 2 (near a town) or 3 (region)"), coerce=True
        ),
        "killed": pa.Column("Int32", count_checks, nullable=True, coerce=True),
        "injured": pa.Column("Int32", count_checks, nullable=True, coerce=True),
        "infrastructure": pa.Column(
            "object",
            pa.Check(
                _is_infrastructure_list,
                element_wise=True,
                error=f"must be a list of categories from {list(INFRASTRUCTURE)}",
            ),
            nullable=False,
        ),
        "infrastructure_detail": text(),
        "power_outage": pa.Column("boolean", nullable=False, coerce=True),
        "notes": text(),
        "source": text(),
        "source_url": text(
            checks=[pa.Check(_is_http_url, element_wise=True, error="links must be http:// or https://")]
        ),
        "dataset": text(True),
    }
    return pa.DataFrameSchema(columns, strict=False, unique=["event_id"], report_duplicates="exclude_first")


@dataclass(frozen=True)
class RowError:
    """One reason one input row was refused. `line` is the 1-based line in the source file."""

    line: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        col = f", column {self.column!r}" if self.column else ""
        return f"{where}{col}: {self.reason}"


class EventValidationError(ValueError):
    """Raised with every row error found, not just the first."""

    def __init__(self, errors: list[RowError], source: str = "input") -> None:
        self.errors = errors
        self.source = source
        shown = "\n".join(f"  {source}: {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} invalid value(s) in {source}:\n{shown}{more}")


_NUMERIC = {
    "latitude": "float64",
    "longitude": "float64",
    "time_precision": "Int8",
    "geo_precision": "Int8",
    "killed": "Int32",
    "injured": "Int32",
}


_BOOLEAN = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def _coerce(df: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[object, str, str]]]:
    """Parse dates and numbers; every value that does not parse becomes an error, then NA.

    Done before pandera so that one unparseable cell does not hide the range checks of the others.
    """
    errors: list[tuple[object, str, str]] = []
    raw = df["event_date"]
    if not pd.api.types.is_datetime64_any_dtype(raw):
        parsed = pd.to_datetime(raw.astype("string").str.strip(), errors="coerce", format="ISO8601")
        for index in raw.index[parsed.isna() & raw.notna()]:
            errors.append((index, "event_date", f"{raw[index]!r} is not a valid date (use YYYY-MM-DD)"))
        df["event_date"] = parsed
    df["event_date"] = df["event_date"].astype("datetime64[ns]")
    raw = df["power_outage"]
    if not pd.api.types.is_bool_dtype(raw):
        text = raw.astype("string").str.strip().str.lower()
        flag = text.astype(object).map(_BOOLEAN.get, na_action="ignore")
        for index in raw.index[flag.isna() & text.notna() & (text != "")]:
            errors.append((index, "power_outage", f"{raw[index]!r} is not true or false"))
        df["power_outage"] = flag.fillna(False).astype("boolean")
    for column, dtype in _NUMERIC.items():
        raw = df[column]
        number = pd.to_numeric(raw, errors="coerce")
        bad = number.isna() & raw.notna() & (raw.astype("string").str.strip() != "")
        if dtype != "float64":
            fractional = number.notna() & (number % 1 != 0)
            bad |= fractional
            number = number.where(~fractional)
        kind = "number" if dtype == "float64" else "whole number"
        for index in raw.index[bad]:
            errors.append((index, column, f"{raw[index]!r} is not a {kind}"))
        df[column] = number.astype(dtype)
    return df, errors


def _reason(check: str, failure: object) -> str:
    """Pandera names built-in checks; ours carry their message as the check name."""
    if check == "not_nullable":
        return "is required but empty"
    if "uniqueness" in check:
        return f"duplicate event_id {failure!r}"
    if check.startswith(("dtype", "coerce_dtype")):
        return f"{failure!r} has the wrong type"
    return f"{failure!r}: {check}" if failure not in ("", None) else check


def validate_events(
    df: pd.DataFrame,
    *,
    require_coordinates: bool = True,
    source: str = "input",
    line_offset: int = 0,
) -> pd.DataFrame:
    """Coerce and check an event table; raise EventValidationError listing every bad value.

    The frame's index is taken as the row's line number in the source (plus `line_offset`), so
    readers should set it to the file line before validating.
    """
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise EventValidationError([RowError(None, c, "required column is missing") for c in missing], source)
    df, parse_errors = _coerce(_with_defaults(df))
    failures = [(i, c, r) for i, c, r in parse_errors]
    try:
        out = _schema(require_coordinates).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        failures += [
            (case.index, case.column, _reason(str(case.check), case.failure_case))
            for case in exc.failure_cases.itertuples(index=False)
        ]
    if failures:
        raise EventValidationError(_row_errors(failures, line_offset), source)
    return out[list(COLUMNS) + [c for c in out.columns if c not in COLUMNS and c != "geometry"]]


def _row_errors(failures: list[tuple[object, str, str]], line_offset: int) -> list[RowError]:
    errors: list[RowError] = []
    seen: set[tuple[object, object]] = set()
    for index, column, reason in failures:
        index = None if index is None or (not isinstance(index, str) and pd.isna(index)) else int(index)
        if (index, column) in seen:  # one reason per bad cell is enough: the first (parse) one
            continue
        seen.add((index, column))
        errors.append(RowError(None if index is None else index + line_offset, column, reason))
    return sorted(errors, key=lambda e: (e.line is None, e.line or 0, e.column or ""))


def _with_defaults(df: pd.DataFrame) -> pd.DataFrame:
    """Add optional columns a source does not have, with the 'not reported' value."""
    df = df.copy()
    for column, (dtype, _doc) in COLUMNS.items():
        if column in df.columns:
            continue
        if column == "infrastructure":
            df[column] = [[] for _ in range(len(df))]
        elif column == "power_outage":
            df[column] = False
        elif column in ("time_precision", "geo_precision"):
            df[column] = 1  # ACLED's most precise code when a source gives none
        else:
            df[column] = pd.Series(index=df.index, dtype=dtype)  # all missing
    df["infrastructure"] = df["infrastructure"].map(_as_list)
    return df


def _as_list(value: object) -> object:
    """Lists arrive as lists, numpy arrays (parquet), or ';'-separated text (CSV)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    if isinstance(value, Iterable):
        return list(value)
    return value


def empty_events() -> pd.DataFrame:
    """A valid, empty event table with every column and dtype."""
    return pd.DataFrame({c: pd.Series(dtype=dtype) for c, (dtype, _doc) in COLUMNS.items()})
