"""Build trial records and store them, for tests that need particular data."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from sqlalchemy import Connection, insert, text

from domain.records import (
    ArmRecord,
    CriterionRecord,
    EligibilityRecord,
    InterventionRecord,
    SourceRecord,
    TrialRecord,
)
from schemas.trial_json import render_trial_json
from seed.load import insert_trials
from store import models as m


def trial_record(nct_id: str = "NCT00000001", **overrides: Any) -> TrialRecord:
    base = TrialRecord(
        nct_id=nct_id,
        source=SourceRecord(
            document=f"{nct_id}.txt",
            layout="classic",
            sha256=hashlib.sha256(nct_id.encode()).hexdigest(),
        ),
        brief_title=f"Trial {nct_id}",
        overall_status="RECRUITING",
        study_type="INTERVENTIONAL",
        phases=("PHASE2",),
        conditions=("Gastric Cancer",),
        arms=(ArmRecord(label="A", type="EXPERIMENTAL", interventions=("Drug X",)),),
        interventions=(InterventionRecord(name="Drug X", type="DRUG", arm_labels=("A",)),),
        eligibility=EligibilityRecord(
            minimum_age="18 Years",
            minimum_age_years=18.0,
            sex="ALL",
            inclusion=(CriterionRecord(1, "Age 18 or over"),),
            exclusion=(CriterionRecord(1, "Pregnant"),),
        ),
    )
    return dataclasses.replace(base, **overrides)


def make_trial(conn: Connection, nct_id: str = "NCT00000001", **overrides: Any) -> TrialRecord:
    """Store one trial (and a source document row for it) through the loader's own code."""
    rec = trial_record(nct_id, **overrides)
    source_id = conn.execute(
        insert(m.SourceDocument)
        .values(
            name=rec.source.document,
            format=rec.source.layout,
            container=rec.source.document,
            sha256=rec.source.sha256,
            status="loaded",
            nct_id=rec.nct_id,
        )
        .returning(m.SourceDocument.id)
    ).scalar_one()
    insert_trials(conn, [(rec, source_id)], render_trial_json)
    return rec


def finish_seed_run(conn: Connection) -> None:
    conn.execute(text("INSERT INTO seed_runs (seed_dir, finished_at) VALUES ('test', now())"))
