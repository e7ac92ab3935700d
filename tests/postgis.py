"""Test helpers for the PostGIS store: a fresh database per test on the server `make postgis` runs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

__all__ = ["fresh_database"]


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """CREATE DATABASE sa_test_<random> on the server of `server_url`; yields its URL; drops it afterwards."""
    name = f"sa_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
