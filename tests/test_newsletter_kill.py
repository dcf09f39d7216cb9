"""Kill a real sending process mid-run, many times: nobody skipped, at most the in-flight twice.

A real `wiredesk newsletter send` runs as a subprocess against a file SQLite
database and a real SMTP server (aiosmtpd) in this process. It is SIGKILLed a
few times while it sends, then run to the end. Every reader must have the
digest; a reader may have it twice only if their message was in flight at a
kill (at most one per open connection per kill), and then with the same Message-ID.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import pytest

from test_newsletter_support import smtp_server  # noqa: F401

READERS = 200
KILLS = 4
SERVER_DELAY = 0.02  # the server stores each message 20 ms before its 250: kills land in there
CONNECTIONS = 2  # so at most two messages are in flight at each kill
TESTS = Path(__file__).resolve().parent
WIREDESK = Path(sys.executable).with_name("wiredesk")

SEED = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", verbosity=0)
from test_newsletter_support import make_world
from wiredesk.newsletter.models import Subscriber, Subscription
edition = make_world(timezone.now(), stories=4)
readers = Subscriber.objects.bulk_create(
    Subscriber(email=f"reader{{i}}@example.org", token=f"tok{{i}}") for i in range({READERS})
)
Subscription.objects.bulk_create(
    Subscription(subscriber=s, edition=edition, status="active") for s in readers
)
"""


def _env(db: Path, port: int) -> dict[str, str]:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "wiredesk.settings",
        "DATABASE_URL": f"sqlite:///{db}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "LOG_LEVEL": "ERROR",
    }


def _send(env: dict[str, str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(WIREDESK),
            "newsletter",
            "send",
            "--now",
            "--connections",
            str(CONNECTIONS),
        ],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_sigkilled_sender_skips_no_one_and_resends_only_in_flight(tmp_path, smtp_server):  # noqa: F811
    controller, handler = smtp_server
    handler.delay = SERVER_DELAY
    db = tmp_path / "kill.sqlite3"
    env = _env(db, controller.port)
    subprocess.run([sys.executable, "-c", SEED], env=env, cwd=tmp_path, check=True, timeout=60)
    chance = random.Random(8)

    for _ in range(KILLS):
        before = len(handler.received)
        process = _send(env, tmp_path)
        deadline = time.monotonic() + 20
        while len(handler.received) == before and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(handler.received) > before, process.communicate(timeout=5)
        time.sleep(chance.uniform(0.02, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert len(handler.received) < READERS, "every run must be killed mid-way"

    final = _send(env, tmp_path)
    _out, err = final.communicate(timeout=60)
    assert final.returncode == 0, err.decode()

    per_reader: Counter[str] = Counter()
    ids: dict[str, set[str]] = {}
    for received in handler.received:
        [to] = received.rcpt_tos
        per_reader[to] += 1
        ids.setdefault(to, set()).add(message_from_bytes(received.content)["Message-ID"])
    assert set(per_reader) == {f"reader{i}@example.org" for i in range(READERS)}
    twice = [reader for reader, count in per_reader.items() if count > 1]
    assert max(per_reader.values()) <= 2
    assert len(twice) <= KILLS * CONNECTIONS, twice
    assert all(len(ids[reader]) == 1 for reader in per_reader)  # same Message-ID on a re-send
    with sqlite3.connect(db) as connection:
        statuses = dict(
            connection.execute("select status, count(*) from newsletter_delivery group by status")
        )
    assert statuses == {"sent": READERS}
