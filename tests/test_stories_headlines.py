"""Headline-only streams (a news aggregator's list): an event's name said often stays its name.

The headlines are written for these tests in the shapes a news aggregator lists.
"""

from datetime import UTC, datetime, timedelta

import pytest

from wiredesk.stories.cluster import ClusterItem, StoryClusterer

T0 = datetime(2014, 3, 10, 9, tzinfo=UTC)
OTHER_NEWS = [  # the day before: other events
    "Colorado collects $2 million in first month of marijuana taxes",
    "Google releases kit for wearable computers",
    "Chiquita to buy Fyffes, creating biggest banana supplier",
    "Sprint owner vows price war if it can buy T-Mobile",
    "Neil Young to launch hi-fi music player on Kickstarter",
    "Volcanoes helped species survive past ice ages",
]
COLLAPSE = [  # one event, its name in every headline
    "Mt. Gox files for bankruptcy protection in Tokyo",
    "Bitcoin exchange Mt. Gox seeks bankruptcy protection",
    "Mt. Gox bankruptcy filing leaves customers in limbo",
    "Customers of Mt. Gox fear losses after bankruptcy",
    "Mt. Gox says it lost 750,000 customers' bitcoins before bankruptcy",
]


def headline(n: int, title: str, hours: float) -> ClusterItem:
    return ClusterItem(f"{n}", title, "", "en", T0 + timedelta(hours=hours), f"s{n}")


def stream(c: StoryClusterer) -> str:
    """Other news with a loose opinion piece naming the exchange the day before, then the
    collapse: "gox" is in two stories and a third of the stream, too common to be specific
    by the stream's own counts."""
    c.add(headline(50, "Forget Gox: digital cash will still be your future", -20))
    for i, title in enumerate(OTHER_NEWS * 2):
        c.add(headline(100 + i, title, i - 30))
    stories = {c.add(headline(i, title, i / 10)) for i, title in enumerate(COLLAPSE)}
    assert len(stories) == 1 and "50" not in c.stories[next(iter(stories))].members
    return stories.pop()


# a word is specific when in at most one story (or 3 documents): "gox" is not, after the above
STRICT = {"specific_stories": 1, "specific_share": 0.0}


@pytest.mark.parametrize("share, joins", [(1.0, False), (0.9, False), (0.5, True)])
def test_an_events_name_stays_its_own_when_most_reports_of_it_are_in_it(share, joins):
    """Five of the six headlines naming "Gox" are the collapse's story: the word is that
    event's name, not a topic spread over many stories, so a report naming it and little
    else joins. It did not when the stream-wide counts alone decided (share 1.0), nor
    when the story must hold nine tenths of the word's reports (0.9)."""
    c = StoryClusterer(own_word_share=share, **STRICT)
    collapse = stream(c)
    story = c.add(headline(60, "Hackers hit Mt. Gox chief's blog about lost coins", 2))
    assert (story == collapse) is joins


WEARABLES = [
    "Google to release SDK for Android wearables in two weeks",
    "Google's Android chief: wearables SDK coming in two weeks",
    "Google readies Android SDK for smartwatches and other wearables",
]


@pytest.mark.parametrize("need, apart", [(1, False), (2, True)])
def test_one_shared_name_is_a_topic_not_an_event(need, apart):
    """A headline sharing only the company's name with a story (a rare word, so specific)
    is another event of the same company: it needs `short_any_shared` = 2 shared words."""
    c = StoryClusterer(short_any_shared=need)
    for i, title in enumerate([t for t in OTHER_NEWS if "Google" not in t] * 2):
        c.add(headline(100 + i, title, i - 30))
    kit = {c.add(headline(i, title, i / 10)) for i, title in enumerate(WEARABLES)}
    assert len(kit) == 1
    referral = c.add(headline(10, "Google to pay $15 for each customer referral", 1))
    assert (referral not in kit) is apart
    assert c.add(headline(11, "Android wearables SDK from Google is out", 1.5)) in kit
