"""The /energy page's data equals what `export` and `facilities` give for the same URL; routing; the PDF report."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from dash import html

from dashboard.app import energy_page
from dashboard.app.urlstate import parse_search
from dashboard.cli import main
from dashboard.energy.view import links_for
from dashboard.serving import ServingFrame
from dashboard.store import read_store

HELDOUT = Path(__file__).parent / "data" / "energy" / "acled_energy_heldout.csv"
# URL queries as people share them; the CLI gets the same filters as options.
QUERIES: list[tuple[str, list[str]]] = [
    ("", []),
    ("?region=UA", ["--region", "UA"]),
    ("?region=RU", ["--region", "RU"]),
    ("?region=UA-23,UA-63", ["--region", "UA-23,UA-63"]),
    ("?from=2024-06-01&to=2024-12-31", ["--from", "2024-06-01", "--to", "2024-12-31"]),
    ("?infrastructure=energy", ["--infrastructure", "energy"]),
    ("?q=refinery", ["--q", "refinery"]),
    ("?facility=REF-NOVOSHAKHTINSK", ["--facility", "REF-NOVOSHAKHTINSK"]),
]


@pytest.fixture(scope="module")
def energy_store(reference: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed strikes (built by the pipeline) plus the held-out energy strikes (imported as ACLED)."""
    from dashboard.energy.facilities import build_facilities
    from dashboard.ingest import import_file
    from dashboard.pipeline import build

    build_facilities(progress=lambda _m: None)
    store = tmp_path_factory.mktemp("energy-page") / "events.parquet"
    build(store, progress=lambda _m: None)
    import_file(HELDOUT, fmt="acled", store=store, progress=None)
    return store


@pytest.fixture(scope="module")
def frame(energy_store: Path) -> ServingFrame:
    return ServingFrame.from_events(read_store(energy_store), token=f"{energy_store}@test")


def _cli_facilities(store: Path, capsys: pytest.CaptureFixture, args: list[str]) -> list[dict[str, Any]]:
    assert main(["facilities", "--json", "--store", str(store), *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _cli_export(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str]) -> list[dict[str, str]]:
    out = tmp_path / "events.csv"
    assert main(["export", "--store", str(store), "--format", "csv", "--out", str(out), *args]) == 0
    capsys.readouterr()
    with out.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(("search", "args"), QUERIES)
def test_energy001_page_counts_equal_export_and_facilities(
    energy_store: Path,
    frame: ServingFrame,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    search: str,
    args: list[str],
) -> None:
    data = energy_page.page_data(frame, search)
    facilities = _cli_facilities(energy_store, capsys, args)
    exported = _cli_export(energy_store, tmp_path, capsys, args)

    hit = [f for f in facilities if f["hits"]]
    assert int(data["kpi_facilities"].replace(",", "")) == len(hit)
    assert int(data["kpi_hits"].replace(",", "")) == sum(f["hits"] for f in facilities)
    rows = {r["facility_id"]: r for r in data["rows"]}
    assert {f["facility_id"]: f["hits"] for f in hit} == {k: r["hits"] for k, r in rows.items()}
    for f in hit:
        assert (rows[f["facility_id"]]["first_hit"], rows[f["facility_id"]]["last_hit"]) == (
            f["first_hit"],
            f["last_hit"],
        )

    # Energy events: the exported events classed energy, plus those linked to a listed facility.
    linked = {e for f in facilities for e in f["event_ids"]}
    energy = [r for r in exported if "energy" in r["infrastructure"].split(";") or r["event_id"] in linked]
    assert int(data["kpi_events"].replace(",", "")) == len(energy)
    assert data["caption"].startswith(f"Filters: {len(exported)} event")
    capacity = sum(f["capacity_mw"] or 0 for f in hit)
    assert data["kpi_capacity"] == ("—" if not any(f["capacity_mw"] for f in hit) else f"{capacity:,.0f}")


def test_energy002_seed_refinery_hit_is_in_the_table_with_its_source(frame: ServingFrame) -> None:
    data = energy_page.page_data(frame, "?region=RU-ROS")
    assert [r["facility_id"] for r in data["rows"]] == ["REF-NOVOSHAKHTINSK"]
    assert data["rows"][0]["hits"] == 2  # the seed strike and the held-out HO-1
    detail = energy_page.detail_for(frame, "?region=RU-ROS", "REF-NOVOSHAKHTINSK")
    text = _text(detail)
    assert "Novoshakhtinsk oil refinery" in text and "why linked: place 'Novoshakhtinsk' + 'oil refinery'" in text
    links = [c.href for c in _walk(detail) if isinstance(c, html.A)]
    assert links and all(link.startswith(("http://", "https://")) for link in links)


def test_energy003_detail_shows_markup_as_text_and_refuses_unsafe_links() -> None:
    facility = {
        "name": "<b>Plant</b>",
        "kind": "hydro",
        "capacity_mw": 10.0,
        "region": "Kyiv",
        "source_url": "javascript:x",
    }
    event = {
        "event_date": "2024-01-01",
        "location": "<img src=x onerror=alert(1)>",
        "evidence": "name 'Plant', 1.0 km",
        "notes": "<script>alert(2)</script>",
        "source": "Agency",
        "source_url": "javascript:alert(3)",
    }
    detail = energy_page.facility_detail(facility, [event])
    assert not [c for c in _walk(detail) if isinstance(c, html.A)]  # neither link is clickable
    strings = [c for c in _walk(detail) if isinstance(c, str)]
    assert "<script>alert(2)</script>" in strings  # a plain string: React renders it as text
    assert "<b>Plant</b>" in strings


def test_energy004_links_computed_once_per_store_version(frame: ServingFrame, energy_store: Path) -> None:
    first = links_for(frame)
    energy_page.page_data(frame, "?region=UA")
    assert links_for(frame) is first
    other = ServingFrame.from_events(read_store(energy_store), token=f"{energy_store}@another-version")
    assert links_for(other) is not first
    assert list(links_for(other).positions) == list(first.positions)


def test_energy005_layout_route_follows_the_page_address(energy_store: Path) -> None:
    from dashboard.app import create_app

    client = create_app(energy_store).server.test_client()
    energy = client.get("/_dash-layout", headers={"Referer": "http://127.0.0.1:8050/energy?region=UA"}).get_data(True)
    assert '"energy-map"' in energy and '"id":"map"' not in energy.replace(" ", "")
    home = client.get("/_dash-layout", headers={"Referer": "http://127.0.0.1:8050/?region=UA"}).get_data(True)
    assert '"nav-energy"' in home and '"energy-map"' not in home
    assert client.get("/energy?region=UA").status_code == 200  # Dash's page, which then asks for the layout


def test_energy006_pdf_command_names_the_filters() -> None:
    spec = parse_search("?region=UA-23&from=2024-01-01&facility=WRI1005120").spec
    assert energy_page.pdf_command(spec) == (
        "python -m dashboard facilities --pdf report.pdf --region UA-23 --from 2024-01-01 --facility WRI1005120"
    )


@pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() or not shutil.which("pdftotext"), reason="Chromium/pdftotext"
)
def test_energy007_pdf_report_has_title_filters_and_facilities(
    energy_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "report.pdf"
    assert main(["facilities", "--store", str(energy_store), "--pdf", str(out), "--region", "UA"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", pages, re.MULTILINE), pages  # one page
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Strike Atlas · Energy facilities hit" in text
    assert "Filters: Regions: UA" in text
    for name in ("Trypilska", "Zmiivska power station", "Kremenchuk oil refinery"):
        assert name in text
    assert "not capacity lost" in text
    assert "Novoshakhtinsk" not in text.split("Facilities hit")[1]  # a Russian refinery is not in region UA


def _walk(node: Any) -> list[Any]:
    out: list[Any] = []
    stack = [node]
    while stack:
        item = stack.pop()
        out.append(item)
        if isinstance(item, list | tuple):
            stack.extend(item)
        elif hasattr(item, "children") and item.children is not None:
            stack.append(item.children)
    return out


def _text(node: Any) -> str:
    return " ".join(c for c in _walk(node) if isinstance(c, str))


def test_energy008_map_rings_the_period_and_colours_every_date(frame: ServingFrame) -> None:
    """From 2025 only the seed's Novoshakhtinsk strike is in the period: it alone is ringed, while the
    facilities hit in 2024 keep their colour (hits at any date) without a ring."""
    fig = energy_page.page_data(frame, "?from=2025-01-01")["map"]
    traces = {t.name.split(" (")[0]: t for t in fig.data}
    ring = traces["ring: hit in the selected period"]
    hit = traces["facility hit"]
    assert len(ring.lat) == 1 and (ring.lat[0], ring.lon[0]) == pytest.approx((47.76037, 39.93335))
    colours = dict(zip(hit.customdata, hit.marker.color, strict=True))
    assert colours["REF-NOVOSHAKHTINSK"] == 2  # the 2024 held-out strike and the 2025 seed strike
    assert colours["REF-AFIPSKY"] == 1 and "WRI1005120" in colours  # hit in 2024, not in the period
    assert len(traces["energy events"].lat) == 3  # the seed's energy strikes: Mykolaiv, Odesa, Novoshakhtinsk


def test_energy009_warm_computes_the_links_once_in_the_background(energy_store: Path) -> None:
    sf = ServingFrame.from_events(read_store(energy_store), token=f"{energy_store}@warm")
    energy_page.warm(sf).join(timeout=60)
    links = links_for(sf)
    assert links.token == sf.token and len(links.positions) > 0
    assert links_for(sf) is links
