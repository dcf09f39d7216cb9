import sys

from django.core.management.base import BaseCommand

from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed


class Command(BaseCommand):
    help = "Poll every due feed of every source and store what is new."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Poll every active feed, due or not."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        feeds = Feed.objects.filter(active=True, source__active=True) if options["all"] else None
        report = ingest(feeds, progress=sys.stderr.isatty() and not options["no_progress"])
        self.stdout.write(
            f"{report.feeds_polled} feeds polled ({report.feeds_unchanged} unchanged, "
            f"{report.feeds_failed} failed), {report.articles_new} new articles, "
            f"{report.items_failed} items failed"
        )
