"""Rendered fragments, cached under the content version.

Pages are cached as fragments (title, head tags, main content) rather than whole responses,
so the parts that differ per reader (the search box's query, the editors' flag) are filled
in fresh around them. Nothing on a public page is per reader beyond that: the sign-up box
takes no CSRF token (see newsletter.views), so public pages set no cookie.

Keys carry the ContentVersion token, so any change committed by any process (an ingest, an
editor in the admin) retires every cached list at once; TIMEOUT bounds the staleness of
what no save announces (an embargo ending, a licence expiring). One small indexed read per
request buys that. Article pages are keyed instead by their own article's stamp and a
token that only editions, sources and licences change (`article_version`), so an ingest
retires only the pages of the stories it touched. The cache is Django's `caches["site"]`
when settings define one (a shared Redis cache for several hosts), else one made here,
which needs no settings: on a SQLite database file, a file cache in memory (/dev/shm) or
the temporary directory, named after that file, so the web workers on its host share what
each renders; on anything else (PostgreSQL, the tests' in-memory database), or if that
directory cannot be made, a process-local memory cache.
"""

import hashlib
import logging
import os
import pickle
import tempfile
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection

log = logging.getLogger(__name__)

TIMEOUT = 120
ARTICLE_TIMEOUT = 600  # article pages outlive ingests (see article_version)
MAX_ENTRIES = 20_000


class SharedFileCache(FileBasedCache):
    """Django's file cache, culled every CULL_EVERY sets instead of on each one (its cull
    lists the whole directory: several milliseconds with thousands of pages cached), and
    forgiving: a file it cannot read or write is a miss, never a failed page."""

    CULL_EVERY = 200

    def __init__(self, location: str, params: dict):
        super().__init__(location, params)
        self._sets = 0

    def _cull(self) -> None:
        self._sets += 1
        if self._sets % self.CULL_EVERY == 1:
            super()._cull()

    def _write_content(self, file: Any, timeout: Any, value: Any) -> None:
        """As Django's, at zlib's fastest level: a page is written once per build (the
        default level cost a fifth of the write), and read back with plain decompress."""
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except (OSError, EOFError, pickle.UnpicklingError, zlib.error) as exc:
            log.warning("site cache: cannot read %s: %s", key, exc)
            return default

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version=None) -> None:
        try:
            super().set(key, value, timeout, version)
        except OSError as exc:
            log.warning("site cache: cannot write %s: %s", key, exc)


def shared_location(database: dict) -> Path | None:
    """The file cache's directory for a SQLite database file, else None.

    Named after the file's path and inode, so that a database made anew at the same path
    (whose content version starts again at "0") never reads another's pages."""
    name = str(database.get("NAME") or "")
    if not database["ENGINE"].endswith("sqlite3") or name.startswith(("file:", ":memory:")):
        return None
    try:
        inode = os.stat(name).st_ino
    except OSError:
        return None
    digest = hashlib.sha256(f"{os.path.abspath(name)}:{inode}".encode()).hexdigest()[:16]
    return shared_root() / f"wiredesk-site-{os.getuid()}-{digest}"


MEMORY_BACKED = Path("/dev/shm")


def shared_root() -> Path:
    """Where the shared cache directory lives: in memory (/dev/shm) where the machine has it.

    Every page build writes one file. On a disk-backed temporary directory (ext4 on a
    virtual disk) creating and renaming it cost about 0.4 ms of CPU, a sixth of an article
    page's build; in tmpfs, 0.02 ms. The cache is derived data, so losing it at a reboot
    costs nothing; at MAX_ENTRIES pages of 3-5 KB compressed it holds under 100 MB."""
    if MEMORY_BACKED.is_dir() and os.access(MEMORY_BACKED, os.W_OK | os.X_OK):
        return MEMORY_BACKED
    return Path(tempfile.gettempdir())


@cache
def site_cache() -> BaseCache:
    if "site" in settings.CACHES:
        return caches["site"]
    params = {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES}}
    location = shared_location(settings.DATABASES["default"])
    if location is not None:
        try:
            return SharedFileCache(str(location), params)
        except OSError as exc:
            log.warning(
                "site cache: no shared directory %s (%s); caching per process", location, exc
            )
    return LocMemCache("wiredesk-site", params)


def content_version() -> str:
    """The token, read with plain SQL: through the ORM, building the query cost a third of a
    cached page's time."""
    from wiredesk.site.models import ContentVersion

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {ContentVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row and row[0] else "0"


STRUCTURE_ROW = 2  # ContentVersion row of what many article pages show at once


def bump_content_version(structure: bool = False) -> None:
    """Retire every cached list, and with `structure` every article page too: called on
    each save of something pages show. An article's own changes retire its page through
    its stamp (`stamp_articles`) instead. Inside `bumps_at_end`, the write waits for the
    end of that block."""
    rows = {1, STRUCTURE_ROW} if structure else {1}
    pending = getattr(_bumps, "rows", None)
    if pending is not None:
        pending |= rows
    else:
        _write_versions(rows)


_bumps = threading.local()


@contextmanager
def bumps_at_end() -> Iterator[None]:
    """Hold this block's content-version bumps and write them once, when it ends well.

    For a transaction that bumps more than once: each bump updates one of two rows that
    every writer updates, and on PostgreSQL a row updated early stays locked to the end of
    the transaction, so other writers queue behind it. Put inside the transaction, this
    writes the rows last, just before the commit. Nested uses join the outermost. (The
    pipeline's writers bump nothing: the site does, after their commit, on the publish
    step; see site.signals.)"""
    if getattr(_bumps, "rows", None) is not None:
        yield
        return
    _bumps.rows = set()
    try:
        yield
        rows = _bumps.rows
    finally:
        _bumps.rows = None
    if rows:
        _write_versions(rows)


def _write_versions(rows: set[int]) -> None:
    from wiredesk.site.models import ContentVersion

    for pk in sorted(rows):  # one order, so two writers never wait on each other in a cycle
        token = uuid.uuid4().hex
        if not ContentVersion.objects.filter(pk=pk).update(token=token):
            ContentVersion.objects.update_or_create(pk=pk, defaults={"token": token})


def stamp_articles(article_ids: list[int]) -> None:
    """Retire the cached pages of these articles (in every edition)."""
    from wiredesk.site.models import ArticleEntry

    ArticleEntry.objects.filter(article_id__in=article_ids).update(stamp=uuid.uuid4().hex)


def article_versions(article_id: int) -> tuple[str, str]:
    """The content version and `article_version`, in one read (an article page needs both)."""
    from wiredesk.site.models import ArticleEntry, ContentVersion

    table = ContentVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT token FROM {table} WHERE id = 1), "
            f"(SELECT token FROM {table} WHERE id = %s), "
            f"(SELECT stamp FROM {ArticleEntry._meta.db_table} WHERE article_id = %s)",
            [STRUCTURE_ROW, article_id],
        )
        content, structure, stamp = cursor.fetchone()
    return content or "0", f"{structure or '0'}.{stamp or '0'}"


def article_version(article_id: int) -> str:
    """What an article page is cached under: the structure token and the article's stamp.

    Lists retire at every ingest; an article page only when the article, its countries,
    placements or story change, or an edition, source or licence does. What it shows of
    other articles ("See also", other versions of its story) may lag until the page's
    timeout (ARTICLE_TIMEOUT); the page's own visibility is checked on every request."""
    return article_versions(article_id)[1]


@cache
def code_digest() -> str:
    """A digest of the code and templates that make what is cached (the site and newsletter
    apps), part of every key: pages cached by other code, before a deploy, are never read
    back (a frame of older templates could lack a slot today's code fills)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for app in ("site", "newsletter"):
        for path in sorted((root / app).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_local: dict[str, tuple[float, object]] = {}
LOCAL_ENTRIES = 2_000


def cached[T](version: str, key: str, build: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """The cached value under (version, key), building and storing it on a miss.

    A process-local dict sits in front of the cache: a hit there skips the cache backend's
    key handling and unpickling (a fifth of a cached page's time with four lookups a page).
    Its entries keep the cache's timeout; when full it is emptied (keys of old versions
    are never asked for again, so nothing smarter is needed).
    """
    full_key = f"site:{code_digest()}:{version}:{key}"
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


_forgetters: list[Callable[[], None]] = []


def forget_also(forget: Callable[[], None]) -> None:
    """Have `clear` call `forget` too: for the per-process memos of modules that import this
    one (site.search), which this module may not import back (that made an import cycle)."""
    if forget not in _forgetters:
        _forgetters.append(forget)


def clear() -> None:
    """Forget every cached fragment and per-process memo (tests, after bulk changes)."""
    from wiredesk.site import listing

    site_cache().clear()
    _local.clear()
    listing.clear()
    for forget in _forgetters:
        forget()
