"""`wiredesk reextract`: re-extract the stored articles from their pages, resumably.

Each article's page is fetched again through ingest's fetch code, one at a time, and
extracted with today's code; see `ingest.reextract`. The
cursor file (default `var/reextract-cursor.json`, beside the default SQLite database) records
the last article done: run the command again to go on after a stop; `--restart` starts
afresh.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from wiredesk.articles.models import Article
from wiredesk.ingest import reextract
from wiredesk.ingest.fetch import fetch, make_client

DEFAULT_CURSOR = "var/reextract-cursor.json"  # var/ is ignored by git


class Command(BaseCommand):
    help = "Re-extract stored articles from their pages (fetched again, politely); resumable."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", default="", help="Only this source (its slug).")
        parser.add_argument("--limit", type=int, default=0, help="At most N articles this run.")
        parser.add_argument("--cursor", type=Path, default=Path(DEFAULT_CURSOR))
        parser.add_argument("--restart", action="store_true", help="Forget the cursor first.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options) -> None:
        from tqdm import tqdm

        path: Path = options["cursor"]
        if options["restart"]:
            path.unlink(missing_ok=True)
        start = reextract.Cursor.load(path)
        todo = Article.objects.filter(pk__gt=start.last_pk)
        todo = todo.filter(source__slug=options["source"]) if options["source"] else todo
        total = min(todo.count(), options["limit"] or todo.count())
        with (
            make_client(settings.WIREDESK) as client,
            tqdm(total=total, unit=" articles", disable=options["no_progress"]) as bar,
        ):

            def fetch_page(url: str) -> tuple[str, bytes]:
                page = fetch(client, url)
                return page.url, page.content

            def progress(cursor: reextract.Cursor, article: Article) -> None:
                bar.update(1)
                bar.set_postfix(updated=cursor.updated, failed=cursor.failed)

            done = reextract.run(
                fetch_page,
                path,
                source=options["source"],
                limit=options["limit"],
                progress=progress,
            )
        self.stdout.write(
            f"re-extracted up to article {done.last_pk}; in all {done.updated} updated, "
            f"{done.unchanged} unchanged, {done.failed} failed (cursor {path})"
        )
