"""Per-host politeness that holds across workers: one fetch per host per interval.

The turn is taken in the database with a conditional UPDATE: of several workers that
race for the same slot, exactly one sees its row updated. A loser learns when the slot
ends and requeues its task for then (see tasks.take_entry), doing other work meanwhile;
nothing is kept in memory and a crashed worker holds nothing.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from wiredesk.ingest.models import HostSlot

DEFAULT_INTERVAL = timedelta(milliseconds=200)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def take_turn(host: str, interval: timedelta = DEFAULT_INTERVAL) -> datetime | None:
    """Claim the host's next slot now; None if claimed, else when the current slot ends."""
    now = timezone.now()
    claimed = HostSlot.objects.filter(host=host, next_at__lte=now).update(next_at=now + interval)
    if claimed:
        return None
    try:
        with transaction.atomic():
            HostSlot.objects.create(host=host, next_at=now + interval)
        return None
    except IntegrityError:
        slot = HostSlot.objects.filter(host=host).values_list("next_at", flat=True).first()
        return slot or now
