"""The seed job from the command line: `flask --app service seed` and `python -m seed`."""

from __future__ import annotations

import json
import subprocess
import sys

from sqlalchemy import func, select

from service import create_app
from service.settings import Settings
from store import models as m
from tests.support.paths import DOCUMENTS, ROOT


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
