"""Dates in every form conflict-event files are found in, with the day/month order decided per file.

Forms read (a time of day after the date is allowed and dropped: events are dated to the day):

| form | example | where it is found |
|---|---|---|
| ISO 8601 | ``2022-04-08``, ``2022-04-08T00:00:00``, ``2022-04-08 00:00:00.000`` | ACLED API, UCDP GED CSV |
| day, month name, year | ``08 April 2022``, ``8-Apr-2022``, ``April 8, 2022`` | ACLED web export |
| dotted, day first | ``08.04.2022`` | European spreadsheets |
| slashed or dashed numbers | ``14/08/2020 00:00:00``, ``1/22/2014 12:00:00 AM`` | files re-saved by a spreadsheet |
| spreadsheet serial number | ``44659`` (days since 1899-12-30) | ``.xlsx`` cells, CSV saved from them |

**Day/month order.** ``05/02/2014`` is 5 February in Kyiv and 2 May in Washington. The order is decided once
per file, from evidence, never row by row (:func:`decide_order`):

* a first number above 12 anywhere in the file's date columns says day first, a second number above 12 says
  month first;
* where a row has a start and an end date (UCDP ``date_start``/``date_end``), an order that puts the start
  after the end is impossible;
* where a row has ACLED's ``timestamp`` (when ACLED last edited it), an order that puts the event more than
  a day after it is impossible.

If only one order survives, it is used, and rows that contradict it are refused with their lines. If the
evidence points both ways, or nowhere while some dates read differently in the two orders, the file is
refused with a message naming ``--date-order dmy|mdy`` — never a silent guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.ingest.values import map_distinct

__all__ = ["DATE_FORMS", "DATE_ORDERS", "DateOrder", "DateOrderError", "decide_order", "parse_event_dates"]

DateOrder = Literal["dmy", "mdy"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy")

_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(rf"^(\d{{4}})[-/](\d{{1,2}})[-/](\d{{1,2}}){_TIME}$")
_DOTTED = re.compile(rf"^(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_TIME}$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})[/-](\d{{1,2}})[/-](\d{{4}}){_TIME}$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0*)?$")
_NAMED_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y")
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")  # serial 1 = 1900-01-01, with Lotus' 1900 leap-year bug
_NAMED_TIME = re.compile(rf"^(.*?\d{{4}}){_TIME}$")

DATE_FORMS = "2022-04-08, 08 April 2022, 08.04.2022, 08/04/2022 (with --date-order), or a spreadsheet date"


class DateOrderError(ValueError):
    """The file's day/month order cannot be decided from the file: the message names ``--date-order``."""


def _numeric_parts(text: pd.Series) -> pd.DataFrame:
    """first, second, year of slashed/dashed numeric dates (NaN elsewhere)."""
    parts = text.str.extract(_NUMERIC)
    return parts.apply(pd.to_numeric, errors="coerce")


def _ymd(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    """Dates from parts; impossible ones (31 February, month 13) are NaT."""
    frame = pd.DataFrame({"year": year, "month": month, "day": day}).astype("Float64")
    ok = frame.notna().all(axis=1) & frame["month"].between(1, 12) & frame["day"].between(1, 31)
    out = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if ok.any():
        good = frame[ok].astype("int64")
        out[ok] = pd.to_datetime(good, errors="coerce").astype("datetime64[ns]")
    return out


def _parse_text(text: pd.Series, order: DateOrder | None) -> pd.Series:
    """Parse distinct, stripped texts; unparsed ones are NaT. Slashed dates need `order`."""
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    iso = text.str.extract(_ISO).apply(pd.to_numeric, errors="coerce")
    out = out.fillna(_ymd(iso[0], iso[1], iso[2]))
    dotted = text.str.extract(_DOTTED).apply(pd.to_numeric, errors="coerce")
    out = out.fillna(_ymd(dotted[2], dotted[1], dotted[0]))
    numeric = _numeric_parts(text)
    if order is None:  # 01/01/2020 reads the same either way
        numeric = numeric.where(numeric[0] == numeric[1])
    day, month = (numeric[1], numeric[0]) if order == "mdy" else (numeric[0], numeric[1])
    out = out.fillna(_ymd(numeric[2], month, day))
    serial = pd.to_numeric(text.str.extract(_SERIAL)[0], errors="coerce")
    if serial.notna().any():
        days = serial.to_numpy(dtype="float64")
        with np.errstate(invalid="ignore"):
            values = np.where(np.isnan(days), np.datetime64("NaT"), _EXCEL_EPOCH + np.nan_to_num(days).astype("int64"))
        out = out.fillna(pd.Series(values.astype("datetime64[ns]"), index=text.index))
    todo = out.isna()
    if todo.any():
        named = text[todo].str.replace(_NAMED_TIME, r"\1", regex=True)
        for fmt in _NAMED_FORMATS:
            if not todo.any():
                break
            parsed = pd.to_datetime(named[todo], format=fmt, errors="coerce").astype("datetime64[ns]")
            out[todo] = parsed
            todo = out.isna()
    return out


def parse_event_dates(values: pd.Series, order: DateOrder | None = None) -> tuple[pd.Series, np.ndarray]:
    """Dates (datetime64[ns], midnight) of text `values` in any form above; `order` for slashed dates.

    Returns (dates, bad): `bad` marks rows whose text is no date in these forms (or, for a slashed date,
    none in `order`); empty cells are NaT and not bad. Works on the distinct values.
    """
    dates = map_distinct(values, lambda u: _parse_text(u.astype("string").str.strip(), order))
    dates = dates.astype("datetime64[ns]").dt.normalize()
    bad = (dates.isna() & values.notna()).to_numpy(dtype=bool)
    return dates, bad


@dataclass(frozen=True)
class _Evidence:
    """Why an order is possible or not: example texts for the message."""

    day_first: str | None = None  # a value only day-first reads
    month_first: str | None = None  # a value only month-first reads
    ambiguous: str | None = None  # a value the two orders read differently


def _slashed_evidence(columns: Iterable[pd.Series]) -> _Evidence:
    day_first = month_first = ambiguous = None
    for values in columns:
        uniques = pd.Series(values.dropna().unique()).astype("string").str.strip()
        parts = _numeric_parts(uniques)
        hit = parts[0].notna()
        if not hit.any():
            continue
        first, second = parts.loc[hit, 0], parts.loc[hit, 1]
        texts = uniques[hit]
        only_dmy = (first > 12) & (first <= 31) & (second <= 12)
        only_mdy = (second > 12) & (second <= 31) & (first <= 12)
        differ = (first <= 12) & (second <= 12) & (first != second)
        if day_first is None and only_dmy.any():
            day_first = str(texts[only_dmy].iloc[0])
        if month_first is None and only_mdy.any():
            month_first = str(texts[only_mdy].iloc[0])
        if ambiguous is None and differ.any():
            ambiguous = str(texts[differ].iloc[0])
    return _Evidence(day_first, month_first, ambiguous)


def _impossible(
    frame: pd.DataFrame,
    order: DateOrder,
    date_columns: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    timestamp: str | None,
) -> bool:
    """True when `order` makes some row's start later than its end, or its date later than its timestamp."""
    for start, end in pairs:
        if start in frame.columns and end in frame.columns:
            a, _ = parse_event_dates(frame[start], order)
            b, _ = parse_event_dates(frame[end], order)
            if bool((a > b).any()):
                return True
    if timestamp and timestamp in frame.columns:
        edited = pd.to_datetime(pd.to_numeric(frame[timestamp], errors="coerce"), unit="s", errors="coerce")
        for column in date_columns:
            dates, _ = parse_event_dates(frame[column], order)
            if bool((dates > edited + pd.Timedelta(days=1)).any()):
                return True
    return False


def decide_order(
    frame: pd.DataFrame,
    date_columns: Sequence[str],
    *,
    given: DateOrder | None = None,
    pairs: Sequence[tuple[str, str]] = (),
    timestamp: str | None = None,
    source: str = "",
) -> DateOrder | None:
    """The day/month order of the file's slashed dates (see the module docstring), or None if it has none
    whose reading depends on the order. `given` (the user's ``--date-order``) wins.

    Raises DateOrderError when the file does not tell and its dates depend on it.
    """
    if given is not None:
        if given not in DATE_ORDERS:
            raise ValueError(f"--date-order must be dmy or mdy, not {given!r}")
        return given
    columns = [c for c in date_columns if c in frame.columns]
    evidence = _slashed_evidence(frame[c] for c in columns)
    if evidence.day_first is None and evidence.month_first is None and evidence.ambiguous is None:
        return None
    possible = {
        "dmy": evidence.month_first is None and not _impossible(frame, "dmy", columns, pairs, timestamp),
        "mdy": evidence.day_first is None and not _impossible(frame, "mdy", columns, pairs, timestamp),
    }
    where = f"{source}: " if source else ""
    if possible["dmy"] != possible["mdy"]:
        return "dmy" if possible["dmy"] else "mdy"
    if evidence.day_first is not None and evidence.month_first is not None:
        raise DateOrderError(
            f"{where}dates are day-first in some rows ({evidence.day_first!r}) and month-first in others "
            f"({evidence.month_first!r}): give --date-order dmy or --date-order mdy to say which the file uses; "
            "rows in the other order are then reported with their lines"
        )
    example = evidence.ambiguous or evidence.day_first or evidence.month_first
    dmy, mdy = (_reading(example, o) for o in DATE_ORDERS)
    raise DateOrderError(
        f"{where}dates such as {example!r} can be day-first ({dmy}) or month-first ({mdy}) and nothing in the "
        "file tells which: give --date-order dmy or --date-order mdy"
    )


def _reading(text: str | None, order: DateOrder) -> str:
    if text is None:
        return "?"
    dates, _ = parse_event_dates(pd.Series([text], dtype="string"), order)
    return "impossible" if pd.isna(dates.iloc[0]) else f"{dates.iloc[0]:%d %B %Y}"
