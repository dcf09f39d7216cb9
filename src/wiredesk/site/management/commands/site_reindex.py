"""Rebuild the site's search index and topics from the articles table.

Signals keep them in step with every save; this is for bulk loads (bulk_create and
QuerySet.update send no signals), a restored backup, or a change to the topic rules.
"""

from django.core.management.base import BaseCommand

from wiredesk.site.cache import bump_content_version
from wiredesk.site.search import fill_neighbours, reindex_all


class Command(BaseCommand):
    help = "Rebuild the site's full-text index and article topics."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--see-also",
            action="store_true",
            help="also find the neighbours of every article that has none kept (after a bulk "
            "load; about 7 ms an article at 100,000 articles; until then each page build finds "
            "them without keeping them)",
        )

    def handle(self, *args, **options) -> None:
        count = reindex_all()
        bump_content_version(structure=True)
        self.stdout.write(f"indexed {count} articles")
        if options["see_also"]:
            self.stdout.write(f"kept See also for {fill_neighbours()} articles")
