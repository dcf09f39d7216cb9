"""Benchmark sending one digest to many subscribers into a local SMTP server.

Run: .venv/bin/python bench/newsletter.py [--subscribers 100000] [--bare 20000]

What it does, in one run, on a fresh file SQLite database under a temporary folder:
1. Builds one edition with 15 stories of the last day and N active subscribers (bulk).
2. Starts aiosmtpd in a separate process (so the server does not share our GIL) that
   accepts and discards every message.
3. Bare baseline: a plain smtplib loop sending one prepared digest message over one
   connection, `--bare` times: the rate SMTP and the server allow with no work of ours.
   It runs before and after our send and the mean is reported, since other work on
   the machine changes the server's speed during a long run.
4. Freeze: `freeze_issue` selects the stories, renders the digest and writes one
   delivery row per subscriber in one transaction (timed).
5. Send: `Sender.run(force=True)` claims rows in batches, renders each reader's message
   (per-reader links, List-Unsubscribe, Message-ID), sends it over one connection and
   marks each row sent after its 250 (timed).

Figures: freeze seconds, our messages/s, bare messages/s and their ratio, the CPU time
this process spent per message in our send and in the bare loop (`time.process_time`,
all threads: steadier than the rates on a loaded machine, as it leaves out the time
spent waiting for the server and for a core), peak RSS of this process (ru_maxrss,
which includes Django and the subscriber set-up). Goals from
issue 8: at least half the bare rate, at least 100 messages/s, freeze of 100k under a
minute, memory under 300 MB. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import smtplib
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import free_port

SERVER = """
import asyncio, sys
from aiosmtpd.controller import Controller
class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"
controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
"""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--bare", type=int, default=20_000, help="messages in the bare loop")
    parser.add_argument("--connections", type=int, default=1, help="our SMTP connections")
    parser.add_argument(
        "--freeze-only", action="store_true", help="measure set-up and freeze, send nothing"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="wiredesk-bench-newsletter-"))
    port = free_port()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "wiredesk.settings",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.chdir(workdir)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout and server.stdout.readline().strip() == "ready"
    try:
        print(
            json.dumps(run(args.subscribers, args.bare, args.connections, port, args.freeze_only))
        )
    finally:
        server.communicate(input="", timeout=30)


def setup_world(subscribers: int):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection
    from django.utils import timezone

    from wiredesk.articles.models import Article
    from wiredesk.editions.models import Edition, Placement
    from wiredesk.newsletter.models import Subscriber, Subscription
    from wiredesk.sources.models import Licence, Source

    now = datetime.now(UTC)
    edition = Edition.objects.create(
        name="Switzerland News", slug="switzerland", countries=["CH"], time_zone="Europe/Zurich"
    )
    licence = Licence.objects.create(
        name="CC BY 3.0",
        attribution_template="By {author}, {source}, {date}. CC BY 3.0.",
        all_editions=True,
    )
    source = Source.objects.create(name="Partner Wire", slug="wire", licence=licence)
    for i in range(15):
        article = Article.objects.create(
            source=source,
            guid=f"g{i}",
            url=f"https://partner.example/story/{i}",
            headline=f"Federal Council sets out plan number {i} for the cantons",
            summary="The government in Bern said on Tuesday that the plan would start in "
            "spring, after talks with the cantons and the parties. " * 2,
            body_html="<p>Body</p>",
            body_text="Body",
            authors=["Ana Reporter"],
            republished_at=now.replace(microsecond=0) - (i + 1) * (now - now.replace(minute=0)),
        )
        Placement.objects.create(edition=edition, article=article)
    zones = ["Europe/Zurich", "UTC", "Asia/Tokyo", "America/New_York"]
    languages = ["en", "de", "fr", "it"]
    created = timezone.now()
    with connection.cursor() as cursor:  # raw rows: the set-up is not what is measured
        cursor.executemany(
            f"INSERT INTO {Subscriber._meta.db_table} (id, email, language, time_zone,"
            " delivery_hour, token, created_at, bounce_count) VALUES (%s,%s,%s,%s,%s,%s,%s,0)",
            [
                (
                    i + 1,
                    f"reader{i}@example{i % 50}.org",
                    languages[i % 4],
                    zones[i % 4],
                    i % 24,
                    f"t{i:08d}",
                    connection.ops.adapt_datetimefield_value(created),
                )
                for i in range(subscribers)
            ],
        )
        cursor.executemany(
            f"INSERT INTO {Subscription._meta.db_table} (subscriber_id, edition_id, status,"
            " consent_form) VALUES (%s, %s, 'active', 'bench')",
            [(i + 1, edition.pk) for i in range(subscribers)],
        )
    return edition


def bare_rate(message: bytes, count: int, port: int) -> tuple[float, float]:
    """The bare loop's messages per second and its CPU milliseconds per message."""
    smtp = smtplib.SMTP("127.0.0.1", port)
    smtp.ehlo()
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(count):
        smtp.sendmail("bounces@wiredesk.localhost", [f"bare{i}@example.org"], message)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    smtp.quit()
    return count / elapsed, cpu * 1000 / count


def run(
    subscribers: int, bare: int, connections: int, port: int, freeze_only: bool = False
) -> dict[str, object]:
    setup_start = time.perf_counter()
    edition = setup_world(subscribers)
    setup_seconds = time.perf_counter() - setup_start

    from django.utils import timezone

    from wiredesk.newsletter.compose import DkimSigner, Recipient, compose
    from wiredesk.newsletter.digest import load_stories, render_digest
    from wiredesk.newsletter.freeze import freeze_issue
    from wiredesk.newsletter.models import Delivery
    from wiredesk.newsletter.outbox import outbox_from_settings
    from wiredesk.newsletter.sender import Sender

    start = time.perf_counter()
    issue = freeze_issue(edition, timezone.now())
    freeze_seconds = time.perf_counter() - start
    assert issue is not None
    if freeze_only:
        return {
            "subscribers": subscribers,
            "deliveries": Delivery.objects.count(),
            "setup_s": round(setup_seconds, 1),
            "freeze_s": round(freeze_seconds, 2),
            "peak_rss_mb": round(peak_rss_mb(), 1),
        }

    rendered = render_digest(edition, load_stories(issue.article_ids), issue.date, "en")
    prepared = compose(
        rendered,
        Recipient(0, issue.pk, 0, "bare@example.org", "t"),
        "switzerland",
        edition.name,
        "en",
        DkimSigner("", "", ""),
    ).data
    bare_before, bare_cpu_before = bare_rate(prepared, bare, port)

    start, cpu_start = time.perf_counter(), time.process_time()
    report = Sender(outbox_from_settings, timezone.now, connections=connections).run(force=True)
    send_seconds, send_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    sent = Delivery.objects.filter(status="sent").count()
    ours = report.sent / send_seconds
    bare_after, bare_cpu_after = bare_rate(prepared, bare, port)
    bare = (bare_before + bare_after) / 2  # the machine's load drifts: bracket our run
    return {
        "subscribers": subscribers,
        "connections": connections,
        "sent": report.sent,
        "sent_rows": sent,
        "message_bytes": len(prepared),
        "html_bytes": len(rendered.html.encode()),
        "setup_s": round(setup_seconds, 1),
        "freeze_s": round(freeze_seconds, 2),
        "send_s": round(send_seconds, 1),
        "ours_msgs_per_s": round(ours, 1),
        "bare_smtplib_msgs_per_s": round(bare, 1),
        "bare_before_after": [round(bare_before, 1), round(bare_after, 1)],
        "ratio_to_bare": round(ours / bare, 3),
        "ours_cpu_ms_per_msg": round(send_cpu * 1000 / max(report.sent, 1), 2),
        "bare_cpu_ms_per_msg": round((bare_cpu_before + bare_cpu_after) / 2, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


if __name__ == "__main__":
    main()
