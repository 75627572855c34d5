"""A stand-in for the ClinicalTrials.gov API v2 on the loopback: a real HTTP server in a thread.

It serves ``GET /api/v2/studies`` (``format=json``, ``pageSize``, ``pageToken``, ``countTotal``
and ``filter.advanced=AREA[LastUpdatePostDate]RANGE[from,to]``) in pages built from study JSON
files, and ``GET /api/v2/version``. Its page tokens are opaque and tied to the filter, as the
registry's are. Told to, it fails chosen requests the ways the registry and the network do:

    server.inject(Fault.status(429, retry_after="1"), Fault.cut(), after=1)

makes the 2nd next request to ``/api/v2/studies`` answer 429, and the 3rd send half its body
and close the connection. ``server.requests`` records what was asked and answered.

Bound to 127.0.0.1 only; use the ``registry_server`` fixture, or ``with RegistryServer(...)``.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "registry" / "json"
STUDIES = "/api/v2/studies"
VERSION = "/api/v2/version"
DATA_TIMESTAMP = "2024-05-17T09:00:03"
DEFAULT_PAGE_SIZE = 10  # the registry's, when pageSize is missing or 0
MAX_PAGE_SIZE = 1000  # larger sizes are coerced down to this

_RANGE = re.compile(
    r"^AREA\[LastUpdatePostDate\]RANGE\[\s*(MIN|\d{4}-\d{2}-\d{2})\s*,\s*(MAX|\d{4}-\d{2}-\d{2})\s*\]$"
)
_REASONS = {403: "Forbidden", 429: "Too Many Requests", 500: "Internal Server Error"}


@dataclass(frozen=True, slots=True)
class Fault:
    """How to fail one request: ``status`` (an error answer), ``cut`` (half the body, then the
    connection closes), ``slow`` (answer after ``seconds``), ``empty`` (a page with no studies
    whose token leads on to the page that was asked for)."""

    kind: str
    code: int = 0
    retry_after: str | None = None
    seconds: float = 0.0

    @classmethod
    def status(cls, code: int, *, retry_after: str | None = None) -> Fault:
        return cls("status", code=code, retry_after=retry_after)

    @classmethod
    def cut(cls) -> Fault:
        return cls("cut")

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls("slow", seconds=seconds)

    @classmethod
    def empty(cls) -> Fault:
        return cls("empty")


@dataclass(frozen=True, slots=True)
class Seen:
    """One request: its path, its query (one value per name) and what it got (``"200"``,
    ``"429"``, ``"cut"``, ``"slow"`` ...)."""

    path: str
    params: dict[str, str]
    answer: str


def load_studies(folder: Path = SAMPLES) -> list[dict[str, Any]]:
    """The studies of a folder of v2 JSON files, one per NCT id as a registry holds them (of two
    downloads of one study, the later ``versionHolder``), in file-name order."""
    chosen: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.json")):
        study = json.loads(path.read_text(encoding="utf-8"))
        nct_id = nct_id_of(study)
        version = (
            study.get("derivedSection", {}).get("miscInfoModule", {}).get("versionHolder") or ""
        )
        if nct_id not in chosen or version > chosen[nct_id][0]:
            chosen[nct_id] = (version, study)
    return [study for _, study in chosen.values()]


def nct_id_of(study: dict[str, Any]) -> str:
    return study["protocolSection"]["identificationModule"]["nctId"]


def last_update_posted(study: dict[str, Any]) -> str | None:
    status = study.get("protocolSection", {}).get("statusModule", {})
    return (status.get("lastUpdatePostDateStruct") or {}).get("date")


class RegistryServer:
    """The fake registry. ``url`` is its base (``http://127.0.0.1:PORT``)."""

    def __init__(
        self,
        studies: Sequence[dict[str, Any]],
        *,
        data_timestamp: str = DATA_TIMESTAMP,
        empty_last_page: bool = False,
    ):
        self._lock = threading.Lock()
        self._studies = list(studies)
        self._faults: dict[tuple[str, int], Fault] = {}
        self._counts: dict[str, int] = {}
        self._stopping = threading.Event()
        self._issued = 0
        self.data_timestamp = data_timestamp
        self.empty_last_page = empty_last_page
        self.requests: list[Seen] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host}:{port}"

    # -- control

    def start(self) -> RegistryServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RegistryServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def set_studies(self, studies: Iterable[dict[str, Any]]) -> None:
        """Replace what the registry holds (a study changed, one was added ...)."""
        with self._lock:
            self._studies = list(studies)

    def inject(self, *faults: Fault, path: str = STUDIES, after: int = 0) -> None:
        """Fail the next requests to ``path``, one fault each, after letting ``after`` pass."""
        with self._lock:
            first = self._counts.get(path, 0) + after
            for offset, fault in enumerate(faults):
                self._faults[(path, first + offset)] = fault

    def seen(self, path: str = STUDIES) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # -- answering (called from the handler threads)

    def _take(self, path: str, params: dict[str, str]) -> Fault | None:
        with self._lock:
            index = self._counts.get(path, 0)
            self._counts[path] = index + 1
            return self._faults.pop((path, index), None)

    def _record(self, path: str, params: dict[str, str], answer: str) -> None:
        with self._lock:
            self.requests.append(Seen(path, params, answer))

    def _token(self, offset: int, filter_: str) -> str:
        with self._lock:
            self._issued += 1
            serial = self._issued
        raw = json.dumps([offset, filter_, serial]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _page(self, params: dict[str, str], empty: bool) -> tuple[int, Any]:
        """(status, body) for a /studies request, as the registry would answer it."""
        if params.get("format", "json") != "json":
            return 400, "only format=json is served here"
        filter_ = params.get("filter.advanced", "")
        since = until = None
        if filter_:
            match = _RANGE.match(filter_)
            if not match:
                return 400, f"unsupported filter.advanced: {filter_}"
            since, until = (None if v in ("MIN", "MAX") else v for v in match.groups())
        try:
            size = int(params.get("pageSize", "0"))
        except ValueError:
            return 400, "pageSize must be an integer"
        if size < 0:
            return 400, "pageSize must not be negative"
        size = min(size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        offset = 0
        if "pageToken" in params:
            try:
                raw = params["pageToken"] + "=" * (-len(params["pageToken"]) % 4)
                offset, token_filter, _ = json.loads(base64.urlsafe_b64decode(raw))
            except ValueError:
                return 400, "invalid pageToken"
            if token_filter != filter_:
                return 400, "pageToken was issued for other parameters"
        with self._lock:
            studies = [
                s
                for s in self._studies
                if (since is None or (last_update_posted(s) or "") >= since)
                and (until is None or (last_update_posted(s) or "9999") <= until)
            ]
        if empty:
            return 200, {"studies": [], "nextPageToken": self._token(offset, filter_)}
        body: dict[str, Any] = {"studies": studies[offset : offset + size]}
        end = offset + size
        if end < len(studies) or (self.empty_last_page and body["studies"]):
            body["nextPageToken"] = self._token(min(end, len(studies)), filter_)
        if params.get("countTotal") == "true" and "pageToken" not in params:
            body["totalCount"] = len(studies)
        return 200, body

    def _version(self) -> tuple[int, Any]:
        return 200, {"apiVersion": "2.0.5", "dataTimestamp": self.data_timestamp}


def _handler_for(server: RegistryServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # quiet in the test output
            pass

        def do_GET(self):
            if not self.client_address[0].startswith("127."):
                self.close_connection = True
                return
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            fault = server._take(url.path, params)
            kind = fault.kind if fault else None
            if fault is not None and fault.kind == "status":
                server._record(url.path, params, str(fault.code))
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                reason = _REASONS.get(fault.code, "Service Unavailable")
                self._send(fault.code, f"{fault.code} {reason}".encode(), "text/plain", headers)
                return
            if url.path == STUDIES:
                status, body = server._page(params, empty=kind == "empty")
            elif url.path == VERSION:
                status, body = server._version()
            else:
                status, body = 404, f"no such path: {url.path}"
            if isinstance(body, str):
                payload, content_type = body.encode(), "text/plain"
            else:
                payload, content_type = json.dumps(body).encode(), "application/json"
            server._record(url.path, params, kind or str(status))
            if fault is not None and fault.kind == "slow" and server._stopping.wait(fault.seconds):
                return
            if kind == "cut":
                self._cut(status, payload, content_type)
            else:
                self._send(status, payload, content_type)

        def _send(self, status: int, payload: bytes, kind: str, headers=None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (a timeout): fine

        def _cut(self, status: int, payload: bytes, kind: str) -> None:
            """Promise the whole body, send half of it, and drop the connection."""
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True

    return Handler


@pytest.fixture
def registry_server() -> Iterator[RegistryServer]:
    """A fake registry on the loopback serving the sample studies (tests/data/registry/json)."""
    with RegistryServer(load_studies()) as server:
        yield server


# The samples with a last-update date, in the server's order (two have none: NCT00465816 and
# NCT03453554; NCT02278341.json is a second download of NCT02552212).
UPDATED = [
    "NCT00763412",  # 2017-06-05
    "NCT02552212",  # 2022-08-18
    "NCT03418623",  # 2020-10-08
    "NCT03475563",  # 2019-11-27
    "NCT03630471",  # 2019-05-21
    "NCT04207047",  # 2019-12-20
    "NCT06171568",  # 2023-12-14
]
