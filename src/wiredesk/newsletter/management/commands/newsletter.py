"""`wiredesk newsletter preview|send|bounces`: one command for the newsletter's work.

- `preview EDITION [--lang xx] [--text]`: today's digest as it would be frozen now.
- `send [--edition SLUG] [--now] [--at ISO]`: freeze due issues and send what is due;
  a scheduler runs it every few minutes. `--now` treats every reader's hour as come;
  `--at` runs as if it were that time (tests, replaying an outage).
- `bounces [MBOX]`: read DSNs, complaints and unsubscribe mails from a mailbox file,
  or from standard input (an MTA pipe).
"""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wiredesk.editions.models import Edition
from wiredesk.newsletter import bounces, digest, ratelimit, schedule
from wiredesk.newsletter.outbox import outbox_from_settings
from wiredesk.newsletter.sender import Sender
from wiredesk.newsletter.throttle import Throttle


class Command(BaseCommand):
    help = "The newsletter: preview a digest, send what is due, read bounces."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        preview = commands.add_parser("preview", help="Print an edition's digest as of now.")
        preview.add_argument("edition", help="Edition slug.")
        preview.add_argument("--lang", default="", help="Language (default: the edition's).")
        preview.add_argument("--text", action="store_true", help="The plain-text part.")
        send = commands.add_parser("send", help="Freeze due issues and send what is due.")
        send.add_argument("--edition", default=None, help="Only this edition's slug.")
        send.add_argument("--now", action="store_true", help="As if every reader's hour had come.")
        send.add_argument("--at", default=None, help="Run as if it were this ISO time (UTC).")
        send.add_argument("--rate", type=float, default=0, help="Messages per second, 0: no cap.")
        send.add_argument(
            "--domain-rate", type=float, default=0, help="Messages per second per domain."
        )
        send.add_argument(
            "--connections",
            type=int,
            default=1,
            help="SMTP connections at once; also the most messages in flight at a kill.",
        )
        read = commands.add_parser("bounces", help="Read bounces from a mailbox or stdin.")
        read.add_argument("mailbox", nargs="?", default=None, help="mbox file; default stdin.")

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        if action == "preview":
            self._preview(str(options["edition"]), str(options["lang"]), bool(options["text"]))
        elif action == "send":
            self._send(options)
        else:
            self._bounces(options["mailbox"])

    def _preview(self, slug: str, lang: str, text: bool) -> None:
        edition = Edition.objects.filter(slug=slug).first()
        if edition is None:
            raise CommandError(f"no edition {slug!r}")
        now = timezone.now()
        since = schedule.issue_window_start(now, None)
        stories = digest.select_stories(edition, now, since)
        language = digest.reader_language(lang, edition.language)
        day = schedule.local_date(now, edition.time_zone)
        rendered = digest.render_digest(edition, stories, day, language).for_preview(edition.slug)
        if not stories:
            self.stderr.write("nothing new in the last day: no issue would be sent")
        self.stdout.write(f"Subject: {rendered.subject}\n\n")
        self.stdout.write(rendered.text if text else rendered.html)

    def _send(self, options: dict) -> None:
        at = options["at"]
        if at:
            fixed = datetime.fromisoformat(str(at))
            fixed = fixed if fixed.tzinfo else fixed.replace(tzinfo=UTC)
            clock = lambda: fixed  # noqa: E731
        else:
            clock = timezone.now
        sender = Sender(
            outbox_from_settings,
            clock,
            Throttle(float(options["rate"]), float(options["domain_rate"])),
            connections=int(options["connections"]),
        )
        report = sender.run(force=bool(options["now"]), edition=options["edition"])
        ratelimit.prune()  # the scheduler runs this often: sign-up counts stay small
        self.stdout.write(json.dumps(report.as_dict()))

    def _bounces(self, path: object) -> None:
        source = Path(str(path)) if path else sys.stdin.buffer
        if isinstance(source, Path) and not source.exists():
            raise CommandError(f"{source} not found")
        counts: dict[str, int] = {}
        for message in bounces.read_messages(source):
            outcome = bounces.apply_report(bounces.read_report(message))
            counts[outcome] = counts.get(outcome, 0) + 1
        self.stdout.write(json.dumps(counts))
