"""A Python client generated from openapi.yaml (openapi-python-client) calls every operation of
the spec against gunicorn: one call per operation id, the CSV export and the match included,
with typed results; the generator warns of nothing, and makes one class per enum."""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from schemas.match import EXAMPLE_PROFILE
from tests.support import databases
from tests.support.paths import DOCUMENTS, ROOT, copy_documents
from tests.support.servers import QUIET, gunicorn

pytestmark = pytest.mark.slow

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
OPERATIONS = {
    op["operationId"]: op["tags"][0]
    for item in SPEC["paths"].values()
    for method, op in item.items()
    if isinstance(op, dict) and "operationId" in op
}
ADMIN_TOKEN = "client-admin-token-" + uuid.uuid4().hex
SEEDED = ["NCT06224738", "NCT05745454", "NCT05681650", "NCT02713984", "NCT02632201"]
NEW_ID = "NCT09100002"


@pytest.fixture(scope="module")
def server(server_url, tmp_path_factory):
    """gunicorn on a database and SEED_DIR of its own (the admin calls change them)."""
    seed_dir = copy_documents(tmp_path_factory.mktemp("client-seed"))
    with databases.temporary_database(server_url, "trials_client") as url:
        engine = databases.migrated_engine(url)
        databases.load_seeds(engine, seed_dir)
        engine.dispose()
        env = {"SEED_DIR": str(seed_dir), "ADMIN_TOKEN": ADMIN_TOKEN, "WEB_CONCURRENCY": "1"}
        with gunicorn(url, **env, **QUIET) as live:
            yield live.url


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("sdk")
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run(
        [
            shutil.which("openapi-python-client", path=env["PATH"]) or "openapi-python-client",
            "generate",
            "--path",
            str(ROOT / "openapi.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(out / "trials_api_client"),
        ],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    sys.path.insert(0, str(out))
    yield out / "trials_api_client", result.stdout + result.stderr
    sys.path.remove(str(out))
    for name in [m for m in sys.modules if m.startswith("trials_api_client")]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def sdk(generated):
    return importlib.import_module("trials_api_client")


@pytest.fixture(scope="module")
def clients(sdk, server):
    public = sdk.Client(base_url=server, raise_on_unexpected_status=True)
    admin = sdk.AuthenticatedClient(
        base_url=server, token=ADMIN_TOKEN, raise_on_unexpected_status=True
    )
    return public, admin


def operation(operation_id: str):
    return importlib.import_module(
        f"trials_api_client.api.{OPERATIONS[operation_id]}.{operation_id}"
    )


def test_the_generator_warns_of_nothing(generated):
    _, output = generated
    assert "Warning" not in output, output


def test_one_class_per_enum(generated):
    """A nullable enum is one class (not ``…Type1 | …Type2Type1 | …Type3Type1``), the same
    for every field of that vocabulary."""
    package, _ = generated
    models = sorted(p.stem for p in (package / "models").glob("*.py"))
    assert not [m for m in models if "_type_" in m or m.endswith(("_type_1", "_type_0"))]
    trial = (package / "models" / "trial.py").read_text()
    assert "overall_status: None | OverallStatus | Unset = UNSET" in trial
    assert "last_known_status: None | OverallStatus | Unset = UNSET" in trial
    summary = (package / "models" / "trial_summary.py").read_text()
    assert "phases: list[Phase] | Unset = UNSET" in summary


# --------------------------------------------------------------------------- every operation


def _index(m, client, _):
    index = operation("get_index").sync(client=client)
    assert isinstance(index, m.ApiIndex)
    assert index.links.docs == "/docs" and index.links.trials_csv == "/v1/trials.csv"
    root = operation("get_root").sync(client=client)
    assert root.to_dict() == index.to_dict()


def _root(m, client, admin):
    _index(m, client, admin)


def _list_trials(m, client, _):
    list_trials = operation("list_trials")
    seen, cursor = [], m.types.UNSET
    while True:
        page = list_trials.sync(client=client, limit=2, cursor=cursor)
        assert isinstance(page, m.TrialPage)
        seen += [t.nct_id for t in page.data]
        if not (cursor := page.page.next_cursor):
            break
    assert seen == SEEDED
    ascending = list_trials.sync(client=client, sort=m.TrialSort.ENROLLMENT, limit=100)
    descending = list_trials.sync(client=client, sort=m.TrialSort.ENROLLMENT_DESC, limit=100)
    counts = [t.enrollment.count for t in descending.data]
    assert counts == sorted(counts, reverse=True)
    assert [t.nct_id for t in ascending.data] == [t.nct_id for t in descending.data][::-1]
    in_china = list_trials.sync(
        client=client,
        status=[m.OverallStatus.NOT_YET_RECRUITING, m.OverallStatus.UNKNOWN],
        country="CN",
        count_total=True,
    )
    assert in_china.page.total == 2
    assert [(t.nct_id, t.overall_status) for t in in_china.data] == [
        ("NCT06224738", m.OverallStatus.NOT_YET_RECRUITING),
        ("NCT02632201", m.OverallStatus.UNKNOWN),
    ]


def _export_trials(m, client, _):
    text = operation("export_trials").sync(client=client, sort=m.TrialSort.NCT_ID_DESC)
    assert isinstance(text, str)
    header, *rows = csv.reader(io.StringIO(text))
    assert header[:3] == ["nct_id", "brief_title", "overall_status"]
    assert [r[0] for r in rows] == sorted(SEEDED, reverse=True)


def _get_trial(m, client, _):
    trial = operation("get_trial").sync(client=client, nct_id="NCT02713984")
    assert isinstance(trial, m.Trial)
    assert trial.overall_status == m.OverallStatus.WITHDRAWN
    assert trial.arms[0].interventions == ["Anti-HER2 CAR-T"]
    assert trial.eligibility.minimum_age_years == 18.0
    missing = operation("get_trial").sync_detailed(client=client, nct_id="NCT99999999")
    assert missing.status_code == 404
    assert isinstance(missing.parsed, m.Problem)
    assert missing.parsed.detail == "No trial with id NCT99999999."


def _trial_part(name: str, model: str, check):
    def call(m, client, _):
        part = operation(name).sync(client=client, nct_id="NCT02713984")
        assert isinstance(part, getattr(m, model))
        assert check(part), part

    return call


def _collection(name: str, **kwargs):
    def call(m, client, _):
        page = operation(name).sync(client=client, limit=100, **kwargs)
        assert page.data and all(item.nct_id in SEEDED for item in page.data)
        assert page.page.next_cursor is None

    return call


def _get_stats(m, client, _):
    stats = operation("get_stats").sync(client=client)
    assert isinstance(stats, m.Stats) and stats.total == 5
    assert stats.country[0].value == "China"


def _list_sources(m, client, _):
    sources = operation("list_sources").sync(client=client, limit=100)
    assert sorted(s.name for s in sources.data) == sorted(p.name for p in DOCUMENTS.iterdir())


def _list_enums(m, client, _):
    enums = operation("list_enums").sync(client=client)
    assert sorted(enums.overall_status) == sorted(s.value for s in m.OverallStatus)


def _get_version(m, client, _):
    version = operation("get_version").sync(client=client)
    assert version.api_version == "1.0.0" and version.counts.trials == 5


def _get_health(m, client, _):
    assert operation("get_health").sync(client=client).status == "ok"


def _get_readiness(m, client, _):
    assert operation("get_readiness").sync(client=client).status == "ready"


def _match_patient(m, client, _):
    profile = m.MatchRequest.from_dict(EXAMPLE_PROFILE)
    assert profile.her2.ihc == m.Her2Ihc.HER2_IHC_2_PLUS
    result = operation("match_patient").sync(client=client, body=profile)
    assert isinstance(result, m.MatchResponse)
    assert [(t.nct_id, t.verdict) for t in result.data] == [
        ("NCT06224738", m.TrialMatchVerdict.POSSIBLY_ELIGIBLE)
    ]
    wrong = operation("match_patient").sync_detailed(
        client=client, body=m.MatchRequest.from_dict({"age": 200})
    )
    assert wrong.status_code == 400 and wrong.parsed.invalid_params[0].name == "age"


def _run_seed(m, _, admin):
    report = operation("run_seed").sync(client=admin)
    assert isinstance(report, m.SeedReport)
    assert (report.loaded, report.unchanged, report.failed) == (0, 5, 0)


def _put_document(m, _, admin):
    text = (DOCUMENTS / "002_982eccef9937b4d5.txt").read_text().replace("NCT05681650", NEW_ID)
    document = m.types.File(payload=io.BytesIO(text.encode()), mime_type="application/octet-stream")
    source = operation("put_document").sync(client=admin, name="client.txt", body=document)
    assert isinstance(source, m.SourceDocument)
    assert (source.name, source.nct_id) == ("client.txt", NEW_ID)


def _delete_trial(m, client, admin):
    response = operation("delete_trial").sync_detailed(client=admin, nct_id=NEW_ID)
    assert response.status_code == 204
    assert operation("get_trial").sync_detailed(client=client, nct_id=NEW_ID).status_code == 404


def _fhir(operation_id: str, check, **kwargs):
    """A FHIR operation through the generated client: its raw answer is FHIR JSON."""

    def call(m, client, _):
        response = operation(operation_id).sync_detailed(client=client, **kwargs)
        assert response.status_code == 200, response.content[:300]
        assert response.headers["content-type"].startswith("application/fhir+json")
        assert check(json.loads(response.content))

    return call


CALLS = {
    "get_root": _root,
    "get_index": _index,
    "list_trials": _list_trials,
    "export_trials": _export_trials,
    "get_trial": _get_trial,
    "list_trial_arms": _trial_part(
        "list_trial_arms",
        "ArmList",
        lambda p: [a.label for a in p.data] == ["HER2 positive cancers"],
    ),
    "list_trial_interventions": _trial_part(
        "list_trial_interventions",
        "InterventionList",
        lambda p: p.data[0].name == "Anti-HER2 CAR-T",
    ),
    "list_trial_outcomes": _trial_part(
        "list_trial_outcomes", "OutcomeList", lambda p: p.data[0].measure
    ),
    "get_trial_eligibility": _trial_part(
        "get_trial_eligibility", "Eligibility", lambda p: p.minimum_age_years == 18.0
    ),
    "list_arms": _collection("list_arms"),
    "list_interventions": _collection("list_interventions"),
    "list_outcomes": _collection("list_outcomes"),
    "get_stats": _get_stats,
    "list_sources": _list_sources,
    "list_enums": _list_enums,
    "get_version": _get_version,
    "get_health": _get_health,
    "get_readiness": _get_readiness,
    "match_patient": _match_patient,
    "fhir_capabilities": _fhir(
        "fhir_capabilities", lambda r: r["resourceType"] == "CapabilityStatement"
    ),
    "fhir_read_research_study": _fhir(
        "fhir_read_research_study",
        lambda r: (r["resourceType"], r["id"]) == ("ResearchStudy", "NCT02713984"),
        nct_id="NCT02713984",
    ),
    "fhir_search_research_studies": _fhir(
        "fhir_search_research_studies",
        lambda r: r["type"] == "searchset" and len(r["entry"]) == 5,
    ),
    # the writes, last
    "run_seed": _run_seed,
    "put_document": _put_document,
    "delete_trial": _delete_trial,
}


def test_every_operation_of_the_spec_has_a_call():
    assert sorted(CALLS) == sorted(OPERATIONS)


@pytest.mark.parametrize("operation_id", list(CALLS))
def test_the_generated_client_calls(sdk, clients, operation_id):
    models = importlib.import_module("trials_api_client.models")
    types = importlib.import_module("trials_api_client.types")
    CALLS[operation_id](SimpleNamespace(**vars(models), types=types), *clients)
