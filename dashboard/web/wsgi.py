"""The production server: gunicorn with N worker processes, each loading the store once (read-only).

Each worker builds its own app (``create_app``) after the fork, so no worker shares Python objects with
another; a store rewritten by an import (in any worker, or by the command line) is picked up by every worker
at its next request, because ``dashboard.app.state`` looks at the file's version on each call.
Threads within a worker (``gthread``) serve the dashboard's parallel callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from dashboard.web.auth import WritePolicy

__all__ = ["serve"]


class _Application(BaseApplication):  # type: ignore[misc]
    def __init__(self, factory: Callable[[], Any], options: dict[str, Any]) -> None:
        self.factory, self.options = factory, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.factory()


def serve(store: Path, policy: WritePolicy, *, host: str, port: int, workers: int, threads: int) -> None:
    """Run gunicorn in this process until it is stopped (SIGTERM or Ctrl-C)."""

    def factory() -> Any:
        from dashboard.app import create_app

        return create_app(store, policy=policy).server

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 120,  # a 1M-event first view builds H3 cells for a few seconds
        "graceful_timeout": 10,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "strike-atlas",
        "forwarded_allow_ips": "127.0.0.1",
    }
    _Application(factory, options).run()
