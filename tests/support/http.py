"""Asking the Flask test client, and checking what it answers."""

from __future__ import annotations

from werkzeug.http import HTTP_STATUS_CODES


def get_json(client, url: str, status: int = 200, headers: dict | None = None):
    """GET ``url``, assert the status once, return the JSON body."""
    response = client.get(url, headers=headers or {})
    assert response.status_code == status, (url, response.status_code, response.get_data(True))
    return response.get_json()


def assert_problem(response, status: int, names: list[str] | None = None) -> dict:
    """An RFC 9457 problem with this status (and, when ``names`` is given, a 400 naming
    exactly these parameters, in order); its body."""
    assert response.status_code == status, (response.status_code, response.get_data(True))
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] == HTTP_STATUS_CODES[status]
    assert body["detail"]
    if names is not None:
        assert [p["name"] for p in body["invalid_params"]] == names
    return body
