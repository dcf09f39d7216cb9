"""Short briefs: the body is the story alone, flagged `brief` when it is all there is.

The briefs are the demo's Global Voices 2012 stories of one or two sentences, rendered in the
partner template with its headline, "Written by" line, share bar and category list. Editors'
poor-extraction list (console.flags) leaves briefs out, so the flag must mark the page that
holds only the brief, and not a short answer beside a page full of paragraphs.
"""

import pytest

from wiredesk.articles.models import Article
from wiredesk.console.flags import poor_extraction
from wiredesk.demo.partner_site import gv_2012, key, resources
from wiredesk.extract import extract_page
from wiredesk.extract.article import BRIEF_FLAG
from wiredesk.extract.fragment import extract_fragment
from wiredesk.sources.models import Feed

BRIEFS = sorted(gv_2012(), key=lambda a: len(a["text"]))[:8]
BRIEF = (
    "Nick Fielding writes that funds appear to be getting tight for the Taliban, whose "
    "Financial Commission has issued a plea for funds on the organisation's website."
)
COMMENT = (
    "I have read this blog for years and I think the writer is right about the money, but "
    "the commission has asked for funds before and nothing came of it, so I would wait and "
    "see what the next months bring before calling it a crisis for the movement at large. "
)


@pytest.mark.parametrize("story", BRIEFS, ids=[s["id"] for s in BRIEFS])
def test_brief_body_is_the_story_alone(story):
    page = extract_page(resources()[key(story["url"])].content, story["url"])
    assert page.body == story["text"].strip()
    for chrome in ("Written by", "Share this", "Twitter Facebook Email", "Categories:"):
        assert chrome not in page.body
    assert not page.body.startswith(story["title"])
    assert BRIEF_FLAG in page.flags  # the partner's page holds nothing more


def stored(agency, guid: str, body: str, flags: list[str]) -> None:
    feed, _ = Feed.objects.get_or_create(source=agency, url="http://gv.test/feed/")
    story = BRIEFS[0]
    Article.objects.create(
        source=agency,
        feed=feed,
        guid=guid,
        url=f"{story['url']}{guid}",
        headline=story["title"],
        body_text=body,
        flags=flags,
        republished_at=story["published"],
    )


@pytest.mark.django_db
def test_poor_extraction_lists_short_bodies_but_not_briefs(agency):
    story = BRIEFS[0]
    page = extract_page(resources()[key(story["url"])].content, story["url"])
    stored(agency, "brief", page.body, page.flags)
    stored(agency, "cut-short", page.body, [])
    stored(agency, "brief-with-chrome", page.body + "\n\nShare this article", page.flags)
    listed = set(poor_extraction().values_list("guid", flat=True))
    assert listed == {"cut-short", "brief-with-chrome"}


def page(extra: str = "") -> str:
    return (
        "<html><head><title>Afghanistan: Pay up</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Afghanistan: Pay up</h1><p>{BRIEF}</p></article>{extra}"
        "<footer><p>About us</p></footer></body></html>"
    )


def test_a_page_holding_only_a_brief_flags_it():
    story = extract_page(page(), "https://example.org/2012/05/pay-up/")
    assert story.body == BRIEF
    assert BRIEF_FLAG in story.flags


def test_a_short_answer_beside_many_paragraphs_is_no_brief():
    comments = "<section class='comments'>" + f"<p>{COMMENT}</p>" * 4 + "</section>"
    story = extract_page(page(comments), "https://example.org/2012/05/pay-up/")
    assert len(story.body) < 300 < len(COMMENT) * 4
    assert BRIEF_FLAG not in story.flags


def test_a_long_story_is_no_brief():
    paragraphs = "".join(f"<p>{COMMENT}</p>" for _ in range(4))
    html = f"<html><body><article><h1>Money</h1><p>{BRIEF}</p>{paragraphs}</article></body></html>"
    assert BRIEF_FLAG not in extract_page(html, "https://example.org/money/").flags


def test_a_short_story_sent_whole_in_a_feed_is_a_brief():
    assert BRIEF_FLAG in extract_fragment(f"<p>{BRIEF}</p>").flags
    assert BRIEF_FLAG not in extract_fragment(f"<p>{BRIEF}</p>" + f"<p>{COMMENT}</p>" * 2).flags
