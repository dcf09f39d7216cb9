"""Re-tag and re-route the stored archive: `wiredesk geotag --rerun`.

After a new tagger (gazetteer, rules or model: geo.version), every stored article is tagged
again and routed again, in pk order, `BATCH` articles per transaction. Each transaction
also moves the pass's checkpoint (`RetagRun.last_article_id`), so a pass stopped at any
point (Ctrl-C, a crash, a deploy) resumes after the last batch it finished; a pass made with
another tagger is not resumed but started afresh (`restart` starts afresh anyway).

An editor's word wins: an article whose countries an editor set keeps them (it is only
routed again, by those countries), and routing never removes an editor's placement or one
an editor pinned or hid (editions.placing). Articles still waiting for their enrichment,
hidden ones and duplicates are tagged but not routed, as at ingest.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from wiredesk.articles.countries import editor_set_countries, partner_tags, write_countries
from wiredesk.articles.models import Article
from wiredesk.editions.models import RetagRun
from wiredesk.editions.placing import edition_rules, route_article
from wiredesk.editions.routing import EditionRule
from wiredesk.geo import tag
from wiredesk.geo.version import tagger_version

BATCH = 200
Progress = Callable[[int], None]


def current_run(restart: bool = False) -> RetagRun:
    """The unfinished pass of this tagger to resume, or a new one."""
    version = tagger_version()
    if not restart:
        run = RetagRun.objects.filter(tagger=version, finished_at__isnull=True).first()
        if run is not None:
            return run
    return RetagRun.objects.create(tagger=version)


def remaining(run: RetagRun) -> int:
    return Article.objects.filter(pk__gt=run.last_article_id).count()


def rerun(run: RetagRun, batch: int = BATCH, progress: Progress | None = None) -> RetagRun:
    """Carry the pass through to the last article; `progress` hears each batch's size."""
    rules = edition_rules()
    while ids := list(
        Article.objects.filter(pk__gt=run.last_article_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    ):
        _retag_batch(run, ids, rules)
        if progress is not None:
            progress(len(ids))
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return run


@transaction.atomic
def _retag_batch(run: RetagRun, ids: list[int], rules: list[EditionRule]) -> None:
    articles = Article.objects.filter(pk__in=ids).select_related("source__licence")
    for article in articles.order_by("pk"):
        retag_article(article, rules)
    run.last_article_id = ids[-1]
    run.articles += len(ids)
    run.save(update_fields=["last_article_id", "articles"])


def retag_article(article: Article, rules: list[EditionRule]) -> None:
    if not editor_set_countries(article):
        result = tag(article.body_text, article.headline, article.dateline, partner_tags(article))
        write_countries(article, result)
        if article.main_country != (result.main or ""):
            article.main_country = result.main or ""
            article.save(update_fields=["main_country"])
    waiting = article.enriched_at is None
    if not (waiting or article.hidden or article.duplicate_of_id is not None):
        route_article(article, rules)
