"""Bulk writes: ids reserved from sequences, COPY into a table, trials staged through COPY."""

from __future__ import annotations

from typing import Any

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


# A column's type -> the type whose dumper writes its values, for COPY's text format: the one
# psycopg picks by a value's Python type for what the loader writes there (str, int, float,
# bool, date, a list of str or int), so the text sent is the same, without a dumper looked
# up per value. A JSON column gets str (the loader writes JSON text there, never a dict).
_DUMP_AS = {
    "text": "text", "smallint": "int2", "integer": "int4", "bigint": "int8",
    "double precision": "float8", "boolean": "bool", "date": "date", "text[]": "text[]",
    "integer[]": "int4[]", "jsonb": "text", "json": "text",
}  # fmt: skip


def copy_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    cursor = conn.connection.driver_connection.cursor()
    names = ", ".join(f'"{c}"' for c in columns)
    types = _dump_types(conn, table, columns)
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        if types is not None:
            copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _dump_types(conn: Connection, table: str, columns: tuple[str, ...]) -> list[str] | None:
    """``_DUMP_AS`` of each column, looked up once per connection; ``None`` when a column has
    a type not in it (psycopg then picks a dumper by each value's type)."""
    known = conn.connection.info.setdefault("copy_dump_types", {})
    if (table, columns) not in known:
        found = dict(
            conn.execute(
                text(
                    "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
                    "WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped"
                ),
                {"t": f'"{table}"'},
            ).all()
        )
        dump = [_DUMP_AS.get(found.get(c, "")) for c in columns]
        known[(table, columns)] = None if None in dump else dump
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
