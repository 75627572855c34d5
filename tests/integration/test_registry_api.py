"""seed.registry_api against a real HTTP server on the loopback that plays the registry
(tests/support/registry_server.py): paging, the since filter, each fault retried, retries
exhausted, and resuming from a stored page token."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from seed.registry_api import (
    Page,
    RegistryError,
    Retry,
    changed_filter,
    data_timestamp,
    iter_changed,
)
from tests.support.registry_server import (
    STUDIES,
    UPDATED,
    VERSION,
    Fault,
    RegistryServer,
    load_studies,
    nct_id_of,
)
from tests.support.registry_server import registry_server as registry_server  # fixture

pytestmark = pytest.mark.slow

SINCE = date(2000, 1, 1)
FAST = Retry(tries=3, backoff=0.01, max_backoff=0.05)


class Waits(list):
    """A sleep that only remembers what it was asked to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _ids(pages: list[Page]) -> list[str]:
    return [nct_id_of(study) for page in pages for study in page.studies]


def _changed(server: RegistryServer, since: date = SINCE, **kwargs) -> list[Page]:
    kwargs.setdefault("page_size", 3)
    kwargs.setdefault("retry", FAST)
    return list(iter_changed(server.url, since, **kwargs))


def test_pages_follow_next_page_token_to_the_last_page(registry_server):
    pages = _changed(registry_server)

    assert [len(page.studies) for page in pages] == [3, 3, 1]
    assert _ids(pages) == UPDATED
    assert pages[0].token is None
    assert [page.token for page in pages[1:]] == [page.next_token for page in pages[:-1]]
    assert pages[-1].next_token is None and pages[-1].last
    assert [page.total for page in pages] == [7, None, None]
    asked = registry_server.seen()
    assert [r.params.get("pageToken") for r in asked] == [page.token for page in pages]
    assert {r.params["filter.advanced"] for r in asked} == {changed_filter(SINCE)}
    assert {(r.params["format"], r.params["pageSize"]) for r in asked} == {("json", "3")}


def test_the_studies_are_the_raw_json_objects_of_the_registry(registry_server):
    [page] = _changed(registry_server, page_size=1000)

    assert list(page.studies) == [s for s in load_studies() if nct_id_of(s) in UPDATED]


def test_since_filters_on_the_last_update_post_date(registry_server):
    pages = _changed(registry_server, date(2020, 1, 1))

    assert _ids(pages) == ["NCT02552212", "NCT03418623", "NCT06171568"]
    assert registry_server.seen()[0].params["filter.advanced"] == (
        "AREA[LastUpdatePostDate]RANGE[2020-01-01,MAX]"
    )


def test_nothing_changed_is_one_empty_last_page(registry_server):
    [page] = _changed(registry_server, date(2030, 1, 1))

    assert page == Page(studies=(), token=None, next_token=None, total=0)


@pytest.mark.parametrize(
    ("fault", "answer"),
    [
        (Fault.status(429, retry_after="2"), "429"),
        (Fault.status(403), "403"),
        (Fault.status(500), "500"),
        (Fault.status(503), "503"),
        (Fault.cut(), "cut"),
        (Fault.slow(3.0), "slow"),
    ],
    ids=["429", "403", "500", "503", "cut", "slow"],
)
def test_each_fault_is_retried_and_the_sync_completes(registry_server, fault, answer):
    registry_server.inject(fault, after=1)  # the second page's first try fails
    waits = Waits()

    pages = _changed(registry_server, sleep=waits, timeout=0.5)

    assert _ids(pages) == UPDATED
    asked = registry_server.seen()
    assert [r.answer for r in asked] == ["200", answer, "200", "200"]
    assert asked[1].params == asked[2].params  # the same page asked again
    assert len(waits) == 1
    if fault.retry_after:
        assert waits == [2.0]  # Retry-After obeyed as it is
    else:
        assert 0.005 <= waits[0] <= 0.01  # back-off with jitter: half to all of 0.01 s


def test_back_off_grows_exponentially_with_jitter(registry_server):
    registry_server.inject(Fault.status(503), Fault.status(503), Fault.status(503))
    waits = Waits()

    pages = _changed(registry_server, sleep=waits, retry=Retry(tries=4, backoff=1, max_backoff=3))

    assert _ids(pages) == UPDATED
    assert len(waits) == 3
    for wait, ceiling in zip(waits, [1, 2, 3], strict=True):
        assert ceiling / 2 <= wait <= ceiling


def test_retries_exhausted_raise_a_registry_error_naming_the_url_and_status(registry_server):
    registry_server.inject(*[Fault.status(503)] * 3, after=1)

    with pytest.raises(RegistryError) as caught:
        _changed(registry_server, sleep=Waits())

    error = caught.value
    assert (error.status, error.tries) == (503, 3)
    assert error.url.startswith(f"{registry_server.url}{STUDIES}?")
    assert "pageToken=" in error.url
    assert str(error) == f"GET {error.url}: HTTP 503: 503 Service Unavailable (after 3 tries)"
    assert [r.answer for r in registry_server.seen()] == ["200", "503", "503", "503"]


def test_a_connection_cut_on_every_try_is_a_registry_error_without_status(registry_server):
    registry_server.inject(*[Fault.cut()] * 3)

    with pytest.raises(RegistryError) as caught:
        _changed(registry_server, sleep=Waits())

    assert (caught.value.status, caught.value.tries) == (None, 3)
    assert caught.value.reason.startswith("connection failed: ")


def test_a_retry_after_longer_than_allowed_gives_up_at_once(registry_server):
    registry_server.inject(Fault.status(429, retry_after="3600"))

    with pytest.raises(RegistryError) as caught:
        _changed(registry_server, sleep=Waits())

    assert caught.value.reason == "HTTP 429 asking to wait 3600s, more than the 600s allowed"
    assert len(registry_server.seen()) == 1


def test_a_client_error_is_not_retried(registry_server):
    with pytest.raises(RegistryError) as caught:
        _changed(registry_server, page_token="not-a-token", sleep=Waits())

    assert (caught.value.status, caught.value.tries) == (400, 1)
    assert caught.value.reason == "HTTP 400: invalid pageToken"


def test_empty_pages_are_tolerated_in_the_middle_and_at_the_end():
    with RegistryServer(load_studies(), empty_last_page=True) as server:
        server.inject(Fault.empty(), after=1)

        pages = _changed(server)

    assert [len(page.studies) for page in pages] == [3, 0, 3, 1, 0]
    assert _ids(pages) == UPDATED
    assert pages[-1].last


def test_resuming_from_a_stored_page_token_repeats_no_page(registry_server):
    run = iter_changed(registry_server.url, SINCE, page_size=2, retry=FAST)
    written = [next(run), next(run)]
    cursor = written[-1].next_token  # stored after the second page was written
    run.close()  # killed

    resumed = list(iter_changed(registry_server.url, SINCE, page_size=2, page_token=cursor))

    assert resumed[0].token == cursor
    assert _ids(written) + _ids(resumed) == UPDATED
    assert not set(_ids(written)) & set(_ids(resumed))
    tokens = [r.params.get("pageToken") for r in registry_server.seen()]
    assert tokens == [None, written[1].token, cursor, resumed[1].token]
    assert len(set(tokens)) == len(tokens)


def test_data_timestamp_reads_the_version_and_retries(registry_server):
    registry_server.inject(Fault.status(503), path=VERSION)

    stamp = data_timestamp(registry_server.url, retry=FAST, sleep=Waits())

    assert stamp == datetime(2024, 5, 17, 9, 0, 3, tzinfo=UTC)
    assert [r.answer for r in registry_server.seen(VERSION)] == ["503", "200"]


def test_a_base_url_with_the_api_prefix_or_a_trailing_slash_is_the_same_site(registry_server):
    for base in (f"{registry_server.url}/", f"{registry_server.url}/api/v2"):
        assert data_timestamp(base) == datetime(2024, 5, 17, 9, 0, 3, tzinfo=UTC)


def test_page_size_is_checked_before_any_request(registry_server):
    with pytest.raises(ValueError, match="page_size must be between 1 and 1000"):
        iter_changed(registry_server.url, SINCE, page_size=1001)
    assert registry_server.requests == []
