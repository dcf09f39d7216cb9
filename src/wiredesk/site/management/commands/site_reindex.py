"""Rebuild the site's search index and topics from the articles table.

Signals keep them in step with every save; this is for bulk loads (bulk_create and
QuerySet.update send no signals), a restored backup, or a change to the topic rules.
"""

from django.core.management.base import BaseCommand

from wiredesk.site.cache import bump_content_version
from wiredesk.site.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the site's full-text index and article topics."

    def handle(self, *args, **options) -> None:
        count = reindex_all()
        bump_content_version()
        self.stdout.write(f"indexed {count} articles")
