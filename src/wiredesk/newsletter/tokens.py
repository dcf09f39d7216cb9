"""Signed tokens and addresses: confirmation links, Message-IDs, VERP bounce addresses.

Confirmation links are signed with Django's `TimestampSigner` and expire after
`CONFIRM_MAX_AGE`, so a link found in an old mailbox cannot subscribe anyone.
Message-IDs are derived from (issue, subscriber) and the secret key, so a
re-send after a crash carries the same Message-ID and a reader's client can
drop it. VERP addresses carry the delivery id and a short MAC, so a bounce
names its delivery and a forged bounce cannot stop someone else's mail.
"""

import hashlib
import hmac
from email.utils import parseaddr
from functools import lru_cache

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "wiredesk.newsletter.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def confirm_token(subscription_id: int) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object({"s": subscription_id})


def read_confirm_token(token: str, max_age: int = CONFIRM_MAX_AGE) -> int | None:
    """The subscription id of a valid, unexpired token; None otherwise."""
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    value = data.get("s") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def _mac(value: str, length: int = 10) -> str:
    key = (settings.SECRET_KEY + ":wiredesk.newsletter").encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:length]


def mail_domain() -> str:
    """The domain of our own addresses, from DEFAULT_FROM_EMAIL."""
    return _domain_of(settings.DEFAULT_FROM_EMAIL)


@lru_cache(maxsize=4)
def _domain_of(from_email: str) -> str:
    return parseaddr(from_email)[1].rpartition("@")[2] or "wiredesk.localhost"


def message_id(issue_id: int, subscriber_id: int) -> str:
    value = f"{issue_id}.{subscriber_id}"
    return f"<wd.{value}.{_mac(value)}@{mail_domain()}>"


def bounce_address(delivery_id: int) -> str:
    """VERP envelope sender: bounces+<delivery>-<mac>@<bounce domain>."""
    return f"bounces+{delivery_id}-{_mac(str(delivery_id))}@{settings.WIREDESK.bounce_domain}"


def unsubscribe_mailto(subscriber_token: str, edition_slug: str) -> str:
    local = f"unsubscribe+{edition_slug}.{subscriber_token}"
    return f"mailto:{local}@{settings.WIREDESK.bounce_domain}?subject=unsubscribe"


def read_bounce_address(address: str) -> int | None:
    """The delivery id a VERP address names, if its MAC is right."""
    local = address.strip().strip("<>").partition("@")[0]
    if not local.startswith("bounces+"):
        return None
    value, _, mac = local.removeprefix("bounces+").rpartition("-")
    if not value.isdigit() or not hmac.compare_digest(mac, _mac(value)):
        return None
    return int(value)


def read_unsubscribe_address(address: str) -> tuple[str, str] | None:
    """(edition slug, subscriber token) of an unsubscribe+... address."""
    local = address.strip().strip("<>").partition("@")[0]
    if not local.startswith("unsubscribe+"):
        return None
    slug, _, token = local.removeprefix("unsubscribe+").partition(".")
    return (slug, token) if slug and token else None


def address_key(email: str) -> str:
    """A rate-limit key for an address that does not store the address itself."""
    return "addr:" + _mac(email.strip().lower(), 32)
