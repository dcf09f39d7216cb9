"""The digest: which stories an issue carries (decided), and how it reads (rendered).

Selection: the stories the edition may show now (`edition_articles`, which
checks placements, embargoes and licences) republished inside the issue's
window (the last day, and never before the previous issue), pinned lead
stories first, then newest, at most `MAX_STORIES`. Rendering happens per
language: the issue is frozen as a list of article ids, and each reader's
message is rendered in their language from that list.

Size: Gmail clips messages over about 102 KB of HTML, hiding what follows;
`MAX_STORIES` and `SUMMARY_CHARS` keep a full issue near 30 KB, and the
manage and unsubscribe links also sit at the top so they are never clipped.

Per-reader links are rendered as placeholders and substituted per message,
so one render serves every reader of a language.
"""

from dataclasses import dataclass
from datetime import datetime

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition
from wiredesk.editions.queries import edition_articles, pinned_ids
from wiredesk.newsletter import links
from wiredesk.newsletter.models import EditionNewsletter
from wiredesk.site.presenters import ArticleView

MAX_STORIES = 15
SUMMARY_CHARS = 300
MANAGE_URL = "https://wd-placeholder.invalid/manage"
UNSUBSCRIBE_URL = "https://wd-placeholder.invalid/unsubscribe"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("it", "Italiano")]
LANGUAGE_CODES = {code for code, _name in LANGUAGES}

_INLINER = css_inline.CSSInliner(keep_style_tags=False)


def reader_language(code: str | None, fallback: str = "en") -> str:
    """A language we have catalogues for: the reader's, else the edition's, else English."""
    for candidate in (code, fallback):
        if candidate and candidate.split("-")[0] in LANGUAGE_CODES:
            return candidate.split("-")[0]
    return "en"


def offered_languages(edition: Edition) -> list[tuple[str, str]]:
    """The (code, name) languages an edition's sign-up offers, its own language first."""
    settings = EditionNewsletter.objects.filter(edition=edition).first()
    wanted = settings.languages if settings and settings.languages else []
    wanted = wanted or [reader_language(edition.language), "en"]
    names = dict(LANGUAGES)
    codes = [c for c in dict.fromkeys(wanted) if c in names]
    return [(code, names[code]) for code in codes] or [("en", names["en"])]


def select_stories(edition: Edition, now: datetime, since: datetime) -> list[Article]:
    """Decide an issue's stories: the window's, pinned first, then newest."""
    candidates = list(
        edition_articles(edition, now)
        .filter(republished_at__gt=since, republished_at__lte=now)
        .select_related("source__licence")[: MAX_STORIES * 3]
    )
    pins = pinned_ids(edition)
    candidates.sort(key=lambda a: a.pk not in pins)  # stable: keeps newest first within each
    return candidates[:MAX_STORIES]


def load_stories(article_ids: list[int]) -> list[Article]:
    """The frozen stories of an issue, in the frozen order."""
    found = Article.objects.select_related("source__licence").in_bulk(article_ids)
    return [found[pk] for pk in article_ids if pk in found]


@dataclass(frozen=True)
class RenderedDigest:
    """One issue in one language, with placeholders where each reader's links go."""

    subject: str
    html: str
    text: str

    def for_reader(self, manage_url: str, unsubscribe_url: str) -> tuple[str, str]:
        """(html, text) with this reader's links."""

        def fill(body: str) -> str:
            return body.replace(MANAGE_URL, manage_url).replace(UNSUBSCRIBE_URL, unsubscribe_url)

        return fill(self.html), fill(self.text)

    def for_preview(self, edition_slug: str) -> "RenderedDigest":
        """With sample links where each reader's go, for editors' previews."""
        html, text = self.for_reader(
            links.manage_url("READER-TOKEN"), links.unsubscribe_url("READER-TOKEN", edition_slug)
        )
        return RenderedDigest(self.subject, html, text)


def _summary(view: ArticleView) -> str:
    text = view.teaser
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def credit_lines(attribution: str, rights: str) -> tuple[str, str]:
    """The attribution and the rights line, shown side by side in a story's meta line,
    without saying one twice: a licence whose rights line repeats its attribution
    ("Republished with the permission of X." beside "Copyright (c) 2022 X, Inc. Republished
    with the permission of X") keeps the longer one, which holds both."""
    a, r = _credit_key(attribution), _credit_key(rights)
    if r and r in a:
        return attribution, ""
    if a and a in r:
        return rights, ""
    return attribution, rights


def _credit_key(line: str) -> str:
    return " ".join(line.casefold().split()).strip(" .")


def subject_for(edition: Edition, stories: list[Article], language: str) -> str:
    with translation.override(language):
        lead = stories[0].headline if stories else ""
        return _("%(edition)s: %(lead)s") % {"edition": edition.name, "lead": lead}


def render_digest(
    edition: Edition, stories: list[Article], issue_date: object, language: str
) -> RenderedDigest:
    """Render one issue in one language: HTML with inlined CSS and a real text part."""
    base = settings.WIREDESK.base_url.rstrip("/")
    items = []
    for article in stories:
        view = ArticleView(article, edition)
        attribution, rights = credit_lines(view.attribution, article.rights_line)
        items.append(
            {
                "headline": article.headline,
                "summary": _summary(view),
                "url": base + view.url,
                "source": article.source.name,
                "attribution": attribution,
                "rights": rights,
            }
        )
    context = {
        "edition": edition,
        "lead": items[:1],
        "items": items[1:],
        "all_items": items,
        "date": issue_date,
        "language": language,
        "manage_url": MANAGE_URL,
        "unsubscribe_url": UNSUBSCRIBE_URL,
        "site_url": base + f"/{edition.slug}/",
    }
    with translation.override(language):
        html = render_to_string("newsletter/email/digest.html", context)
        text = render_to_string("newsletter/email/digest.txt", context)
    return RenderedDigest(
        subject=subject_for(edition, stories, language),
        html=_INLINER.inline(html),
        text=text.strip() + "\n",
    )
