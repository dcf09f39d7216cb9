"""Copy the demo corpus from ../shared into the package (run once by a developer).

What is copied and why it may be shipped: see src/wiredesk/demo/corpus/README.md.
"""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wiredesk.demo.corpus_files import CORPUS

OPENNEWS_FILES = ["README.md", "articles.jsonl", "feeds/globalvoices-feature-feed-2009-06-11.rss"]


class Command(BaseCommand):
    help = "Copy the Global Voices corpus and the sample story from ../shared into the demo corpus."

    def add_arguments(self, parser):
        parser.add_argument("--shared", default="../shared", help="The shared data folder.")

    def handle(self, *args, **options):
        shared = Path(options["shared"])
        opennews = shared / "data" / "opennews"
        if not opennews.is_dir():
            raise CommandError(f"{opennews} not found")
        target = CORPUS / "globalvoices"
        for name in OPENNEWS_FILES:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(opennews / name, target / name)
        (target / "html").mkdir(exist_ok=True)
        for page in sorted((opennews / "html").glob("gv-*.html.gz")):
            shutil.copyfile(page, target / "html" / page.name)
        (CORPUS / "rferl").mkdir(exist_ok=True)
        shutil.copyfile(
            shared / "seed" / "switzerland-news-sample.txt",
            CORPUS / "rferl" / "nato-russia-council.txt",
        )
        self.stdout.write(f"corpus written to {CORPUS}")
