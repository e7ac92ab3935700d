"""The URL and the filter widgets: one ``FilterSpec`` read from either, written to both.

Every view reads the URL's query through ``parse_search`` -> ``FilterSpec``, so a URL, the widgets and
``python -m dashboard export`` with the same filters select the same events. ``sync_state`` is the one
callback's logic that keeps the address and the widgets in step (tests call it with explicit arguments).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from dash import no_update

from dashboard.app.layout import region_options
from dashboard.filters import FilterError, FilterSpec
from dashboard.serving import ServingFrame

__all__ = [
    "WIDGETS",
    "UrlState",
    "count_text",
    "describe",
    "parse_search",
    "refreshed_options",
    "search_for",
    "search_of",
    "spec_from_widgets",
    "sync_state",
    "widget_values",
]

# (component id, property) of every filter widget, in the order callbacks receive and return them.
WIDGETS: tuple[tuple[str, str], ...] = (
    ("filter-region", "value"),
    ("filter-dates", "start_date"),
    ("filter-dates", "end_date"),
    ("filter-event-type", "value"),
    ("filter-sub-event-type", "value"),
    ("filter-weapon", "value"),
    ("filter-infrastructure", "value"),
    ("filter-min-killed", "value"),
    ("filter-min-injured", "value"),
    ("filter-text", "value"),
)
_TRUE = ("1", "true", "yes", "on")


# ------------------------------------------------------------------------------------------------------------
# URL <-> widgets
# ------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UrlState:
    spec: FilterSpec
    present: bool = False
    errors: tuple[str, ...] = ()


def parse_search(search: str | None) -> UrlState:
    """The filters of a URL query. Bad values are dropped one parameter at a time, each with a message."""
    params: dict[str, list[str]] = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    present = params.pop("present", ["0"])[-1].strip().lower() in _TRUE
    try:
        return UrlState(FilterSpec.from_query(params), present)
    except FilterError:
        pass
    good: dict[str, list[str]] = {}
    errors: list[str] = []
    for name, values in params.items():
        try:
            FilterSpec.from_query({name: values})
        except FilterError as exc:
            errors.append(str(exc))
        else:
            good[name] = values
    try:
        spec = FilterSpec.from_query(good)
    except FilterError as exc:  # each value fine alone, not together: from after to
        errors.append(str(exc))
        good.pop("from", None)
        good.pop("to", None)
        spec = FilterSpec.from_query(good)
    return UrlState(spec, present, tuple(errors))


def search_for(spec: FilterSpec, present: bool = False) -> str:
    """'?region=UA-63&...' (or '' for no filters); `present=1` kept for presentation mode."""
    query = spec.to_query()
    if present:
        query = f"{query}&present=1" if query else "present=1"
    return f"?{query}" if query else ""


def widget_values(spec: FilterSpec) -> list[Any]:
    """The widget values that show `spec`, in WIDGETS order (None for 'no restriction')."""
    return [
        list(spec.regions),
        spec.date_from.isoformat() if spec.date_from else None,
        spec.date_to.isoformat() if spec.date_to else None,
        list(spec.event_types),
        list(spec.sub_event_types),
        list(spec.weapons),
        list(spec.infrastructure),
        spec.min_killed or None,
        spec.min_injured or None,
        spec.text or "",
    ]


def _day(value: object) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])  # the picker may send '2025-12-26T00:00:00'


def _count(value: object, name: str, errors: list[str]) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        errors.append(f"{name} {value!r} is not a whole number")
        return 0
    if number < 0:
        errors.append(f"{name} must be 0 or more")
        return 0
    return number


def spec_from_widgets(*values: Any) -> tuple[FilterSpec, tuple[str, ...]]:
    """A FilterSpec from widget values (WIDGETS order); impossible values are dropped with a message."""
    region, start, end, types, sub_types, weapons, infrastructure, min_killed, min_injured, text = values
    errors: list[str] = []
    try:
        date_from, date_to = _day(start), _day(end)
    except ValueError:
        errors.append("dates must be YYYY-MM-DD")
        date_from = date_to = None
    if date_from and date_to and date_from > date_to:
        errors.append(f"from {date_from} is after to {date_to}: dates ignored")
        date_from = date_to = None
    fields: dict[str, Any] = {
        "regions": tuple(region or ()),
        "date_from": date_from,
        "date_to": date_to,
        "event_types": tuple(types or ()),
        "sub_event_types": tuple(sub_types or ()),
        "weapons": tuple(weapons or ()),
        "infrastructure": tuple(infrastructure or ()),
        "min_killed": _count(min_killed, "minimum killed", errors),
        "min_injured": _count(min_injured, "minimum injured", errors),
        "text": (text or "").strip(),
    }
    try:
        return FilterSpec(**fields), tuple(errors)
    except FilterError as exc:  # widgets only offer valid values; this guards hand-edited requests
        return FilterSpec(), (*errors, str(exc))


def count_text(n: int) -> str:
    """The text of #event-count. Plain digits (no separators) so scripts can read it."""
    return f"{n} event" if n == 1 else f"{n} events"


def describe(spec: FilterSpec, total: int) -> str:
    """One line saying what the map shows, for the map's caption and its PNG export."""
    parts = [count_text(total)]
    if spec.regions:
        parts.append(", ".join(spec.regions))
    if spec.date_from or spec.date_to:
        parts.append(f"{spec.date_from or '…'} to {spec.date_to or '…'}")
    parts += [", ".join(v) for v in (spec.event_types, spec.sub_event_types, spec.weapons) if v]
    if spec.infrastructure:
        parts.append("hit: " + ", ".join(spec.infrastructure))
    if spec.min_killed:
        parts.append(f"≥{spec.min_killed} killed")
    if spec.min_injured:
        parts.append(f"≥{spec.min_injured} injured")
    if spec.text:
        parts.append(f"“{spec.text}”")
    return "Strike Atlas · " + " · ".join(parts)


def _message(errors: Sequence[str], source: str) -> list[Any] | str:
    if not errors:
        return ""
    return [f"Some {source} values could not be used and were ignored: ", "; ".join(errors), "."]


def sync_state(
    trigger: str | None,
    search: str | None,
    values: Sequence[Any],
    present: bool,
    sf: ServingFrame | None = None,
) -> tuple[Any, ...]:
    """Keep URL and widgets in step. Returns (search, *widget values, region options, message, present).

    The URL drives on page load and on back/forward (`trigger` None or 'url'); a widget, the reset or the
    presentation button drive otherwise and push a new URL (dcc.Location adds a history entry). Every
    view reads the URL, so it is the one place the filters live.
    """
    n = len(WIDGETS)
    keep = [no_update] * n
    if trigger in (None, "url"):
        parsed = parse_search(search)
        options = region_options(sf.regions(), parsed.spec.regions) if sf is not None else no_update
        return (no_update, *widget_values(parsed.spec), options, _message(parsed.errors, "URL"), parsed.present)
    current = search or ""
    if trigger == "present-toggle":
        present = not present
        new = search_for(parse_search(search).spec, present)
        return (new if new != current else no_update, *keep, no_update, no_update, present)
    if trigger == "filter-reset":
        spec = FilterSpec()
        new = search_for(spec, present)
        return (new if new != current else no_update, *widget_values(spec), no_update, "", present)
    spec, errors = spec_from_widgets(*values)
    new = search_for(spec, present)
    return (new if new != current else no_update, *keep, no_update, _message(errors, "filter"), no_update)


def refreshed_options(
    sf: ServingFrame, regions: Sequence[str] | None = None, weapons: Sequence[str] | None = None
) -> tuple[list[dict[str, str]], list[str]]:
    """(region options, weapon options) of the store after a panel added events; chosen values stay offered."""
    known = sf.values("weapon")
    return region_options(sf.regions(), tuple(regions or ())), [*known, *(w for w in weapons or () if w not in known)]


def search_of(href: str | None) -> str:
    """The query of the page's address ('?region=UA-63'), from dcc.Location's `href`."""
    query = urlsplit(href or "").query
    return f"?{query}" if query else ""
