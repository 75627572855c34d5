"""The synthetic document generator (``tools/synth``): what it writes, the parser reads back."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from seed.parse import parse_document
from seed.terms import split_terms
from tests.support.paths import ROOT
from tools.synth.documents import generate, render, write_documents
from tools.synth.record import MAX_INDEX, build_record
from tools.synth.vocab.conditions import CONDITIONS, ends_in_head_noun
from tools.synth.vocab.texts import KEYWORDS

COUNT = 300


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("synth")
    write_documents(out, COUNT, start=1, seed=0)
    return out, [build_record(i, 0) for i in range(1, COUNT + 1)]


def fields(r) -> dict:
    """The fields the round trip must keep, as comparable values."""
    e = r.eligibility
    return {
        "nct_id": r.nct_id,
        "status": (r.overall_status, r.why_stopped, r.last_known_status),
        "study_type": r.study_type,
        "phases": r.phases,
        "conditions": r.conditions,
        "enrollment": (r.enrollment.count, r.enrollment.type),
        "start": r.dates.start,
        "completion": (r.dates.primary_completion, r.dates.completion),
        "posted": (r.dates.first_posted, r.dates.last_update_posted, r.dates.last_verified),
        "sex": e.sex,
        "ages": (e.minimum_age, e.maximum_age, e.minimum_age_years, e.maximum_age_years),
        "healthy_volunteers": e.healthy_volunteers,
        "criteria": (len(e.inclusion), len(e.exclusion)),
        "criteria_text": ([c.text for c in e.inclusion], [c.text for c in e.exclusion]),
        "arms": [(a.label, a.type) for a in r.arms],
        "interventions": [(i.name, i.type) for i in r.interventions],
        "arm_links": [a.interventions for a in r.arms],
        "intervention_links": [i.arm_labels for i in r.interventions],
        "outcomes": [o.type for o in r.outcomes],
        "outcome_text": [(o.measure, o.time_frame, o.description) for o in r.outcomes],
        "locations": [s.country for s in r.locations],
        "sites": [(s.facility, s.city, s.state, s.zip, s.status) for s in r.locations],
        "sponsors": r.sponsors,
        "design": r.design,
        "keywords": r.keywords,
    }


def test_every_document_reads_back_as_intended(written):
    out, intended = written
    mismatches = []
    layouts = Counter()
    for rec in intended:
        path = out / rec.source.document
        got = parse_document(path.name, path.read_bytes())
        layouts[got.source.layout] += 1
        assert got.source.layout == rec.source.layout
        want, have = fields(rec), fields(got)
        mismatches += [(path.name, k, want[k], have[k]) for k in want if want[k] != have[k]]
    assert not mismatches, "\n".join(map(str, mismatches[:10]))
    assert layouts == {"classic": COUNT // 2, "modern": COUNT // 2}


def test_files_are_named_by_index_and_ids_are_unique(written):
    out, intended = written
    names = sorted(p.name for p in out.iterdir())
    assert names[0] == "synth_0000001.txt" and len(names) == COUNT
    ids = [r.nct_id for r in intended]
    assert len(set(ids)) == COUNT and ids[0] == "NCT90000001"
    assert all(len(i) == 11 and i.startswith("NCT9") for i in ids)


def test_the_variants_the_layouts_accept_all_occur(written):
    _, intended = written
    seen = Counter()
    for r in intended:
        e = r.eligibility
        seen.update({r.overall_status, r.study_type, r.source.layout, e.sex})
        seen.update(a.type for a in r.arms)
        seen.update(i.type for i in r.interventions)
        seen.update(o.type for o in r.outcomes)
        seen.update(r.phases)
        seen["why_stopped"] += r.why_stopped is not None
        seen["last_known_status"] += r.last_known_status is not None
        seen["months"] += "Month" in (e.minimum_age or "") or "Day" in (e.minimum_age or "")
        seen["no max age"] += e.maximum_age is None
        seen["healthy"] += bool(e.healthy_volunteers)
        seen["several countries"] += len({s.country for s in r.locations}) > 1
        seen["many sites"] += len(r.locations) >= 10
        seen["no sites"] += not r.locations
        seen["collaborators"] += len(r.sponsors) > 1
        seen["several conditions"] += len(r.conditions) > 1
        seen["pmid"] += any(ref.pmid for ref in r.references)
        seen["cohort"] += r.study_type == "OBSERVATIONAL" and bool(r.arms)
        seen["month precision"] += r.dates.start is not None and len(r.dates.start.date) == 7
        seen["untyped date"] += r.dates.start is not None and r.dates.start.type is None
    wanted = [
        *["COMPLETED", "RECRUITING", "UNKNOWN", "TERMINATED", "NOT_YET_RECRUITING"],
        *["ACTIVE_NOT_RECRUITING", "INTERVENTIONAL", "OBSERVATIONAL", "FEMALE", "MALE", "ALL"],
        *["EXPERIMENTAL", "PLACEBO_COMPARATOR", "ACTIVE_COMPARATOR", "NO_INTERVENTION"],
        *["DRUG", "DEVICE", "PROCEDURE", "BEHAVIORAL", "OTHER", "PRIMARY", "SECONDARY"],
        *["NA", "PHASE1", "PHASE2", "PHASE3", "PHASE4"],
        "why_stopped",
        "last_known_status",
        "months",
        "no max age",
        "healthy",
        "several countries",
        "many sites",
        "no sites",
        "collaborators",
        "several conditions",
        "pmid",
        "cohort",
        "month precision",
        "untyped date",
    ]
    assert [v for v in wanted if not seen[v]] == []


def test_distributions_look_like_the_registry():
    records = [build_record(i, 7) for i in range(1, 3001)]
    n = len(records)
    share = Counter(r.overall_status for r in records)
    assert 0.40 < share["COMPLETED"] / n < 0.56
    assert 0.11 < share["RECRUITING"] / n < 0.20
    assert 0.08 < share["UNKNOWN"] / n < 0.16
    types = Counter(r.study_type for r in records)
    assert 0.72 < types["INTERVENTIONAL"] / n < 0.82
    assert 0.17 < types["OBSERVATIONAL"] / n < 0.27
    sexes = Counter(r.eligibility.sex for r in records)
    assert 0.75 < sexes["ALL"] / n < 0.92 and sexes["FEMALE"] > sexes["MALE"]
    conditions = Counter(c for r in records for c in r.conditions)
    top = [c for c, _ in conditions.most_common(10)]
    assert "Breast Cancer" in top and "Healthy" in top
    assert len(conditions) > 200  # most names are rare, but they occur
    sites = sorted(len(r.locations) for r in records)
    assert sites[n // 2] <= 2 and sites[-1] >= 20  # most trials 1-3 sites, a few dozens
    enrollment = sorted(r.enrollment.count for r in records if r.enrollment.count)
    assert 30 < enrollment[len(enrollment) // 2] < 300 and enrollment[-1] > 5000
    for r in records:  # no observational trial has a phase; every trial 1-4 conditions
        assert not (r.study_type == "OBSERVATIONAL" and r.phases)
        assert 1 <= len(r.conditions) <= 4
        assert 3 <= len(r.eligibility.inclusion) <= 25 and 3 <= len(r.eligibility.exclusion) <= 25
        assert len(r.outcomes) <= 6 and len(r.locations) <= 40


def test_vocabulary_survives_the_term_splitter():
    """Every condition is one term; run together, names ending in a head noun split apart."""
    for name, _ in CONDITIONS:
        assert split_terms(name) == (name,), name
        assert name[:1].isupper() or name[:1].isdigit(), name
        assert not name.lower().startswith("metasta"), name
    for keyword in KEYWORDS:
        assert split_terms(keyword) == (keyword,), keyword
    heads = [c for c, _ in CONDITIONS if ends_in_head_noun(c)]
    assert len(heads) > 100
    assert split_terms("Breast Cancer Glioma\nAsthma") == (
        "Breast Cancer",
        "Glioma",
        "Asthma",
    )


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_documents(a, 40, start=5, seed=3)
    write_documents(b, 40, start=5, seed=3)
    write_documents(c, 40, start=5, seed=4)
    for path in sorted(a.iterdir()):
        assert (b / path.name).read_bytes() == path.read_bytes()
    differ = sum((c / p.name).read_bytes() != p.read_bytes() for p in a.iterdir())
    assert differ == 40


def test_a_document_does_not_depend_on_the_range_it_is_generated_in():
    alone = next(generate(1, start=17, seed=2))
    in_range = list(generate(20, start=1, seed=2))[16]
    assert alone[0] == in_range[0] == "synth_0000017.txt"
    assert alone[2] == in_range[2]


def test_index_out_of_range_is_refused():
    with pytest.raises(ValueError):
        list(generate(2, start=MAX_INDEX))


@pytest.mark.slow
def test_command_line_writes_documents(tmp_path):
    out = tmp_path / "docs"
    done = subprocess.run(
        [sys.executable, "-m", "tools.synth", "--count", "20", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    files = sorted(out.iterdir())
    assert [p.name for p in files[:2]] == ["synth_0000001.txt", "synth_0000002.txt"]
    assert len(files) == 20
    got = [parse_document(p.name, p.read_bytes()) for p in files]
    assert [r.nct_id for r in got] == [f"NCT9{i:07d}" for i in range(1, 21)]
    assert got[0].source.layout == "modern" or got[1].source.layout == "modern"
    same = build_record(20, 0)
    assert files[-1].read_text(encoding="utf-8") == render(same)
