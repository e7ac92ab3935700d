"""Where the app's data lives, for the app and for panels that must not import the app object.

`create_app` calls `set_store_path` once; callbacks (the map's and the panels') call `get_events()`, which
builds the serving frame once per store file version (path, modification time, size, inode) and keeps it.
Every call looks at the file, so a store rewritten by another process or another browser tab is read again
at the next callback. After a panel changes the store it calls `invalidate()` and publishes
`store_version()` to the page (the "store-version" dcc.Store), which makes the map tab's views refresh.
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

# Set once per process by create_app (not by callbacks); the default store until then.
_store_path: Path = config.DEFAULT_STORE
# The views' callbacks run in parallel (threaded server) and all ask for the new frame right after a write:
# one of them builds it, the others wait for it instead of building (and holding) copies of their own.
_build_lock = threading.Lock()


def set_store_path(path: Path | str) -> None:
    global _store_path
    _store_path = Path(path)


def get_store_path() -> Path:
    return _store_path


def _version(path: Path) -> str | None:
    # mtime alone can repeat (coarse file-system clocks, two writes in one tick); a store write is an atomic
    # rename of a new file, so its inode differs from the replaced one's.
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return f"{st.st_mtime_ns}-{st.st_size}-{st.st_ino}"


def store_version() -> str | None:
    """A token that changes whenever the store file is replaced; None when there is no store yet."""
    return _version(get_store_path())


@lru_cache(maxsize=2)
def _serving(path: str, version: str) -> ServingFrame:
    # read_store, not load_store: the serving frame is this process's one copy of the events (with
    # categoricals and float32 coordinates); caching the GeoDataFrame as well would double the memory.
    from dashboard.store import read_store

    return ServingFrame.from_events(read_store(path), token=f"{path}@{version}")


def get_events() -> ServingFrame:
    """The serving frame of the current store; an empty one (``missing=True``) when there is no file yet."""
    path = get_store_path()
    version = _version(path)
    if version is None:
        return ServingFrame.empty(missing=True)
    with _build_lock:  # a cache hit holds it for microseconds
        try:
            return _serving(str(path.resolve()), version)
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
