"""Body rules tuned on WCXB's tuning folds: story lists, pitches, a rights line mid-story."""

from wiredesk.extract import chrome
from wiredesk.extract.blocks import Block
from wiredesk.extract.body import select_story

LONG = "The council met on Monday and approved the plan for the new bridge over the river. " * 4


def block(text: str, kind: str = "p", links: int = 0, list_id: int = -1) -> Block:
    return Block(kind, text, text, links, list_id)


def test_list_items_that_are_links_stay_in_the_story():
    steps = ["Give yourself plenty of time.", "Get moving supplies.", "Create a home inventory."]
    blocks = [block(LONG), *(block(s, "li", len(s), 1) for s in steps), block(LONG)]
    body = select_story(blocks).body
    assert all(s in body for s in steps)
    assert (
        "Read the next story"
        not in select_story([block(LONG), block("Read the next story", links=19)]).body
    )


def test_a_pitch_names_what_is_sent_not_only_a_subscription():
    assert chrome.is_promo("Sign up for our newsletter")
    assert chrome.is_promo("Get the day's top stories delivered to your inbox")
    assert not chrome.is_promo("Subscription Box Details")
    assert not chrome.is_promo("Audience Retention: Create subscription or membership models.")


def test_a_rights_line_mid_story_does_not_end_it():
    sections = [
        f"Section {n} explains one more step of the plan in a few words." for n in range(20)
    ]
    blocks = [
        block(LONG),
        block("© Example Photo Agency, Inc. — used by permission"),
        *map(block, sections),
    ]
    body = select_story(blocks).body
    assert all(s in body for s in sections)
    wire = [block(LONG), block("Copyright (c) 2022 RFE/RL, Inc."), block("More Ukraine News")]
    assert "More Ukraine News" not in select_story(wire).body


def test_a_linked_lead_in_to_a_quote_stays_with_the_quote():
    """ "<a>Naughy Feeling</a> <a>commented on the post</a>:" is mostly link text, but its
    colon says a quote follows: without it the quote has no speaker. A short link line
    without one still points elsewhere and goes."""
    lead_in = "Naughy Feeling commented on the post:"
    handle = "@xaxo6v:"
    quote = "It is great to see a president say so at last, and we hope others follow."
    blocks = [
        block(LONG),
        block(lead_in, links=len(lead_in) - 1),
        block(quote, "quote"),
        block(handle, links=len(handle) - 1),
        block(quote + " Again.", "quote"),
        block("Another blogger on the same post", links=32),
        block(LONG),
    ]
    body = select_story(blocks).body
    assert lead_in in body and handle in body
    assert "Another blogger on the same post" not in body


def test_an_ellipsis_between_quoted_paragraphs_is_kept():
    """ "[...]" alone marks a cut in a quote; "***" and "___" only separate."""
    first = "We will celebrate the liberation of our country, the blogger wrote that night."
    second = "Before we build a free country, we must clean up the place, she went on."
    for mark in ("[...]", "[…]", "(...)", "..."):
        blocks = [block(LONG), block(first, "quote"), block(mark), block(second, "quote")]
        assert select_story(blocks).body.split("\n\n")[1:] == [first, mark, second]
    for rule in ("***", "___", "* * *"):
        assert rule not in select_story([block(LONG), block(rule), block(LONG)]).body


def test_a_credit_for_the_posts_thumbnail_goes():
    """The thumbnail is shown beside the headline in listings, never in the story: its
    credit at the story's end only puzzles a reader. A story sentence about thumbnails stays."""
    credits = [
        'The thumbnail image used in this post, "Voting", is by KCIvey, used under an '
        "Attribution-NonCommercial 2.0 Generic (CC BY-NC 2.0) Creative Commons license. "
        "Visit KCIvey's flickr photostream.",
        "*Thumbnail: Courtesy of EYOUTHM Facebook group.",
        "Thumbnail image of an Achuar man is from the Achuarmovie.org website.",
    ]
    story = "Thumbnail sketches of the three candidates appear on every ballot paper."
    body = select_story([block(LONG), block(story), *map(block, credits)]).body
    assert story in body and not any(c in body for c in credits)


def test_a_pictures_credit_under_its_licence_goes():
    """The picture is not republished; its credit line stays behind unless it goes. A story
    sentence about a licence, with no picture in it, stays."""
    credits = [
        "Photo of an Air France A330 by Flickr user Caribb published under a Creative "
        "Commons license",
        '"In loving memory of 228 passengers and crew of flight AF 447" by Flickr user '
        "Eustaquio Santimano, published under a Creative Commons License",
        "Protest in São Paulo. Photo by Andre Deak, published under a Creative Commons license.",
    ]
    story = (
        "The documentary, made by Jiang Nengjie, was published under a Creative Commons license."
    )
    body = select_story([block(LONG), *map(block, credits), block(story)]).body
    assert story in body and not any(c in body for c in credits)
