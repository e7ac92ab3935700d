"""News text -> candidate strike events for a person to review (rules and the gazetteer, no model).

``run_extract`` is what ``python -m dashboard extract FILE|- [--json]`` prints.
"""

from __future__ import annotations

import json

from dashboard.extract.extract import Candidate, candidates_to_events, extract_events

__all__ = ["Candidate", "candidates_to_events", "extract_events", "format_table", "run_extract"]


def format_table(candidates: list[Candidate]) -> str:
    """One line per candidate: place, region, killed/injured, weapon, infrastructure, confidence."""
    if not candidates:
        return "no candidate events found"

    def count(value: int | None) -> str:
        return "?" if value is None else str(value)

    rows = [("place", "region", "killed/injured", "weapon", "infrastructure", "confidence")]
    for c in candidates:
        region = f"{c.admin1 or '?'} ({c.admin1_code or c.country or '?'})"
        infrastructure = ", ".join(c.infrastructure) + (" +outage" if c.power_outage else "")
        rows.append(
            (
                c.place,
                region,
                f"{count(c.killed)}/{count(c.injured)}",
                c.weapon or "-",
                infrastructure or "-",
                f"{c.confidence:.2f}",
            )
        )
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def run_extract(text: str, as_json: bool) -> str:
    """Extract candidates from text; a JSON list of candidate dicts, or a readable table followed by the
    places the text names that no candidate stands for ("not placed: ...")."""
    not_placed: list[str] = []
    candidates = extract_events(text, not_placed=not_placed)
    if as_json:
        return json.dumps([c.to_dict() for c in candidates], ensure_ascii=False, indent=2)
    return "\n".join([format_table(candidates), *(f"not placed: {note}" for note in not_placed)])
