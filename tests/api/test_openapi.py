"""The committed openapi.yaml is what the service serves, and it is a valid OpenAPI 3 spec."""

from __future__ import annotations

import yaml
from openapi_spec_validator import validate

from tests.support.http import get_json
from tests.support.paths import ROOT


def committed() -> dict:
    return yaml.safe_load((ROOT / "openapi.yaml").read_text())


def test_committed_spec_equals_served_spec(app, client):
    served = get_json(client, "/v1/openapi.json")
    assert served == app.extensions["api"].spec.to_dict()
    assert committed() == served, "openapi.yaml is stale: run `make openapi`"


def test_spec_is_valid_openapi():
    validate(committed())


def test_every_operation_has_an_id_a_summary_and_documents_its_errors():
    spec = committed()
    ids = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            ids.append(op["operationId"])
            assert op.get("summary"), (path, method)
            assert "default" in op["responses"], (path, method)
            if "{nct_id}" in path:
                assert {"400", "404"} <= set(op["responses"]), (path, method)
    assert len(ids) == len(set(ids))
    assert "list_trials" in ids and "get_trial" in ids


def test_docs_page_and_its_assets_are_served_locally(client):
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/docs/static/swagger-ui-bundle.js" in html
    assert "http" not in html.replace("/docs", "")  # no CDN
    asset = client.get("/docs/static/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.data) > 100_000
    assert client.get("/docs/init.js").get_data(as_text=True).count("/v1/openapi.json") == 1
