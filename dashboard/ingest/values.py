"""Parsing of the values importers share: dates in several spellings, counts, country codes.

Everything works on the distinct values of a column (a million events have a few thousand distinct dates and
a handful of countries), so a million rows cost a few thousand parses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import numpy as np
import pandas as pd

__all__ = [
    "GLEDITSCH_WARD_TO_ISO",
    "Failure",
    "count_column",
    "iso_alpha2_from_gleditsch_ward",
    "iso_alpha2_from_numeric",
    "map_distinct",
    "parse_dates",
]

# (row position, column, reason): a problem found while mapping a source onto the schema.
Failure = tuple[int, str | None, str]


def map_distinct(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a vectorised `func` to the distinct values only, then spread the result back to every row."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = func(pd.Series(uniques))
    out = mapped.take(np.where(codes < 0, 0, codes)) if len(mapped) else mapped.reindex(range(len(codes)))
    out = out.reset_index(drop=True)
    out[codes < 0] = None
    out.index = values.index
    return out


def parse_dates(values: pd.Series, formats: Iterable[str]) -> tuple[pd.Series, np.ndarray]:
    """Dates as datetime64[ns] at midnight, trying each strptime `format` (or "ISO8601") in turn.

    Returns (dates, bad) where `bad` marks rows whose text matched no format; empty cells are NaT, not bad.
    """
    formats = tuple(formats)

    def parse(uniques: pd.Series) -> pd.Series:
        text = uniques.astype("string").str.strip()
        out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        for fmt in formats:
            todo = out.isna() & text.notna()
            if not todo.any():
                break
            out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce").astype("datetime64[ns]")
        return out.dt.normalize()

    dates = map_distinct(values, parse).astype("datetime64[ns]")
    bad = (dates.isna() & values.notna()).to_numpy(dtype=bool)
    return dates, bad


def count_column(values: pd.Series, column: str, source_column: str) -> tuple[pd.Series, list[Failure]]:
    """A count (deaths, ...) kept beyond the schema's own: whole numbers >= 0, else a failure per row."""
    number = pd.to_numeric(values, errors="coerce").astype("Float64")
    given = values.notna().to_numpy(dtype=bool)
    parsed = number.notna().to_numpy(dtype=bool)
    whole = (number >= 0) & (number % 1 == 0) & (number < 2**31)
    bad = given & ~(parsed & whole.fillna(False).to_numpy(dtype=bool))
    failures = [(int(p), source_column, f"{values.iloc[p]!r} is not a whole number >= 0") for p in np.flatnonzero(bad)]
    return number.where(~bad).astype("Int32").rename(column), failures


@cache
def _numeric_to_alpha2() -> dict[str, str]:
    import pycountry

    return {c.numeric: c.alpha_2 for c in pycountry.countries}


def iso_alpha2_from_numeric(values: pd.Series) -> pd.Series:
    """ISO 3166-1 numeric ('804', '643', '4') to alpha-2 ('UA', 'RU', 'AF'); unknown values are missing."""
    table = _numeric_to_alpha2()

    def convert(uniques: pd.Series) -> pd.Series:
        number = pd.to_numeric(uniques, errors="coerce")
        keys = number.map(lambda v: f"{int(v):03d}" if pd.notna(v) else None)
        return keys.map(table).astype("string")

    return map_distinct(values, convert).astype("string")


# Gleditsch–Ward state numbers (UCDP's country_id, gwnoa/gwnob) to ISO 3166-1 alpha-2, for the states in the
# UCDP GED. Only a fallback: country comes from the spatial join of the coordinates.
GLEDITSCH_WARD_TO_ISO: dict[int, str] = {
    2: "US", 20: "CA", 40: "CU", 41: "HT", 42: "DO", 51: "JM", 52: "TT", 70: "MX", 90: "GT", 91: "HN",
    92: "SV", 93: "NI", 94: "CR", 95: "PA", 100: "CO", 101: "VE", 110: "GY", 115: "SR", 130: "EC", 135: "PE",
    140: "BR", 145: "BO", 150: "PY", 155: "CL", 160: "AR", 165: "UY", 200: "GB", 205: "IE", 210: "NL",
    211: "BE", 220: "FR", 225: "CH", 230: "ES", 235: "PT", 260: "DE", 290: "PL", 305: "AT", 310: "HU",
    316: "CZ", 317: "SK", 325: "IT", 339: "AL", 340: "RS", 341: "ME", 343: "MK", 344: "HR", 345: "RS",
    346: "BA", 347: "XK", 349: "SI", 350: "GR", 352: "CY", 355: "BG", 359: "MD", 360: "RO", 365: "RU",
    366: "EE", 367: "LV", 368: "LT", 369: "UA", 370: "BY", 371: "AM", 372: "GE", 373: "AZ", 375: "FI",
    380: "SE", 385: "NO", 390: "DK", 402: "CV", 404: "GW", 411: "GQ", 420: "GM", 432: "ML", 433: "SN",
    434: "BJ", 435: "MR", 436: "NE", 437: "CI", 438: "GN", 439: "BF", 450: "LR", 451: "SL", 452: "GH",
    461: "TG", 471: "CM", 475: "NG", 481: "GA", 482: "CF", 483: "TD", 484: "CG", 490: "CD", 500: "UG",
    501: "KE", 510: "TZ", 516: "BI", 517: "RW", 520: "SO", 522: "DJ", 530: "ET", 531: "ER", 540: "AO",
    541: "MZ", 551: "ZM", 552: "ZW", 553: "MW", 560: "ZA", 565: "NA", 570: "LS", 571: "BW", 572: "SZ",
    580: "MG", 581: "KM", 600: "MA", 615: "DZ", 616: "TN", 620: "LY", 625: "SD", 626: "SS", 630: "IR",
    640: "TR", 645: "IQ", 651: "EG", 652: "SY", 660: "LB", 663: "JO", 666: "IL", 670: "SA", 678: "YE",
    680: "YE", 690: "KW", 692: "BH", 694: "QA", 696: "AE", 698: "OM", 700: "AF", 701: "TM", 702: "TJ",
    703: "KG", 704: "UZ", 705: "KZ", 710: "CN", 712: "MN", 713: "TW", 731: "KP", 732: "KR", 740: "JP",
    750: "IN", 760: "BT", 770: "PK", 771: "BD", 775: "MM", 780: "LK", 790: "NP", 800: "TH", 811: "KH",
    812: "LA", 816: "VN", 820: "MY", 830: "SG", 840: "PH", 850: "ID", 860: "TL", 900: "AU", 910: "PG",
    920: "NZ", 940: "SB", 950: "FJ",
}  # fmt: skip


def iso_alpha2_from_gleditsch_ward(values: pd.Series) -> pd.Series:
    """Gleditsch–Ward numbers (365, 369, …) to ISO alpha-2 ('RU', 'UA'); unknown values are missing."""

    def convert(uniques: pd.Series) -> pd.Series:
        number = pd.to_numeric(uniques, errors="coerce")
        return number.map(lambda v: GLEDITSCH_WARD_TO_ISO.get(int(v)) if pd.notna(v) else None).astype("string")

    return map_distinct(values, convert).astype("string")
