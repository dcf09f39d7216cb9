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
    from wiredesk.site.models import ContentVersion

    token = ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return token or "0"


def bump_content_version() -> None:
    """Retire every cached fragment: called on each save of something pages show."""
    from wiredesk.site.models import ContentVersion

    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=1).update(token=token):
        ContentVersion.objects.update_or_create(pk=1, defaults={"token": token})


def cached[T](version: str, key: str, build: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """The cached value under (version, key), building and storing it on a miss."""
    full_key = f"site:{version}:{key}"
    store = site_cache()
    value = store.get(full_key)
    if value is None:
        value = build()
        store.set(full_key, value, timeout)
    return value


def clear() -> None:
    """Forget every cached fragment and per-process memo (tests, after bulk changes)."""
    from wiredesk.site import listing, search

    site_cache().clear()
    listing.clear()
    search.forget_document_frequencies()
