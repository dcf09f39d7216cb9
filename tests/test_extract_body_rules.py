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
