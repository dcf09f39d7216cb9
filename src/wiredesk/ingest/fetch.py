"""Fetch feeds and pages over HTTP with bounded time and size.

httpx's exceptions are translated here into wiredesk.errors.FetchError and its
children, so the rest of ingest never sees a third-party exception.
"""

import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from wiredesk.config import Config
from wiredesk.errors import FetchError, FetchStatusError, FetchTimeout, FetchTooLarge
from wiredesk.ingest.safety import request_check

WHOLE_RESPONSE = 3  # times the read timeout a whole body may take


@dataclass
class FetchResult:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    moved_to: str = ""  # the feed moved permanently here

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class PartnerClient(httpx.Client):
    """An httpx client for partner servers that also knows the largest body it may read."""

    def __init__(self, max_bytes: int, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.max_bytes = max_bytes


def make_client(config: Config) -> PartnerClient:
    """One client per ingest run (or worker): connections to a host are reused across its
    feeds and pages, and at most `config.fetch_per_host` are open to it at once."""
    seconds = config.fetch_timeout
    return PartnerClient(
        config.fetch_max_bytes,
        timeout=httpx.Timeout(seconds),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": config.user_agent},
        transport=PerHostTransport(config.fetch_per_host, config.fetch_proxy or None, seconds),
        event_hooks={"request": [request_check(config)]},
    )


class PerHostTransport(httpx.BaseTransport):
    """A small connection pool per host, entered through a per-host gate.

    The gate (a semaphore held from the request until its response is closed) lets at most
    `per_host` requests reach one partner at once; a request beyond waits up to the pool
    timeout. The gate is ours because httpcore's own wait for a free connection, across
    threads, can hand a request a socket another thread is closing ("Bad file
    descriptor"); its pool for the host is as large as the gate, so it never has to wait.
    A pool per host also keeps each small: one pool for every host is scanned across all
    of its connections on each request, which costs more than a 304 when they are many.
    """

    def __init__(self, per_host: int, proxy: str | None = None, wait: float = 30.0):
        self.per_host, self.proxy, self.wait = per_host, proxy, wait
        self.limits = httpx.Limits(max_connections=per_host, max_keepalive_connections=per_host)
        self.tls = ssl.create_default_context()  # shared: CA roots are loaded once, not per host
        self.hosts: dict[tuple[str, str, int | None], HostPool] = {}
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = self._host((request.url.scheme, request.url.host, request.url.port))
        if not host.gate.acquire(timeout=self.wait):
            raise httpx.PoolTimeout(f"{request.url.host}: no free turn at this host")
        try:
            response = host.pool.handle_request(request)
        except BaseException:
            host.gate.release()
            raise
        stream = GateReleasingStream(response.stream, host.gate)  # type: ignore[arg-type]
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=stream,
            extensions=response.extensions,
        )

    def _host(self, key: tuple[str, str, int | None]) -> "HostPool":
        host = self.hosts.get(key)
        if host is None:
            with self.lock:
                host = self.hosts.get(key)
                if host is None:
                    pool = httpx.HTTPTransport(
                        verify=self.tls, limits=self.limits, proxy=self.proxy
                    )
                    host = self.hosts[key] = HostPool(
                        pool, threading.BoundedSemaphore(self.per_host)
                    )
        return host

    def close(self) -> None:
        for host in self.hosts.values():
            host.pool.close()
        self.hosts.clear()


@dataclass
class HostPool:
    pool: httpx.HTTPTransport
    gate: threading.BoundedSemaphore


class GateReleasingStream(httpx.SyncByteStream):
    """A response body that gives its host's turn back once it is closed (exactly once)."""

    def __init__(self, inner: httpx.SyncByteStream, gate: threading.BoundedSemaphore):
        self.inner, self.gate, self.released = inner, gate, False

    def __iter__(self):
        yield from self.inner

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            if not self.released:
                self.released = True
                self.gate.release()


def fetch(client: PartnerClient, url: str, etag: str = "", last_modified: str = "") -> FetchResult:
    """GET a URL, conditionally when validators are known; raise FetchError on failure."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code >= 400:
                raise FetchStatusError(url, response.status_code, retry_after(response))
            content = _read_bounded(response, url, _deadline(client), client.max_bytes)
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchTimeout(url, f"timed out ({type(exc).__name__})") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(url, "too many redirects") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # InvalidURL is no HTTPError
        raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
    return FetchResult(
        url=str(response.url),
        status=response.status_code,
        content=content,
        content_type=response.headers.get("content-type", ""),
        etag=response.headers.get("etag", ""),
        last_modified=response.headers.get("last-modified", ""),
        moved_to=moved_permanently(response),
    )


def moved_permanently(response: httpx.Response) -> str:
    """The new address when every redirect on the way was permanent (301, 308), else ""."""
    hops = response.history
    if hops and all(hop.status_code in (301, 308) for hop in hops):
        return str(response.url)
    return ""


def retry_after(response: httpx.Response) -> float | None:
    """Seconds a 429 or 503 asks us to wait (Retry-After as seconds or as an HTTP date)."""
    if response.status_code not in (429, 503):
        return None
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def _deadline(client: httpx.Client) -> float:
    """The whole body must arrive within WHOLE_RESPONSE x the read timeout.

    httpx's timeout bounds each read; a partner trickling a byte at a time would
    otherwise hold the fetch for as long as it liked.
    """
    read_timeout = client.timeout.read or Config.fetch_timeout
    return time.monotonic() + WHOLE_RESPONSE * read_timeout


def _read_bounded(response: httpx.Response, url: str, deadline: float, limit: int) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchTooLarge(url, f"response larger than {limit} bytes")
        if time.monotonic() > deadline:
            raise FetchTimeout(url, "the response took too long to arrive in full")
        chunks.append(chunk)
    return b"".join(chunks)
