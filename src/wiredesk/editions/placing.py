"""Carry out routing decisions in the database."""

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition, Placement
from wiredesk.editions.routing import EditionRule, decide_placements


def edition_rules() -> list[EditionRule]:
    return [
        EditionRule(e.pk, frozenset(e.countries), e.threshold)
        for e in Edition.objects.filter(active=True)
    ]


def licensed_editions(article: Article) -> set[int] | None:
    licence = article.source.licence
    if licence.all_editions:
        return None
    return set(licence.editions.values_list("pk", flat=True))


def route_article(article: Article, rules: list[EditionRule] | None = None) -> list[Placement]:
    """Place an article in every edition it is relevant and licensed for.

    Placements made by editors are kept, and so are routed ones an editor pinned or hid
    (hidden, they stay hidden: a re-routing must not bring them back); other routed ones
    follow the current scores.
    """
    scores = dict(article.countries.values_list("country", "score"))
    licence = article.source.licence
    intents = decide_placements(
        scores,
        rules if rules is not None else edition_rules(),
        licensed_editions(article),
        licence.embargo_ends(article.published_at),
    )
    wanted = {i.edition_id for i in intents}
    article.placements.filter(reason=Placement.Reason.ROUTED, pinned=False, hidden=False).exclude(
        edition_id__in=wanted
    ).delete()
    placed = []
    for intent in intents:
        placement, _ = Placement.objects.update_or_create(
            edition_id=intent.edition_id,
            article=article,
            defaults={"score": intent.score, "visible_from": intent.visible_from},
            create_defaults={
                "score": intent.score,
                "visible_from": intent.visible_from,
                "reason": Placement.Reason.ROUTED,
            },
        )
        placed.append(placement)
    return placed
