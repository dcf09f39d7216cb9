import sys

from django.core.management.base import BaseCommand

from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed
from wiredesk.tasks import celery_enabled, schedule_due_feeds


class Command(BaseCommand):
    help = "Poll every due feed of every source and store what is new."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Poll every active feed now.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if options["all"]:
            Feed.objects.filter(active=True).update(next_poll_at=None)
        if celery_enabled():
            queued = schedule_due_feeds.run()
            self.stdout.write(f"{queued} feeds queued for the workers")
            return
        report = ingest(progress=sys.stderr.isatty() and not options["no_progress"])
        self.stdout.write(
            f"{report.feeds_polled} feeds polled ({report.feeds_unchanged} unchanged, "
            f"{report.feeds_failed} failed), {report.articles_new} new articles, "
            f"{report.items_failed} items failed"
        )
