"""`wiredesk sources`: add by a site's address, import and export OPML, over a real server."""

import pytest
from django.core.management import CommandError, call_command

from test_ingest_bad_input import rss
from wiredesk.sources.models import Feed, Licence, Source

pytestmark = pytest.mark.django_db
HOME = (
    '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.rss">'
    "</head><body>Agency</body></html>"
)


@pytest.fixture
def source():
    licence = Licence.objects.create(name="t", attribution_template="{source}", all_editions=True)
    return Source.objects.create(
        name="Agency", slug="agency", licence=licence, homepage="http://agency.test/"
    )


def test_add_finds_the_feed_from_the_home_page(bare_partner, source, capsys):
    bare_partner.add("http://agency.test/", HOME)
    bare_partner.add("http://agency.test/feed.rss", rss(), "application/rss+xml")
    call_command("sources", "add", "http://agency.test/", "--source", "agency")
    assert Feed.objects.filter(url="http://agency.test/feed.rss", source=source).exists()
    call_command("sources", "add", "http://agency.test/feed.rss", "--source", "agency")
    assert Feed.objects.count() == 1
    assert "already there" in capsys.readouterr().out


def test_add_without_a_feed_is_a_clear_error(bare_partner, source):
    bare_partner.add("http://agency.test/", "<html><body>no feed here</body></html>")
    with pytest.raises(CommandError, match="no feed found"):
        call_command("sources", "add", "http://agency.test/", "--source", "agency")


def test_opml_round_trip(source, tmp_path, capsys):
    Feed.objects.create(source=source, url="http://agency.test/a.rss", title="A")
    Feed.objects.create(source=source, url="http://agency.test/b.rss", title="B")
    call_command("sources", "export-opml")
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(capsys.readouterr().out.encode())
    Feed.objects.all().delete()
    call_command("sources", "import-opml", str(opml), "--source", "agency")
    assert set(Feed.objects.values_list("url", flat=True)) == {
        "http://agency.test/a.rss",
        "http://agency.test/b.rss",
    }
