"""The HTTP API and the write rules, through Flask's test client on a real app (test ids ``api``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.export import export_events
from dashboard.filters import FilterSpec, apply
from dashboard.store import read_store
from dashboard.web.auth import WritePolicy
from tests.browser.sample_store import write_sample_store

pytestmark = pytest.mark.usefixtures("reference")

TOKEN = "an-api-token-of-length"
DATA = Path(__file__).parent / "data" / "ingest"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return write_sample_store(tmp_path / "events.parquet")


def _client(store: Path, policy: WritePolicy) -> object:
    return create_app(store, policy=policy).server.test_client()


@pytest.fixture
def client(store: Path) -> Iterator[object]:
    yield _client(store, WritePolicy(token=TOKEN))


def test_api001_healthz(client: object, store: Path, tmp_path: Path) -> None:
    response = client.get("/healthz")  # type: ignore[attr-defined]
    assert response.status_code == 200 and response.json["events"] == 16 and response.json["version"]
    missing = _client(tmp_path / "none.parquet", WritePolicy())
    response = missing.get("/healthz")  # type: ignore[attr-defined]
    assert response.status_code == 503 and "no event store" in response.json["error"]


@pytest.mark.parametrize(
    "query",
    ["", "region=UA-63,UA-23", "from=2025-12-01&to=2025-12-31", "infrastructure=energy", "min_killed=1&q=e"],
)
@pytest.mark.parametrize("fmt", ["csv", "geojson", "hxl"])
def test_api002_events_are_the_export_bytes(client: object, store: Path, tmp_path: Path, query: str, fmt: str) -> None:
    response = client.get(f"/api/events?{query}&format={fmt}")  # type: ignore[attr-defined]
    assert response.status_code == 200
    expected = apply(read_store(store), FilterSpec.from_query(query))
    path = export_events(expected, fmt, tmp_path / f"x.{fmt}")
    assert response.data == path.read_bytes()
    assert response.headers["X-Event-Count"] == str(len(expected))


@pytest.mark.parametrize("fmt", ["csv", "geojson", "hxl"])
def test_api012_blocks_join_to_the_export(
    monkeypatch: pytest.MonkeyPatch, client: object, store: Path, tmp_path: Path, fmt: str
) -> None:
    """Streamed in blocks of 5 rows (16 events: 4 blocks), the body is still the export's bytes."""
    from dashboard.web import api

    monkeypatch.setattr(api, "_CHUNK_ROWS", 5)
    response = client.get(f"/api/events?format={fmt}")  # type: ignore[attr-defined]
    assert response.data == export_events(read_store(store), fmt, tmp_path / f"x.{fmt}").read_bytes()


def test_api003_limit(client: object) -> None:
    response = client.get("/api/events?limit=3&format=geojson")  # type: ignore[attr-defined]
    assert len(json.loads(response.data)["features"]) == 3


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("from=2025-02-30", "from '2025-02-30' is not a date"),
        ("regoin=UA-63", "unknown parameter 'regoin'"),
        ("format=xlsx", "format 'xlsx' is not one of csv, hxl, geojson"),
        ("limit=ten", "limit 'ten' is not a whole number"),
        ("region=Kharkiv", "is not an ISO 3166-2 code"),
        ("min_killed=-1", "must be >= 0"),
    ],
)
def test_api004_bad_parameters_are_400_with_a_reason(client: object, query: str, reason: str) -> None:
    response = client.get(f"/api/events?{query}")  # type: ignore[attr-defined]
    assert response.status_code == 400 and reason in response.json["error"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_api005_imports_need_the_token(client: object, store: Path) -> None:
    body = (DATA / "acled_sample.csv").read_bytes()
    version = store.stat().st_mtime_ns
    for headers in ({}, {"Authorization": "Bearer wrong-token-entirely"}, {"Authorization": TOKEN}):
        response = client.post("/api/import?format=acled", data=body, headers=headers)  # type: ignore[attr-defined]
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert store.stat().st_mtime_ns == version
    good = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post("/api/import?format=acled&filename=week.csv", data=body, headers=good)  # type: ignore[attr-defined]
    assert response.status_code == 200, response.data
    assert response.json | {"read_as": ""} == {
        "file": "week.csv", "format": "acled", "read_as": "", "read": 10, "imported": 10, "duplicates": 0,
        "flagged": 0, "store_total": 26,
    }  # fmt: skip
    assert len(read_store(store)) == 26 and client.get("/healthz").json["events"] == 26  # type: ignore[attr-defined]


def test_api006_a_bad_file_is_422_with_its_lines(client: object, store: Path) -> None:
    body = (DATA / "acled_mixed.csv").read_bytes()
    response = client.post(  # type: ignore[attr-defined]
        "/api/import?format=acled", data=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 422 and response.json["rows"] == 6
    assert sorted({e["line"] for e in response.json["errors"]}) == [5, 6, 7, 9, 12, 13]
    assert len(read_store(store)) == 16
    response = client.post(  # type: ignore[attr-defined]
        "/api/import?format=ucdp", data=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 422 and "missing required column" in response.json["error"]
    assert "/tmp" not in response.json["error"]


@pytest.mark.parametrize(
    ("policy", "reason"),
    [(WritePolicy(token=TOKEN, read_only=True), "serve --read-only"), (WritePolicy(), "has not set")],
)
def test_api007_read_only_servers_refuse_with_403(store: Path, policy: WritePolicy, reason: str) -> None:
    client = _client(store, policy)
    response = client.post(  # type: ignore[attr-defined]
        "/api/import", data=b"x", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 403 and reason in response.json["error"]
    assert len(read_store(store)) == 16


def test_api008_headers_on_every_response(client: object) -> None:
    for path in ("/", "/healthz", "/api/events?format=csv", "/api/events?from=x", "/no-such-page"):
        headers = client.get(path).headers  # type: ignore[attr-defined]
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"], path


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"output": 3}', b'{"output": "no-such.children", "inputs": []}', b'{"output": "x", '],
)
def test_api009_malformed_callbacks_are_400(client: object, body: bytes) -> None:
    response = client.post(  # type: ignore[attr-defined]
        "/_dash-update-component", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


def test_api010_short_tokens_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIKE_ATLAS_WRITE_TOKEN", "short")
    with pytest.raises(ValueError, match="too short"):
        WritePolicy.from_env()
