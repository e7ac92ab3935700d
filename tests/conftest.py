"""Shared fixtures. Reference data is built once (idempotent) into the configured data/reference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def reference() -> None:
    """The GeoNames/Natural Earth reference tables, built if missing (a no-op after `make setup`)."""
    from dashboard.geo.reference import build_reference

    build_reference(progress=lambda _msg: None)


@pytest.fixture(scope="session")
def seed_store(reference: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from data/seed by the real pipeline, in a temporary directory."""
    from dashboard.pipeline import build

    store = tmp_path_factory.mktemp("seed") / "events.parquet"
    build(store, progress=lambda _msg: None)
    return store


@pytest.fixture(scope="session")
def default_store(reference: None) -> Path:
    """The default store that `make setup` builds; built here when a test run starts without it."""
    from dashboard import config
    from dashboard.pipeline import build

    if not config.DEFAULT_STORE.exists():
        build(config.DEFAULT_STORE, progress=lambda _msg: None)
    return config.DEFAULT_STORE


WRITE_TOKEN = "test-write-token-0123"


@pytest.fixture
def authorised() -> Iterator[None]:
    """A request that may write, as from a browser that unlocked editing: for write callbacks called directly."""
    import flask

    from dashboard.web.auth import WritePolicy, install_policy

    server = flask.Flask("authorised")
    install_policy(server, WritePolicy(token=WRITE_TOKEN))
    with server.test_request_context(headers={"Authorization": f"Bearer {WRITE_TOKEN}"}):
        yield


# --- PostGIS: the server `make postgis` starts (tools/postgis.sh); `make test` passes its URL -----------------
POSTGIS_ENV = "STRIKE_ATLAS_TEST_POSTGIS"


@pytest.fixture(scope="session")
def postgis_server() -> str:
    """The URL of a PostGIS server to test against. Skips only when none is configured outside `make test`."""
    import os

    url = os.environ.get(POSTGIS_ENV, "")
    if not url:
        if os.environ.get("STRIKE_ATLAS_REQUIRE_POSTGIS"):
            pytest.fail(f"{POSTGIS_ENV} is empty under `make test`: `make postgis` did not print a server URL")
        pytest.skip(f"no PostGIS server: run `make postgis` and set {POSTGIS_ENV} to the URL it prints")
    return url


@pytest.fixture
def postgis_store(postgis_server: str) -> Iterator[str]:
    """A fresh, empty database on that server (the store creates its tables); dropped afterwards."""
    from tests.postgis import fresh_database

    with fresh_database(postgis_server) as url:
        yield url
