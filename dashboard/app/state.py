"""Where the app's data lives, for the app and for panels that must not import the app object.

`create_app` calls `set_store_path` once; callbacks (the map's and the panels') call `get_events()`, which
builds the serving frame once per store version (a file's modification time, size and inode; a PostGIS
store's version counter, ``dashboard.stores``) and keeps it. Every call asks the store, so events written by
another process, another machine or another browser tab are read at the next callback. After a panel changes
the store it calls `invalidate()` and publishes `store_version()` to the page (the "store-version" dcc.Store),
which makes the map tab's views refresh.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from dashboard import config
from dashboard.serving import ServingFrame
from dashboard.store import StoreCorrupt

__all__ = [
    "get_events",
    "get_store_path",
    "invalidate",
    "new_version",
    "set_store_path",
    "store_version",
]

# Set once per process by create_app (not by callbacks); the default store until then. A path or a URL.
_store_path: Path | str = config.DEFAULT_STORE
# The views' callbacks run in parallel (threaded server) and all ask for the new frame right after a write:
# one of them builds it, the others wait for it instead of building (and holding) copies of their own.
_build_lock = threading.Lock()


def set_store_path(path: Path | str) -> None:
    global _store_path
    _store_path = config.store_location(path)


def get_store_path() -> Path | str:
    return _store_path


def _key(location: Path | str) -> str:
    return str(location.resolve()) if isinstance(location, Path) else location


def store_version() -> str | None:
    """A token that changes whenever the store is written; None when there is no store yet."""
    from dashboard.stores import open_store

    return open_store(get_store_path()).version()


@lru_cache(maxsize=2)
def _serving(location: str, version: str) -> ServingFrame:
    # read(), not load_store: the serving frame is this process's one copy of the events (with
    # categoricals and float32 coordinates); caching the GeoDataFrame as well would double the memory.
    from dashboard.stores import describe_location, open_store

    return ServingFrame.from_events(open_store(location).read(), token=f"{describe_location(location)}@{version}")


def get_events() -> ServingFrame:
    """The serving frame of the current store; an empty one (``missing=True``) when there is none yet, or when
    it cannot be read (the frame's ``problem`` says why: a damaged file, an unreachable server)."""
    try:
        version = store_version()
        if version is None:
            return ServingFrame.empty(missing=True)
        with _build_lock:  # a cache hit holds it for microseconds
            return _serving(_key(get_store_path()), version)
    except StoreCorrupt as exc:  # the page says which file and how to restore it, instead of failing
        return ServingFrame.empty(missing=True, problem=str(exc))


def invalidate() -> None:
    """Forget the cached frame (and filter results), e.g. after an import rewrote the store."""
    with _build_lock:
        _serving.cache_clear()
    from dashboard.store import load_store

    load_store.cache_clear()  # type: ignore[attr-defined]


def new_version(shown: str | None) -> str | None:
    """The store's version when it differs from `shown` (what a page was last told), else None.

    Builds the new serving frame now, in the panel's request, so the views that refresh next find it ready.
    """
    version = store_version()
    if version is None or version == shown:
        return None
    get_events()
    return version
