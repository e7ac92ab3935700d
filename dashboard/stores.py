"""One store interface, two stores: a GeoParquet file (the default) or a shared PostGIS database.

``open_store(location)`` takes what ``--store`` and ``STRIKE_ATLAS_STORE`` give — a path, or a
``postgresql://`` URL — and returns an object with the same methods either way, so nothing above it (commands,
importers, the dashboard, the API) knows which one it talks to:

- ``read()`` every event as a GeoDataFrame (dtypes as in ``schema.COLUMNS``, the importers' extra columns kept);
  ``StoreMissing`` when there is none yet, ``StoreCorrupt`` when it cannot be read (or reached).
- ``select(spec)`` the events a ``FilterSpec`` keeps, in store order (PostGIS: the filter runs in the database).
- ``blocks(spec, limit, rows)`` the same as (count, consecutive frames of at most `rows`): the API streams them.
- ``version()`` a token that changes with every write (None: no store yet); the dashboard polls it.
- ``add(events)`` an import's write: idempotent on ``event_id``, cross-source duplicates flagged
  (``dashboard.ingest.merge``), all or nothing, safe with several importers at once.
- ``replace_dataset(events, dataset)`` the rows of one dataset replaced, the others kept (``build``: the seed).
- ``replace(events)`` the whole store (``synth``) · ``restore()`` the GeoParquet store's last good copy.

``filters_in_store`` is True when ``select``/``blocks`` filter in the store itself, so the API asks the store
rather than the dashboard's in-memory frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from dashboard.config import store_location
from dashboard.store import StoreCorrupt, StoreMissing

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from dashboard.filters import FilterSpec

__all__ = [
    "URL_SCHEMES",
    "EventStore",
    "ParquetStore",
    "StoreMissing",
    "StoreUnavailable",
    "WriteResult",
    "describe_location",
    "is_database",
    "open_store",
    "store_location",
]

URL_SCHEMES = ("postgresql://", "postgres://")
Progress = Callable[[str], None]


class StoreUnavailable(StoreCorrupt):
    """The store's server cannot be reached or refused us; the message says which and why."""


@dataclass
class WriteResult:
    """What a write did: the import summary's figures."""

    added: int  # new events
    duplicates: int  # incoming events already in the store (same event_id)
    flagged: int  # added events flagged as a possible duplicate of another dataset's event
    total: int  # events in the store afterwards
    changed: list[str] = field(default_factory=list)  # already stored ids whose incoming content differs


class EventStore(Protocol):
    location: Path | str
    filters_in_store: bool

    def read(self) -> gpd.GeoDataFrame: ...
    def select(self, spec: FilterSpec) -> gpd.GeoDataFrame: ...
    def blocks(self, spec: FilterSpec, limit: int | None, rows: int) -> tuple[int, Iterator[pd.DataFrame]]: ...
    def version(self) -> str | None: ...
    def add(self, events: gpd.GeoDataFrame, progress: Progress | None = None) -> WriteResult: ...
    def replace_dataset(self, events: gpd.GeoDataFrame, dataset: str) -> int: ...
    def replace(self, events: gpd.GeoDataFrame) -> None: ...
    def restore(self) -> tuple[Path | None, int]: ...


def is_database(location: Path | str) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def describe_location(location: Path | str) -> str:
    """The location for messages: a URL without its password."""
    if not is_database(location):
        return str(location)
    from dashboard.store_postgis import describe_url

    return describe_url(str(location))


def open_store(location: Path | str) -> EventStore:
    """The store at `location` (a path or a ``postgresql://`` URL); cheap, and cached per URL."""
    location = store_location(location)
    if isinstance(location, str):
        return _database(location)
    return ParquetStore(location)


@lru_cache(maxsize=8)
def _database(url: str) -> EventStore:
    import atexit

    from dashboard.store_postgis import PostgisStore  # psycopg loads only for a database

    store = PostgisStore(url)
    atexit.register(store.close)
    return store


class ParquetStore:
    """The GeoParquet file (``dashboard.store``): atomic rewrites under an advisory file lock."""

    filters_in_store = False

    def __init__(self, path: Path) -> None:
        self.location = path

    def read(self) -> gpd.GeoDataFrame:
        from dashboard.store import read_store

        return read_store(self.location)

    def select(self, spec: FilterSpec) -> gpd.GeoDataFrame:
        from dashboard.filters import apply

        return apply(self.read(), spec)

    def blocks(self, spec: FilterSpec, limit: int | None, rows: int) -> tuple[int, Iterator[pd.DataFrame]]:
        events = self.select(spec)
        if limit is not None:
            events = events.iloc[:limit]
        return len(events), (events.iloc[i : i + rows] for i in range(0, max(len(events), 1), rows))

    def version(self) -> str | None:
        # mtime alone can repeat (coarse file-system clocks, two writes in one tick); a store write is an atomic
        # rename of a new file, so its inode differs from the replaced one's.
        try:
            st = self.location.stat()
        except FileNotFoundError:
            return None
        return f"{st.st_mtime_ns}-{st.st_size}-{st.st_ino}"

    def _existing(self) -> gpd.GeoDataFrame | None:
        try:
            return self.read()
        except StoreMissing:
            return None

    def add(self, events: gpd.GeoDataFrame, progress: Progress | None = None) -> WriteResult:
        from dashboard.ingest import store_lock
        from dashboard.ingest.merge import merge_events
        from dashboard.store import write_store

        with store_lock(self.location):  # read-merge-write: two imports at once must not lose each other's events
            existing = self._existing()
            result = merge_events(existing, events)
            if result.modified or existing is None:
                if progress:
                    progress(f"[ 90%] writing {len(result.events):,} events to {self.location}")
                write_store(result.events, self.location)
        return WriteResult(result.added, result.duplicates, result.flagged, len(result.events), result.changed)

    def replace_dataset(self, events: gpd.GeoDataFrame, dataset: str) -> int:
        import geopandas as gpd
        import pandas as pd

        from dashboard.ingest import store_lock
        from dashboard.store import write_store

        with store_lock(self.location):  # an import may be writing the same store
            existing = self._existing()
            kept = None if existing is None else existing[existing["dataset"].astype("string").fillna("") != dataset]
            if kept is not None and len(kept):
                events = gpd.GeoDataFrame(pd.concat([events, kept], ignore_index=True), geometry="geometry", crs=4326)
            write_store(events, self.location)
        return 0 if kept is None else len(kept)

    def replace(self, events: gpd.GeoDataFrame) -> None:
        from dashboard.store import write_store

        write_store(events, self.location)

    def restore(self) -> tuple[Path | None, int]:
        from dashboard.store import restore_store

        return restore_store(self.location)
