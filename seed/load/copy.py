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


def copy_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    cursor = conn.connection.driver_connection.cursor()
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def insert_staged_trials(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """COPY trial rows into a temporary table, then INSERT … SELECT them into ``trials`` with
    their search vector computed by PostgreSQL: no giant multi-row INSERT to build or parse."""
    columns = list(rows[0])
    plain = [c for c in columns if not c.startswith("sv_")]
    conn.execute(
        text(
            "CREATE TEMP TABLE IF NOT EXISTS trial_stage "
            "(LIKE trials INCLUDING DEFAULTS, sv_a text, sv_b text, sv_c text, sv_d text) "
            "ON COMMIT DELETE ROWS"
        )
    )
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
