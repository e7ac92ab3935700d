"""URL filters and the same filters as `export` options: one table for every "the app shows what export writes" test.

Used by tests/test_app_callbacks.py (the callbacks as functions) and tests/browser/test_browser_filters.py
(the page). The expected count is never written down: it is what `python -m dashboard export` writes for
`cli_args` on the same store, checked against the shared filter itself (`filter_count`), so the app is held
to the CLI and both to dashboard.filters.
"""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

__all__ = ["FILTER_CASES", "FilterCase", "cli_export", "filter_case_params", "filter_count"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class FilterCase:
    """`query`: the URL's query string without '?'; `cli_args`: the same filter as `export` options."""

    id: str
    query: str
    cli_args: tuple[str, ...]

    @property
    def search(self) -> str:
        """The query as `location.search` has it ('' when there is none)."""
        return "?" + self.query if self.query else ""


FILTER_CASES: tuple[FilterCase, ...] = (
    FilterCase("unfiltered", "", ()),
    FilterCase("region", "region=UA-63", ("--region", "UA-63")),
    FilterCase("country", "region=RU", ("--region", "RU")),
    FilterCase("infrastructure", "infrastructure=energy", ("--infrastructure", "energy")),
    FilterCase("min-killed", "min_killed=2", ("--min-killed", "2")),
    FilterCase("min-killed-3", "min_killed=3", ("--min-killed", "3")),
    # repeated --region and a comma list mean the same: both spellings are covered
    FilterCase(
        "dates+regions",
        "from=2025-01-01&to=2025-12-31&region=UA-63,UA-51",
        ("--from", "2025-01-01", "--to", "2025-12-31", "--region", "UA-63", "--region", "UA-51"),
    ),
    FilterCase(
        "dates+regions-comma",
        "from=2025-01-01&to=2025-12-31&region=UA-63,UA-51",
        ("--from", "2025-01-01", "--to", "2025-12-31", "--region", "UA-63,UA-51"),
    ),
    FilterCase("text+min-injured", "q=kharkiv&min_injured=1", ("--q", "kharkiv", "--min-injured", "1")),
)


def filter_case_params() -> list[pytest.ParameterSet]:
    """FILTER_CASES for `pytest.mark.parametrize("case", ...)`, with readable ids."""
    return [pytest.param(case, id=case.id) for case in FILTER_CASES]


def filter_count(store: Path, query: str) -> int:
    """Events of `store` that the shared filter (dashboard.filters) keeps for the URL query `query`."""
    from dashboard.filters import FilterSpec, mask
    from dashboard.store import read_store

    return int(mask(read_store(store), FilterSpec.from_query(query)).sum())


def cli_export(store: Path, args: tuple[str, ...] | list[str], out: Path) -> tuple[int, bytes]:
    """(rows, file bytes) of `python -m dashboard export --format csv` with `args` on `store`."""
    command = [sys.executable, "-m", "dashboard", "export", "--store", str(store), "--format", "csv", "--out", str(out)]
    result = subprocess.run(
        [*command, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"export {' '.join(args)} failed: {result.stderr[-2000:]}"
    assert "exported" in result.stderr
    data = out.read_bytes()
    return len(pd.read_csv(io.BytesIO(data))), data
