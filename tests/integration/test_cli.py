"""The loader from the command line: `flask --app service seed`, `python -m seed load` and
`python -m seed import` (files, directories, ZIPs, standard input)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys

from sqlalchemy import func, select

from seed.cli import ProgressDisplay
from service import create_app
from service.settings import Settings
from store import models as m
from tests.support.archives import build_zip
from tests.support.paths import DOCUMENTS, REGISTRY, ROOT


def test_flask_seed_command_loads_a_directory(fresh_engine, tmp_path):
    (tmp_path / "a.txt").write_bytes((DOCUMENTS / "003_bd2f6d907527c583.txt").read_bytes())
    (tmp_path / "b.txt").write_text("nothing here\n")
    app = create_app(Settings(database_url=fresh_engine.url.render_as_string(False)))
    result = app.test_cli_runner().invoke(args=["seed", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "failed: b.txt: no NCT id: this is not a trial record" in result.output
    assert "seed: loaded 1, unchanged 0, failed 1, removed 0" in result.output
    with fresh_engine.connect() as conn:
        assert conn.scalars(select(m.Trial.nct_id)).all() == ["NCT02632201"]
        assert conn.scalar(select(func.count()).select_from(m.SourceDocument)) == 2


def test_flask_seed_command_reports_a_missing_directory(fresh_engine, tmp_path):
    app = create_app(Settings(database_url=fresh_engine.url.render_as_string(False)))
    result = app.test_cli_runner().invoke(args=["seed", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "seed directory not found" in result.output


def test_python_m_seed_parse_prints_records_as_json():
    out = subprocess.run(
        [sys.executable, "-m", "seed", "parse", str(DOCUMENTS / "001_1b2b0a3fb6ca20b2.txt")],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    record = json.loads(out.stdout)
    assert record["nct_id"] == "NCT05745454"
    assert record["source"]["layout"] == "modern"


def test_python_m_seed_parse_reports_a_broken_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    out = subprocess.run(
        [sys.executable, "-m", "seed", "parse", str(bad)], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 1
    assert out.stderr.strip() == "error: bad.txt: the document is binary (it contains NUL bytes)"


def test_python_m_seed_import_loads_files_directories_zips_and_stdin(fresh_engine, tmp_path):
    (tmp_path / "dir" / "sub").mkdir(parents=True)
    shutil.copy(REGISTRY / "xml" / "NCT00023673.xml", tmp_path / "dir" / "sub" / "a.xml")
    (tmp_path / "dir" / "README.md").write_text("skipped by name\n")
    build_zip(
        tmp_path / "ctg-studies.json.zip",
        {"63/NCT03475563.json": (REGISTRY / "json" / "NCT03475563.json").read_bytes()},
    )
    page = tmp_path / "page.txt"
    page.write_bytes((DOCUMENTS / "003_bd2f6d907527c583.txt").read_bytes())
    env = dict(os.environ, DATABASE_URL=fresh_engine.url.render_as_string(hide_password=False))
    paths = [str(tmp_path / "dir"), str(tmp_path / "ctg-studies.json.zip"), "-", str(page)]
    stdin = (REGISTRY / "json" / "NCT03630471.json").read_bytes()
    out = subprocess.run(
        [sys.executable, "-m", "seed", "import", *paths],
        cwd=ROOT, env=env, input=stdin, capture_output=True, check=True,
    )  # fmt: skip
    stderr = out.stderr.decode()
    assert "import: loaded 4, unchanged 0, failed 0, removed 0, superseded 0" in stderr
    with fresh_engine.connect() as conn:
        rows = conn.execute(
            select(m.SourceDocument.name, m.SourceDocument.origin, m.SourceDocument.container,
                   m.SourceDocument.nct_id, m.SourceDocument.mirrored)
            .order_by(m.SourceDocument.name)
        ).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [
        ("ctg-studies.json.zip!/63/NCT03475563.json", "archive", "ctg-studies.json.zip",
         "NCT03475563", False),
        ("page.txt", "file", "page.txt", "NCT02632201", False),
        ("stdin", "file", "stdin", "NCT03630471", False),
        ("sub/a.xml", "file", "sub/a.xml", "NCT00023673", False),
    ]  # fmt: skip

    again = subprocess.run(
        [sys.executable, "-m", "seed", "import", str(tmp_path / "ctg-studies.json.zip")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "import: loaded 0, unchanged 1, failed 0, removed 0" in again.stderr
    seeded = subprocess.run(  # a seed of another directory leaves imported sources alone
        [sys.executable, "-m", "seed", "load", str(DOCUMENTS)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "seed: loaded 4, unchanged 0, failed 0, removed 0, superseded 1" in seeded.stderr
    with fresh_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(m.Trial)) == 8


def test_python_m_seed_import_reports_a_missing_path(fresh_engine, tmp_path):
    env = dict(os.environ, DATABASE_URL=fresh_engine.url.render_as_string(hide_password=False))
    out = subprocess.run(
        [sys.executable, "-m", "seed", "import", str(tmp_path / "nope.zip")],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.strip() == f"error: no such file or directory: {tmp_path / 'nope.zip'}"


def test_progress_is_a_line_every_few_seconds_off_a_terminal():
    stream = io.StringIO()
    display = ProgressDisplay("import", stream, every=0.0)
    display(1500, 6000)
    (line,) = stream.getvalue().splitlines()
    assert line.startswith("import: 1,500/6,000 documents, ")
    assert display.line(1500, 6000, 3.0) == "import: 1,500/6,000 documents, 500/s, ETA 0:09"
    assert display.line(6000, 6000, 4.0) == "import: 6,000/6,000 documents, 1,500/s, ETA -"
