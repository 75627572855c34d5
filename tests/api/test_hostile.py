"""Hostile requests, as a client sees the answers: SQL, LIKE, regex and tsquery syntax in every
text parameter; absurd limits; forged, truncated and replayed cursors; huge, unicode and NUL
values; unsupported Accept headers; repeated parameters; long URLs; path traversal; impossible
coordinates and dates. Each is a 200 with the right results, or a problem+json naming what is
wrong; never a 500, and never slow.

The text parameters and the operations come from the committed openapi.yaml, so operations
added later are covered too.
"""

from __future__ import annotations

import csv
import io
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import yaml

from service.queries.paging import encode_cursor
from tests.support.apps import app_under_test
from tests.support.http import assert_problem, get_json
from tests.support.paths import ROOT
from tests.support.servers import QUIET, gunicorn

SEED_IDS = ["NCT02632201", "NCT02713984", "NCT05681650", "NCT05745454", "NCT06224738"]
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
FAST_S = 2.0  # a pg_sleep(5) that reached PostgreSQL would show


@pytest.fixture(scope="module")
def client(engine, seeded, database_url):
    """One app for the module: these tests only read the (committed) seed documents."""
    with app_under_test(database_url) as app:
        yield app.test_client()


def _get_operations() -> list[tuple[str, list[dict]]]:
    """(path, parameters) of every GET operation in the spec, but /fhir's: FHIR has its own
    conventions (OperationOutcomes, fhir+json); tests/api/test_fhir.py treats it alike."""
    out = []
    for path, item in SPEC["paths"].items():
        if "get" in item and not path.startswith("/fhir"):
            out.append((path, item.get("parameters", []) + item["get"].get("parameters", [])))
    return out


def _url(path: str) -> str:
    return path.replace("{nct_id}", "NCT02713984")


TEXT_PARAMETERS = [
    (path, p["name"])
    for path, params in _get_operations()
    for p in params
    if p["in"] == "query"
    and p["schema"].get("type") == "string"
    and not {"enum", "pattern", "format"} & set(p["schema"])
    and p["name"] != "cursor"
]
LIMITED = [path for path, params in _get_operations() if any(p["name"] == "limit" for p in params)]

INJECTIONS = [
    "' OR 1=1--",
    "'; DROP TABLE trials;--",
    "%' AND pg_sleep(5)--",
    "1); SELECT pg_sleep(5); --",
    ".*",
    "(a+)+$",
    "%_%",
    "\\",
    "\\\\",
    "!(&|:*",
    "'",
    '"unbalanced',
    "((",
    "a)",
    "<->",
    "$$",
]


def matches(body: dict) -> list[str] | int:
    """What a result says matched: the NCT ids of a page, or the total of /v1/stats."""
    if "data" in body:
        return [item["nct_id"] for item in body["data"]]
    return body["total"]


def found(response) -> list[str] | int:
    """``matches`` of a response: a JSON page or facets, or a CSV export's rows."""
    if response.mimetype == "text/csv":
        _, *rows = csv.reader(io.StringIO(response.get_data(as_text=True)))
        return [row[0] for row in rows]
    return matches(response.get_json())


def nothing(path: str) -> list[str] | int:
    """``matches`` of a search that found nothing."""
    return 0 if path == "/v1/stats" else []


# --------------------------------------------------------------------------- injection


@pytest.mark.parametrize(("path", "name"), TEXT_PARAMETERS)
def test_injection_strings_are_only_searched_for(client, path, name):
    for payload in INJECTIONS:
        started = time.monotonic()
        r = client.get(f"{path}?{urllib.parse.urlencode({name: payload})}")
        assert time.monotonic() - started < FAST_S, payload
        assert r.status_code == 200, (payload, r.get_data(True))
        assert found(r) == nothing(path), payload


def test_the_tables_survive_a_drop_table_in_every_text_parameter(client):
    drop = "x'; DROP TABLE trials;--"
    for path, name in TEXT_PARAMETERS:
        r = client.get(f"{path}?{urllib.parse.urlencode({name: drop})}")
        assert r.status_code == 200
        assert found(r) == nothing(path)
    assert get_json(client, "/v1/version")["counts"]["trials"] == 5
    assert sorted(matches(get_json(client, "/v1/trials"))) == SEED_IDS


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # web-search syntax: `OR` is an operator, quotes and `=` are not: HER2 OR a
        ("q=HER2' OR 'a'='a", SEED_IDS),
        # `:*` is tsquery's prefix operator, not web-search syntax: just the word
        ("q=cancer:*", SEED_IDS),
        ("q=cancer", SEED_IDS),
        # & | ! are not web-search operators: the words b and c
        ("q=b %26 c | !zzzz", []),
        ("condition=cancer:*", ["NCT02632201", "NCT02713984", "NCT06224738"]),
    ],
)
def test_operator_characters_keep_their_web_search_meaning(client, query, expected):
    assert sorted(matches(get_json(client, f"/v1/trials?{query}&limit=100"))) == expected


# --------------------------------------------------------------------------- limit


LIMIT_REASONS = [
    ("1000000000000", "Must be greater than or equal to 1 and less than or equal to 100."),
    ("101", "Must be greater than or equal to 1 and less than or equal to 100."),
    ("0", "Must be greater than or equal to 1 and less than or equal to 100."),
    ("-1", "Must be greater than or equal to 1 and less than or equal to 100."),
    ("-1000000000000", "Must be greater than or equal to 1 and less than or equal to 100."),
    ("abc", "Not a valid integer."),
    ("1.5", "Not a valid integer."),
    ("1e3", "Not a valid integer."),
    ("", "Not a valid integer."),
    ("NaN", "Not a valid integer."),
]


@pytest.mark.parametrize("path", LIMITED)
def test_a_limit_out_of_range_or_not_a_number_is_a_400(client, path):
    for limit, reason in LIMIT_REASONS:
        body = assert_problem(client.get(f"{path}?limit={limit}"), 400, ["limit"])
        assert body["invalid_params"][0]["reason"] == reason, limit


# --------------------------------------------------------------------------- cursors

CURSOR_INVALID = "Not a valid cursor: pass a page's next_cursor unchanged."


def _next_cursor(client, url: str) -> str:
    cursor = get_json(client, url)["page"]["next_cursor"]
    assert cursor
    return cursor


def _tamper(cursor: str) -> str:
    middle = len(cursor) // 2
    return cursor[:middle] + ("A" if cursor[middle] != "A" else "B") + cursor[middle + 1 :]


@pytest.mark.parametrize(
    ("url", "cursor"),
    [
        ("/v1/trials", "!!!"),
        ("/v1/trials", "not-a-cursor"),
        ("/v1/trials", "==="),
        ("/v1/trials", "é"),
        ("/v1/arms", "AAAA"),
        # forged: the checksum is right, the values are not ours
        ("/v1/trials?sort=nct_id", encode_cursor(["nct_id", 1])),
        ("/v1/trials?sort=nct_id", encode_cursor(["nct_id", "NCT\x00"])),
        ("/v1/trials?sort=nct_id", encode_cursor(["nct_id"])),
        ("/v1/trials?sort=-enrollment", encode_cursor(["-enrollment", 10**20, "NCT1"])),
        ("/v1/trials?sort=-enrollment", encode_cursor(["-enrollment", True, "NCT1"])),
        ("/v1/trials?sort=start_date", encode_cursor(["start_date", "2019-02-30", "NCT1"])),
        ("/v1/trials?q=cancer", encode_cursor(["relevance", float("inf"), "NCT1"])),
        ("/v1/trials?q=cancer", encode_cursor(["relevance", float("nan"), "NCT1"])),
        ("/v1/arms", encode_cursor([10**19, 1])),
        ("/v1/arms", encode_cursor(["1", 1])),
        ("/v1/arms", encode_cursor([{"a": 1}, []])),
    ],
)
def test_malformed_and_forged_cursors_are_400s(client, url, cursor):
    sep = "&" if "?" in url else "?"
    r = client.get(f"{url}{sep}{urllib.parse.urlencode({'cursor': cursor})}")
    body = assert_problem(r, 400, ["cursor"])
    assert body["invalid_params"][0]["reason"] == CURSOR_INVALID


@pytest.mark.parametrize("path", ["/v1/trials", "/v1/arms", "/v1/interventions", "/v1/outcomes"])
def test_truncated_and_tampered_cursors_are_400s(client, path):
    cursor = _next_cursor(client, f"{path}?limit=1")
    for bad in (cursor[:-3], cursor[:10], _tamper(cursor), cursor + "AAAA"):
        body = assert_problem(client.get(f"{path}?limit=1&cursor={bad}"), 400, ["cursor"])
        assert body["invalid_params"][0]["reason"] == CURSOR_INVALID


@pytest.mark.parametrize(
    "url",
    [
        "/v1/trials?limit=2",
        "/v1/trials?limit=2&sort=-enrollment",
        "/v1/trials?limit=2&q=cancer",
        "/v1/arms?limit=2",
        "/v1/outcomes?limit=2",
    ],
)
def test_a_replayed_cursor_gives_the_same_page(client, url):
    cursor = _next_cursor(client, url)
    first = get_json(client, f"{url}&cursor={cursor}")
    assert first["data"]
    assert get_json(client, f"{url}&cursor={cursor}") == first


def test_a_cursor_of_another_sort_or_endpoint_is_a_400(client):
    by_id = _next_cursor(client, "/v1/trials?sort=nct_id&limit=1")
    body = assert_problem(client.get(f"/v1/trials?cursor={by_id}"), 400, ["cursor"])
    assert body["invalid_params"][0]["reason"] == (
        "This cursor belongs to sort=nct_id, not sort=-last_update_posted."
    )
    arms = _next_cursor(client, "/v1/arms?limit=1")
    for url in (f"/v1/trials?cursor={arms}", f"/v1/stats?cursor={arms}"):
        assert_problem(client.get(url), 400, ["cursor"])
    body = assert_problem(client.get(f"/v1/trials?cursor={arms}"), 400, ["cursor"])
    assert body["invalid_params"][0]["reason"] == CURSOR_INVALID
    for path in ("/v1/arms", "/v1/interventions", "/v1/outcomes"):
        body = assert_problem(client.get(f"{path}?cursor={by_id}"), 400, ["cursor"])
        assert body["invalid_params"][0]["reason"] == CURSOR_INVALID


# --------------------------------------------------------------------------- long values


def test_q_is_at_most_500_characters(client):
    body = get_json(client, "/v1/trials?q=" + "cancer " * 71 + "can")  # 500 characters
    assert sorted(matches(body)) == SEED_IDS
    for length in (501, 10_000):
        body = assert_problem(client.get("/v1/trials?q=" + "x" * length), 400, ["q"])
        assert body["invalid_params"][0]["reason"] == "Length must be between 1 and 500."


@pytest.mark.parametrize(("path", "name"), TEXT_PARAMETERS)
def test_a_10000_character_text_parameter_is_a_400_naming_it(client, path, name):
    body = assert_problem(client.get(f"{path}?{name}={'a' * 10_000}"), 400, [name])
    assert body["invalid_params"][0]["reason"].startswith("Length must be between 1 and ")


def test_an_absurdly_long_path_id_is_a_400(client):
    assert_problem(client.get("/v1/trials/NCT" + "0" * 100_000), 400, ["nct_id"])


# --------------------------------------------------------------------------- unicode, NUL

UNICODE = [
    "🧬💊",  # emoji (outside the BMP)
    "سرطان المعدة",  # Arabic, right to left
    "סרטן",  # Hebrew
    "e\u0301\u0301\u0301\u0301",  # stacked combining marks
    "Z\u0351\u0352\u0353\u0354\u0355\u0356",  # zalgo
    "\U0010ffff",  # the last code point
]


@pytest.mark.parametrize(("path", "name"), TEXT_PARAMETERS)
def test_unicode_in_text_parameters_is_searched_for(client, path, name):
    for value in UNICODE:
        r = client.get(f"{path}?{urllib.parse.urlencode({name: value})}")
        assert r.status_code == 200, (value, r.get_data(True))
        assert found(r) == nothing(path), value


def test_invisible_characters_around_a_word_leave_the_word(client):
    cancer = {"q": SEED_IDS, "condition": ["NCT02632201", "NCT02713984", "NCT06224738"]}
    for name, expected in cancer.items():
        assert sorted(matches(get_json(client, f"/v1/trials?{name}=cancer"))) == expected
        # a byte-order mark and a zero-width space; a right-to-left override and its end
        for invisible in ("\ufeffcancer\u200b", "\u202ecancer\u202c"):
            url = f"/v1/trials?{urllib.parse.urlencode({name: invisible})}"
            assert sorted(matches(get_json(client, url))) == expected


@pytest.mark.parametrize(
    "nct_id",
    [
        "NCT0271398٤",  # an Arabic-Indic digit is not a digit of an NCT id
        "NCT０２７１３９８４",  # nor are full-width digits
        "NCT02713984\u200f",
        "🧬",
        "NCT02713984\n",
        "e\u0301",
    ],
)
def test_unicode_in_a_path_id_is_a_400(client, nct_id):
    for suffix in ("", "/arms", "/eligibility"):
        quoted = urllib.parse.quote(nct_id)
        assert_problem(client.get(f"/v1/trials/{quoted}{suffix}"), 400, ["nct_id"])


NUL_REASON = "Must not contain NUL (\\u0000) characters."


@pytest.mark.parametrize(("path", "name"), TEXT_PARAMETERS + [("/v1/trials", "cursor")])
def test_a_nul_in_a_text_parameter_is_a_400_naming_it(client, path, name):
    for value in ("%00", "a%00b", "cancer%00"):
        body = assert_problem(client.get(f"{path}?{name}={value}"), 400, [name])
        assert body["invalid_params"][0]["reason"] == NUL_REASON


def test_a_nul_anywhere_else_is_a_400_naming_it_too(client):
    body = assert_problem(client.get("/v1/trials?phase=PHASE1%00&limit=0"), 400)
    assert body["invalid_params"] == [
        {"name": "phase", "reason": NUL_REASON},
        {
            "name": "limit",
            "reason": "Must be greater than or equal to 1 and less than or equal to 100.",
        },
    ]
    assert_problem(client.get("/v1/trials?a%00b=1"), 400, ["a\x00b"])
    assert_problem(client.get("/v1/trials/NCT02713984%00"), 400, ["nct_id"])
    assert_problem(client.get("/v1/trials/%00/arms"), 400, ["nct_id"])
    assert_problem(client.get("/v1/enums?x=%00"), 400, ["x"])


# --------------------------------------------------------------------------- Accept


def _produces(path: str) -> str:
    return " or ".join(SPEC["paths"][path]["get"]["responses"]["200"]["content"])


GET_URLS = [_url(path) for path, _ in _get_operations()]
JSON_URLS = [_url(p) for p, _ in _get_operations() if _produces(p) == "application/json"]


@pytest.mark.parametrize("path", [path for path, _ in _get_operations()])
def test_an_accept_header_without_json_is_a_406(client, path):
    url, produces = _url(path), _produces(path)
    for accept in ("application/xml", "text/html", f"{produces};q=0", "nonsense"):
        r = client.get(url, headers={"Accept": accept})
        body = assert_problem(r, 406)
        assert body["detail"] == (
            f"This operation responds with {produces}; the Accept header allows none of them."
        )
        assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", JSON_URLS)
def test_an_accept_header_allowing_json_gets_json(client, url):
    for accept in (
        None,
        "*/*",
        "application/*",
        "application/xml, application/json;q=0.1",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",  # a browser
    ):
        r = client.get(url, headers={"Accept": accept} if accept else {})
        assert r.status_code == 200, (accept, r.get_data(True))
        assert r.mimetype == "application/json"


def test_csv_is_only_for_the_trial_export(client):
    assert _produces("/v1/trials.csv") == "text/csv"
    r = client.get("/v1/trials.csv", headers={"Accept": "text/csv"})
    assert (r.status_code, r.mimetype) == (200, "text/csv")
    header, *rows = csv.reader(io.StringIO(r.get_data(as_text=True)))
    assert header[:3] == ["nct_id", "brief_title", "overall_status"]
    assert sorted(row[0] for row in rows) == SEED_IDS
    assert_problem(client.get("/v1/trials/NCT02713984", headers={"Accept": "text/csv"}), 406)
    assert_problem(client.get("/v1/arms", headers={"Accept": "text/csv"}), 406)


# --------------------------------------------------------------------------- repetition


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("limit=1&limit=2", "limit"),
        ("q=her2&q=gastric", "q"),
        ("sort=nct_id&sort=nct_id", "sort"),
        ("country=China&country=China", "country"),
        ("count_total=true&count_total=false", "count_total"),
    ],
)
def test_a_single_valued_parameter_given_twice_is_a_400(client, query, name):
    body = assert_problem(client.get(f"/v1/trials?{query}"), 400, [name])
    assert body["invalid_params"][0]["reason"] == "Given 2 times; give it once."


def test_list_parameters_may_be_repeated(client):
    body = get_json(client, "/v1/trials?phase=PHASE1&phase=PHASE2&phase=PHASE1&fields=phases")
    assert sorted(matches(body)) == ["NCT02632201", "NCT02713984", "NCT05681650"]
    body = get_json(client, "/v1/trials?status=WITHDRAWN,WITHDRAWN&status=WITHDRAWN")
    assert matches(body) == ["NCT02713984"]


@pytest.mark.parametrize(
    "url",
    [
        "/v1/enums?foo=1",
        "/v1/version?verbose=true",
        "/healthz?x=1",
        "/v1/trials/NCT02713984/arms?limit=1",
        "/v1/trials/NCT02713984/eligibility?fields=sex",
    ],
)
def test_parameters_on_an_operation_that_takes_none_are_400s(client, url):
    name = url.split("?")[1].split("=")[0]
    body = assert_problem(client.get(url), 400, [name])
    assert body["invalid_params"][0]["reason"] == (
        "Unknown parameter. This operation takes no query parameters."
    )


# --------------------------------------------------------------------------- paths


NOT_FOUND = "The API's operations are at /docs (and /v1/openapi.json); its index is at /v1."
NOT_AN_NCT_ID = "Must be 'NCT' followed by 8 digits, e.g. NCT02713984."


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/v1/trials/..%2F..%2Fetc%2Fpasswd", 404),  # no route has a "/" in an id
        ("/v1/trials/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404),
        ("/v1/trials/NCT02713984%2F..%2F..%2Fversion", 404),
        ("/v1/trials/..", 400),
        ("/v1/trials/%2e%2e", 400),
        ("/v1/trials/..%5C..%5Cwindows%5Cwin.ini", 400),
        ("/v1/trials/....//....//etc/passwd", 404),
    ],
)
def test_path_traversal_finds_nothing(client, url, status):
    body = assert_problem(client.get(url), status, ["nct_id"] if status == 400 else None)
    if status == 404:  # no route: the detail points to the docs
        assert body["detail"].startswith("No such URL: /v1/trials/")
        assert body["detail"].endswith(NOT_FOUND)
    else:
        assert body["invalid_params"][0]["reason"] == NOT_AN_NCT_ID


# --------------------------------------------------------------------------- near, dates


@pytest.mark.parametrize("path", ["/v1/trials", "/v1/stats"])
@pytest.mark.parametrize(
    ("near", "reason"),
    [
        ("91,0", "Latitude or longitude out of range."),
        ("-91,0", "Latitude or longitude out of range."),
        ("90.0001,0", "Latitude or longitude out of range."),
        ("0,181", "Latitude or longitude out of range."),
        ("0,-180.5", "Latitude or longitude out of range."),
        ("99,999", "Latitude or longitude out of range."),
        ("1e3,0", "Must be 'latitude,longitude' in degrees, e.g. 30.27,120.15."),
        ("nan,0", "Must be 'latitude,longitude' in degrees, e.g. 30.27,120.15."),
        ("0,inf", "Must be 'latitude,longitude' in degrees, e.g. 30.27,120.15."),
        ("٣٠,١٢٠", "Must be 'latitude,longitude' in degrees, e.g. 30.27,120.15."),
        ("30,120\n", "Must be 'latitude,longitude' in degrees, e.g. 30.27,120.15."),
        ("30", "Must be 'latitude,longitude' in degrees, e.g. 30.27,120.15."),
    ],
)
def test_impossible_coordinates_are_400s_naming_near(client, path, near, reason):
    r = client.get(f"{path}?{urllib.parse.urlencode({'near': near})}")
    body = assert_problem(r, 400, ["near"])
    assert body["invalid_params"][0]["reason"] == reason


@pytest.mark.parametrize("near", ["90,180", "-90,-180", "0,0", "-89.9999,179.9999"])
def test_the_poles_and_the_antimeridian_are_places(client, near):
    # 20,000 km from anywhere reaches every site: the three trials that have sites
    body = get_json(client, f"/v1/trials?near={near}&distance_km=20000")
    assert sorted(matches(body)) == ["NCT02632201", "NCT02713984", "NCT06224738"]


@pytest.mark.parametrize("name", ["start_from", "start_to", "updated_since"])
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2019-02-30", "Not a real date."),
        ("2019-02-29", "Not a real date."),
        ("2019-04-31", "Not a real date."),
        ("2019-13", "Not a real date."),
        ("2019-00", "Not a real date."),
        ("0000", "Not a real date."),
        ("2019-1-1", "Must be YYYY, YYYY-MM or YYYY-MM-DD."),
        ("2019-01-01T00:00", "Must be YYYY, YYYY-MM or YYYY-MM-DD."),
        ("٢٠١٩", "Must be YYYY, YYYY-MM or YYYY-MM-DD."),
        ("2019\n", "Must be YYYY, YYYY-MM or YYYY-MM-DD."),
        ("yesterday", "Must be YYYY, YYYY-MM or YYYY-MM-DD."),
    ],
)
def test_impossible_dates_are_400s_naming_the_parameter(client, name, value, reason):
    r = client.get(f"/v1/trials?{urllib.parse.urlencode({name: value})}")
    body = assert_problem(r, 400, [name])
    assert body["invalid_params"][0]["reason"] == reason


def test_a_leap_day_is_a_date(client):
    # the three trials that start in 2023 or 2024; the others started in 2015 and 2016
    body = get_json(client, "/v1/trials?start_from=2020-02-29")
    assert sorted(matches(body)) == ["NCT05681650", "NCT05745454", "NCT06224738"]


# --------------------------------------------------------------------------- gunicorn


@pytest.fixture(scope="module")
def live(engine, seeded, database_url):
    with gunicorn(database_url, WEB_CONCURRENCY="1", **QUIET) as server:
        yield server


def _fetch(url: str, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers.get_content_type(), yaml.safe_load(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get_content_type(), yaml.safe_load(e.read())


@pytest.mark.slow
def test_over_the_network_long_urls_and_headers_are_problems_too(live):
    # q longer than 500 characters, in a URL gunicorn takes: the app's 400
    status, content_type, body = _fetch(f"{live.url}/v1/trials?q={'x' * 600}")
    assert (status, content_type, body["invalid_params"][0]["name"]) == (
        400,
        "application/problem+json",
        "q",
    )
    # a spec-valid q of 500 four-byte characters (6,000 bytes of URL) is served
    status, content_type, body = _fetch(f"{live.url}/v1/trials?q={urllib.parse.quote('🧬' * 500)}")
    assert (status, content_type, body["data"]) == (200, "application/json", [])
    # a request line over 8,190 bytes: gunicorn's 414, in problem+json
    for url in (f"/v1/trials?q={'x' * 10_000}", f"/v1/trials/{'N' * 9000}"):
        status, content_type, body = _fetch(live.url + url)
        assert (status, content_type) == (414, "application/problem+json")
        assert body["status"] == 414 and body["title"] == "URI Too Long"
        assert body["detail"].startswith("The request line is ")
        assert body["detail"].endswith(" bytes, over the limit of 8190.")
    # a header over 8,190 bytes: gunicorn's 431, in problem+json
    status, content_type, body = _fetch(f"{live.url}/v1/trials", {"X-Junk": "x" * 9000})
    assert (status, content_type, body["status"]) == (431, "application/problem+json", 431)


@pytest.mark.slow
def test_over_the_network_a_raw_nul_or_space_in_the_request_line_is_a_400_problem(live):
    host, port = live.url.removeprefix("http://").split(":")
    for line in (b"GET /v1/trials?q=a\x00b HTTP/1.1", b"GET /v1/trials?q=a b c HTTP/1.1"):
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
            raw = b""
            while chunk := s.recv(65536):
                raw += chunk
        head, _, body = raw.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400 "), raw[:300]
        assert b"Content-Type: application/problem+json" in head
        assert yaml.safe_load(body)["status"] == 400
