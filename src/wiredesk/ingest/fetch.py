"""Fetch feeds and pages over HTTP with bounded time and size.

httpx's exceptions are translated here into wiredesk.errors.FetchError and its
children, so the rest of ingest never sees a third-party exception.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from wiredesk.config import env, env_int
from wiredesk.errors import FetchError, FetchStatusError, FetchTimeout, FetchTooLarge
from wiredesk.ingest.safety import check_request

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


def make_client(timeout: float | None = None) -> httpx.Client:
    """One client per ingest run: connection reuse across feeds of a host."""
    seconds = timeout if timeout is not None else float(env_int("WIREDESK_FETCH_TIMEOUT"))
    return httpx.Client(
        timeout=httpx.Timeout(seconds),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": env("WIREDESK_USER_AGENT")},
        proxy=env("WIREDESK_FETCH_PROXY") or None,
        event_hooks={"request": [check_request]},
        limits=httpx.Limits(max_connections=env_int("WIREDESK_FETCH_CONCURRENCY") * 2),
    )


def fetch(client: httpx.Client, url: str, etag: str = "", last_modified: str = "") -> FetchResult:
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
            content = _read_bounded(response, url, _deadline(client))
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
    read_timeout = client.timeout.read or float(env_int("WIREDESK_FETCH_TIMEOUT"))
    return time.monotonic() + WHOLE_RESPONSE * read_timeout


def _read_bounded(response: httpx.Response, url: str, deadline: float) -> bytes:
    limit = env_int("WIREDESK_FETCH_MAX_BYTES")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchTooLarge(url, f"response larger than {limit} bytes")
        if time.monotonic() > deadline:
            raise FetchTimeout(url, "the response took too long to arrive in full")
        chunks.append(chunk)
    return b"".join(chunks)
