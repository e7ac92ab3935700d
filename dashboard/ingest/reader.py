"""Delimited text in, a table of raw strings out, with the file line where each record starts.

The file's encoding and delimiter are sniffed first (:mod:`dashboard.ingest.textfile`); a file in another
encoding than UTF-8 is read through a UTF-8 copy, line for line, so lines stay the user's lines.

The fast path is pyarrow's multi-threaded CSV reader (with ``newlines_in_values``, so quoted multi-line notes
stay one record): every value stays the text it was in the file, nothing is inferred. It does not report
line numbers, and with multi-line records the line of row *n* is not *n* + 2, so lines are computed lazily,
with the standard ``csv`` module, only for the rows that need one (the invalid ones). A file the fast
path refuses (a record with too many or too few fields) is read again with the ``csv`` module, which keeps
every well-formed record and reports each malformed one with its line, so nothing is lost silently.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from dashboard.ingest.textfile import TextFormat, sniff, utf8_copy
from dashboard.schema import EventValidationError, RowError

__all__ = ["MalformedRecord", "RawTable", "check_header", "read_header", "read_table", "record_lines"]

# Text as pandas' default string dtype (pyarrow-backed): compact, and vectorised str methods run in C++.
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


@dataclass(frozen=True)
class MalformedRecord:
    """A record that could not be split into the header's fields."""

    line: int
    fields: list[str]
    reason: str


@dataclass
class RawTable:
    """Raw text values (empty cells are missing) with a 0..n-1 index: the record's position in the file."""

    frame: pd.DataFrame
    source: Path
    malformed: list[MalformedRecord] = field(default_factory=list)
    _lines: np.ndarray | None = None  # start line of every record, when already known
    text_format: TextFormat | None = None  # how the file was read (None: not delimited text, e.g. .xlsx)
    hxl_row: bool = False  # the first record was a row of HXL hashtags (HDX files), skipped

    def lines(self, positions: Iterable[int]) -> dict[int, int]:
        """File line (1-based) where each record at `positions` starts."""
        wanted = sorted({int(p) for p in positions})
        if not wanted:
            return {}
        if self._lines is None:
            skip = int(self.hxl_row)  # positions count records after the hashtag row
            found = record_lines(self.source, [p + skip for p in wanted], self.text_format)
            return dict(zip(wanted, found, strict=True))
        return {p: int(self._lines[p]) for p in wanted}

    def skip_hxl_row(self) -> None:
        """Drop a first record of HXL hashtags (``#event+code``, ``#date+occurred``, …), as HDX files have."""
        if self.hxl_row or len(self.frame) == 0:
            return
        first = self.frame.iloc[0].dropna().astype(str).str.strip()
        first = first[first != ""]
        if len(first) < 2 or not first.str.fullmatch(_HXL_TAG).all():
            return
        self.frame = self.frame.iloc[1:].reset_index(drop=True)
        if self._lines is not None:
            self._lines = self._lines[1:]
        self.hxl_row = True


# An HXL hashtag with attributes: "#affected+killed", "#geo +lat", "#x_population".
_HXL_TAG = r"#[A-Za-z][A-Za-z0-9_]*(?:\s*\+\s*[A-Za-z][A-Za-z0-9_]*)*"


def _open_text(source: Path, fmt: TextFormat | None = None) -> io.TextIOWrapper:
    # newline="" lets the csv module see the line ends inside quoted fields; utf-8-sig drops a BOM.
    encoding = "utf-8-sig" if fmt is None or fmt.is_utf8 else fmt.encoding
    return open(source, encoding=encoding, newline="")


def read_header(source: Path, fmt: TextFormat | None = None) -> list[str]:
    """Column names of the first record, stripped; a clear error for empty or duplicated names."""
    fmt = fmt or sniff(source)
    with _open_text(source, fmt) as fh:
        header = next(csv.reader(fh, delimiter=fmt.delimiter), None)
    return check_header(header, source)


def check_header(header: list[str] | None, source: Path) -> list[str]:
    """Stripped names; an empty header or a name used twice is a clear error."""
    if not header:
        raise EventValidationError([RowError(1, None, "the file is empty: expected a header row")], str(source))
    names = [name.strip() for name in header]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise EventValidationError(
            [RowError(1, n, "column name appears more than once in the header") for n in duplicated], str(source)
        )
    return names


def read_table(source: Path | str, fmt: TextFormat | None = None) -> RawTable:
    """Read a delimited text file as text (encoding and delimiter sniffed unless given).

    Raises EventValidationError for a file that is not text, or a missing or duplicated header.
    """
    source = Path(source)
    fmt = fmt or sniff(source)
    names = read_header(source, fmt)
    if fmt.is_utf8:
        return _read_utf8(source, source, names, fmt)
    copy = utf8_copy(source, fmt)
    try:
        table = _read_utf8(copy, source, names, fmt)
    finally:
        copy.unlink(missing_ok=True)
    return table


def _read_utf8(path: Path, source: Path, names: list[str], fmt: TextFormat) -> RawTable:
    """pyarrow's reader on the UTF-8 text at `path`, which holds the lines of `source`."""
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, delimiter=fmt.delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid:
        return _read_with_csv_module(source, names, fmt)
    frame = table.to_pandas(types_mapper={pa.string(): TEXT}.get)
    del table
    return RawTable(frame=frame, source=source, text_format=fmt)


def _read_with_csv_module(source: Path, names: list[str], fmt: TextFormat) -> RawTable:
    """The slow, exact path: every record with its start line; malformed ones kept aside with a reason."""
    rows: list[list[str]] = []
    lines: list[int] = []
    malformed: list[MalformedRecord] = []
    width = len(names)
    try:
        with _open_text(source, fmt) as fh:
            reader = csv.reader(fh, delimiter=fmt.delimiter)
            next(reader, None)
            start = reader.line_num + 1
            for record in reader:
                if record:  # blank lines are not records (as in the fast path)
                    if len(record) == width:
                        rows.append(record)
                        lines.append(start)
                    else:
                        reason = f"expected {width} fields (as in the header), found {len(record)}"
                        malformed.append(MalformedRecord(start, record, reason))
                start = reader.line_num + 1
    except csv.Error as exc:
        raise EventValidationError([RowError(start, None, f"not a readable CSV record: {exc}")], str(source)) from None
    frame = pd.DataFrame(rows, columns=names, dtype=TEXT) if rows else pd.DataFrame(columns=names, dtype=TEXT)
    frame = frame.where(frame != "")  # empty cells are missing, as in the fast path
    lines_array = np.asarray(lines, dtype=np.int64)
    return RawTable(frame=frame, source=source, malformed=malformed, _lines=lines_array, text_format=fmt)


def record_lines(source: Path | str, positions: list[int], fmt: TextFormat | None = None) -> list[int]:
    """Start lines of the records at sorted `positions` (0 = first record after the header).

    One pass of the csv module, stopping after the last wanted record: cheap when the errors are early,
    and needed only for rows that are reported.
    """
    out: list[int] = []
    if not positions:
        return out
    targets = iter(positions)
    target = next(targets)
    with _open_text(Path(source), fmt) as fh:
        reader = csv.reader(fh, delimiter=fmt.delimiter if fmt else ",")
        next(reader, None)
        start = reader.line_num + 1
        position = 0
        for record in reader:
            if record:
                while position == target:
                    out.append(start)
                    target = next(targets, None)
                    if target is None:
                        return out
                position += 1
            start = reader.line_num + 1
    raise IndexError(f"{source} has no record at position {target}")
