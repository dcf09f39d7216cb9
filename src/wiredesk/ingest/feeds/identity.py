"""Every entry gets a guid ingest can store it under, and guids repeated in one document are
repaired: the feed's id, else its link, else a hash of title and published."""

import hashlib
from collections import Counter

from wiredesk.ingest.feeds.types import EntryData, FeedData


def settle_identities(feed: FeedData) -> None:
    """Give every entry a guid ingest can store it under, and repair repeats.

    An entry without an id takes its link, else a hash of title and published. When one guid
    is repeated inside the document: exact copies are dropped; otherwise each holder falls
    back to its link (when the links differ) or to a content hash, and the repair is noted in
    `feed.problems`.
    """
    for entry in feed.entries:
        if not entry.guid:
            entry.guid, entry.guid_source = _fallback_identity(entry)
    counts = Counter(e.guid for e in feed.entries)
    repeated = {g for g, n in counts.items() if n > 1}
    if not repeated:
        return
    kept: list[EntryData] = []
    seen: set[tuple[str, str, str, str]] = set()
    for entry in feed.entries:
        if entry.guid in repeated:
            key = (entry.guid, entry.link, entry.title, str(entry.published))
            if key in seen:
                continue
            seen.add(key)
        kept.append(entry)
    feed.entries = kept
    _split_repeated(feed, repeated)


def _split_repeated(feed: FeedData, repeated: set[str]) -> None:
    holders = [e for e in feed.entries if e.guid in repeated]
    links = Counter(e.link for e in holders)
    for entry in holders:
        original = entry.guid
        if entry.link and links[entry.link] == 1 and entry.link != original:
            entry.guid, entry.guid_source = entry.link, "link"
        else:
            entry.guid, entry.guid_source = _hash_identity(entry, salt=original), "hash"
    feed.problems.append(
        f"{len(holders)} entries share {len(repeated)} guid(s); "
        "identity taken from link or content hash"
    )


def _fallback_identity(entry: EntryData) -> tuple[str, str]:
    if entry.link:
        return entry.link, "link"
    return _hash_identity(entry), "hash"


def _hash_identity(entry: EntryData, salt: str = "") -> str:
    published = entry.published.isoformat() if entry.published else ""
    key = "\x1f".join((salt, entry.link, entry.title, published))
    return "sha1:" + hashlib.sha1(key.encode("utf-8")).hexdigest()
