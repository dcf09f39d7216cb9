"""`wiredesk relink_stories [--batch N] [--restart] [--batches N]`: re-link the archive.

Places every linked article again, oldest first, with the current story rules; resumes
where an unfinished run stopped (see `wiredesk.stories.relink`). Prints progress per batch.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wiredesk.stories.models import RelinkCursor
from wiredesk.stories.relink import relink


class Command(BaseCommand):
    help = "Re-link stored articles into stories with the current rules; resumable."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=200, help="articles per transaction")
        parser.add_argument("--restart", action="store_true", help="start again from the oldest")
        parser.add_argument("--batches", type=int, default=None, help="stop after N batches")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(cursor: RelinkCursor) -> None:
            self.stdout.write(f"{cursor.processed} articles placed, up to {cursor.position_when}")

        cursor = relink(options["batch"], options["restart"], options["batches"], progress)
        state = "done" if cursor.finished_at else "paused; run again to resume"
        self.stdout.write(f"relink {state}: {cursor.processed} articles placed")
