"""The "Add events from text" panel: paste or upload a news text, review the candidate strikes, add them.

Flow: text → Extract (:func:`dashboard.extract.extract_events`) → the candidates on a small offline map and in
an editable table, each with its evidence highlighted → the reviewer fixes or drops rows, sets the date and
the source → "Add N events to the store" checks everything and shows what would happen → only the second
button ("Yes, add …") writes, and only the exact events that were checked.

The callbacks are thin: the logic is in :mod:`dashboard.extract.review` (rows, checks, store) and in the
plain functions below (figure, evidence, the add step), which tests call directly. Text from the article is
always rendered as text (``html.Mark`` pieces), never as HTML.
"""

from __future__ import annotations

import html as html_text
import math
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import dash
import dash_ag_grid as dag
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from dashboard.app import access, state
from dashboard.app.figures import outline_layers
from dashboard.app.layout import OUTLINES_URL
from dashboard.app.panel import Callbacks
from dashboard.extract.review import (
    MAX_UPLOAD_BYTES,
    ReviewError,
    add_events,
    apply_edit,
    candidate_rows,
    dates_in_text,
    decode_upload,
    highlight,
    prepare_events,
    preview_merge,
    suggest_event_date,
)
from dashboard.schema import INFRASTRUCTURE

__all__ = [
    "COLUMNS",
    "TITLE",
    "candidates_map",
    "current_rows",
    "edit_rows",
    "evidence_view",
    "extract_rows",
    "layout",
    "review_step",
    "upload_text",
]

callbacks = Callbacks()  # registered on each app by create_app

TITLE = "Add events from text"
MAX_TEXT_CHARS = MAX_UPLOAD_BYTES  # pasted text: the same limit as a file

# Inline styles: the panel brings no stylesheet of its own, and reuses the page's classes where they fit.
_CARD = {"background": "white", "border": "1px solid #d9dee2", "borderRadius": "8px", "padding": "10px 14px"}
_LABEL = {"display": "block", "fontWeight": 600, "fontSize": "14px", "margin": "8px 0 4px"}
_FIELD = {
    "width": "100%",
    "boxSizing": "border-box",
    "padding": "6px 8px",
    "font": "inherit",
    "border": "1px solid #d9dee2",
    "borderRadius": "6px",
}
_OK = {"background": "#e9f5ec", "border": "1px solid #7cbf8e", "borderRadius": "6px", "padding": "8px 12px"}
_PROBLEM = {"background": "#fff4e5", "border": "1px solid #f0b429", "borderRadius": "6px", "padding": "8px 12px"}
_HIDDEN = {"display": "none"}
_CONFIRM_BOX = {"display": "flex", "gap": "10px", "alignItems": "center", "marginTop": "10px"}
_MARK = {"background": "#ffe08a", "padding": "0 2px", "borderRadius": "3px"}

KEPT_COLOR = "#d1281f"
DROPPED_COLOR = "#8a949b"

COLUMNS: list[dict[str, Any]] = [
    {"field": "keep", "headerName": "Keep", "cellDataType": "boolean", "editable": True, "width": 78},
    {
        "field": "place",
        "headerName": "Place",
        "editable": True,
        "width": 150,
        "headerTooltip": "Edit to move the event: the new name is geocoded with the offline gazetteer",
    },
    {"field": "region", "headerName": "Region", "width": 170},
    {
        "field": "killed",
        "headerName": "Killed",
        "cellDataType": "number",
        "editable": True,
        "width": 92,
        "cellEditorParams": {"min": 0, "precision": 0},
        "headerTooltip": "Lowest reported figure; empty: not reported",
    },
    {
        "field": "injured",
        "headerName": "Injured",
        "cellDataType": "number",
        "editable": True,
        "width": 96,
        "cellEditorParams": {"min": 0, "precision": 0},
    },
    {"field": "weapon", "headerName": "Weapon", "editable": True, "width": 190},
    {
        "field": "infrastructure",
        "headerName": "Infrastructure",
        "editable": True,
        "width": 160,
        "headerTooltip": "Comma-separated, from: " + ", ".join(INFRASTRUCTURE),
    },
    {"field": "power_outage", "headerName": "Power cut", "cellDataType": "boolean", "editable": True, "width": 100},
    {
        "field": "confidence",
        "headerName": "Confidence",
        "cellDataType": "number",
        "width": 112,
        "valueFormatter": {"function": "d3.format('.2f')(params.value)"},
    },
    {
        "field": "check",
        "headerName": "Problems",
        "flex": 1,
        "minWidth": 200,
        "tooltipField": "check",
        "cellStyle": {"color": "#9c4a00"},
    },
]


# -- plain functions (tested directly) ---------------------------------------------------------------------


def upload_text(contents: str | None, filename: str | None) -> tuple[str | Any, str]:
    """(text for the text box, or no_update; a message about the file)."""
    if not contents:
        return no_update, ""
    try:
        text = decode_upload(contents, filename)
    except ReviewError as exc:
        return no_update, str(exc)
    return text, f"Loaded {filename or 'the file'} ({len(text):,} characters). Press Extract."


def extract_rows(
    text: str | None, today: date | None = None, geocoder: Any = None
) -> tuple[list[dict[str, Any]], str, str | None, str]:
    """(grid rows, status message, a date for the date picker or None, a note about dates in the text)."""
    from dashboard.extract import extract_events

    text = (text or "").strip()
    if not text:
        return [], "Paste the text of a news report first (or upload a .txt file).", None, ""
    if len(text) > MAX_TEXT_CHARS:
        return [], f"The text is longer than {MAX_TEXT_CHARS:,} characters: paste one article at a time.", None, ""
    today = today or date.today()
    rows = candidate_rows(extract_events(text, geocoder))
    for row in rows:
        row["confidence"] = round(float(row["confidence"]), 2)
    suggested = suggest_event_date(text, today)
    mentioned = sorted({d for d, _at in dates_in_text(text)})
    if suggested:
        note = f"Date set from the text's dateline: {suggested.isoformat()}. Check it is the day of the strikes."
    elif mentioned:
        shown = ", ".join(d.isoformat() for d in mentioned[:5])
        note = f"Dates mentioned in the text: {shown}. None is used: set the day of the strikes yourself."
    else:
        note = "The text gives no date: set the day of the strikes."
    if rows:
        status = (
            f"{len(rows)} candidate event{'s' * (len(rows) != 1)} found. Check each against its evidence: "
            "untick 'keep' to drop one, double-click a cell to fix it."
        )
    else:
        status = "No strike on a place in Ukraine or Russia was found in this text."
    return rows, status, suggested.isoformat() if suggested else None, note


def current_rows(
    row_data: Sequence[Mapping[str, Any]] | None, virtual: Sequence[Mapping[str, Any]] | None
) -> list[dict[str, Any]]:
    """The table as the reviewer sees it, in extraction order (the grid's view may be sorted)."""
    edited = {r.get("row_id"): r for r in (virtual or [])}
    base = row_data or virtual or []
    return [dict(edited.get(r.get("row_id"), r)) for r in base]


def edit_rows(
    changes: Sequence[Mapping[str, Any]] | None,
    row_data: Sequence[Mapping[str, Any]] | None,
    virtual: Sequence[Mapping[str, Any]] | None,
    geocoder: Any = None,
) -> list[dict[str, Any]]:
    """The edited rows, each re-checked (a new place geocoded again); only these go back to the grid."""
    rows = {r.get("row_id"): r for r in current_rows(row_data, virtual)}
    updated: dict[str, dict[str, Any]] = {}
    for change in changes or []:
        data = change.get("data") or {}
        row_id = data.get("row_id", change.get("rowId"))
        if row_id not in rows:
            continue
        base = updated.get(row_id, rows[row_id])
        updated[row_id] = apply_edit({**base, **data}, change.get("colId"), geocoder)
    return list(updated.values())


def _view(lats: Sequence[float], lons: Sequence[float]) -> tuple[dict[str, float], float]:
    """Centre and zoom that fit the points in a ~700x380 px map (Ukraine when there are none)."""
    if not lats:
        return {"lat": 48.5, "lon": 33.0}, 4.2
    # At least ~150 km across: one point alone still shows its region and coast.
    lat_span = max(max(lats) - min(lats), 1.5) * 1.4
    lon_span = max(max(lons) - min(lons), 1.5) * 1.4
    zoom = min(math.log2(700 * 360 / (512 * lon_span)), math.log2(380 * 180 / (512 * lat_span)))
    centre = {"lat": (max(lats) + min(lats)) / 2, "lon": (max(lons) + min(lons)) / 2}
    return centre, max(2.0, min(zoom, 9.0))


def _hover(row: Mapping[str, Any]) -> str:
    def esc(value: object) -> str:  # plotly reads <b>, <br> and entities in hover text; article text is data
        return html_text.escape("" if value is None else str(value))

    def count(value: object) -> str:
        return "?" if value is None or value == "" else esc(value)

    return (
        f"<b>{esc(row.get('place'))}</b><br>{esc(row.get('region'))}<br>"
        f"killed {count(row.get('killed'))} · injured {count(row.get('injured'))}<br>"
        f"{esc(row.get('weapon') or 'weapon not named')}" + ("" if row.get("keep", True) else "<br><i>dropped</i>")
    )


def candidates_map(
    rows: Sequence[Mapping[str, Any]], selected: str | None = None, outlines: str | None = OUTLINES_URL
) -> go.Figure:
    """The candidates on an offline map (white-bg + admin-1 outlines): kept in red, dropped in grey."""
    fig = go.Figure()
    placed = [r for r in rows if r.get("lat") is not None and r.get("lon") is not None]
    chosen = [r for r in placed if r.get("row_id") == selected]
    fig.add_trace(  # first, so the highlight ring lies under the markers
        go.Scattermap(
            lat=[r["lat"] for r in chosen],
            lon=[r["lon"] for r in chosen],
            mode="markers",
            name="selected",
            marker={"size": 26, "color": "#ffd23f", "opacity": 0.9},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for name, color, keep in (("kept", KEPT_COLOR, True), ("dropped", DROPPED_COLOR, False)):
        group = [r for r in placed if bool(r.get("keep", True)) == keep]
        fig.add_trace(
            go.Scattermap(
                lat=[r["lat"] for r in group],
                lon=[r["lon"] for r in group],
                mode="markers",
                name=name,
                marker={"size": 13, "color": color, "opacity": 0.9 if keep else 0.6},
                hovertext=[_hover(r) for r in group],
                hoverinfo="text",
                customdata=[r.get("row_id") for r in group],
            )
        )
    centre, zoom = _view([r["lat"] for r in placed], [r["lon"] for r in placed])
    layers = outline_layers(outlines, "outlines")  # the map tab's offline basemap: sea, land, borders
    fig.update_layout(
        map={"style": "white-bg", "center": centre, "zoom": zoom, "layers": layers},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
        uirevision="review-map",
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif", "size": 13},
    )
    return fig


def evidence_view(row: Mapping[str, Any] | None) -> list[Any]:
    """The selected candidate's evidence, one paragraph per sentence, the place marked. Text only."""
    if not row:
        return [html.P("Click a row to see the sentences it was read from.", className="muted")]
    names = [str(row.get("place") or ""), str(row.get("extracted_place") or "")]
    paragraphs: list[list[Any]] = [[]]
    for piece, is_match in highlight(str(row.get("evidence") or ""), names, row.get("evidence_span")):
        lines = piece.split("\n")
        for k, line in enumerate(lines):
            if k:
                paragraphs.append([])
            if line:
                paragraphs[-1].append(html.Mark(line, style=_MARK) if is_match else line)
    meta = [f"confidence {float(row.get('confidence') or 0):.2f}"]
    if row.get("reported_by"):
        meta.append(f"reported by {row['reported_by']}")
    if row.get("actor"):
        meta.append(f"actor: {row['actor']}")
    return [
        html.H4(f"Evidence for {row.get('place') or '—'}", style={"margin": "4px 0"}),
        html.P(" · ".join(meta), className="muted small", style={"margin": "0 0 6px"}),
        *[html.P(p, style={"margin": "4px 0", "lineHeight": "1.45"}) for p in paragraphs if p],
    ]


def _problems(title: str, problems: Sequence[str]) -> html.Div:
    return html.Div(
        [html.Strong(title), html.Ul([html.Li(p) for p in problems], style={"margin": "4px 0"})],
        style=_PROBLEM,
        role="alert",
    )


def review_step(
    action: str,
    rows: Sequence[Mapping[str, Any]],
    event_date: str | None,
    source: str | None,
    source_url: str | None,
    pending: str | None,
    store_path: Path | str,
    *,
    today: date | None = None,
    geocoder: Any = None,
) -> tuple[Any, dict[str, str], str | None, str, bool]:
    """One step of adding: "check" (validate, preview, ask), "confirm" (write what was checked), "cancel",
    "reset" (a new extraction).

    Returns (report, confirm-box style, pending fingerprint, confirm button label, store written). Nothing
    is written unless `action` is "confirm" and the events are exactly those the reviewer was shown.
    """
    if action in ("cancel", "reset"):
        note = html.P("Nothing was added.", className="muted") if action == "cancel" else None
        return note, _HIDDEN, None, "", False
    prepared = prepare_events(rows, event_date, source, source_url, today=today, geocoder=geocoder)
    if not prepared.ok or prepared.events is None:
        return _problems("Nothing can be added yet. Fix these:", prepared.problems), _HIDDEN, None, "", False
    n = len(prepared.events)
    label = f"Yes, add {n} event{'s' * (n != 1)}"
    day = str(prepared.events["event_date"].iloc[0].date())
    if action == "confirm" and pending == prepared.fingerprint:
        result = add_events(prepared.events, store_path)
        state.invalidate()
        # The page's "store-version" follows (see _publish): the Map tab shows them without a reload.
        report = html.Div(
            [html.Strong("Done. "), result.message(done=True), " They are on the Map tab now."],
            style=_OK,
            role="status",
        )
        return report, _HIDDEN, None, "", True
    preview = preview_merge(prepared.events, store_path)
    if preview.added == 0:
        report = html.Div(
            f"Nothing new to add: {'it is' if n == 1 else f'all {n} are'} already in the store "
            "(same date, source, place and point).",
            style=_PROBLEM,
            role="status",
        )
        return report, _HIDDEN, None, "", False
    intro = "The table, date or source changed since the last check. Check again: " if action == "confirm" else ""
    dropped = f", {prepared.dropped} dropped" if prepared.dropped else ""
    report = html.Div(
        [
            html.Strong(f"{intro}Ready: {n} event{'s' * (n != 1)} dated {day}{dropped}. "),
            preview.message(done=False),
            html.Br(),
            html.Span(
                f"Dataset 'extracted', source '{(source or '').strip()}'"
                + (f", link {source_url.strip()}" if (source_url or "").strip() else ", no link")
                + ". Nothing is written until you confirm.",
                className="muted small",
            ),
        ],
        style=_OK,
        role="status",
    )
    return report, _CONFIRM_BOX, prepared.fingerprint, label, False


# -- layout ------------------------------------------------------------------------------------------------


def layout() -> html.Div:
    """The panel (built per page load, so the date defaults to today)."""
    today = date.today().isoformat()
    text_card = html.Div(
        style=_CARD,
        children=[
            html.Label("News text", htmlFor="review-text", style=_LABEL),
            dcc.Textarea(
                id="review-text",
                placeholder="Paste the text of a news report about strikes here…",
                maxLength=MAX_TEXT_CHARS,
                style={**_FIELD, "height": "230px", "resize": "vertical"},
            ),
            # No `accept` filter: the browser would drop a wrong file silently, the server says why. The size
            # limit stays in the browser (a 100 MB file is not sent at all), so the label states it.
            dcc.Upload(
                id="review-upload",
                max_size=MAX_UPLOAD_BYTES,
                multiple=False,
                children=html.Div(
                    [
                        "Or drop a .txt file here, or ",
                        html.U("choose one"),
                        f" (UTF-8 text, up to {MAX_UPLOAD_BYTES // 1048576} MB; a larger file is not read).",
                    ]
                ),
                style={
                    "border": "1px dashed #9aa5ad",
                    "borderRadius": "6px",
                    "padding": "8px 10px",
                    "marginTop": "8px",
                    "textAlign": "center",
                    "cursor": "pointer",
                    "fontSize": "14px",
                },
            ),
            html.Div(id="review-upload-note", className="muted small", **{"aria-live": "polite"}),
            html.Div(id="review-size-error", role="alert", style={"color": "#9c1c1c"}),
            dcc.Store(id="review-size-guard"),
            html.Div(
                style={"display": "flex", "gap": "12px", "alignItems": "center", "marginTop": "10px"},
                children=[
                    html.Button("Extract events", id="review-extract", n_clicks=0, style={"whiteSpace": "nowrap"}),
                    dcc.Loading(html.Span(id="review-status", **{"aria-live": "polite"}), type="dot", delay_show=300),
                ],
            ),
        ],
    )
    map_card = html.Div(
        style={**_CARD, "padding": "0", "overflow": "hidden"},
        children=dcc.Graph(
            id="review-map",
            figure=candidates_map([]),
            config={"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["sendChartToCloud"]},
            style={"height": "380px"},
        ),
    )
    table_card = html.Div(
        style={**_CARD, "marginTop": "12px"},
        children=[
            html.H3("Candidates", style={"margin": "2px 0 4px", "fontSize": "17px"}),
            html.P(id="review-count-note", className="muted small", style={"margin": "0 0 6px"}),
            dag.AgGrid(
                id="review-grid",
                columnDefs=COLUMNS,
                rowData=[],
                getRowId="params.data.row_id",
                defaultColDef={"resizable": True, "sortable": True},
                dashGridOptions={
                    "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                    "stopEditingWhenCellsLoseFocus": True,
                    "domLayout": "autoHeight",
                    "tooltipShowDelay": 300,
                    "animateRows": False,
                    "localeText": {"noRowsToShow": "No candidates yet: paste a text and press Extract events"},
                },
                getRowStyle={
                    "styleConditions": [
                        {"condition": "!params.data.keep", "style": {"color": DROPPED_COLOR, "fontStyle": "italic"}},
                        {"condition": "params.data.check", "style": {"backgroundColor": "#fff4e5"}},
                    ]
                },
                style={"width": "100%"},
            ),
            html.Div(
                id="review-evidence",
                style={"marginTop": "10px", "overflowWrap": "anywhere"},
                children=evidence_view(None),
            ),
        ],
    )
    add_card = html.Div(
        style={**_CARD, "marginTop": "12px"},
        children=[
            html.Div(
                style={
                    "display": "grid",
                    "gridTemplateColumns": "200px minmax(0, 1fr) minmax(0, 2fr)",
                    "gap": "12px",
                    "alignItems": "end",
                },
                children=[
                    html.Div(
                        [
                            html.Label("Event date", htmlFor="review-date", style=_LABEL),
                            dcc.DatePickerSingle(
                                id="review-date",
                                date=today,
                                max_date_allowed=today,
                                display_format="YYYY-MM-DD",
                                first_day_of_week=1,
                                clearable=False,
                            ),
                        ]
                    ),
                    html.Div(
                        [
                            html.Label("Source", htmlFor="review-source", style=_LABEL),
                            dcc.Input(
                                id="review-source", type="text", placeholder="e.g. Kyiv Independent", style=_FIELD
                            ),
                        ]
                    ),
                    html.Div(
                        [
                            html.Label("Source URL (http or https)", htmlFor="review-url", style=_LABEL),
                            dcc.Input(
                                id="review-url", type="text", inputMode="url", placeholder="https://…", style=_FIELD
                            ),
                        ]
                    ),
                ],
            ),
            html.P(id="review-date-hint", className="muted small", style={"margin": "6px 0"}),
            html.Button("Add 0 events to the store", id="review-add", n_clicks=0, disabled=True),
            dcc.Loading(html.Div(id="review-report", style={"marginTop": "10px"}), type="dot", delay_show=300),
            html.Div(
                id="review-confirm-box",
                style=_HIDDEN,
                children=[
                    html.Button("Yes, add", id="review-confirm", n_clicks=0),
                    html.Button("Cancel", id="review-cancel", n_clicks=0, className="secondary"),
                ],
            ),
            dcc.Store(id="review-pending"),
        ],
    )
    return html.Div(
        id="review-panel",
        className="content",
        children=[
            access.layout("review"),
            html.H2(TITLE, style={"margin": "4px 0"}),
            html.P(
                "Paste a news report, or upload it as a .txt file. Extract finds candidate strikes (place, "
                "casualties, weapon, what was hit) by rules and the offline gazetteer. Check each against its "
                "evidence, fix or drop it, choose the date and the source, then add the kept ones to the store "
                "(dataset 'extracted'). Nothing is written until you confirm.",
                className="muted",
                style={"maxWidth": "1000px", "margin": "0 0 10px"},
            ),
            html.Div(
                style={"display": "grid", "gridTemplateColumns": "minmax(0, 2fr) minmax(0, 3fr)", "gap": "12px"},
                children=[text_card, map_card],
            ),
            table_card,
            add_card,
        ],
    )


# -- callbacks (thin) --------------------------------------------------------------------------------------


@callbacks.callback(
    Output("review-text", "value"),
    Output("review-upload-note", "children"),
    Input("review-upload", "contents"),
    State("review-upload", "filename"),
    prevent_initial_call=True,
)
def _on_upload(contents: str | None, filename: str | None) -> tuple[Any, str]:
    return upload_text(contents, filename)


@callbacks.callback(
    Output("review-grid", "rowData"),
    Output("review-status", "children"),
    Output("review-date", "date"),
    Output("review-date-hint", "children"),
    Input("review-extract", "n_clicks"),
    State("review-text", "value"),
    prevent_initial_call=True,
)
def _on_extract(_n: int, text: str | None) -> tuple[Any, str, Any, str]:
    rows, status, suggested, note = extract_rows(text)
    return rows, status, suggested or no_update, note


@callbacks.callback(
    Output("review-grid", "rowTransaction"),
    Input("review-grid", "cellValueChanged"),
    State("review-grid", "rowData"),
    State("review-grid", "virtualRowData"),
    prevent_initial_call=True,
)
def _on_edit(
    changes: list[dict[str, Any]] | None, row_data: list[dict[str, Any]] | None, virtual: list[dict[str, Any]] | None
) -> Any:
    # Only the edited rows go back, as a transaction: replacing all rowData would redraw the grid and
    # overwrite an edit made in another row while this one was being geocoded. Synchronous, so the grid's
    # virtualRowData (what the other callbacks read) already holds the update when it is sent.
    updated = edit_rows(changes, row_data, virtual)
    return {"async": False, "update": updated} if updated else no_update


@callbacks.callback(
    Output("review-map", "figure"),
    Output("review-evidence", "children"),
    Output("review-add", "children"),
    Output("review-add", "disabled"),
    Output("review-count-note", "children"),
    # The grid edits its row objects in place, so after an edit virtualRowData can compare equal to what
    # Dash already holds and trigger nothing: cellValueChanged (new on every edit) is the dependable signal.
    Input("review-grid", "virtualRowData"),
    Input("review-grid", "rowData"),
    Input("review-grid", "cellValueChanged"),
    Input("review-grid", "selectedRows"),
    prevent_initial_call=True,  # the layout starts empty; the page load need not wait on this panel
)
def _on_rows(
    virtual: list[dict[str, Any]] | None,
    row_data: list[dict[str, Any]] | None,
    _changed: Any,
    selected: list[dict[str, Any]] | None,
) -> tuple[Any, ...]:
    rows = current_rows(row_data, virtual)
    chosen_id = (selected or [{}])[0].get("row_id") if selected else None
    chosen = next((r for r in rows if r.get("row_id") == chosen_id), rows[0] if rows else None)
    kept = sum(bool(r.get("keep", True)) for r in rows)
    problems = sum(bool(r.get("check")) and bool(r.get("keep", True)) for r in rows)
    note = (
        f"{kept} of {len(rows)} kept"
        + (f" · {problems} with problems to fix" if problems else "")
        + " · click a row for its evidence"
        if rows
        else ""
    )
    label = f"Add {kept} event{'s' * (kept != 1)} to the store"
    return (
        candidates_map(rows, chosen.get("row_id") if chosen else None),
        evidence_view(chosen),
        label,
        kept == 0,
        note,
    )


_ACTIONS = {"review-add": "check", "review-confirm": "confirm", "review-cancel": "cancel", "review-extract": "reset"}


@callbacks.callback(
    Output("review-report", "children"),
    Output("review-confirm-box", "style"),
    Output("review-pending", "data"),
    Output("review-confirm", "children"),
    Input("review-add", "n_clicks"),
    Input("review-confirm", "n_clicks"),
    Input("review-cancel", "n_clicks"),
    Input("review-extract", "n_clicks"),
    State("review-grid", "rowData"),
    State("review-grid", "virtualRowData"),
    State("review-date", "date"),
    State("review-source", "value"),
    State("review-url", "value"),
    State("review-pending", "data"),
    prevent_initial_call=True,
)
def _on_add(
    _add: int,
    _confirm: int,
    _cancel: int,
    _extract: int,
    row_data: list[dict[str, Any]] | None,
    virtual: list[dict[str, Any]] | None,
    event_date: str | None,
    source: str | None,
    source_url: str | None,
    pending: str | None,
) -> tuple[Any, ...]:
    action = _ACTIONS.get(str(dash.ctx.triggered_id), "check")
    if action == "confirm" and (refused := access.write_refused()):  # checked on the server, whatever the page shows
        return refused, no_update, no_update, no_update
    report, style, fingerprint, label, _written = review_step(
        action, current_rows(row_data, virtual), event_date, source, source_url, pending, state.get_store_path()
    )
    return report, style, fingerprint, label


callbacks.upload_size_guard(
    "review-upload",
    "review-size-error",
    "review-size-guard",
    "Paste the part that reports the strikes, or run: python -m dashboard extract FILE",
    clear=False,
)
access.register(callbacks, "review")
_publish = callbacks.publish_store_version("review-report")  # the map tab refreshes after a confirmed write
