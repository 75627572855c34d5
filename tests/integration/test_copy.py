"""seed.load.copy.copy_rows: rows COPY'd in PostgreSQL's binary format read back as written,
for every column type the loader writes."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text

from seed.load.copy import copy_rows

COLUMNS = (
    "name", "small", "whole", "big", "flag", "number", "day", "at", "words", "cells", "concepts",
    "answer",
)  # fmt: skip


def test_every_type_the_loader_writes_reads_back_as_written(connection):
    connection.execute(
        text(
            "CREATE TEMP TABLE copied (name text, small smallint, whole integer, big bigint, "
            "flag boolean, number double precision, day date, at timestamptz, words text[], "
            "cells integer[], concepts jsonb, answer json)"
        )
    )
    at = dt.datetime(2025, 7, 1, 12, 30, tzinfo=dt.UTC)
    concepts = json.dumps([["Gastric Cancer", ["C16"], None, "own", "D013274", False]])
    rows = [
        ("Zürich\ttab\nline \\ back", 3, -7, 2**40, True, 5e-05, dt.date(2024, 2, 29), at,
         ["a", None, "ü"], [1, -2], concepts, '{"n": 1.5}'),
        (None, None, None, None, None, None, None, None, None, None, None, None),
        ("", 0, 0, 0, False, -0.0, dt.date.min, at, [], [], "[]", "[]"),
    ]  # fmt: skip
    copy_rows(connection, "copied", COLUMNS, rows)
    back = connection.execute(
        text(f"SELECT {', '.join(COLUMNS[:-2])}, concepts::text, answer::text FROM copied")
    ).all()
    assert [tuple(r) for r in back] == [
        (*rows[0][:-2], '[["Gastric Cancer", ["C16"], null, "own", "D013274", false]]',
         '{"n": 1.5}'),
        rows[1],
        (*rows[2][:-2], "[]", "[]"),
    ]  # fmt: skip
