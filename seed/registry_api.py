"""The ClinicalTrials.gov API v2 client for the daily sync: the studies changed since a date.

``iter_changed`` walks ``GET {base}/api/v2/studies`` filtered on ``LastUpdatePostDate`` page by
page, following ``nextPageToken``. Each ``Page`` carries the token that fetched it and the next
one, so a caller that stores ``page.next_token`` after writing a page can resume a killed run
with ``page_token=`` and repeat no page it had written. ``data_timestamp`` reads
``/api/v2/version``.

Timeouts, cut connections, 429 (after its ``Retry-After``), 403 (the registry's rate limiter
answers 403) and 5xx are retried a bounded number of times, with exponential back-off and
jitter; then ``RegistryError`` names the URL and the last failure.

Pure: no database, no mapping of studies to records (the caller does both).
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://clinicaltrials.gov"
MAX_PAGE_SIZE = 1000  # the registry coerces larger page sizes down to this
MAX_PAGE_BYTES = 256 << 20  # a page of 1,000 studies is ~17 MB on average
TIMEOUT = 60.0  # seconds, for connecting and for each read
USER_AGENT = "trials-api-sync"
_STUDIES = "/api/v2/studies"
_VERSION = "/api/v2/version"
_RETRIED = frozenset({403, 408, 429})  # and every 5xx
_SNIPPET = 300


@dataclass(frozen=True, slots=True)
class Retry:
    """How hard to try: ``tries`` in all; the n-th wait is ``backoff * 2**(n-1)`` seconds (at
    most ``max_backoff``), less up to half of it at random (jitter). A ``Retry-After`` is obeyed
    as it is, unless it asks for more than ``max_retry_after`` seconds: then the run gives up."""

    tries: int = 6
    backoff: float = 2.0
    max_backoff: float = 120.0
    max_retry_after: float = 600.0

    def __post_init__(self):
        if self.tries < 1 or min(self.backoff, self.max_backoff, self.max_retry_after) < 0:
            raise ValueError("Retry: tries must be at least 1, and the waits not negative")

    def delay(self, attempt: int) -> float:
        """The wait after failed try number ``attempt`` (1-based)."""
        ceiling = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return ceiling * random.uniform(0.5, 1.0)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of changed studies, as the registry sent them (raw JSON objects).

    ``token`` fetched this page (``None`` for the first); ``next_token`` fetches the next one and
    is ``None`` on the last page: store it once the page is written, and resume from it.
    ``total`` is the registry's count of all matching studies, on the first page only.
    """

    studies: tuple[dict[str, Any], ...]
    token: str | None
    next_token: str | None
    total: int | None = None

    @property
    def last(self) -> bool:
        return self.next_token is None


class RegistryError(Exception):
    """The registry could not be read: ``url`` (with its query), ``reason``, the last HTTP
    ``status`` if there was one, and how many ``tries`` were made."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, tries: int = 1):
        self.url = url
        self.reason = reason
        self.status = status
        self.tries = tries
        after = f" (after {tries} tries)" if tries > 1 else ""
        super().__init__(f"GET {url}: {reason}{after}")


def changed_filter(since: date) -> str:
    """The ``filter.advanced`` expression for studies last updated on or after ``since``."""
    return f"AREA[LastUpdatePostDate]RANGE[{since.isoformat()},MAX]"


def iter_changed(
    base_url: str,
    since: date,
    *,
    page_size: int = MAX_PAGE_SIZE,
    page_token: str | None = None,
    timeout: float = TIMEOUT,
    retry: Retry | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_page_bytes: int = MAX_PAGE_BYTES,
) -> Iterator[Page]:
    """Yield the pages of studies whose last update was posted on or after ``since``.

    ``base_url`` is the site (``https://clinicaltrials.gov``, or a mirror); ``page_token``
    resumes from a stored ``Page.next_token`` (the same ``since`` must be passed: the registry
    wants every page asked with the same filter). Empty pages are yielded like the others.
    """
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, not {page_size}")
    params = {
        "format": "json",
        "filter.advanced": changed_filter(since),
        "pageSize": str(page_size),
    }
    retry = retry or Retry()
    return _pages(
        lambda: _Fetcher(base_url, timeout, retry, client, sleep, max_page_bytes),
        params,
        page_token,
    )


def _pages(
    fetcher: Callable[[], _Fetcher], params: dict[str, str], token: str | None
) -> Iterator[Page]:
    fetch = fetcher()  # at the first next(): a generator never started holds no connection
    try:
        while True:
            if token is None:  # the first page also counts the studies, for a progress bar
                url, body = fetch(_STUDIES, {**params, "countTotal": "true"})
            else:  # later pages: the same parameters, and the token
                url, body = fetch(_STUDIES, {**params, "pageToken": token})
            page = _page(url, body, token)
            yield page
            if page.next_token is None:
                return
            token = page.next_token
    finally:
        fetch.close()


def data_timestamp(
    base_url: str,
    *,
    timeout: float = TIMEOUT,
    retry: Retry | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> datetime:
    """When the registry's data were last refreshed (``/api/v2/version``'s ``dataTimestamp``,
    UTC), as an aware ``datetime``."""
    fetch = _Fetcher(base_url, timeout, retry or Retry(), client, sleep, 1 << 20)
    try:
        url, body = fetch(_VERSION, {})
    finally:
        fetch.close()
    stamp = body.get("dataTimestamp") if isinstance(body, dict) else None
    try:
        parsed = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise RegistryError(url, f"no valid dataTimestamp in the version answer: {stamp!r}")
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# --------------------------------------------------------------------------- internals


def _page(url: str, body: Any, token: str | None) -> Page:
    """Check the shape of one ``/studies`` answer: ``{"studies": [...], "nextPageToken": ...}``."""
    if not isinstance(body, dict):
        raise RegistryError(url, f"not a page of studies: a JSON {type(body).__name__}")
    studies = body.get("studies")
    if studies is None and not set(body) - {"nextPageToken", "totalCount"}:
        studies = []  # an empty page, however it is spelt
    if not isinstance(studies, list):
        raise RegistryError(url, "not a page of studies: no 'studies' list")
    for at, study in enumerate(studies):
        if not isinstance(study, dict):
            raise RegistryError(url, f"study {at} of the page is a {type(study).__name__}")
    next_token = body.get("nextPageToken") or None
    if next_token is not None and not isinstance(next_token, str):
        raise RegistryError(url, f"nextPageToken is not a string: {next_token!r}")
    if next_token is not None and next_token == token:
        raise RegistryError(url, "the registry answered with the page token it was asked for")
    total = body.get("totalCount")
    return Page(
        studies=tuple(studies),
        token=token,
        next_token=next_token,
        total=total if isinstance(total, int) and not isinstance(total, bool) else None,
    )


class _Fetcher:
    """GET a JSON document, retrying what is worth retrying."""

    def __init__(
        self,
        base_url: str,
        timeout: float,
        retry: Retry,
        client: httpx.Client | None,
        sleep: Callable[[float], None],
        max_bytes: int,
    ):
        base = base_url.rstrip("/")
        self._base = base.removesuffix("/api/v2")
        self._retry = retry
        self._sleep = sleep
        self._max_bytes = max_bytes
        self._own = client is None
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )

    def close(self) -> None:
        if self._own:
            self._client.close()

    def __call__(self, path: str, params: dict[str, str]) -> tuple[str, Any]:
        """(the URL with its query, the decoded JSON body)."""
        try:
            url = httpx.URL(self._base + path, params=params)
        except httpx.InvalidURL as exc:
            raise RegistryError(self._base + path, f"invalid URL: {exc}") from exc
        shown = str(url)
        status: int | None = None
        for attempt in range(1, self._retry.tries + 1):
            wait: float | None = None
            try:
                with self._client.stream("GET", url) as response:
                    status = response.status_code
                    if status == 200:
                        body = self._read(response, shown, attempt)
                        try:
                            return shown, json.loads(body)
                        except ValueError:
                            failure = "the answer is not valid JSON (cut short?)"
                    elif status in _RETRIED or status >= 500:
                        failure = f"HTTP {status}{_snippet(response)}"
                        wait = self._retry_after(response, shown, attempt)
                    else:
                        failure = f"HTTP {status}{_snippet(response)}"
                        raise RegistryError(shown, failure, status=status, tries=attempt)
            except httpx.TimeoutException as exc:
                status, failure = None, f"timed out ({type(exc).__name__})"
            except httpx.UnsupportedProtocol as exc:
                raise RegistryError(shown, f"unsupported URL: {exc}", tries=attempt) from exc
            except (httpx.TransportError, httpx.DecodingError) as exc:
                status, failure = None, f"connection failed: {exc or type(exc).__name__}"
            if attempt == self._retry.tries:
                raise RegistryError(shown, failure, status=status, tries=attempt)
            delay = wait if wait is not None else self._retry.delay(attempt)
            log.warning(
                "registry: %s on GET %s; try %d in %.1fs", failure, shown, attempt + 1, delay
            )
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, response: httpx.Response, url: str, attempt: int) -> bytes:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self._max_bytes:
                raise RegistryError(
                    url, f"the answer is larger than {self._max_bytes:,} bytes", tries=attempt
                )
        return bytes(body)

    def _retry_after(self, response: httpx.Response, url: str, attempt: int) -> float | None:
        """The wait a ``Retry-After`` asks for (seconds or an HTTP date), if there is one."""
        value = response.headers.get("Retry-After")
        if not value:
            return None
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - datetime.now(UTC)).total_seconds()
        seconds = max(0.0, seconds)
        if seconds > self._retry.max_retry_after:
            raise RegistryError(
                url,
                f"HTTP {response.status_code} asking to wait {seconds:.0f}s, more than the "
                f"{self._retry.max_retry_after:.0f}s allowed",
                status=response.status_code,
                tries=attempt,
            )
        return seconds


def _snippet(response: httpx.Response) -> str:
    """The start of an error answer (CT.gov explains a 400 in plain text)."""
    try:
        head = b""
        for chunk in response.iter_bytes():
            head += chunk
            if len(head) >= _SNIPPET:
                break
    except httpx.HTTPError:
        return ""
    text = " ".join(head[:_SNIPPET].decode("utf-8", errors="replace").split())
    return f": {text}" if text else ""
