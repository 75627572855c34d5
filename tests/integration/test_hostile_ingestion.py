"""Hostile ingestion: a seed directory mixing the five good documents with broken, binary,
oversized, re-encoded and misleading ones. Every good document loads, every bad one is
recorded with its reason (one that claims a seed's study is superseded by the seed), and no
bad document changes a good trial."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from schemas.trial_json import render_trial_json
from seed.load import MAX_DOCUMENT_BYTES, load_directory
from service import create_app
from service.settings import Settings
from store import models as m
from tests.support.paths import DOCUMENTS, copy_documents

SEEDS = {
    "000_46e7e372a9101ccc.txt": "NCT02713984",
    "001_1b2b0a3fb6ca20b2.txt": "NCT05745454",
    "002_982eccef9937b4d5.txt": "NCT05681650",
    "003_bd2f6d907527c583.txt": "NCT02632201",
    "004_e177973aeb9f0c47.txt": "NCT06224738",
}
TOO_LARGE = 10 * 1024 * 1024
# documents that are good: the same trials as two seeds under new ids, in other encodings
REENCODED = {
    "enc_latin1.txt": ("NCT09000001", "latin-1"),
    "enc_utf16_bom.txt": ("NCT09000002", "utf-16"),  # Python writes the BOM
    "enc_utf8_bom.txt": ("NCT09000003", "utf-8-sig"),
}
TITLE = "Zürich café study: HER2 ± PD-1 in Gastric Cancer"
BAD = {
    "bad_empty.txt": "the document is empty",
    "bad_random.bin": "the document is binary (it contains NUL bytes)",
    "bad_png.png": "the document is binary (it contains NUL bytes)",
    "bad_truncated_header.txt": "no NCT id: this is not a trial record",  # cut before its id
    "bad_huge.txt": f"the document is too large ({TOO_LARGE} bytes; "
    f"the limit is {MAX_DOCUMENT_BYTES})",
    "bad_two_ids_classic.txt": "two different NCT ids: NCT02713984 (line 4) and NCT09999991",
    "bad_two_ids_modern.txt": "two different NCT ids: NCT05745454 (line 3) and NCT09999992",
    "bad_related_only.txt": "no NCT id of its own: the only NCT ids are under "
    "'More Related Trials'",
}
# documents of a study a seed holds already, on the same date and in the same kind of format:
# the seed, loaded first, keeps it
SAME = "for both, both are page renderings, and it was loaded first"
SUPERSEDED = {
    "bad_exact_copy.txt": "NCT02713984 is current from 000_46e7e372a9101ccc.txt: last update "
    f"2020-03-19 {SAME}",
    "bad_impostor.txt": "NCT02632201 is current from 003_bd2f6d907527c583.txt: last update "
    f"2016-01-01 {SAME}",
    "bad_truncated.txt": "NCT05681650 is current from 002_982eccef9937b4d5.txt: last update "
    f"2023-01-13 {SAME}",
}


def seed_text(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


def write_hostile(d: Path) -> None:
    """The bad documents and the re-encoded good ones, beside the seeds in ``d``."""
    classic, modern = seed_text("000_46e7e372a9101ccc.txt"), seed_text("001_1b2b0a3fb6ca20b2.txt")
    (d / "bad_empty.txt").write_bytes(b"")
    (d / "bad_random.bin").write_bytes(random.Random(6).randbytes(4096))
    (d / "bad_png.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    data = (DOCUMENTS / "002_982eccef9937b4d5.txt").read_bytes()
    (d / "bad_truncated.txt").write_bytes(data[: len(data) * 45 // 100])
    (d / "bad_truncated_header.txt").write_bytes(data[:150])
    shutil.copy(DOCUMENTS / "000_46e7e372a9101ccc.txt", d / "bad_exact_copy.txt")
    (d / "bad_huge.txt").write_bytes(
        (classic.encode() * (TOO_LARGE // len(classic) + 1))[:TOO_LARGE]
    )
    (d / "bad_two_ids_classic.txt").write_text(
        classic.replace(
            "ClinicalTrials.gov Identifier: | NCT02713984 |",
            "ClinicalTrials.gov Identifier: | NCT09999991 |",
        )
    )
    (d / "bad_two_ids_modern.txt").write_text(
        modern.replace("NCT ID: NCT05745454\n", "NCT ID: NCT05745454\n\nNCT ID: NCT09999992\n", 1)
    )
    (d / "bad_related_only.txt").write_text(modern.replace("NCT ID: NCT05745454\n", ""))
    impostor = seed_text("003_bd2f6d907527c583.txt").splitlines(keepends=True)
    impostor[0] = "An impostor claiming another trial's id\n"
    (d / "bad_impostor.txt").write_text(
        "".join(impostor).replace("Gastric Cancer", "Impostor Disease")
    )
    sources = {"latin-1": "003_bd2f6d907527c583.txt", "utf-16": "004_e177973aeb9f0c47.txt"}
    for name, (nct_id, encoding) in REENCODED.items():
        lines = seed_text(sources.get(encoding, "002_982eccef9937b4d5.txt")).splitlines(True)
        lines[0] = TITLE + "\n"
        text = "".join(lines)
        for old in SEEDS.values():
            text = text.replace(old, nct_id)
        (d / name).write_bytes(text.encode(encoding, errors="replace"))  # Latin-1: no μ


def served(app, nct_ids) -> dict[str, tuple[int, bytes]]:
    client = app.test_client()
    out = {}
    for nct_id in nct_ids:
        r = client.get(f"/v1/trials/{nct_id}")
        out[nct_id] = (r.status_code, r.get_data())
    return out


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    return copy_documents(tmp_path / "docs")


def test_hostile_documents_never_change_good_trials(fresh_engine, hostile_dir):
    url = fresh_engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(database_url=url))
    first = load_directory(fresh_engine, hostile_dir, render=render_trial_json, workers=1)
    assert sorted(first.loaded) == sorted(SEEDS) and first.failed == []
    before = served(app, SEEDS.values())
    assert {status for status, _ in before.values()} == {200}

    write_hostile(hostile_dir)
    report = load_directory(fresh_engine, hostile_dir, render=render_trial_json, workers=1)

    assert sorted(report.unchanged) == sorted(SEEDS)
    assert sorted(report.loaded) == sorted(REENCODED)
    assert dict(report.failed) == BAD
    assert dict(report.superseded) == SUPERSEDED
    with fresh_engine.connect() as conn:
        rows = conn.execute(
            select(m.SourceDocument.name, m.SourceDocument.status, m.SourceDocument.error)
        ).all()
    assert {name: (status, error) for name, status, error in rows} == (
        {name: ("loaded", None) for name in [*SEEDS, *REENCODED]}
        | {name: ("failed", reason) for name, reason in BAD.items()}
        | {name: ("superseded", reason) for name, reason in SUPERSEDED.items()}
    )
    assert served(app, SEEDS.values()) == before  # byte for byte, ETags included
    client = app.test_client()
    for name, (nct_id, _) in REENCODED.items():
        body = client.get(f"/v1/trials/{nct_id}").get_json()
        assert body["brief_title"] == TITLE, name
        assert body["source"]["document"] == name
    trials = client.get("/v1/trials?limit=100&sort=nct_id").get_json()["data"]
    assert [t["nct_id"] for t in trials] == sorted(
        [*SEEDS.values(), *(nct for nct, _ in REENCODED.values())]
    )
    app.extensions["db"].dispose()


def test_hostile_directory_loaded_at_once(fresh_engine, hostile_dir):
    """The same directory loaded in one run, in parallel batches: the seeds' names sort first,
    so each keeps its NCT id, and the result is the same."""
    write_hostile(hostile_dir)
    report = load_directory(
        fresh_engine, hostile_dir, render=render_trial_json, workers=2, batch_size=4
    )
    assert sorted(report.loaded) == sorted([*SEEDS, *REENCODED])
    assert dict(report.failed) == BAD
    assert dict(report.superseded) == SUPERSEDED
