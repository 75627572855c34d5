from tests.factories import make_trial


def test_list_and_get(client, connection):
    make_trial(connection, "NCT00000002")
    make_trial(connection, "NCT00000001")
    r = client.get("/v1/trials?limit=1")
    assert r.status_code == 200, r.json
    assert [t["nct_id"] for t in r.json["data"]] == ["NCT00000001"]
    r2 = client.get("/v1/trials/nct00000002")
    assert r2.status_code == 200, r2.json
    assert r2.json["arms"][0]["interventions"] == ["Drug X"]
