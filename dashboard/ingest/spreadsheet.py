"""Spreadsheets (.xlsx, .xlsm, .xls, .ods) in, the same table of raw text values as a CSV gives, out.

Read with ``python-calamine`` (Rust, fast, no formulas evaluated: a cell holds the value last saved). The first
sheet is read unless a sheet is named. Each cell becomes the text the CSV path would have seen, so the
importers need not know where a table came from:

* whole numbers without a ``.0`` (an id of 12345 stays ``12345``), other numbers in Python's shortest form;
* date cells as ISO 8601 (``2022-04-08``, or ``2022-04-08T14:30:00`` with a time); a date typed as a number
  (a serial like ``44659``) stays a number and is read as a spreadsheet date by the date parser;
* booleans as ``true``/``false``; empty cells missing.

Lines in messages are the spreadsheet's row numbers, as the user sees them at the left of the sheet.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.ingest.reader import TEXT, MalformedRecord, RawTable, check_header
from dashboard.schema import EventValidationError, RowError

__all__ = ["SPREADSHEET_SUFFIXES", "is_spreadsheet", "read_spreadsheet", "sheet_header"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # zip (xlsx, ods), OLE2 (xls)


def is_spreadsheet(path: Path) -> bool:
    """A spreadsheet by name, or by its first bytes when the name says nothing (an upload's temp file)."""
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return True
    with open(path, "rb") as fh:
        head = fh.read(8)
    return head.startswith(_MAGIC)


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip() or None


def _sheet_rows(path: Path, sheet: str | None) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise EventValidationError([RowError(None, None, f"not a readable spreadsheet: {exc}")], str(path)) from None
    names = list(book.sheet_names)
    if not names:
        raise EventValidationError([RowError(None, None, "the spreadsheet has no sheets")], str(path))
    if sheet is None:
        sheet = names[0]
    elif sheet not in names:
        raise EventValidationError(
            [RowError(None, None, f"no sheet named {sheet!r}; the sheets are: {', '.join(map(repr, names))}")],
            str(path),
        )
    # skip_empty_area=False keeps leading empty rows, so list positions are the sheet's row numbers - 1.
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _header(rows: list[list[object]], path: Path) -> tuple[int, list[str]]:
    """(row index of the header, column names): the first row with a value; trailing unnamed columns dropped."""
    for index, row in enumerate(rows):
        cells = [_text(v) for v in row]
        if any(cells):
            while cells and cells[-1] is None:
                cells.pop()
            names = [c if c is not None else f"unnamed_{i + 1}" for i, c in enumerate(cells)]
            return index, check_header(names, path)
    raise EventValidationError([RowError(1, None, "the sheet is empty: expected a header row")], str(path))


def sheet_header(path: Path | str, sheet: str | None = None) -> list[str]:
    path = Path(path)
    return _header(_sheet_rows(path, sheet), path)[1]


def read_spreadsheet(path: Path | str, sheet: str | None = None) -> RawTable:
    """A sheet as a RawTable of text, with each record's sheet row number as its line.

    A row with a value in a column beyond the header's is a malformed record, reported with its row as in a
    CSV file (nothing is dropped silently).
    """
    path = Path(path)
    rows = _sheet_rows(path, sheet)
    start, names = _header(rows, path)
    width = len(names)
    records: list[list[str | None]] = []
    lines: list[int] = []
    malformed: list[MalformedRecord] = []
    for index in range(start + 1, len(rows)):
        cells = [_text(v) for v in rows[index]]
        if not any(cells):
            continue  # an empty row is not a record, as a blank line in a CSV
        if any(cells[width:]):
            extra = next(i for i, c in enumerate(cells[width:]) if c) + width + 1
            fields = [c or "" for c in cells]
            malformed.append(MalformedRecord(index + 1, fields, f"a value in column {extra}, which has no header"))
            continue
        cells = (cells + [None] * width)[:width]
        records.append(cells)
        lines.append(index + 1)
    frame = pd.DataFrame(records, columns=names, dtype=object).astype(TEXT)
    return RawTable(frame=frame, source=path, malformed=malformed, _lines=np.asarray(lines, dtype=np.int64))
