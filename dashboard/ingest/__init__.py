"""Importers and the keyword classes they share (infrastructure).

``import_file`` is what ``python -m dashboard import`` runs::

    prepare (read → map → infrastructure → geocode → validate → admin-1 join)   dashboard.ingest.stages
      → refuse, or write the rejects file                                         (all-or-nothing by default)
      → merge: idempotent on event_id, cross-source duplicates flagged            dashboard.ingest.merge
      → write the store atomically                                                dashboard.store.write_store

One module per source format (``acled``, ``ucdp``, ``table`` for any CSV with a column mapping, ``geojson``),
each documenting its column mapping; ``infrastructure`` derives what was hit from the text, ``weapons`` the
weapon. Nothing is written when a row is invalid unless ``skip_invalid`` is set, and then every refused row
goes to the rejects CSV with its line and reason.

Submodules are imported on first use, so ``from dashboard.ingest.infrastructure import classify`` stays light.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard import config

if TYPE_CHECKING:
    import pandas as pd

    from dashboard.ingest.stages import Prepared

__all__ = [
    "FORMATS",
    "ImportSummary",
    "commit",
    "detect_format",
    "import_file",
    "prepare",
    "store_lock",
    "write_rejects",
]

FORMATS = ("acled", "ucdp", "csv", "geojson")
Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class ImportSummary:
    """What an import did; ``str()`` is the report the CLI prints."""

    file: str
    fmt: str
    store: str
    read_as: str = ""  # encoding and delimiter, or the spreadsheet's sheet
    read: int = 0  # records in the file
    imported: int = 0  # added to the store
    duplicates: int = 0  # already in the store (same event_id): not added again
    flagged: int = 0  # added, and flagged as a possible duplicate of another dataset's event
    rejected: int = 0  # refused rows (only with skip_invalid; otherwise the import raises)
    rejects_path: str | None = None
    store_total: int = 0  # events in the store afterwards
    changed: list[str] = field(default_factory=list)  # already stored ids whose new content differs
    seconds: float = 0.0

    def __str__(self) -> str:
        read_as = f", {self.read_as}" if self.read_as else ""
        lines = [
            f"{self.file} ({self.fmt}{read_as}): read {self.read:,}, imported {self.imported:,}, "
            f"duplicates {self.duplicates:,}, flagged {self.flagged:,}, rejected {self.rejected:,} "
            f"in {self.seconds:.1f} s",
            f"  store {self.store}: {self.store_total:,} events",
        ]
        if self.duplicates:
            lines.append(f"  {self.duplicates:,} event(s) already in the store (same event_id) were not added again")
        if self.changed:
            shown = ", ".join(self.changed[:5]) + (", ..." if len(self.changed) > 5 else "")
            lines.append(f"  {len(self.changed):,} of them differ from the stored version, which was kept: {shown}")
        if self.flagged:
            lines.append(
                f"  {self.flagged:,} imported event(s) flagged in possible_duplicate_of: another dataset has an "
                "event of the same type on the same day within 5 km"
            )
        if self.rejects_path:
            lines.append(f"  rejected rows, with line and reason: {self.rejects_path}")
        return "\n".join(lines)


def detect_format(path: Path | str, sheet: str | None = None) -> str:
    """acled, ucdp, geojson or csv, from the first bytes and the header row."""
    from dashboard.ingest.stages import detect_format as detect

    return detect(path, sheet)


def prepare(
    path: Path | str,
    fmt: str,
    *,
    mapping: Mapping[str, str] | None = None,
    geocoder: object | None = None,
    progress: Progress | None = None,
    date_order: str | None = None,
    sheet: str | None = None,
) -> Prepared:
    """Read, map and validate a file without writing anything (see ``dashboard.ingest.stages.prepare``)."""
    from dashboard.ingest.stages import prepare as run

    return run(
        path,
        fmt,
        mapping=mapping,
        geocoder=geocoder,
        progress=progress,
        date_order=date_order,  # type: ignore[arg-type]
        sheet=sheet,
    )


def write_rejects(rejected: pd.DataFrame, path: Path | str) -> Path:
    """The refused rows as CSV (line, reason, original fields), formula-neutralised, written atomically."""
    from dashboard.export import neutralise_frame, write_atomic

    table = neutralise_frame(rejected.astype(object).where(rejected.notna(), None))

    def write(tmp: Path) -> None:
        table.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")

    return write_atomic(path, write)


@contextmanager
def store_lock(store: Path) -> Iterator[None]:
    """An exclusive advisory lock next to the store (POSIX flock; a no-op where there is none)."""
    try:
        import fcntl
    except ImportError:  # Windows: one writer at a time is the user's business there
        yield
        return
    store.parent.mkdir(parents=True, exist_ok=True)
    with open(store.parent / f".{store.name}.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _default_rejects(file: Path, store: Path | str) -> Path:
    # The store's directory is writable (the store is written there); the input's may not be. A database
    # store has no directory: the current one.
    folder = store.parent if isinstance(store, Path) else Path.cwd()
    return folder / f"{file.name}.rejects.csv"


def commit(
    prepared: Prepared,
    store: Path | str | None = None,
    *,
    skip_invalid: bool = False,
    rejects: Path | str | None = None,
    progress: Progress | None = None,
    started: float | None = None,
) -> ImportSummary:
    """Write a prepared file: refuse it (raise EventValidationError) if any row is invalid, unless
    `skip_invalid`; then merge it into the store and write the store atomically.

    Nothing is written to the store when this raises. The rejects file is written whenever `rejects` is
    given and rows were refused (even when the import is refused: it is the report).
    """
    from dashboard.stores import describe_location, open_store

    progress = progress or (lambda _m: None)
    started = time.perf_counter() if started is None else started
    store = store or config.DEFAULT_STORE
    summary = ImportSummary(
        file=prepared.source,
        fmt=prepared.fmt,
        store=describe_location(store),
        read_as=prepared.read_as,
        read=prepared.read,
    )
    if rejects is not None and (len(prepared.rejected) or skip_invalid):
        write_rejects(prepared.rejected, rejects)
        summary.rejects_path = str(rejects)
    if prepared.errors and not skip_invalid:
        raise prepared.error()
    summary.rejected = len(prepared.rejected)

    # Idempotent on event_id, cross-source duplicates flagged, all or nothing, safe with other importers
    # (dashboard.stores: the GeoParquet file under a lock, or one PostGIS transaction).
    result = open_store(store).add(prepared.events, progress)
    summary.imported, summary.duplicates, summary.flagged = result.added, result.duplicates, result.flagged
    summary.changed = result.changed
    summary.store_total = result.total
    summary.seconds = time.perf_counter() - started
    progress(f"[100%] done in {summary.seconds:.1f} s")
    return summary


def import_file(
    path: Path | str,
    *,
    fmt: str,
    store: Path | str | None = None,
    skip_invalid: bool = False,
    rejects: Path | str | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = _stderr,
    geocoder: object | None = None,
    date_order: str | None = None,
    sheet: str | None = None,
) -> ImportSummary:
    """Import one file into the store (see the module docstring) and return what happened.

    Raises EventValidationError (listing every invalid row with its line) when a row is invalid and
    `skip_invalid` is not set; MissingColumnsError (a ValueError) for a file that is not in `fmt`.
    With `skip_invalid` and no `rejects`, refused rows go to ``<store dir>/<file name>.rejects.csv``.
    `progress` receives one line per stage (None: silent); `fmt` may also be "auto". `date_order` ("dmy" or
    "mdy") reads dates such as 05/02/2014 when the file does not tell; `sheet` picks a spreadsheet's sheet.
    """
    started = time.perf_counter()
    prepared = prepare(
        path, fmt, mapping=mapping, geocoder=geocoder, progress=progress, date_order=date_order, sheet=sheet
    )
    if rejects is None and skip_invalid and len(prepared.rejected):
        rejects = _default_rejects(Path(path), store or config.DEFAULT_STORE)
    return commit(prepared, store, skip_invalid=skip_invalid, rejects=rejects, progress=progress, started=started)
