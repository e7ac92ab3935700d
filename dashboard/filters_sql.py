"""A FilterSpec as a parameterised SQL condition on the PostGIS ``events`` table (``dashboard.store_postgis``).

The same rules as ``filters.mask``, written for the database. No value a user gave is ever spliced into SQL:
column names are ``psycopg.sql.Identifier``, and values travel as parameters — either as ``%s`` query
parameters (``where``), or, for ``COPY … TO STDOUT``, which takes none, as one JSON parameter of
``set_config('strike_atlas.filter', …)`` that the condition reads back once per query (``where_from_setting``;
this also works on a read replica, where a temporary table could not be made).

The facility filter is not here: the links are computed from the events the other filters keep
(``dashboard.energy.links``), so the store applies it to those rows afterwards, as ``filters.mask`` does.
Case-insensitive matches use PostgreSQL's ``lower()`` where Python uses ``str.casefold()``: they agree on the
Latin and Cyrillic text of this project's data and differ only for a few letters such as German ß.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from psycopg import sql

from dashboard.filters import FilterSpec

__all__ = ["SETTING", "where", "where_from_setting"]

SETTING = "strike_atlas.filter"
_TEXT_COLUMNS = ("notes", "location", "source")

# (value, PostgreSQL type) -> the SQL that stands for the value
Placeholder = Callable[[Any, str], sql.Composable]


def _condition(spec: FilterSpec, value: Placeholder) -> sql.Composable:
    parts: list[sql.Composable] = []

    def add(template: str, *values: tuple[Any, str]) -> None:
        parts.append(sql.SQL(template).format(*(value(v, t) for v, t in values)))

    if spec.regions:
        codes = [c for c in spec.regions if "-" in c]
        countries = [c for c in spec.regions if "-" not in c]
        add("(admin1_code = ANY({}) OR country = ANY({}))", (codes, "text[]"), (countries, "text[]"))
    if spec.date_from:
        add("event_date >= {}", (spec.date_from, "date"))
    if spec.date_to:
        add("event_date <= {}", (spec.date_to, "date"))
    if spec.event_types:
        add("event_type = ANY({})", (list(spec.event_types), "text[]"))
    if spec.sub_event_types:
        add("sub_event_type = ANY({})", (list(spec.sub_event_types), "text[]"))
    if spec.weapons:
        add("lower(weapon) = ANY({})", ([w.lower() for w in spec.weapons], "text[]"))
    if spec.infrastructure:
        add("infrastructure && {}", (list(spec.infrastructure), "text[]"))
    if spec.min_killed:
        add("coalesce(killed, 0) >= {}", (spec.min_killed, "integer"))
    if spec.min_injured:
        add("coalesce(injured, 0) >= {}", (spec.min_injured, "integer"))
    if spec.text:
        # strpos, not LIKE: the text needs no escaping of % and _
        hits = sql.SQL(" OR ").join(
            sql.SQL("strpos(lower({}), lower({})) > 0").format(sql.Identifier(c), value(spec.text, "text"))
            for c in _TEXT_COLUMNS
        )
        parts.append(sql.SQL("({})").format(hits))
    return sql.SQL(" AND ").join(parts) if parts else sql.SQL("TRUE")


def where(spec: FilterSpec) -> tuple[sql.Composable, list[Any]]:
    """(condition with ``%s`` placeholders, their parameters): what `spec` keeps, facilities aside."""
    params: list[Any] = []

    def value(v: Any, pgtype: str) -> sql.Composable:
        params.append(v)
        return sql.SQL("%s::{}").format(sql.SQL(pgtype))

    return _condition(spec, value), params


def where_from_setting(spec: FilterSpec) -> tuple[sql.Composable, str]:
    """(condition reading its values from the ``strike_atlas.filter`` setting, that setting's JSON value).

    Run ``SELECT set_config('strike_atlas.filter', %s, true)`` with the JSON first, in the same transaction.
    Each value is read in an uncorrelated subquery, so PostgreSQL computes it once per query, not per row.
    """
    values: list[Any] = []

    def value(v: Any, pgtype: str) -> sql.Composable:
        index = sql.Literal(len(values))  # a position in our own list, not a user's value
        values.append(v.isoformat() if isinstance(v, date) else v)
        setting = sql.SQL("current_setting({})::jsonb").format(sql.Literal(SETTING))
        if pgtype == "text[]":
            # the cast makes ANY(...) take the array, not the rows of a subquery
            return sql.SQL("(SELECT ARRAY(SELECT jsonb_array_elements_text({} -> {})))::text[]").format(setting, index)
        return sql.SQL("(SELECT ({} ->> {})::{})").format(setting, index, sql.SQL(pgtype))

    condition = _condition(spec, value)
    return condition, json.dumps(values, ensure_ascii=False)
