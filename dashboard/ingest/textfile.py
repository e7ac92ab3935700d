"""What a delimited text file is before it is read: its encoding and its delimiter.

Exports found in the wild are not all UTF-8 with commas. A UCDP file saved through a spreadsheet is
Windows-1252; Ukrainian and Russian spreadsheet software saves Cyrillic as Windows-1251 and, with a decimal
comma, separates fields with ``;``; some tools write UTF-16 with a byte-order mark, or tabs.

* **Encoding**: a byte-order mark decides (UTF-8, UTF-16, UTF-32). Otherwise a file that decodes as UTF-8
  is UTF-8 (the strict decoder runs over the whole file, in C). Only then is the encoding guessed, by
  ``charset-normalizer`` from the file's non-ASCII bytes, among the encodings such files are found in; the
  guess must then decode the whole file, or the file is refused with the line of the first undecodable byte.
  A file with NUL bytes or other control characters outside UTF-16/32 is not text and is refused.
* **Delimiter**: the one of ``,`` ``;`` tab ``|`` found most often outside quotes in the header line.

Readers that need UTF-8 (pyarrow's CSV reader) get a UTF-8 copy of a file in another encoding
(:func:`utf8_copy`): the lines stay the lines of the original, so every error still names the user's line.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dashboard.schema import EventValidationError, RowError

__all__ = ["DELIMITERS", "TextFormat", "sniff", "utf8_copy"]

DELIMITERS = (",", ";", "\t", "|")
# Single-byte encodings that conflict-event exports are found in, for the guess (order: tie-breaker).
_LEGACY = ("cp1252", "cp1251", "cp1250", "latin_1", "koi8_r", "koi8_u", "mac_cyrillic", "cp866")
_NAMES = {
    "utf_8": "UTF-8",
    "utf_8_sig": "UTF-8 with BOM",
    "utf_16": "UTF-16",
    "utf_32": "UTF-32",
    "cp1252": "Windows-1252",
    "cp1251": "Windows-1251",
    "cp1250": "Windows-1250",
    "latin_1": "ISO-8859-1",
    "koi8_r": "KOI8-R",
    "koi8_u": "KOI8-U",
    "mac_cyrillic": "Mac Cyrillic",
    "cp866": "DOS Cyrillic (CP866)",
}
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)
_CHUNK = 1 << 22
# Control bytes that never occur in text (tab, line ends, form feed and DOS's end-of-file mark 0x1A do).
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x19]")


@dataclass(frozen=True)
class TextFormat:
    """How to read a delimited text file: Python codec name, delimiter, and a name for people."""

    encoding: str
    delimiter: str = ","

    @property
    def encoding_name(self) -> str:
        return _NAMES.get(self.encoding, self.encoding)

    @property
    def is_utf8(self) -> bool:
        return self.encoding in ("utf_8", "utf_8_sig")

    def describe(self) -> str:
        """'Windows-1251, ';'-delimited' — for summaries."""
        delimiter = "tab" if self.delimiter == "\t" else repr(self.delimiter)
        return f"{self.encoding_name}, {delimiter}-delimited"


def _refuse(source: Path, line: int | None, reason: str) -> EventValidationError:
    return EventValidationError([RowError(line, None, reason)], str(source))


def _undecodable(source: Path, encoding: str) -> int | None:
    """Byte offset of the first byte `encoding` cannot decode (strictly, in C, chunk by chunk), or None."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    with open(source, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset + exc.start
            offset += len(chunk)
    pending = len(decoder.getstate()[0])  # an incomplete sequence at the very end of the file
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return offset - pending + exc.start
    return None


def _line_of(source: Path, offset: int) -> int:
    with open(source, "rb") as fh:
        return fh.read(offset).count(b"\n") + 1


def _non_ascii_sample(source: Path, limit: int = 1 << 20) -> bytes:
    """Lines with non-ASCII bytes (up to `limit` bytes of them): what tells single-byte encodings apart."""
    out: list[bytes] = []
    size = 0
    with open(source, "rb") as fh:
        for line in fh:
            if not line.isascii():
                out.append(line)
                size += len(line)
                if size >= limit:
                    break
    return b"".join(out)


def _guess_legacy(source: Path) -> str | None:
    from charset_normalizer import from_bytes

    sample = _non_ascii_sample(source)
    best = from_bytes(sample, cp_isolation=list(_LEGACY)).best()
    if best is None:
        return None
    # Encodings that decode the sample to the same text are equals: name the commoner one (cp1252 over cp1250).
    same = set(best.could_be_from_charset) | {best.encoding}
    return next((e for e in _LEGACY if e in same), best.encoding)


def detect_encoding(source: Path) -> str:
    """The Python codec of a text file (see the module docstring); raises EventValidationError if not text."""
    with open(source, "rb") as fh:
        head = fh.read(_CHUNK)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    found = _BINARY.search(head)  # in C: the first megabytes of a big file are scanned at every import
    if found is not None:
        binary = found.start()
        raise _refuse(
            source,
            head.count(b"\n", 0, binary) + 1,
            f"byte {head[binary]:#04x} is not text: this does not look like a CSV file "
            "(save spreadsheets as .xlsx or CSV)",
        )
    bad = _undecodable(source, "utf_8")
    if bad is None:
        return "utf_8"
    guess = _guess_legacy(source)
    if guess is None:
        with open(source, "rb") as fh:
            fh.seek(bad)
            byte = fh.read(1)
        raise _refuse(
            source,
            _line_of(source, bad),
            f"byte {byte[0]:#04x} is not UTF-8 and the text encoding could not be recognised: save the file as UTF-8",
        )
    undecodable = _undecodable(source, guess)
    if undecodable is not None:
        raise _refuse(
            source,
            _line_of(source, undecodable),
            f"the file is neither UTF-8 nor {_NAMES.get(guess, guess)} (its likeliest encoding): save it as UTF-8",
        )
    return guess


def _first_line(source: Path, encoding: str) -> str:
    with open(source, encoding=encoding, newline="") as fh:
        return fh.readline()


def sniff_delimiter(header: str) -> str:
    """The delimiter found most often outside double quotes in the header line (',' when none is)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equals: ',' wins ties
    return best if counts[best] else ","


def sniff(source: Path | str) -> TextFormat:
    """Encoding and delimiter of a delimited text file."""
    source = Path(source)
    encoding = detect_encoding(source)
    return TextFormat(encoding=encoding, delimiter=sniff_delimiter(_first_line(source, encoding)))


def utf8_copy(source: Path, fmt: TextFormat, directory: Path | None = None) -> Path:
    """A UTF-8 copy of `source` (no BOM), line for line; the caller removes it. Streams: any size."""
    fd, tmp = tempfile.mkstemp(prefix=f".{source.name}.", suffix=".utf8.csv", dir=directory)
    try:
        with (
            os.fdopen(fd, "w", encoding="utf-8", newline="") as out,
            open(source, encoding=fmt.encoding, newline="") as text,
        ):
            shutil.copyfileobj(text, out, _CHUNK)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)
