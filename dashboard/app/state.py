"""Where the app's data lives, for the app and for panels that must not import the app object.

`create_app` calls `set_store_path` once; callbacks (the map's and the panels') call `get_events()`, which
builds the serving frame once per store file (keyed by path and modification time) and keeps it. After a
panel changes the store it calls `invalidate()`; the next `get_events()` reads the new file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dashboard import config
from dashboard.app.serving import ServingFrame

__all__ = ["get_events", "get_store_path", "invalidate", "set_store_path"]

# Set once per process by create_app (not by callbacks); the default store until then.
_store_path: Path = config.DEFAULT_STORE


def set_store_path(path: Path | str) -> None:
    global _store_path
    _store_path = Path(path)


def get_store_path() -> Path:
    return _store_path


@lru_cache(maxsize=2)
def _serving(path: str, mtime_ns: int) -> ServingFrame:
    # read_store, not load_store: the serving frame is this process's one copy of the events (with
    # categoricals and float32 coordinates); caching the GeoDataFrame as well would double the memory.
    from dashboard.store import read_store

    return ServingFrame.from_events(read_store(path), token=f"{path}@{mtime_ns}")


def get_events() -> ServingFrame:
    """The serving frame of the current store; an empty one (``missing=True``) when there is no file yet."""
    path = get_store_path()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return ServingFrame.empty(missing=True)
    return _serving(str(path.resolve()), mtime)


def invalidate() -> None:
    """Forget the cached frame (and filter results), e.g. after an import rewrote the store."""
    _serving.cache_clear()
    from dashboard.store import load_store

    load_store.cache_clear()  # type: ignore[attr-defined]
