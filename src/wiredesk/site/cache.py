"""Rendered fragments, cached under the content version.

Pages are cached as fragments (title, head tags, main content) rather than whole responses,
so the parts that differ per reader (the search box's query, the newsletter sign-up box,
which may carry a CSRF token) are rendered fresh around them.

Keys carry the ContentVersion token, so any change committed by any process (an ingest, an
editor in the admin) retires every cached fragment at once; TIMEOUT bounds the staleness of
what no save announces (an embargo ending, a licence expiring). One small indexed read per
request buys that. The cache is Django's `caches["site"]` when settings define one (a shared
Redis or file cache for several workers), else a process-local memory cache made here, which
needs no settings.
"""

import time
import uuid
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache

TIMEOUT = 120
MAX_ENTRIES = 20_000


@cache
def site_cache() -> BaseCache:
    if "site" in settings.CACHES:
        return caches["site"]
    return LocMemCache(
        "wiredesk-site", {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES}}
    )


def content_version() -> str:
    """The token, read with plain SQL: through the ORM, building the query cost a third of a
    cached page's time."""
    from django.db import connection

    from wiredesk.site.models import ContentVersion

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {ContentVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row and row[0] else "0"


def bump_content_version() -> None:
    """Retire every cached fragment: called on each save of something pages show."""
    from wiredesk.site.models import ContentVersion

    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=1).update(token=token):
        ContentVersion.objects.update_or_create(pk=1, defaults={"token": token})


_local: dict[str, tuple[float, object]] = {}
LOCAL_ENTRIES = 2_000


def cached[T](version: str, key: str, build: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """The cached value under (version, key), building and storing it on a miss.

    A process-local dict sits in front of the cache: a hit there skips the cache backend's
    key handling and unpickling (a fifth of a cached page's time with four lookups a page).
    Its entries keep the cache's timeout; when full it is emptied (keys of old versions
    are never asked for again, so nothing smarter is needed).
    """
    full_key = f"site:{version}:{key}"
    now = time.monotonic()
    held = _local.get(full_key)
    if held is not None and held[0] > now:
        return held[1]  # type: ignore[return-value]
    store = site_cache()
    value = store.get(full_key)
    if value is None:
        value = build()
        store.set(full_key, value, timeout)
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()
    _local[full_key] = (now + timeout, value)
    return value


def clear() -> None:
    """Forget every cached fragment and per-process memo (tests, after bulk changes)."""
    from wiredesk.site import listing, search

    site_cache().clear()
    _local.clear()
    listing.clear()
    search.forget_document_frequencies()
    search.forget_matches()
