"""`wiredesk sources add|import-opml|export-opml`: manage partner feeds from the command line."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wiredesk.errors import WiredeskError
from wiredesk.ingest.feeds import parse_feed
from wiredesk.ingest.fetch import fetch, make_client
from wiredesk.sources.discover import discover_feeds
from wiredesk.sources.models import Feed, Source
from wiredesk.sources.opml import OpmlFeed, build_opml, parse_opml


class Command(BaseCommand):
    help = "Add a feed by its site's address, or import and export feeds as OPML."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Add the feed of a site (found from its home page).")
        add.add_argument("url")
        add.add_argument("--source", required=True, help="Slug of the partner source.")
        imp = sub.add_parser("import-opml", help="Add every feed of an OPML file.")
        imp.add_argument("path")
        imp.add_argument("--source", required=True, help="Slug of the partner source.")
        sub.add_parser("export-opml", help="Print every feed as OPML.")

    def handle(self, *args, **options):
        try:
            getattr(self, "handle_" + options["action"].replace("-", "_"))(options)
        except WiredeskError as exc:
            raise CommandError(str(exc)) from exc

    def handle_add(self, options) -> None:
        source = _source(options["source"])
        with make_client(settings.WIREDESK) as client:
            page = fetch(client, options["url"])
            feeds = _feeds_at(page.content, page.url, page.content_type)
        for url in feeds:
            _, created = Feed.objects.get_or_create(url=url, defaults={"source": source})
            self.stdout.write(f"{'added' if created else 'already there'}: {url}")

    def handle_import_opml(self, options) -> None:
        source = _source(options["source"])
        entries = parse_opml(Path(options["path"]).read_bytes())
        added = sum(
            Feed.objects.get_or_create(
                url=e.xml_url, defaults={"source": source, "title": e.title}
            )[1]
            for e in entries
        )
        self.stdout.write(f"{added} feeds added, {len(entries) - added} already there")

    def handle_export_opml(self, options) -> None:
        feeds = Feed.objects.select_related("source").order_by("source__name", "url")
        rows = [OpmlFeed(f.title or f.url, f.url, f.source.homepage, f.source.name) for f in feeds]
        sys.stdout.buffer.write(build_opml(rows))


def _source(slug: str) -> Source:
    try:
        return Source.objects.get(slug=slug)
    except Source.DoesNotExist as exc:
        raise CommandError(f"no source with slug {slug!r}; create it in the admin first") from exc


def _feeds_at(content: bytes, url: str, content_type: str) -> list[str]:
    """The address is a feed itself, or a page that links its feeds."""
    try:
        parse_feed(content, url, content_type)
        return [url]
    except WiredeskError:
        pass
    found = discover_feeds(content, url)
    if not found:
        raise CommandError(f"no feed found at {url}")
    return [link.url for link in found]
