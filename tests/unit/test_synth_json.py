"""The synthetic API v2 studies of ``tools/synth``: valid against the registry's data model,
read back by the v2 JSON reader into the records they were written from (every field), and the
bulk outputs (ZIP flat and sharded, JSON Lines) read back by the loader's readers."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter

import jsonschema
import pytest
import yaml

from domain.records import SourceRecord
from seed.archive import MAX_MEMBER_BYTES, iter_members
from seed.formats.ctgov_json import parse_study
from seed.parse import parse_source
from tests.support.paths import ROOT
from tools.synth.ctgov_json import study_bytes
from tools.synth.markup import numbered
from tools.synth.studies import (
    build_study,
    generate_studies,
    member_name,
    write_jsonl,
    write_zip,
)
from tools.synth.zipwriter import StreamedZip

REGISTRY = ROOT / "tests" / "data" / "registry"
COUNT = 400
MANY_SITES = 895  # an index whose study has 1,640 sites
LARGEST = 1761  # an index whose study is 1.9 MB (its adverse events tables)


@pytest.fixture(scope="module")
def studies() -> list:
    return list(generate_studies(COUNT, 1))


def differences(want, got, path: str = "") -> list[tuple[str, object, object]]:
    """Where two records differ, field by field: ``(path, want, got)``."""
    if dataclasses.is_dataclass(want) and dataclasses.is_dataclass(got):
        return [
            d
            for f in dataclasses.fields(want)
            for d in differences(getattr(want, f.name), getattr(got, f.name), f"{path}.{f.name}")
        ]
    if isinstance(want, tuple) and isinstance(got, tuple) and len(want) == len(got):
        pairs = enumerate(zip(want, got, strict=True))
        return [d for i, (w, g) in pairs for d in differences(w, g, f"{path}[{i}]")]
    return [] if want == got else [(path, want, got)]


def assert_same(want, got) -> None:
    found = differences(want, got)
    assert not found, f"{want.nct_id}: " + "\n".join(map(repr, found[:10]))


# --------------------------------------------------------------------------- the data model


def _strict(node):
    """The schema with ``additionalProperties: false`` on every object that lists its
    properties: a key the data model does not have is an error, not ignored."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _strict(value)
    elif isinstance(node, list):
        for value in node:
            _strict(value)
    return node


@pytest.fixture(scope="module")
def study_schema() -> jsonschema.Draft7Validator:
    spec = yaml.safe_load((REGISTRY / "ctg-oas-v2.yaml").read_text(encoding="utf-8"))
    schema = {"$ref": "#/components/schemas/Study", "components": spec["components"]}
    return jsonschema.Draft7Validator(_strict(schema))


def test_real_samples_pass_the_strict_schema(study_schema):
    """A check on the check: the registry's own studies are valid as the next test reads them."""
    for path in sorted((REGISTRY / "json").glob("*.json")):
        errors = [e.message for e in study_schema.iter_errors(json.loads(path.read_bytes()))]
        assert not errors, f"{path.name}: {errors[:3]}"


def test_every_study_fits_the_registry_data_model(studies, study_schema):
    failures = []
    for rec, study in studies:
        failures += [
            (rec.nct_id, "/".join(map(str, e.absolute_path)), e.message[:120])
            for e in study_schema.iter_errors(study)
        ]
    assert not failures, "\n".join(map(repr, failures[:10]))


# --------------------------------------------------------------------------- read back


def test_every_study_reads_back_as_its_record(studies):
    for rec, study in studies:
        assert_same(rec, parse_study(study, rec.source))


def test_a_study_file_reads_back_through_parse_source(studies):
    for rec, study in studies[:50]:
        data = study_bytes(study)
        (got,) = parse_source(member_name(rec.nct_id), data)
        assert got.source == SourceRecord(
            f"{rec.nct_id}.json", "ctgov-json", hashlib.sha256(data).hexdigest()
        )
        assert_same(dataclasses.replace(rec, source=got.source), got)


def test_the_studies_hold_what_only_the_registry_format_has(studies):
    """Each registry-only field, and each markup form a reader must undo, occurs."""
    seen: Counter[str] = Counter()
    for rec, study in studies:
        markup = json.dumps(study["protocolSection"])
        checks = {
            "aliases": rec.aliases,
            "organization": rec.organization,
            "has_results": rec.has_results and "resultsSection" in study,
            "condition MeSH ids": any(m.id for m in rec.condition_meshes),
            "condition ancestors": rec.condition_ancestors,
            "intervention MeSH": rec.intervention_meshes and rec.intervention_ancestors,
            "geoPoints": any(s.latitude is not None for s in rec.locations),
            "a site without a geoPoint": any(s.latitude is None for s in rec.locations),
            "phone extension": any(c.phone_ext for c in rec.contacts),
            "study population": rec.eligibility.study_population,
            "sampling method": rec.eligibility.sampling_method,
            "biospecimens": rec.design.bio_spec_retention,
            "target duration": rec.design.target_duration,
            "last known status": rec.last_known_status,
            "numbered criteria": rec.eligibility.inclusion and numbered(rec.nct_id),
            "escaped markup": re.search(r"\\\\[<>&\[\]*_]", markup),
            "paragraphs": "\\n\\n" in json.dumps(study["protocolSection"].get("descriptionModule")),
            "long criteria (30+ items)": len(rec.eligibility.exclusion) >= 30,
            "10 or more sites": len(rec.locations) >= 10,
            "expanded access": rec.study_type == "EXPANDED_ACCESS",
        }
        seen.update(name for name, value in checks.items() if value)
    missing = [name for name in checks if not seen[name]]
    assert not missing, f"never generated in {COUNT} studies: {missing}"
    assert 0.07 < seen["has_results"] / COUNT < 0.2  # the registry: ~12%


def test_the_tail_reads_back_and_passes_the_archive_limits(tmp_path):
    """A study of 1,640 sites and one of 1.9 MB: read back, and taken by seed.archive (under its
    member size limit and bomb ratio)."""
    path = tmp_path / "tail.zip"
    built = [build_study(MANY_SITES), build_study(LARGEST)]
    assert len(built[0][0].locations) > 1000
    with StreamedZip(path) as archive:
        for rec, study in built:
            data = study_bytes(study)
            archive.write(member_name(rec.nct_id), data)
    assert 1_000_000 < len(data) < MAX_MEMBER_BYTES
    members = list(iter_members(path))
    assert [m.error for m in members] == [None, None]
    for member, (rec, _) in zip(members, built, strict=True):
        (got,) = parse_source(member.name, member.data)
        assert_same(dataclasses.replace(rec, source=got.source), got)


# --------------------------------------------------------------------------- bulk outputs


@pytest.mark.parametrize("sharded", [False, True])
def test_bulk_zip_members_read_back(tmp_path, sharded):
    path = tmp_path / "ctg-studies.json.zip"
    stats = write_zip(path, 40, start=101, sharded=sharded)
    assert stats.count == 40 and stats.total > 40 * 3000
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    first = "01/NCT90000101.json" if sharded else "NCT90000101.json"
    assert names[0] == first and len(names) == 40
    members = list(iter_members(path))
    assert [m.name for m in members] == [f"ctg-studies.json.zip!/{n}" for n in names]
    for member, (rec, _) in zip(members, generate_studies(40, 101), strict=True):
        (got,) = parse_source(member.name, member.data)
        assert got.source.document == member.name
        assert_same(dataclasses.replace(rec, source=got.source), got)


def test_zip64_directory_past_65535_members(tmp_path):
    path = tmp_path / "many.zip"
    with StreamedZip(path, level=1) as archive:
        for i in range(70_000):
            archive.write(f"{i % 100:02d}/NCT9{i:07d}.json", b'{"n": %d}' % i)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        assert len(infos) == 70_000
        assert archive.read(infos[-1]) == b'{"n": 69999}'
        assert infos[-1].header_offset > 0


def test_json_lines_read_back(tmp_path):
    path = tmp_path / "studies.jsonl"
    write_jsonl(path, 12, start=7)
    data = path.read_bytes()
    assert data.count(b"\n") == 12
    got = list(parse_source(path.name, data))
    assert [g.source.document for g in got] == [f"studies.jsonl:{n}" for n in range(1, 13)]
    for g, (rec, _) in zip(got, generate_studies(12, 7), strict=True):
        assert_same(dataclasses.replace(rec, source=g.source), g)


def test_same_index_same_bytes_in_any_range():
    alone = study_bytes(build_study(123)[1])
    in_range = [study_bytes(s) for _, s in generate_studies(5, 120)][3]
    assert alone == in_range
    assert study_bytes(build_study(123, seed=1)[1]) != alone


def test_command_line_writes_a_bulk_zip(tmp_path):
    out = tmp_path / "bulk.zip"
    cmd = [sys.executable, "-m", "tools.synth", "--format", "ctgov-json", "--count", "3"]
    done = subprocess.run(
        [*cmd, "--zip", str(out), "--sharded"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "sizes: 3 studies" in done.stderr
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == [f"0{i}/NCT9000000{i}.json" for i in (1, 2, 3)]
    refused = subprocess.run(
        [sys.executable, "-m", "tools.synth", "--count", "3", "--zip", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "need --format ctgov-json" in refused.stderr


def test_the_runtime_never_imports_tools():
    """tools/ stays outside the runtime package: nothing the image runs imports it."""
    offenders = []
    for package in ("domain", "store", "seed", "service", "schemas"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [
                    f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "tools"
                ]
    assert not offenders
