"""Pacing a send run: a global message rate and one per destination domain.

Why: a receiving provider judges a sender by its rate as much as by its content; past
its limit it answers 4xx (deferred, tried again later) or quietly files the mail as
spam. The rates are set per run (`wiredesk newsletter send --rate --domain-rate`) and
shared by every connection of the run: a slot is reserved under a lock, then the
caller sleeps until its slot, so lanes never queue behind each other's sleeps.
"""

import threading
import time
from collections.abc import Callable


class Throttle:
    """Global and per-destination-domain message rates (messages per second; 0: none)."""

    def __init__(
        self,
        rate: float = 0,
        domain_rate: float = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.interval = 1 / rate if rate else 0.0
        self.domain_interval = 1 / domain_rate if domain_rate else 0.0
        self.clock, self.sleep = clock, sleep
        self.next_global = 0.0
        self.next_domain: dict[str, float] = {}
        self.lock = threading.Lock()

    def wait(self, domain: str) -> None:
        if not (self.interval or self.domain_interval):
            return
        with self.lock:
            now = self.clock()
            slot = max(now, self.next_global, self.next_domain.get(domain, 0.0))
            self.next_global = slot + self.interval
            if self.domain_interval:
                self.next_domain[domain] = slot + self.domain_interval
        if slot > now:
            self.sleep(slot - now)
