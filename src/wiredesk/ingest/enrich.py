"""The second stage of a full-story entry: clean the story, find its countries, route it.

Intake (`ingest.intake`) stores such entries sanitized and marked as waiting; this stage
takes the waiting articles in pk order, a few at a time, each in its own transaction:

1. the story is cleaned as on a page (`extract.fragment`: credits and rights lines move to
   their fields, promos and sign-up pitches go, `date-gap` is flagged);
2. its countries are found (`geo.tag`) and stored;
3. it is routed into the editions its licence allows (`editions.placing`).

The article is locked (`select_for_update`) and read again inside its transaction, so two
workers given the same article enrich it once. An article whose content holds no story
after cleaning is kept, hidden and flagged for editors, never dropped.
"""

import logging

from django.db import transaction
from django.utils import timezone

from wiredesk.articles import publish
from wiredesk.articles.countries import editor_set_countries, partner_tags, write_countries
from wiredesk.articles.models import Article
from wiredesk.editions.placing import edition_rules, route_article
from wiredesk.editions.routing import EditionRule
from wiredesk.errors import ExtractError
from wiredesk.extract.credits import others_credits
from wiredesk.extract.fragment import extract_fragment
from wiredesk.extract.templates import SiteTemplate
from wiredesk.geo import tag
from wiredesk.ingest.templates import stored_template
from wiredesk.stories.fingerprint import fingerprint

log = logging.getLogger(__name__)
BATCH = 100  # waiting articles read at once
NO_STORY_FLAG = "no-story-text"


def enrich_pending(feed_id: int | None = None) -> int:
    """Enrich every waiting article (of one feed, when given); returns how many."""
    rules = edition_rules()
    templates: dict[int, SiteTemplate | None] = {}
    waiting = Article.objects.filter(enriched_at__isnull=True)
    if feed_id is not None:
        waiting = waiting.filter(feed_id=feed_id)
    total, after = 0, 0
    while ids := list(
        waiting.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH]
    ):
        for pk in ids:
            total += enrich_one(pk, rules, templates)
            publish.deliver()  # after its commit: the site indexes it
        after = ids[-1]
    return total


@transaction.atomic
def enrich_one(
    pk: int, rules: list[EditionRule], templates: dict[int, SiteTemplate | None]
) -> bool:
    """Enrich one waiting article; False if it was gone or done already."""
    article = (
        Article.objects.select_for_update()
        .select_related("source__licence")
        .filter(pk=pk, enriched_at__isnull=True)
        .first()
    )
    if article is None:
        return False
    if article.source_id not in templates:  # read once per source and enrich run
        templates[article.source_id] = stored_template(article.source)
    clean_story(article, templates[article.source_id])
    result = None
    if not editor_set_countries(article):
        result = tag(article.body_text, article.headline, article.dateline, partner_tags(article))
        article.main_country = result.main or ""
    article.enriched_at = timezone.now()
    article.save()
    if result is not None:
        write_countries(article, result)
    if not article.hidden:
        route_article(article, rules)
    return True


def clean_story(article: Article, template: SiteTemplate | None) -> None:
    """The story alone, as the page path would give it; hidden and flagged if none is left."""
    try:
        story = extract_fragment(
            article.body_html,
            article.url,
            title=article.headline,
            published=article.published_at,
            template=template,
        )
    except ExtractError as exc:
        log.warning("no story in feed content: %s", exc, extra={"article_id": article.pk})
        article.hidden = True
        article.flags = [*article.flags, NO_STORY_FLAG]
        return
    article.body_html = story.body_html
    article.body_text = story.body
    article.credits = others_credits(story.credits, article.source.name)
    article.dateline = story.dateline[:200]
    article.flags = story.flags
    article.content_hash = fingerprint(story.body)
