"""`python -m dashboard render`: PNG, SVG and PDF of the filtered map, with title, legend, dates and attribution."""

from __future__ import annotations

import html
import re
import struct
import zlib
from pathlib import Path

import pytest

from dashboard.cli import main
from tests.browser.conftest import CHROMIUM
from tests.browser.sample_store import write_sample_store

pytestmark = pytest.mark.browser  # kaleido drives Debian's Chromium

FILTERS = ["--from", "2025-12-01", "--to", "2025-12-31", "--region", "UA"]
TITLE = "Strikes on Ukraine <December>"  # markup in a title is text, not HTML


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    return write_sample_store(tmp_path_factory.mktemp("render") / "events.parquet")


def _render(store: Path, out: Path, *extra: str) -> None:
    assert main(["render", "--store", str(store), "--out", str(out), "--title", TITLE, *FILTERS, *extra]) == 0


def _png_pixels(path: Path) -> tuple[int, int, bytes]:
    """(width, height, raw scanlines) of a PNG, read with the standard library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))


def _texts(path: Path) -> str:
    if path.suffix == ".svg":
        svg = path.read_text(encoding="utf-8")
        return html.unescape(re.sub(r"<[^>]+>", " ", svg))
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_render001_png_is_1920x1080_and_shows_a_map(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    _render(store, out)
    width, height, raw = _png_pixels(out)
    assert (width, height) == (1920, 1080)
    assert len(set(raw[::97])) > 64  # colours of land, sea, names and markers: not a blank page


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_render002_svg_and_pdf_carry_title_legend_dates_filters_attribution(
    store: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"map{suffix}"
    _render(store, out, "--theme", "dark" if suffix == ".pdf" else "light")
    text = " ".join(_texts(out).split())
    assert TITLE in text
    assert "Event type" in text and "Explosions/Remote violence" in text  # the legend
    assert "1 Dec 2025 – 31 Dec 2025" in text  # the date range
    assert "Ukraine" in text  # the active region filter, by name
    assert "Natural Earth" in text and "GeoNames" in text and "OpenStreetMap" in text  # attribution
    if suffix == ".svg":
        assert "<image" in out.read_text(encoding="utf-8")  # the map itself, drawn by MapLibre


def test_render003_bad_requests_say_why(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--store", str(store), "--out", str(tmp_path / "map.gif")]) == 2
    assert "cannot render .gif" in capsys.readouterr().err
    assert main(["render", "--store", str(store), "--out", str(tmp_path / "m.png"), "--width", "10"]) == 2
    assert "--width and --height" in capsys.readouterr().err
