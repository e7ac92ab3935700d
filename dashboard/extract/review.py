"""Reviewing extracted candidates: grid rows in, validated events out, then into the store on confirmation.

The "Add events from text" panel (:mod:`dashboard.app.review`) is a thin shell over these functions; nothing
here imports Dash, so tests call them directly.

- :func:`candidate_rows` turns :class:`~dashboard.extract.Candidate` objects into the editable table's rows
  (plain JSON: a Dash grid sends them back and forth). :func:`apply_edit` re-checks one edited row: a new place
  is geocoded again, a new weapon sets the sub-event type.
- :func:`prepare_events` turns the kept rows plus the reviewer's date and source into schema rows through
  :func:`~dashboard.extract.candidates_to_events` (which validates them), or into a list of problems a person
  can act on. :func:`preview_merge` says what writing them would do; :func:`add_events` writes them (merged,
  idempotent on ``event_id``, atomic, under the store's lock).
- :func:`highlight` splits an evidence text into plain and highlighted pieces, to be rendered as text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from dashboard.extract.extract import DEFAULT_COUNTRIES, Candidate, GeocoderLike, candidates_to_events
from dashboard.extract.patterns import LANGUAGES, SUB_EVENT_SHELLING
from dashboard.schema import INFRASTRUCTURE, EventValidationError

__all__ = [
    "MAX_UPLOAD_BYTES",
    "AddResult",
    "Prepared",
    "ReviewError",
    "add_events",
    "apply_edit",
    "candidate_rows",
    "check_row",
    "check_source",
    "dates_in_text",
    "decode_upload",
    "highlight",
    "parse_count",
    "parse_infrastructure",
    "prepare_events",
    "preview_merge",
    "row_to_candidate",
    "sub_event_for",
    "suggest_event_date",
]

MAX_UPLOAD_BYTES = 1024 * 1024  # 1 MB: a long news article is ~50 kB; anything near 1 MB is not one article
DATELINE_CHARS = 400  # a date this close to the top is the report's dateline, not a date it talks about
REVIEW_COUNTRIES: tuple[str, ...] = DEFAULT_COUNTRIES  # edited places: the countries the extractor keeps


class ReviewError(ValueError):
    """A problem the reviewer can fix (the message says how)."""


# -- input text --------------------------------------------------------------------------------------------


def decode_upload(contents: str | None, filename: str | None, limit: int = MAX_UPLOAD_BYTES) -> str:
    """The text of an uploaded .txt file (a ``data:...;base64,`` URL from the browser), or ReviewError."""
    if not contents:
        raise ReviewError("No file was received.")
    name = filename or "the file"
    if filename and not filename.lower().endswith(".txt"):
        raise ReviewError(f"{name} is not a .txt file: save the article as plain text (.txt) first.")
    _, _, payload = contents.partition(",")
    if len(payload) * 3 // 4 > limit + 3:  # decoded size, before decoding it
        raise ReviewError(f"{name} is larger than {limit // (1024 * 1024)} MB: paste the article's text instead.")
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ReviewError(f"{name} could not be read ({exc}).") from exc
    if len(raw) > limit:
        raise ReviewError(f"{name} is larger than {limit // (1024 * 1024)} MB: paste the article's text instead.")
    if b"\x00" in raw:
        raise ReviewError(f"{name} is not a text file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewError(f"{name} is not UTF-8 text: save it as UTF-8 and upload it again.") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Month names by number: English, then Ukrainian and Russian in the genitive that dates use ("15 листопада
# 2025 року", "20 ноября 2025 года").
_MONTH_NAMES: list[tuple[str, ...]] = [
    ("jan", "january", "січня", "января"), ("feb", "february", "лютого", "февраля"),
    ("mar", "march", "березня", "марта"), ("apr", "april", "квітня", "апреля"), ("may", "травня", "мая"),
    ("jun", "june", "червня", "июня"), ("jul", "july", "липня", "июля"), ("aug", "august", "серпня", "августа"),
    ("sep", "sept", "september", "вересня", "сентября"), ("oct", "october", "жовтня", "октября"),
    ("nov", "november", "листопада", "ноября"), ("dec", "december", "грудня", "декабря"),
]  # fmt: skip
_MONTHS = {m: k for k, names in enumerate(_MONTH_NAMES, start=1) for m in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RES = (
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
)


def dates_in_text(text: str) -> list[tuple[date, int]]:
    """Full dates written in the text ("Feb. 24, 2022", "24 February 2022", "2022-02-24", "24 лютого 2022"),
    with their offsets."""
    found: dict[int, date] = {}
    for pattern in _DATE_RES:
        for m in pattern.finditer(text or ""):
            month = int(m["m"]) if "m" in pattern.groupindex and m["m"] else _MONTHS[m["mon"].lower()]
            try:
                found.setdefault(m.start(), date(int(m["y"]), month, int(m["d"])))
            except ValueError:  # "Feb. 30, 2024"
                continue
    return sorted(((d, at) for at, d in found.items()), key=lambda x: x[1])


def suggest_event_date(text: str, today: date) -> date | None:
    """The dateline's date (the latest full date in the first lines, not after today), else None.

    Dates further down are what the article talks about ("Russia's invasion on Feb. 24, 2022"), not when its
    strikes happened, so they are shown to the reviewer but never chosen.
    """
    near_top = [d for d, at in dates_in_text(text) if at < DATELINE_CHARS and d <= today]
    return max(near_top) if near_top else None


# -- grid rows ---------------------------------------------------------------------------------------------


def _region_label(admin1: object, code: object) -> str:
    if not admin1 and not code:
        return ""
    return f"{admin1 or '?'} ({code or '?'})"


def candidate_rows(candidates: Sequence[Candidate]) -> list[dict[str, Any]]:
    """One row per candidate for the review table; every value is JSON (the grid sends rows back and forth).

    ``geocoded`` is the place the coordinates belong to: a row whose ``place`` differs was edited and must
    be geocoded again before it can be added.
    """
    rows = []
    for k, c in enumerate(candidates, start=1):
        rows.append(
            {
                "row_id": f"c{k}",
                "keep": True,
                "place": c.place,
                "region": _region_label(c.admin1, c.admin1_code),
                "killed": c.killed,
                "injured": c.injured,
                "weapon": c.weapon or "",
                "infrastructure": ", ".join(c.infrastructure),
                "power_outage": bool(c.power_outage),
                "confidence": c.confidence,
                "check": "",
                # not shown as columns: carried to the events
                "geocoded": c.place,
                "extracted_place": c.place,
                "lat": c.lat,
                "lon": c.lon,
                "country": c.country,
                "admin1_code": c.admin1_code,
                "admin1": c.admin1,
                "geo_precision": c.geo_precision,
                "sub_event_type": c.sub_event_type,
                "infrastructure_detail": c.infrastructure_detail,
                "actor": c.actor,
                "reported_by": c.reported_by,
                "evidence": c.evidence,
                "evidence_span": list(c.evidence_span) if c.evidence_span else None,
            }
        )
    return rows


def parse_count(value: object, label: str = "count") -> int | None:
    """A casualty count from a grid cell: empty means "not reported"; otherwise a whole number >= 0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise ReviewError(f"{label}: {value!r} is not a number")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise ReviewError(f"{label}: {text!r} is not a number (leave it empty if not reported)") from None
    if not isinstance(value, int | float) or (isinstance(value, float) and not value.is_integer()):
        raise ReviewError(f"{label}: {value!r} is not a whole number")
    if value < 0:
        raise ReviewError(f"{label}: {value!r} must be 0 or more")
    return int(value)


def parse_infrastructure(value: object) -> list[str]:
    """Categories from "energy, port" (commas or semicolons, any case), in the schema's order."""
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[,;]", str(value))
    names = [str(v).strip().lower() for v in items if str(v).strip()]
    unknown = [n for n in names if n not in INFRASTRUCTURE]
    if unknown:
        raise ReviewError(
            f"infrastructure: {', '.join(repr(u) for u in unknown)} not a category; use {', '.join(INFRASTRUCTURE)}"
        )
    return [c for c in INFRASTRUCTURE if c in names]


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value)


def sub_event_for(weapon: str | None, fallback: str, language: str = "en") -> str:
    """The ACLED sub-event type of a weapon as the extractor would code it; `fallback` for unknown weapons."""
    text = (weapon or "").strip()
    if not text:
        return SUB_EVENT_SHELLING  # no weapon named: the extractor's default, too
    for w in LANGUAGES[language].weapons:
        if re.search(rf"\b(?:{w.pattern})\b", text, re.IGNORECASE) or text.lower() == w.name.lower():
            return w.sub_event_type
    return fallback


def check_row(row: Mapping[str, Any]) -> list[str]:
    """What stops this row from becoming an event (empty when it can be added)."""
    problems = []
    place = str(row.get("place") or "").strip()
    if not place:
        problems.append("place is empty")
    elif row.get("geocode_error"):
        problems.append(str(row["geocode_error"]))
    elif place != row.get("geocoded") or row.get("lat") is None or row.get("lon") is None:
        problems.append(f"place {place!r} is not geocoded yet")
    for column in ("killed", "injured"):
        try:
            parse_count(row.get(column), column)
        except ReviewError as exc:
            problems.append(str(exc))
    try:
        parse_infrastructure(row.get("infrastructure"))
    except ReviewError as exc:
        problems.append(str(exc))
    return problems


def _geocode_into(row: dict[str, Any], geocoder: GeocoderLike) -> None:
    place = str(row.get("place") or "").strip()
    row["place"] = place
    row.pop("geocode_error", None)
    if not place:
        return
    found = geocoder.geocode(place, REVIEW_COUNTRIES)
    if not found.ok or found.country not in REVIEW_COUNTRIES:
        if found.ok:  # the extractor keeps these countries only; a match elsewhere is a wrong match here
            where = f"{found.name}, {found.admin1 or '?'} ({found.country})"
            row["geocode_error"] = f"place {place!r} was found only outside Ukraine and Russia ({where})"
        else:
            reason = getattr(found, "error", None) or "no match in the gazetteer"
            row["geocode_error"] = f"place {place!r} not found ({reason}); try the town's name, or 'X region'"
        row.update(lat=None, lon=None, country=None, admin1_code=None, admin1=None, region="", geocoded=place)
        return
    row.update(
        geocoded=place,
        lat=float(found.lat),  # type: ignore[arg-type]
        lon=float(found.lon),  # type: ignore[arg-type]
        country=found.country,
        admin1_code=found.admin1_code,
        admin1=found.admin1,
        geo_precision=int(found.geo_precision or 1),
        region=_region_label(found.admin1, found.admin1_code),
    )
    if found.name and found.name.casefold() != place.casefold():  # a fuzzy match: show what was found
        row["region"] = f"{found.name} · {row['region']}"


def apply_edit(row: Mapping[str, Any], column: str | None, geocoder: GeocoderLike | None = None) -> dict[str, Any]:
    """The row after the reviewer edited `column`: a changed place is geocoded again (offline gazetteer), a
    changed weapon re-derives the sub-event type, and ``check`` lists what is still wrong."""
    out = dict(row)
    if column == "place" or (str(out.get("place") or "").strip() != out.get("geocoded") and out.get("place")):
        if geocoder is None:
            from dashboard.geo.geocode import get_geocoder  # the reference data: loaded on first use

            geocoder = get_geocoder()
        _geocode_into(out, geocoder)
    if column == "weapon":
        out["sub_event_type"] = sub_event_for(out.get("weapon"), str(out.get("sub_event_type") or SUB_EVENT_SHELLING))
    out["check"] = "; ".join(check_row(out))
    return out


def row_to_candidate(row: Mapping[str, Any]) -> Candidate:
    """The reviewed candidate of one checked row (raises ReviewError for the first problem left)."""
    problems = check_row(row)
    if problems:
        raise ReviewError(problems[0])
    span = row.get("evidence_span")
    weapon = str(row.get("weapon") or "").strip() or None
    return Candidate(
        place=str(row["place"]).strip(),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        country=row.get("country"),
        admin1_code=row.get("admin1_code"),
        admin1=row.get("admin1"),
        geo_precision=int(row.get("geo_precision") or 1),
        killed=parse_count(row.get("killed"), "killed"),
        injured=parse_count(row.get("injured"), "injured"),
        weapon=weapon,
        sub_event_type=str(row.get("sub_event_type") or SUB_EVENT_SHELLING),
        infrastructure=parse_infrastructure(row.get("infrastructure")),
        infrastructure_detail=row.get("infrastructure_detail") or None,
        power_outage=_as_bool(row.get("power_outage")),
        actor=row.get("actor") or None,
        reported_by=row.get("reported_by") or None,
        evidence=str(row.get("evidence") or ""),
        evidence_span=(int(span[0]), int(span[1])) if span else None,
        confidence=float(row.get("confidence") or 0.0),
    )


# -- date, source and the events ---------------------------------------------------------------------------


def check_source(source: str | None, url: str | None) -> list[str]:
    """Provenance problems: every event names its source; a link, when given, is a plain http(s) URL."""
    problems = []
    if not (source or "").strip():
        problems.append("Source: name the outlet or official who reported it (e.g. 'Kyiv Independent').")
    link = (url or "").strip()
    if link:
        parsed = urlparse(link)
        if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc or re.search(r"\s", link):
            problems.append(f"Source URL {link!r} is not a web link: it must start with http:// or https://.")
    return problems


def _as_date(value: str | date | datetime | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class Prepared:
    """Kept rows turned into schema rows, or the reasons they cannot be."""

    events: pd.DataFrame | None
    problems: list[str] = field(default_factory=list)
    kept: int = 0
    dropped: int = 0

    @property
    def ok(self) -> bool:
        return self.events is not None and not self.problems

    @property
    def fingerprint(self) -> str:
        """Identifies exactly what would be written: a confirmation applies to these events only."""
        if self.events is None:
            return ""
        table = self.events.astype(object).where(self.events.notna(), None)
        payload = json.dumps(table.to_dict("records"), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _row_name(row: Mapping[str, Any], number: int) -> str:
    return f"Row {number} ({row.get('place') or 'no place'})"


def prepare_events(
    rows: Iterable[Mapping[str, Any]],
    event_date: str | date | datetime | None,
    source: str | None,
    source_url: str | None,
    *,
    today: date | None = None,
    geocoder: GeocoderLike | None = None,
) -> Prepared:
    """Schema rows (``dataset`` "extracted") for the kept rows, or every problem found. Writes nothing.

    A row whose place was edited but not yet geocoded (the table can be faster than its callback) is geocoded
    here, so what is added is always what the table shows.
    """
    rows = list(rows)
    kept_rows = [(k, r) for k, r in enumerate(rows, start=1) if _as_bool(r.get("keep", True))]
    result = Prepared(events=None, kept=len(kept_rows), dropped=len(rows) - len(kept_rows))
    problems = result.problems
    day = _as_date(event_date)
    today = today or date.today()
    if day is None:
        problems.append("Event date: choose the day of the strikes.")
    elif day > today:
        problems.append(f"Event date {day.isoformat()} is in the future.")
    problems.extend(check_source(source, source_url))
    if not kept_rows:
        problems.append("No candidate is kept: tick 'keep' for the events to add.")
    candidates: list[Candidate] = []
    seen: dict[tuple[str, float, float], str] = {}
    for number, row in kept_rows:
        if str(row.get("place") or "").strip() != row.get("geocoded"):
            row = apply_edit(row, "place", geocoder)
        try:
            cand = row_to_candidate(row)
        except ReviewError as exc:
            problems.append(f"{_row_name(row, number)}: {exc}")
            continue
        candidates.append(cand)
        key = (cand.place, round(cand.lat, 4), round(cand.lon, 4))  # what the event id is made of
        if key in seen:
            problems.append(f"{_row_name(row, number)}: the same event as {seen[key]}; drop one of them.")
        seen.setdefault(key, _row_name(row, number))
    if problems:
        return result
    names = [_row_name(r, n) for n, r in kept_rows]
    link = (source_url or "").strip() or None
    try:
        # candidates_to_events validates the rows against the schema (validate_events) before returning them.
        events = candidates_to_events(candidates, day, source=(source or "").strip(), source_url=link)
    except EventValidationError as exc:
        for error in exc.errors:
            where = names[error.line] if error.line is not None and error.line < len(names) else "All rows"
            problems.append(f"{where}: {error.column or 'value'} {error.reason}")
        return result
    result.events = events
    return result


# -- into the store ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddResult:
    """What adding (or previewing) did: new events, ones already stored (same event_id), flagged ones."""

    added: int
    already: int
    flagged: int
    total: int  # events in the store afterwards

    def message(self, *, done: bool) -> str:
        verb = "Added" if done else "Will add"
        text = f"{verb} {self.added} event{'s' * (self.added != 1)} to the store"
        text += f" ({self.already} {'was' if self.already == 1 else 'were'} already there)."
        if self.flagged:
            text += (
                f" {self.flagged} of them {'looks' if self.flagged == 1 else 'look'} like events another dataset"
                " already has (same day, same type, within 5 km): added, and flagged as possible duplicates."
            )
        if done:
            text += f" The store now holds {self.total:,} events."
        return text


def _existing(store_path: Path | str) -> Any:
    from dashboard.stores import StoreMissing, open_store

    try:
        return open_store(store_path).read()
    except StoreMissing:
        return None


def preview_merge(events: pd.DataFrame, store_path: Path | str) -> AddResult:
    """What :func:`add_events` would do now, without writing."""
    from dashboard.ingest.merge import merge_events
    from dashboard.store import to_geodataframe

    result = merge_events(_existing(store_path), to_geodataframe(events))
    return AddResult(result.added, result.duplicates, result.flagged, len(result.events))


def add_events(events: pd.DataFrame, store_path: Path | str) -> AddResult:
    """Merge `events` into the store (idempotent on event_id), all or nothing, safe with a concurrent import."""
    from dashboard.store import to_geodataframe
    from dashboard.stores import open_store

    result = open_store(store_path).add(to_geodataframe(events))
    return AddResult(result.added, result.duplicates, result.flagged, result.total)


# -- evidence ----------------------------------------------------------------------------------------------


def highlight(text: str, names: Iterable[str], span: Sequence[int] | None = None) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_match) pieces: the `span` and every whole-word mention of `names`.

    The caller renders the pieces as text (a match in a <mark>): evidence comes from the pasted article and
    must never be parsed as HTML.
    """
    text = text or ""
    ranges: list[tuple[int, int]] = []
    if span and 0 <= int(span[0]) < int(span[1]) <= len(text):
        ranges.append((int(span[0]), int(span[1])))
    for name in {n.strip() for n in names if n and n.strip()}:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            ranges.append(m.span())
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in merged:
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
