"""The shared store: one ``events`` table in PostgreSQL with PostGIS, behind ``dashboard.stores``' interface.

Schema (created on first write, versioned in ``schema_migrations``; ``MIGRATIONS`` lists the steps):

- ``events``: the columns of ``schema.COLUMNS`` (dates as ``date``, ``infrastructure`` as ``text[]``), then
  ``possible_duplicate_of``, the importers' extra columns in ``extra jsonb`` (their dtypes in
  ``event_columns``), a ``seq`` that orders the table as the GeoParquet file is ordered (by arrival), and
  ``geom geometry(Point, 4326)`` generated from longitude/latitude, with a GiST index. ``event_id`` is unique.
- ``store_meta``: one row whose ``version`` is bumped by every write, in the write's transaction; the
  dashboard polls it (one indexed row) to pick up other writers' events without a restart.

Writes are one transaction each. An import ``COPY``s its events' keys (id, date, type, place, killed, dataset)
into a temporary table, then takes a transaction-scoped advisory lock, so importers on several machines decide
one at a time which events are new (already stored ids are skipped: idempotent on ``event_id``; changed ones
are reported) and which look like another dataset's (the rules of ``dashboard.ingest.merge``, on the stored
events of the same days); then the new rows are ``COPY``'d straight into ``events``, once. Under the lock no
conflict is possible, so no ``INSERT … ON CONFLICT`` pass over a second copy of the rows is needed (it cost
10–25 % more at 200k rows); the unique index on ``event_id`` stays the backstop against a client that writes
without the lock: the import then stops with nothing written and says so.
Reads leave the server as ``COPY … TO STDOUT`` CSV parsed by pyarrow, and need no temporary table: they run on
a read replica too. Filter values reach ``COPY`` as one ``set_config`` parameter (``dashboard.filters_sql``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import psycopg
from psycopg import sql

from dashboard.filters import FilterSpec, mask
from dashboard.ingest.merge import _COMPARED, DUPLICATE_COLUMN, find_cross_source_duplicates
from dashboard.pg_copy import DATA_COLUMNS, PG_TYPES, copy_out, copy_payload, extra_names, first_line, to_csv
from dashboard.schema import COLUMNS
from dashboard.store import StoreMissing
from dashboard.stores import StoreUnavailable, WriteResult

__all__ = ["MIGRATIONS", "PostgisStore", "describe_url"]

Progress = Callable[[str], None]

# Advisory lock keys ("STRK" + a digit): one for schema changes, one for writes to the events table.
_MIGRATE_LOCK = 0x5354524B0
_WRITE_LOCK = 0x5354524B1


def _events_table() -> sql.Composed:
    columns = [
        sql.SQL("{} {}{}").format(
            sql.Identifier(name), sql.SQL(PG_TYPES[dtype]), sql.SQL(" NOT NULL UNIQUE" if name == "event_id" else "")
        )
        for name, (dtype, _doc) in COLUMNS.items()
    ]
    return sql.SQL(
        "CREATE TABLE events (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, {}, "
        "possible_duplicate_of text, extra jsonb, "
        "geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) STORED)"
    ).format(sql.SQL(", ").join(columns))


# (version, description, statements): applied in order, once, under the migration lock.
MIGRATIONS: list[tuple[int, str, list[sql.Composable]]] = [
    (
        1,
        "events table with a point geometry, extra columns, store version",
        [
            _events_table(),
            sql.SQL("CREATE INDEX events_geom_idx ON events USING gist (geom)"),
            sql.SQL("CREATE INDEX events_event_date_idx ON events (event_date)"),
            sql.SQL(
                "CREATE TABLE event_columns (name text PRIMARY KEY, dtype text NOT NULL, "
                "position integer GENERATED ALWAYS AS IDENTITY)"
            ),
            sql.SQL(
                "CREATE TABLE store_meta (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL, "
                "updated_at timestamptz NOT NULL DEFAULT now())"
            ),
            sql.SQL("INSERT INTO store_meta (id, version) VALUES (1, 0)"),
        ],
    ),
]


def describe_url(url: str) -> str:
    """``postgresql://user@host/db`` without the password, for messages and logs."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://(unreadable URL)"
    host = info.get("host") or "localhost"
    port = f":{info['port']}" if info.get("port") else ""
    user = f"{info['user']}@" if info.get("user") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname', '')}"


class PostgisStore:
    """The ``events`` table of one PostGIS database (see the module docstring)."""

    filters_in_store = True

    def __init__(self, url: str) -> None:
        self.location = url
        self.name = describe_url(url)
        self._schema_ok = False
        self._poll: tuple[int, psycopg.Connection] | None = None  # (pid, connection) for version()
        self._poll_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"PostgisStore({self.name})"

    def close(self) -> None:
        """Close the connection kept for version() (the next call opens a new one)."""
        with self._poll_lock:
            if self._poll is not None and self._poll[0] == os.getpid():
                self._poll[1].close()
            self._poll = None

    # --- connections --------------------------------------------------------------------------------
    def _connect(self, autocommit: bool = False) -> psycopg.Connection:
        try:
            return psycopg.connect(
                self.location, autocommit=autocommit, connect_timeout=10, application_name="strike-atlas"
            )
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"cannot reach the PostGIS store {self.name}: {first_line(exc)}") from None

    @contextmanager
    def _session(self) -> Iterator[psycopg.Connection]:
        """A connection for one operation; server errors become StoreUnavailable naming the store."""
        conn = self._connect()
        try:
            yield conn
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"the PostGIS store {self.name} failed: {first_line(exc)}") from None
        finally:
            conn.close()

    def _has_table(self, conn: psycopg.Connection) -> bool:
        query = "SELECT to_regclass('events') IS NOT NULL AND to_regclass('store_meta') IS NOT NULL"
        return bool(conn.execute(query).fetchone()[0])  # type: ignore[index]

    def _ensure_schema(self, conn: psycopg.Connection) -> None:
        """Create or upgrade the tables (once per process); several processes at once take turns."""
        if self._schema_ok:
            return
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
            if not conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
                try:
                    with conn.transaction():
                        conn.execute("CREATE EXTENSION postgis")
                except psycopg.Error as exc:
                    raise StoreUnavailable(
                        f"{self.name} has no PostGIS extension and this role cannot create it "
                        f"({first_line(exc)}): run `CREATE EXTENSION postgis` as its owner"
                    ) from None
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
            for version, description, statements in MIGRATIONS:
                if version in done:
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, description) VALUES (%s, %s)", (version, description)
                )
        self._schema_ok = True

    def _missing(self) -> StoreMissing:
        return StoreMissing(
            f"no events table in {self.name}: run `python -m dashboard build --store URL` or import data "
            "(the table is created on the first write)"
        )

    # --- reading ------------------------------------------------------------------------------------
    def version(self) -> str | None:
        """The store_meta version (a one-row read on a kept connection); None when there is no table yet."""
        with self._poll_lock:
            for attempt in (1, 2):
                conn = self._poll_connection()
                try:
                    if not self._has_table(conn):
                        return None
                    row = conn.execute("SELECT version FROM store_meta WHERE id = 1").fetchone()
                    return f"v{row[0]}" if row else None
                except psycopg.OperationalError as exc:  # the server restarted: reconnect once
                    self._poll = None
                    if attempt == 2:
                        raise StoreUnavailable(f"the PostGIS store {self.name} failed: {first_line(exc)}") from None
        return None

    def _poll_connection(self) -> psycopg.Connection:
        # A connection is never shared across fork(): a worker that inherited one opens its own.
        if self._poll is None or self._poll[0] != os.getpid() or self._poll[1].closed:
            self._poll = (os.getpid(), self._connect(autocommit=True))
        return self._poll[1]

    def _extra_columns(self, conn: psycopg.Connection) -> dict[str, str]:
        return dict(conn.execute("SELECT name, dtype FROM event_columns ORDER BY position").fetchall())

    def read(self) -> gpd.GeoDataFrame:
        return self.select(FilterSpec())

    def select(self, spec: FilterSpec) -> gpd.GeoDataFrame:
        """The events `spec` keeps, in store order; the filter runs in the database (facilities: afterwards)."""
        from dashboard.filters_sql import SETTING, where_from_setting

        condition, values = where_from_setting(spec)
        with self._session() as conn:
            if not self._has_table(conn):
                raise self._missing()
            with conn.transaction():
                conn.execute("SELECT set_config(%s, %s, true)", (SETTING, values))
                extras = self._extra_columns(conn)
                frame = copy_out(conn, extras, sql.SQL("events WHERE {}").format(condition))
        if spec.facilities:
            frame = frame[mask(frame, FilterSpec(facilities=spec.facilities))].reset_index(drop=True)
        return frame

    def blocks(self, spec: FilterSpec, limit: int | None, rows: int) -> tuple[int, Iterator[pd.DataFrame]]:
        """(matching events, at most `limit`; an iterator of frames of at most `rows` of them, in store order).

        The count and the blocks come from one read-only snapshot (REPEATABLE READ) of the connection the
        iterator keeps until it ends, so they agree while imports go on, and no block holds more than `rows`.
        """
        if spec.facilities:  # links come from the filtered rows: select them, then cut
            events = self.select(spec)
            events = events.iloc[:limit] if limit is not None else events
            return len(events), (events.iloc[i : i + rows] for i in range(0, max(len(events), 1), rows))
        from dashboard.filters_sql import SETTING, where_from_setting

        condition, values = where_from_setting(spec)
        conn = self._connect()
        try:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # before the first statement
            conn.read_only = True
            if not self._has_table(conn):
                raise self._missing()
            conn.execute("SELECT set_config(%s, %s, true)", (SETTING, values))
            extras = self._extra_columns(conn)
            count = conn.execute(sql.SQL("SELECT count(*) FROM events WHERE {}").format(condition)).fetchone()[0]  # type: ignore[index]
            count = min(count, limit) if limit is not None else count
        except BaseException:
            conn.close()
            raise

        def generate() -> Iterator[pd.DataFrame]:
            try:
                last, sent = 0, 0
                while True:
                    size = min(rows, count - sent)
                    source = sql.SQL("events WHERE seq > {} AND {} ORDER BY seq LIMIT {}").format(
                        sql.Literal(last), condition, sql.Literal(max(size, 0))
                    )
                    block = copy_out(conn, extras, source, order=None, with_seq=True)
                    if len(block):
                        last = int(block.pop("_seq").iloc[-1])
                    else:
                        block = block.drop(columns="_seq")
                    sent += len(block)
                    yield block
                    if sent >= count or len(block) == 0:
                        return
            finally:
                conn.close()

        return count, generate()

    # --- writing ------------------------------------------------------------------------------------
    def add(self, events: gpd.GeoDataFrame, progress: Progress | None = None) -> WriteResult:
        """Merge `events` in, in one transaction (see the module docstring)."""
        events = events.reset_index(drop=True)
        with self._session() as conn:
            self._ensure_schema(conn)
            with conn.transaction():
                self._copy_keys(conn, events)  # what the checks need; the rows themselves travel once, below
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))  # one importer decides at a time
                extras = self._extra_columns(conn)
                known, changed = self._known(conn)
                if known == 0 or known >= len(events):  # a new file, or one imported before: no ids to fetch
                    fresh = events if known == 0 else events.iloc[:0]
                else:
                    fresh = events[~events["event_id"].astype(object).isin(self._known_ids(conn))]
                fresh = fresh.drop_duplicates("event_id").reset_index(drop=True)  # a file naming an id twice
                fresh, flagged = self._flag_duplicates(conn, fresh, extras)
                if progress:
                    progress(f"[ 90%] writing {len(fresh):,} events to {self.name}")
                if len(fresh):
                    try:  # every importer holds the lock since its check: only a client bypassing it can clash
                        self._copy_in(conn, fresh, "events")
                    except psycopg.errors.UniqueViolation as exc:
                        raise StoreUnavailable(
                            f"{self.name}: another client wrote one of these events meanwhile without the import "
                            f"lock ({first_line(exc)}); nothing was imported: run the import again"
                        ) from None
                    self._register_extras(conn, fresh)
                if len(fresh) or flagged:
                    conn.execute("UPDATE store_meta SET version = version + 1, updated_at = now() WHERE id = 1")
                total = conn.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
        return WriteResult(len(fresh), known, flagged, total, changed)

    @staticmethod
    def _copy_keys(conn: psycopg.Connection, events: pd.DataFrame) -> None:
        """The incoming events' id and compared fields (merge._COMPARED) into a temporary table ``incoming``."""
        columns = ["event_id", *_COMPARED]
        definition = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(PG_TYPES[COLUMNS[c][0]])) for c in columns
        )
        conn.execute(
            sql.SQL("CREATE TEMP TABLE incoming (n integer GENERATED ALWAYS AS IDENTITY, {}) ON COMMIT DROP").format(
                definition
            )
        )
        query = sql.SQL("COPY incoming ({}) FROM STDIN (FORMAT csv)").format(
            sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        copy_payload(conn, query, to_csv(events, columns))
        conn.execute("CREATE INDEX ON incoming (event_id)")
        conn.execute("ANALYZE incoming")

    @staticmethod
    def _known(conn: psycopg.Connection) -> tuple[int, list[str]]:
        """(incoming events already stored, the ids of those whose key fields differ: merge._changed in SQL)."""
        known = conn.execute("SELECT count(*) FROM incoming JOIN events USING (event_id)").fetchone()[0]  # type: ignore[index]
        if not known:
            return 0, []
        query = sql.SQL(
            "SELECT i.event_id FROM incoming i JOIN events e USING (event_id) "
            "WHERE ({}) IS DISTINCT FROM ({}) ORDER BY i.n"
        ).format(
            sql.SQL(", ").join(sql.SQL("i.{}").format(sql.Identifier(c)) for c in _COMPARED),
            sql.SQL(", ").join(sql.SQL("e.{}").format(sql.Identifier(c)) for c in _COMPARED),
        )
        return int(known), [row[0] for row in conn.execute(query).fetchall()]

    @staticmethod
    def _known_ids(conn: psycopg.Connection) -> list[str]:
        return [row[0] for row in conn.execute("SELECT event_id FROM incoming JOIN events USING (event_id)").fetchall()]

    def _flag_duplicates(
        self, conn: psycopg.Connection, fresh: pd.DataFrame, extras: dict[str, str]
    ) -> tuple[pd.DataFrame, int]:
        """Likely cross-source duplicates between the new events and the stored ones on the same days
        (``dashboard.ingest.merge``: the new event names the nearest; a stored one keeps its first match).
        Returns the new events with their flags, and how many were flagged; stored events are flagged in place."""
        if len(fresh) == 0:
            return fresh, 0
        compared = ["event_id", "event_date", "event_type", "latitude", "longitude", "dataset", DUPLICATE_COLUMN]
        stored = copy_out(
            conn,
            extras,
            sql.SQL("events WHERE event_date IN (SELECT DISTINCT event_date FROM incoming)"),
            columns=compared,
        )
        pairs = find_cross_source_duplicates(fresh, stored)
        if len(pairs) == 0:
            return fresh, 0
        new_pos, old_pos = pairs["new_pos"].to_numpy(), pairs["existing_pos"].to_numpy()
        new_ids = fresh["event_id"].astype(str).to_numpy()[new_pos]
        old_ids = stored["event_id"].astype(str).to_numpy()[old_pos]
        flags = (
            fresh[DUPLICATE_COLUMN].astype("string")
            if DUPLICATE_COLUMN in fresh.columns
            else pd.Series(pd.NA, index=fresh.index, dtype="string")
        )
        flags.iloc[new_pos] = flags.iloc[new_pos].fillna(pd.Series(old_ids, index=flags.index[new_pos]))
        first = pd.DataFrame({"old": old_ids, "new": new_ids}).drop_duplicates("old")  # first match per stored event
        conn.execute(
            "UPDATE events SET possible_duplicate_of = v.other FROM unnest(%s::text[], %s::text[]) AS v(id, other) "
            "WHERE events.event_id = v.id AND events.possible_duplicate_of IS NULL",
            (first["old"].tolist(), first["new"].tolist()),
        )
        return fresh.assign(**{DUPLICATE_COLUMN: flags}), len(pairs)

    def replace_dataset(self, events: gpd.GeoDataFrame, dataset: str) -> int:
        """The rows of `dataset` replaced by `events` (build's seed refresh); returns the other events kept."""
        with self._session() as conn:
            self._ensure_schema(conn)
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                conn.execute("DELETE FROM events WHERE dataset = %s", (dataset,))
                self._copy_in(conn, events.reset_index(drop=True), "events")
                self._register_extras(conn, events)
                conn.execute("UPDATE store_meta SET version = version + 1, updated_at = now() WHERE id = 1")
                kept = conn.execute("SELECT count(*) FROM events WHERE dataset IS DISTINCT FROM %s", (dataset,))
                return kept.fetchone()[0]  # type: ignore[index]

    def replace(self, events: gpd.GeoDataFrame) -> None:
        """The whole table replaced by `events`, in one transaction (``synth``)."""
        with self._session() as conn:
            self._ensure_schema(conn)
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                conn.execute("TRUNCATE events")
                conn.execute("DELETE FROM event_columns")
                self._copy_in(conn, events.reset_index(drop=True), "events")
                self._register_extras(conn, events)
                conn.execute("UPDATE store_meta SET version = version + 1, updated_at = now() WHERE id = 1")

    def restore(self) -> tuple[Path | None, int]:
        raise ValueError(
            f"restore puts back a GeoParquet store's last good copy; {self.name} is a database: restore it from "
            "the server's backups (pg_dump/pg_restore or point-in-time recovery)"
        )

    def _copy_in(self, conn: psycopg.Connection, events: pd.DataFrame, table: str) -> None:
        """COPY `events` into `table` as CSV (the geometry and seq are the database's)."""
        query = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, DATA_COLUMNS))
        )
        copy_payload(conn, query, to_csv(events))

    def _register_extras(self, conn: psycopg.Connection, events: pd.DataFrame) -> None:
        """Record the dtype of each extra column the first time it arrives (read() restores it)."""
        extra = extra_names(events)
        if extra:
            conn.execute(
                "INSERT INTO event_columns (name, dtype) SELECT name, dtype FROM unnest(%s::text[], %s::text[]) "
                "WITH ORDINALITY AS c(name, dtype, n) ORDER BY n ON CONFLICT (name) DO NOTHING",
                (extra, [str(events[c].dtype) for c in extra]),
            )
