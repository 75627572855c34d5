"""Every record of the demo set (the five pages and the 64 registry samples, JSON and XML)
is a valid FHIR R5 ResearchStudy, and search Bundles over them validate too."""

from __future__ import annotations

import json

import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.researchstudy import ResearchStudy
from sqlalchemy import text

from schemas.trial_json import render_trial_json
from seed.load import load_directory
from tests.support import databases
from tests.support.apps import app_under_test
from tests.support.paths import ROOT

DEMO_SET = ROOT / "seed" / "documents"


@pytest.fixture(scope="module")
def demo(server_url):
    with databases.temporary_database(server_url, "trials_fhir") as url:
        engine = databases.migrated_engine(url)
        assert load_directory(engine, DEMO_SET, render=render_trial_json, workers=1).failed == []
        with engine.connect() as conn:
            ids = sorted(conn.scalars(text("SELECT nct_id FROM trials")))
        engine.dispose()
        with app_under_test(url) as app:
            yield app.test_client(), ids


def test_the_demo_set_holds_the_registry_samples(demo):
    _, ids = demo
    assert len(ids) == 67


def test_every_record_is_a_valid_research_study(demo):
    client, ids = demo
    for nct_id in ids:
        response = client.get(f"/fhir/ResearchStudy/{nct_id}")
        assert response.status_code == 200, nct_id
        study = json.loads(response.get_data())
        ResearchStudy.model_validate(study)
        assert study["id"] == nct_id
        assert ("https://clinicaltrials.gov", nct_id) in [
            (i.get("system"), i.get("value")) for i in study["identifier"]
        ]


def test_registry_codings_and_places_reach_fhir(demo):
    client, _ = demo
    coded = json.loads(client.get("/fhir/ResearchStudy/NCT03475563").get_data())
    codes = [(c["code"], c.get("display")) for cond in coded["condition"] for c in cond["coding"]]
    assert ("D000003324", "Coronary Artery Disease") in codes  # its MeSH descriptor
    study = json.loads(client.get("/fhir/ResearchStudy/NCT04207047").get_data())
    sites = [r for r in study.get("contained", []) if r["resourceType"] == "Location"]
    assert sites and sites[0]["position"] == {"latitude": 42.55843, "longitude": -71.26895}


def test_search_bundles_over_the_demo_set_validate(demo):
    client, ids = demo
    seen, url = [], "/fhir/ResearchStudy?_count=25"
    while url:
        bundle = json.loads(client.get(url).get_data())
        Bundle.model_validate(bundle)
        seen += [e["resource"]["id"] for e in bundle.get("entry", [])]
        url = next((link["url"] for link in bundle["link"] if link["relation"] == "next"), None)
        url = url and url.replace("http://localhost", "")
    assert sorted(seen) == ids
