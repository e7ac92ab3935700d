"""A one-page printable report of the energy view (PDF): title, filters, figures, facilities hit and sources.

The page is plain HTML with the plotly figures drawn by plotly.js (a static plot, no WebGL: the map is an x/y
plot over admin-1 outlines), printed by Debian's Chromium through Playwright (``page.pdf``). The same HTML is
what ``--html`` writes, to look at or print from any browser. Every text from the data is html-escaped and
only http(s) links become links.
"""

from __future__ import annotations

import html
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.app.energy_figures import CAPACITY_NOTE, capacity_figure, static_map_figure, timeline_figure
from dashboard.app.layout import safe_link
from dashboard.energy.view import EnergyView, energy_view, links_for
from dashboard.filters import FilterSpec
from dashboard.serving import ServingFrame

__all__ = ["CHROMIUM", "ReportError", "filter_lines", "report_html", "report_pdf"]

CHROMIUM = os.environ.get("STRIKE_ATLAS_CHROMIUM", "/usr/bin/chromium")
TABLE_ROWS = 14  # facilities listed in the table; the rest are counted (the page must stay one page)
SOURCE_ROWS = 10
REGION_BARS = 10  # regions in the capacity chart; the rest are summed as "other regions"
PRINTABLE_PX = (726, 1054)  # A4 less the 9 mm margins, in CSS px (96 dpi): width, height
TITLE = "Strike Atlas · Energy facilities hit"


class ReportError(OSError):
    """The report could not be printed (no Chromium, Playwright missing, Chromium failed); the message says why.

    An OSError: the CLI reports it as one line and exit status 2, like a missing file."""


def _e(value: object) -> str:
    return html.escape("" if value is None or (not isinstance(value, list | tuple) and pd.isna(value)) else str(value))


def filter_lines(spec: FilterSpec) -> list[str]:
    """The filters as 'name: value' lines, one per parameter that restricts something ('none' when none do)."""
    labels = {
        "region": "Regions",
        "from": "From",
        "to": "To",
        "event_type": "Event types",
        "sub_event_type": "Sub-event types",
        "weapon": "Weapons",
        "infrastructure": "Infrastructure hit",
        "min_killed": "Min. killed",
        "min_injured": "Min. injured",
        "q": "Text",
        "facility": "Facilities",
    }
    params = spec._params()
    lines = [f"{labels[name]}: {value}" for name, value in params.items() if value]
    return lines or ["none (every event in the store)"]


def _figure_div(fig: go.Figure, width: int, height: int) -> str:
    fig = go.Figure(fig)
    fig.update_layout(width=width, height=height, font={"size": 10})
    body = pio.to_html(
        fig, include_plotlyjs=False, full_html=False, config={"staticPlot": True, "displayModeBar": False}
    )
    return f'<div class="fig" style="width:{width}px;height:{height}px">{body}</div>'


def _small(fig: go.Figure) -> go.Figure:
    fig = go.Figure(fig)
    fig.update_layout(
        title_font_size=11, margin={"t": 40, "l": 8, "r": 36, "b": 24}, xaxis_title_font_size=9, yaxis_tickfont_size=8
    )
    return fig


def _top(capacity: pd.Series, n: int = REGION_BARS) -> pd.Series:
    if len(capacity) <= n:
        return capacity
    rest = pd.Series({f"{len(capacity) - n + 1} other regions": capacity.iloc[n - 1 :].sum()})
    return pd.concat([capacity.iloc[: n - 1], rest])


def _table(view: EnergyView) -> str:
    hit = view.hit
    rows = []
    for row in hit.head(TABLE_ROWS).itertuples(index=False):
        mw = "—" if pd.isna(row.capacity_mw) else f"{row.capacity_mw:,.0f}"
        days = "—" if pd.isna(row.days_since) else f"{int(row.days_since):,}"
        rows.append(
            f"<tr><td>{_e(row.name)}</td><td>{_e(row.kind)}</td><td>{_e(row.region)}</td><td class=n>{mw}</td>"
            f"<td class=n>{row.hits}</td><td>{_e(row.first_hit)}</td><td>{_e(row.last_hit)}</td>"
            f"<td class=n>{days}</td></tr>"
        )
    more = len(hit) - TABLE_ROWS
    if more > 0:
        rows.append(
            f"<tr><td colspan=8 class=muted>… and {more:,} more facilities hit (see the CSV/HXL export)</td></tr>"
        )
    if not rows:
        rows.append("<tr><td colspan=8 class=muted>No listed facility was hit under these filters.</td></tr>")
    head = (
        "<tr><th>Facility</th><th>Kind</th><th>Region</th><th>MW</th><th>Hits</th><th>First hit</th>"
        f"<th>Last hit</th><th>Days since (to {view.as_of.isoformat()})</th></tr>"
    )
    return f"<table class=hits>{head}{''.join(rows)}</table>"


def _link(url: object, text: str) -> str:
    link = safe_link(url)
    return f'<a href="{html.escape(link, quote=True)}">{_e(text)}</a>' if link else _e(text)


def _sources(sf: ServingFrame, view: EnergyView) -> str:
    """The facility reference of every facility hit, then the event sources (name and link), most cited first."""
    hit = view.hit
    items = [f"<li>{_e(r.name)}: {_link(r.source_url, r.source_url)}</li>" for r in hit.head(SOURCE_ROWS).itertuples()]
    links = links_for(sf)
    rows, _ids, _evidence = links.for_positions(view.energy_positions)
    events = sf.events.iloc[rows] if len(rows) else sf.events.iloc[view.energy_positions]
    cited = (
        events.assign(source=events["source"].astype("string").fillna(""), url=events["source_url"].astype("string"))
        .groupby(["source", "url"], dropna=False, observed=True)
        .size()
        .sort_values(ascending=False)
    )
    event_items = []
    for (name, url), n in cited.head(SOURCE_ROWS).items():
        label = name or "source"
        event_items.append(f"<li>{_link(url, label if pd.isna(url) else f'{label} — {url}')} ({n})</li>")
    more = len(cited) - SOURCE_ROWS
    if more > 0:
        event_items.append(f"<li class=muted>… and {more:,} more sources</li>")
    return (
        "<div class=sources><div><h3>Facility data</h3><ul>"
        + ("".join(items) or "<li class=muted>none hit</li>")
        + "</ul></div><div><h3>Event sources (events linked to a facility)</h3><ul>"
        + ("".join(event_items) or "<li class=muted>none</li>")
        + "</ul></div></div>"
    )


_CSS = """
@page { size: A4 portrait; margin: 9mm; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', system-ui, sans-serif; font-size: 9.5px; color: #1d2327; margin: 0; }
h1 { font-size: 17px; margin: 0 0 2px; }
h3 { font-size: 10.5px; margin: 4px 0 2px; }
.meta { color: #5b6770; margin: 0 0 4px; }
.filters { background: #f3f1ec; border-radius: 4px; padding: 4px 8px; margin: 0 0 6px; }
.filters span { margin-right: 14px; }
.kpis { display: flex; gap: 8px; margin-bottom: 6px; }
.kpi { border: 1px solid #d5d9dc; border-radius: 4px; padding: 3px 8px; flex: 1; }
.kpi b { font-size: 15px; display: block; }
.row { display: flex; gap: 8px; align-items: flex-start; }
.col { display: flex; flex-direction: column; gap: 4px; }
table.hits { border-collapse: collapse; width: 100%; margin-top: 4px; }
table.hits th, table.hits td { border-bottom: 1px solid #e3e6e8; padding: 1.5px 4px; text-align: left; }
table.hits th { background: #f3f1ec; }
td.n { text-align: right; }
.muted { color: #5b6770; }
.sources { display: flex; gap: 12px; font-size: 8px; }
.sources > div { flex: 1; min-width: 0; }
.sources ul { margin: 0; padding-left: 12px; }
.sources li { overflow-wrap: anywhere; }
a { color: #0b5cad; text-decoration: none; }
.note { font-size: 8px; color: #5b6770; margin-top: 4px; }
"""


def report_html(sf: ServingFrame, spec: FilterSpec, now: datetime | None = None) -> str:
    """The report as one self-contained HTML page (plotly.js inline)."""
    from dashboard.energy.facilities import load_facilities

    facilities = load_facilities()
    view = energy_view(sf, spec, facilities)
    from dashboard.app.energy_page import _energy_events

    events = _energy_events(sf, view)
    box = (
        float(facilities["lon"].min()) - 1.5,
        float(facilities["lat"].min()) - 0.8,
        float(facilities["lon"].max()) + 1.5,
        float(facilities["lat"].max()) + 0.8,
    )
    collection: dict[str, Any] | None
    try:
        from dashboard.geo.admin1 import admin1_outlines

        collection = admin1_outlines(("UA", "RU", "BY", "PL", "SK", "HU", "RO", "MD"), tolerance=0.03)
    except (FileNotFoundError, ModuleNotFoundError):  # reference data not built: points on a plain background
        collection = None
    hit = view.hit
    capacity = hit["capacity_mw"].sum(min_count=1)
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    kpis = [
        (f"{view.energy_events:,}", f"energy events (of {view.matching:,} matching the filters)"),
        (f"{len(hit):,}", f"facilities hit (of {len(view.table):,} listed)"),
        (f"{view.total_hits:,}", "hits on listed facilities"),
        ("—" if pd.isna(capacity) else f"{capacity:,.0f} MW", CAPACITY_NOTE),
    ]
    figures = {
        "map": _figure_div(static_map_figure(view, events, collection, box), 440, 390),
        "kind": _figure_div(_small(capacity_figure(view.capacity_by("kind"), "kind")), 290, 190),
        "region": _figure_div(_small(capacity_figure(_top(view.capacity_by("region")), "region")), 290, 196),
        "timeline": _figure_div(_small(timeline_figure(view.weekly)), 740, 215),
    }
    from plotly.offline import get_plotlyjs

    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(TITLE)}</title><style>{_CSS}</style>
<script>{get_plotlyjs()}</script></head>
<body>
<h1>{_e(TITLE)}</h1>
<p class=meta>Generated {stamp} from the event store · {sf.events.shape[0]:,} events in the store ·
power plants: WRI Global Power Plant Database (CC BY 4.0); refineries and depots: curated, one public source each.</p>
<div class=filters><b>Filters:</b> {"".join(f"<span>{_e(line)}</span>" for line in filter_lines(spec))}</div>
<div class=kpis>{"".join(f"<div class=kpi><b>{_e(v)}</b>{_e(label)}</div>" for v, label in kpis)}</div>
<div class=row>{figures["map"]}<div class=col>{figures["kind"]}{figures["region"]}</div></div>
{figures["timeline"]}
<h3>Facilities hit, most hit first</h3>
{_table(view)}
{_sources(sf, view)}
<p class=note>Capacity is what is installed at the sites hit (GPPD, pre-war), not capacity lost.
A facility is hit when an event's notes name it, or name its town and the kind of facility,
or when the event lies within a few km of a facility of the kind the notes name.
Same data: python -m dashboard facilities --json with these filters.</p>
</body></html>"""


def report_pdf(sf: ServingFrame, spec: FilterSpec, html_out: Path | None = None) -> bytes:
    """The report printed to PDF by Chromium (A4, one page)."""
    page_html = report_html(sf, spec)
    if html_out is not None:
        html_out.write_text(page_html, encoding="utf-8")
    if not Path(CHROMIUM).exists():
        raise ReportError(
            f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium; or set STRIKE_ATLAS_CHROMIUM)"
        )
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError as exc:  # pragma: no cover - pinned in requirements.txt
        raise ReportError("the PDF needs the Python package playwright (see requirements.txt)") from exc
    try:
        # In a thread of its own: Playwright's sync API refuses to start where an asyncio loop is running
        # (a caller's, or another Playwright session in the same thread, as in the test suite).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="energy-pdf") as pool:
            return pool.submit(_print, page_html).result()
    except PlaywrightError as exc:
        raise ReportError(f"Chromium at {CHROMIUM} could not print the report: {exc}") from exc


def _print(page_html: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            # Laid out at the printed width, with print styles, so its measured height is the printed one.
            page = browser.new_page(viewport={"width": PRINTABLE_PX[0], "height": PRINTABLE_PX[1]})
            page.emulate_media(media="print")
            page.set_content(page_html, wait_until="load")
            # plotly draws on load; wait until every figure has its SVG
            page.wait_for_function(
                "() => [...document.querySelectorAll('.fig .js-plotly-plot')].every(g => g.querySelector('svg'))"
            )
            # One page: a long table or many sources shrink the whole page rather than spill onto a second.
            height = page.evaluate("document.documentElement.scrollHeight")
            scale = max(0.5, min(1.0, 0.98 * PRINTABLE_PX[1] / max(height, 1)))
            return page.pdf(format="A4", print_background=True, prefer_css_page_size=True, scale=scale)
        finally:
            browser.close()
