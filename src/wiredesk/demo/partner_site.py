"""The demo partners' web sites: every page and feed, as bytes by URL.

Global Voices 2009: its original pages and feed, served as they are.
Global Voices 2012: article pages rendered in a plain partner template with
the chrome a real page has, and paged RSS feeds of 25 items, like WordPress.
RFE/RL: the sample story as an article page, with its promos and rights line
inline, as the network's sample page shows them, and a one-item feed.
"""

import html
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from wiredesk.demo.corpus_files import gv_articles, gv_feature_feed, gv_page, rferl_sample

GV_HOST = "globalvoicesonline.org"
GV_FEATURE_FEED = f"http://{GV_HOST}/feature/feed/"
GV_FEED_PAGE_SIZE = 25
RFERL_HOST = "rferl.example"
RFERL_FEED = f"http://{RFERL_HOST}/api/feed.rss"
RFERL_URL = f"http://{RFERL_HOST}/a/nato-russia-council-talks-brussels/31650123.html"
RFERL_HEADLINE = "NATO-Russia Council Meets In Brussels Amid Low Expectations Of A Breakthrough"
RFERL_DATE = datetime.fromisoformat("2022-07-07T09:00:00+00:00")


@dataclass(frozen=True)
class Resource:
    content: bytes
    content_type: str


def key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc.lower(), parts.path + (f"?{parts.query}" if parts.query else "")


@cache
def resources() -> dict[tuple[str, str], Resource]:
    """Every URL the demo partners serve."""
    site: dict[tuple[str, str], Resource] = {}
    recent = gv_articles()[-6:]
    for article in gv_articles():
        if article.get("html"):
            site[key(article["url"])] = Resource(gv_page(article["id"]), "text/html; charset=utf-8")
        else:
            site[key(article["url"])] = Resource(
                gv_article_page(article, recent).encode(), "text/html; charset=utf-8"
            )
    site[key(GV_FEATURE_FEED)] = Resource(gv_feature_feed(), "application/rss+xml")
    for number, url in enumerate(gv_feed_urls(), start=1):
        site[key(url)] = Resource(
            gv_feed_page(number).encode(), "application/rss+xml; charset=utf-8"
        )
    site[key(RFERL_URL)] = Resource(rferl_page().encode(), "text/html; charset=utf-8")
    site[key(RFERL_FEED)] = Resource(rferl_feed().encode(), "application/rss+xml; charset=utf-8")
    return site


def gv_2012() -> list[dict]:
    """The 2012 stories, newest first, as a WordPress feed lists them."""
    return [a for a in reversed(gv_articles()) if not a.get("html")]


def gv_feed_urls() -> list[str]:
    pages = -(-len(gv_2012()) // GV_FEED_PAGE_SIZE)
    return [f"http://{GV_HOST}/feed/?paged={n}" for n in range(1, pages + 1)]


def gv_feed_page(number: int) -> str:
    items = gv_2012()[(number - 1) * GV_FEED_PAGE_SIZE : number * GV_FEED_PAGE_SIZE]
    return rss(
        f"Global Voices Online (page {number})", f"http://{GV_HOST}/", [gv_item(a) for a in items]
    )


def gv_item(article: dict) -> str:
    published = datetime.fromisoformat(article["published"].replace("Z", "+00:00"))
    categories = "".join(f"<category><![CDATA[{c}]]></category>" for c in article["categories"])
    post_id = article["id"].removeprefix("gv-")
    return (
        f"<item><title>{esc(article['title'])}</title><link>{esc(article['url'])}</link>"
        f'<guid isPermaLink="false">http://{GV_HOST}/?p={post_id}</guid>'
        f"<pubDate>{format_datetime(published)}</pubDate>"
        f"<dc:creator>{esc(article['authors'][0])}</dc:creator>{categories}"
        f"<description>{esc(article.get('summary') or '')}</description></item>"
    )


def gv_article_page(article: dict, recent: list[dict]) -> str:
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in article["text"].split("\n\n"))
    sidebar = "".join(f'<li><a href="{esc(a["url"])}">{esc(a["title"])}</a></li>' for a in recent)
    tags = " ".join(
        f'<a rel="tag" href="http://{GV_HOST}/-/{esc(c)}/">{esc(c)}</a>'
        for c in article["categories"]
    )
    return PAGE.format(
        title=esc(article["title"]),
        author=esc(article["authors"][0]),
        published=esc(article["published"]),
        day=esc(article["published"][:10]),
        body=paragraphs,
        sidebar=sidebar,
        tags=tags,
        host=GV_HOST,
        site="Global Voices Online",
        rights="This site is licensed under a Creative Commons Attribution 3.0 License.",
    )


def rferl_page() -> str:
    blocks = [b.strip() for b in rferl_sample().split("\n\n") if b.strip()]
    date_line, body = blocks[0], blocks[1:]
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in body)
    return PAGE.format(
        title=esc(RFERL_HEADLINE),
        author="RFE/RL",
        published=RFERL_DATE.isoformat(),
        day=esc(date_line),
        body=paragraphs,
        sidebar="",
        tags="",
        host=RFERL_HOST,
        site="Radio Free Europe/Radio Liberty",
        rights="Copyright (c) RFE/RL, Inc.",
    )


def rferl_feed() -> str:
    item = (
        f"<item><title>{esc(RFERL_HEADLINE)}</title><link>{RFERL_URL}</link>"
        f"<guid>{RFERL_URL}</guid><pubDate>{format_datetime(RFERL_DATE)}</pubDate>"
        "<description>Security talks with Russia have begun at NATO headquarters in Brussels."
        "</description></item>"
    )
    return rss("RFE/RL", f"http://{RFERL_HOST}/", [item])


def rss(title: str, link: str, items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{esc(title)}</title><link>{esc(link)}</link><description>{esc(title)}</description>"
        + "".join(items)
        + "</channel></rss>"
    )


def esc(text: str) -> str:
    return html.escape(text, quote=True)


PAGE = (Path(__file__).resolve().parent / "partner_page.html").read_text(encoding="utf-8")
