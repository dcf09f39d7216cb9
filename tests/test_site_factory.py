"""Helpers (no tests) for the site tests: small editions built through the ORM."""

from datetime import UTC, datetime, timedelta
from itertools import count

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.editions.models import Edition, Placement
from wiredesk.sources.models import Licence, Source

_serial = count(1)
BASE = datetime(2024, 5, 14, 12, 0, tzinfo=UTC)


def edition(slug: str = "switzerland", name: str = "Switzerland News", **kw) -> Edition:
    return Edition.objects.create(slug=slug, name=name, countries=kw.pop("countries", ["CH"]), **kw)


def source(name: str = "Agency", **licence_kw) -> Source:
    defaults = {
        "attribution_template": "By {author} for {source}, {date}.",
        "rights_template": "Copyright {year} {source}",
        "all_editions": True,
    }
    defaults.update(licence_kw)
    rights = defaults["rights_template"].replace("{source}", name)
    defaults["rights_template"] = rights
    licence = Licence.objects.create(name=f"{name} licence", **defaults)
    return Source.objects.create(name=name, slug=f"{name.lower()}-{next(_serial)}", licence=licence)


def article(
    src: Source,
    where: Edition | None,
    headline: str,
    body: str = "",
    *,
    hours_ago: float = 0,
    score: float = 1.0,
    pinned: bool = False,
    categories: list[str] | None = None,
    countries: tuple[str, ...] = ("CH",),
    **fields,
) -> Article:
    n = next(_serial)
    when = BASE - timedelta(hours=hours_ago)
    body = body or f"{headline}. Plain words about the matter number {n}."
    a = Article.objects.create(
        source=src,
        guid=f"guid-{n}",
        url=f"https://partner.example/{n}",
        headline=headline,
        body_html=fields.pop("body_html", "".join(f"<p>{p}</p>" for p in body.split("\n\n"))),
        body_text=body,
        categories=categories or [],
        published_at=fields.pop("published_at", when),
        republished_at=fields.pop("republished_at", when + timedelta(minutes=5)),
        **fields,
    )
    for i, code in enumerate(countries):
        ArticleCountry.objects.create(article=a, country=code, score=0.8, is_main=i == 0)
    if where is not None:
        Placement.objects.create(edition=where, article=a, score=score, pinned=pinned)
    return a
