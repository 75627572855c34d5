"""Bulk writes: ids reserved from sequences, COPY into a table, trials staged through COPY."""

from __future__ import annotations

from typing import Any

from psycopg.adapt import Dumper
from psycopg.postgres import types as builtin_types
from psycopg.pq import Format
from sqlalchemy import Connection, text


def reserve_ids(conn: Connection, table: str, count: int) -> list[int]:
    if not count:
        return []
    return list(
        conn.scalars(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table, "n": count},
        )
    )


# The JSON types: the loader writes JSON text there (never a dict). ``json`` receives it as
# text; ``jsonb``'s binary form is a version byte, then the text.
_JSON_OID = builtin_types["json"].oid
_JSONB_OID = builtin_types["jsonb"].oid
_TEXT_OID = builtin_types["text"].oid


class _JsonbText(Dumper):
    """JSON text as ``jsonb``'s binary form."""

    oid = _JSONB_OID
    format = Format.BINARY

    def dump(self, obj: str) -> bytes:
        return b"\x01" + obj.encode()


def copy_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY ``rows`` into ``table`` in PostgreSQL's binary format: values go as they are held,
    with no escaping of text on either side, nor numbers and dates written out and read back."""
    if not rows:
        return
    cursor = conn.connection.driver_connection.cursor()
    cursor.adapters.register_dumper(None, _JsonbText)  # by the column's type only: not str's
    names = ", ".join(f'"{c}"' for c in columns)
    types = _dump_types(conn, table, columns)
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _dump_types(conn: Connection, table: str, columns: tuple[str, ...]) -> list[int]:
    """The type of each column (JSON as text), looked up once per connection: COPY then
    writes each value with its column's dumper, not one looked up per value."""
    known = conn.connection.info.setdefault("copy_dump_types", {})
    if (table, columns) not in known:
        oids = dict(
            conn.execute(
                text(
                    "SELECT attname, atttypid::int FROM pg_attribute "
                    "WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped"
                ),
                {"t": f'"{table}"'},
            ).all()
        )
        known[(table, columns)] = [_TEXT_OID if oids[c] == _JSON_OID else oids[c] for c in columns]
    return known[(table, columns)]


def insert_staged_trials(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """COPY trial rows into a temporary table, then INSERT … SELECT them into ``trials`` with
    their search vector computed by PostgreSQL: no giant multi-row INSERT to build or parse."""
    columns = list(rows[0])
    plain = [c for c in columns if not c.startswith("sv_")]
    if conn.scalar(text("SELECT to_regclass('pg_temp.trial_stage')")) is None:
        _create_stage(conn)
    copy_rows(conn, "trial_stage", tuple(columns), [tuple(r[c] for c in columns) for r in rows])
    names = ", ".join(f'"{c}"' for c in plain)
    vector = " || ".join(
        f"setweight(to_tsvector('english'::regconfig, coalesce(sv_{w.lower()}, '')), '{w}')"
        for w in "ABCD"
    )
    conn.execute(
        text(
            f"INSERT INTO trials ({names}, search_vector) SELECT {names}, {vector} FROM trial_stage"
        )
    )
    conn.execute(text("DELETE FROM trial_stage"))


def _create_stage(conn: Connection) -> None:
    """The session's stage table: the trial columns (compressed as in ``trials``) and the four
    search texts, compressed as the longest trial text is (lz4 where migration 0014 set it:
    staging a long text costs no pglz pass)."""
    conn.execute(
        text(
            "CREATE TEMP TABLE trial_stage (LIKE trials INCLUDING DEFAULTS INCLUDING COMPRESSION, "
            "sv_a text, sv_b text, sv_c text, sv_d text) ON COMMIT DELETE ROWS"
        )
    )
    method = conn.scalar(
        text(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = 'trials'::regclass "
            "AND attname = 'detailed_description'"
        )
    )
    if method == "l":
        for name in ("sv_a", "sv_b", "sv_c", "sv_d"):
            conn.execute(text(f"ALTER TABLE trial_stage ALTER COLUMN {name} SET COMPRESSION lz4"))
