"""A FilterSpec as a parameterised SQL condition on the PostGIS ``events`` table (``dashboard.store_postgis``).

The same rules as ``filters.mask``, written for the database; values always travel as query parameters and
column names as ``psycopg.sql.Identifier``, so no text from a user is ever spliced into SQL. The facility
filter is not here: the links are computed from the events the other filters keep (``dashboard.energy.links``),
so the store applies it to those rows afterwards, as ``filters.mask`` does.

Case-insensitive matches use PostgreSQL's ``lower()`` where Python uses ``str.casefold()``: they agree on
every text in this project's vocabularies and data (Latin and Cyrillic), and differ only for a few letters
such as German ß, which casefold turns into "ss".
"""

from __future__ import annotations

from typing import Any

from psycopg import sql

from dashboard.filters import FilterSpec

__all__ = ["where"]

_TEXT_COLUMNS = ("notes", "location", "source")


def where(spec: FilterSpec) -> tuple[sql.Composable, list[Any]]:
    """(condition, parameters) selecting what `spec` keeps, facilities aside; ``TRUE`` for no restriction."""
    parts: list[sql.Composable] = []
    params: list[Any] = []

    def add(condition: str, *values: Any, column: str | None = None) -> None:
        text = sql.SQL(condition)
        parts.append(text.format(sql.Identifier(column)) if column else text)
        params.extend(values)

    if spec.regions:
        codes = [c for c in spec.regions if "-" in c]
        countries = [c for c in spec.regions if "-" not in c]
        add("(admin1_code = ANY(%s::text[]) OR country = ANY(%s::text[]))", codes, countries)
    if spec.date_from:
        add("event_date >= %s", spec.date_from)
    if spec.date_to:
        add("event_date <= %s", spec.date_to)
    if spec.event_types:
        add("event_type = ANY(%s::text[])", list(spec.event_types))
    if spec.sub_event_types:
        add("sub_event_type = ANY(%s::text[])", list(spec.sub_event_types))
    if spec.weapons:
        add("lower(weapon) = ANY(%s::text[])", [w.lower() for w in spec.weapons])
    if spec.infrastructure:
        add("infrastructure && %s::text[]", list(spec.infrastructure))
    if spec.min_killed:
        add("coalesce(killed, 0) >= %s", spec.min_killed)
    if spec.min_injured:
        add("coalesce(injured, 0) >= %s", spec.min_injured)
    if spec.text:
        # strpos, not LIKE: the text needs no escaping of % and _
        hits = sql.SQL(" OR ").join(
            sql.SQL("strpos(lower({}), lower(%s)) > 0").format(sql.Identifier(c)) for c in _TEXT_COLUMNS
        )
        parts.append(sql.SQL("({})").format(hits))
        params.extend([spec.text] * len(_TEXT_COLUMNS))
    if not parts:
        return sql.SQL("TRUE"), []
    return sql.SQL(" AND ").join(parts), params
