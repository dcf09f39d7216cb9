"""Sign-up rate limits, counted in the database so every worker process shares them.

Per IP: `PER_IP` sign-ups an hour (a bot filling the form from one address).
Per address: `PER_ADDRESS` confirmation mails a day (sign-up bombing: using our
form to flood someone's inbox). Over the address limit nothing is mailed but
the page answers as usual, so the limit tells nothing about the address.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from wiredesk.newsletter.models import RateLimitHit

PER_IP = (10, timedelta(hours=1))
PER_ADDRESS = (3, timedelta(days=1))
KEEP = timedelta(days=2)


def allow(key: str, limit: tuple[int, timedelta], now: datetime | None = None) -> bool:
    """Count one hit on `key`; False when the limit was already reached in its window."""
    now = now or timezone.now()
    most, window = limit
    if RateLimitHit.objects.filter(key=key, at__gt=now - window).count() >= most:
        return False
    RateLimitHit.objects.create(key=key, at=now)
    return True


def prune(now: datetime | None = None) -> int:
    """Forget hits older than any window."""
    now = now or timezone.now()
    return RateLimitHit.objects.filter(at__lt=now - KEEP).delete()[0]
