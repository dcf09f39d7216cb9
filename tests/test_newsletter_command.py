"""`wiredesk newsletter preview|send`, as an operator or a scheduler calls them."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from test_newsletter_support import active_subscriber, mail_to_smtp, make_world, smtp_server  # noqa: F401

pytestmark = pytest.mark.django_db


def test_preview_prints_the_digest(capsys):
    make_world(datetime.now(UTC), stories=2)
    call_command("newsletter", "preview", "switzerland", "--text", "--lang", "de")
    out = capsys.readouterr().out
    assert out.startswith("Subject: Switzerland News: Story 0 from Bern")
    assert "Abmelden" in out and "Story 1 from Bern" in out
    call_command("newsletter", "preview", "switzerland")
    assert "<html" in capsys.readouterr().out


def test_send_at_a_given_time_and_now(mail_to_smtp, capsys):  # noqa: F811
    frozen = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    edition = make_world(frozen)
    active_subscriber("r@example.org", edition, hour=9, tz="Asia/Tokyo")
    call_command("newsletter", "send", "--at", frozen.isoformat())
    first = json.loads(capsys.readouterr().out)
    assert first["frozen"] and first["sent"] == 0
    call_command("newsletter", "send", "--at", (frozen + timedelta(minutes=1)).isoformat(), "--now")
    assert json.loads(capsys.readouterr().out)["sent"] == 1
    call_command("newsletter", "send", "--edition", "switzerland", "--now")
    assert json.loads(capsys.readouterr().out)["sent"] == 0
    assert len(mail_to_smtp.received) == 1


def test_deploy_checks_want_https_links_and_dkim(configure):
    from wiredesk.newsletter.checks import newsletter_deploy

    configure(base_url="http://127.0.0.1:8000", dkim_key_file="")
    assert {m.id for m in newsletter_deploy()} == {"newsletter.W001", "newsletter.W002"}
    configure(base_url="https://switzerland.example.net", dkim_key_file="/etc/wiredesk/dkim.pem")
    assert newsletter_deploy() == []
