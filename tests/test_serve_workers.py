"""`serve --workers N` under gunicorn, as a public deployment runs it (test ids ``wrk``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from dashboard import devserver
from dashboard.app import create_app
from tests.browser.sample_store import write_sample_store

pytestmark = pytest.mark.usefixtures("reference")
ROOT = Path(__file__).resolve().parent.parent


def test_wrk001_a_worker_is_ready_for_the_scripts_before_its_first_request(tmp_path: Path) -> None:
    """Each gunicorn worker builds its own app, and the browser fetches a page's ~20 scripts at once.

    Dash registers the script paths during its first-request set-up, after rendering the whole layout; requests
    that reach a fresh worker meanwhile skip the set-up (its flag is already raised) and were refused with a
    500 ("dash is not a registered library"): a blank page, now and then, for whoever drew a fresh worker.
    ``create_app`` now registers them before the worker serves anything. A worker is a process of its own,
    so the fresh one is a subprocess that has served no request.
    """
    from dash.fingerprint import check_fingerprint

    store = write_sample_store(tmp_path / "events.parquet")
    page = create_app(store).server.test_client().get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="/_dash-component-suites/([^/"]+)/([^"?]+)', page)
    assert len(scripts) > 5
    fresh_worker = (
        "import json, sys\n"
        "from dashboard.app import create_app\n"
        "app = create_app(sys.argv[1])\n"
        "print(json.dumps({k: sorted(v) for k, v in app.registered_paths.items()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", fresh_worker, str(store)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
    )  # fmt: skip
    registered = json.loads(done.stdout.strip().splitlines()[-1])
    missing = [(pkg, path) for pkg, path in scripts if check_fingerprint(path)[0] not in registered.get(pkg, [])]
    assert missing == []


def test_wrk002_serve_runs_gunicorn_workers(tmp_path: Path) -> None:
    store = write_sample_store(tmp_path / "events.parquet")
    command = ["-m", "dashboard", "serve", "--workers", "2", "--threads", "2"]
    with devserver.serve(command, store, tmp_path / "serve.log", timeout=180) as url:
        with urllib.request.urlopen(url + "/healthz") as response:
            assert response.status == 200 and response.headers["Server"].startswith("gunicorn")
        with urllib.request.urlopen(url + "/") as response:
            assert "Content-Security-Policy" in response.headers
    processes = [p for p in Path("/proc").iterdir() if p.name.isdigit()]
    alive = [p for p in processes if str(store).encode() in _cmdline(p)]
    assert alive == []  # the master and its workers stopped with the block


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""
