"""A FHIR client library (fhirpy, plain HTTP, any FHIR version) against a live gunicorn on
127.0.0.1 serving the seeds: read, search with paging over next links, an unknown id."""

from __future__ import annotations

import pytest
from fhir.resources.researchstudy import ResearchStudy
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import OperationOutcome, ResourceNotFound

from tests.support.servers import QUIET, gunicorn

pytestmark = pytest.mark.slow

BY_UPDATE = ["NCT06224738", "NCT05745454", "NCT05681650", "NCT02713984", "NCT02632201"]


@pytest.fixture(scope="module")
def fhir_client(seeded, database_url):
    with gunicorn(database_url, WEB_CONCURRENCY="1", **QUIET) as server:
        yield SyncFHIRClient(f"{server.url}/fhir")


def test_read(fhir_client):
    study = fhir_client.reference("ResearchStudy", "NCT02713984").to_resource()
    assert study["resourceType"] == "ResearchStudy"
    assert study["identifier"][0]["value"] == "NCT02713984"
    ResearchStudy.model_validate(study.serialize())


def test_search_pages_through_next_links(fhir_client):
    studies = fhir_client.resources("ResearchStudy").limit(2)
    assert [s["id"] for s in studies.fetch()] == BY_UPDATE[:2]  # one page
    assert [s["id"] for s in studies.fetch_all()] == BY_UPDATE  # three pages
    found = fhir_client.resources("ResearchStudy").search(status="not-yet-recruiting").limit(1)
    assert [s["id"] for s in found] == BY_UPDATE[:3]
    assert found.count() == 3
    coded = fhir_client.resources("ResearchStudy").search(phase="phase-1-phase-2", date__ge="2016")
    assert [s["id"] for s in coded.fetch_all()] == ["NCT05681650", "NCT02713984", "NCT02632201"]


def test_unknown_id(fhir_client):
    with pytest.raises(ResourceNotFound):
        fhir_client.reference("ResearchStudy", "NCT00000000").to_resource()
    with pytest.raises(ResourceNotFound):
        fhir_client.resources("ResearchStudy").search(_id="NCT00000000").get()


def test_a_bad_search_is_an_operation_outcome(fhir_client):
    with pytest.raises(OperationOutcome) as raised:
        fhir_client.resources("ResearchStudy").search(date="ap2020").fetch()
    assert "date" in str(raised.value)
