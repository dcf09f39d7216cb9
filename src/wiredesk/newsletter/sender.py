"""A send run: give back, expire, freeze, then send what is due; idempotent, resumable, polite.

The flow of one `wiredesk newsletter send` run:

1. `release_stale_claims` (`claims`): rows claimed by a sender that is gone (its
   process is dead on this host, or its lease ran out) go back to pending. These are
   the messages that were in flight when it died: they are sent again, with the
   same Message-ID. Rows it had claimed but not started are simply sent now.
2. `expire_late` (`claims`): pending rows past their deadline are never sent.
3. `freeze_issue` (`freeze`) for each edition whose local day has no issue yet and
   that has new stories: the issue and one delivery row per active subscriber, in
   one transaction, each row due at its reader's local hour.
4. Each lane (`lane`, one SMTP connection) claims a small batch (one transaction,
   `SKIP LOCKED` where the database has it), sends each message, and marks each row
   sent only after the server's 250. A 4xx puts the row back with a back-off; a 5xx
   on RCPT stops that address.

So a kill at any point loses no one (an unsent row is pending or claimed by a
dead process) and re-sends at most the one message in flight on each
connection. The anchors' failures avoided: the checkpoint is the row's own
status, moved per message after the 250, never per fetched batch; and a
resume never starts over, it takes only rows not marked sent.
"""

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from wiredesk.editions.models import Edition
from wiredesk.newsletter.claims import expire_late, release_stale_claims
from wiredesk.newsletter.compose import DkimSigner
from wiredesk.newsletter.freeze import freeze_issue
from wiredesk.newsletter.lane import Lane, SendReport
from wiredesk.newsletter.outbox import Outbox
from wiredesk.newsletter.throttle import Throttle

log = logging.getLogger("wiredesk.newsletter")


class Sender:
    """One send run: prepare (release, expire, freeze), then drain over `connections` lanes.

    Each lane is one SMTP connection in its own thread with its own claims, so
    at most `connections` messages are in flight at any moment.
    """

    def __init__(
        self,
        outboxes: Callable[[], Outbox],
        clock: Callable[[], datetime],
        throttle: Throttle | None = None,
        signer: DkimSigner | None = None,
        connections: int = 1,
    ):
        self.outboxes = outboxes
        self.clock = clock
        self.throttle = throttle or Throttle()
        self.signer = signer or DkimSigner.from_settings()
        self.connections = max(1, connections)

    def run(self, force: bool = False, edition: str | None = None) -> SendReport:
        report = self.prepare(edition)
        lanes = [
            Lane(self.outboxes, self.clock, self.throttle, self.signer, force, edition)
            for _ in range(self.connections)
        ]
        drain(lanes)
        for lane in lanes:
            report.add(lane.report)
        log.info("send run done", extra=report.as_dict())
        errors = [lane.error for lane in lanes if lane.error]
        if errors:
            raise errors[0]
        return report

    def prepare(self, edition: str | None) -> SendReport:
        """Steps 1-3 above: what a run does before it sends."""
        report = SendReport()
        report.released = release_stale_claims()
        report.expired = expire_late(self.clock())
        editions = Edition.objects.filter(active=True)
        if edition:
            editions = editions.filter(slug=edition)
        for each in editions:
            issue = freeze_issue(each, self.clock())
            if issue:
                report.frozen.append(issue.pk)
        return report


def drain(lanes: list[Lane]) -> None:
    """Run the lanes: one in this thread, several each in its own thread."""
    if len(lanes) == 1:
        lanes[0].drain()
        return
    threads = [threading.Thread(target=lane.drain_in_thread) for lane in lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
