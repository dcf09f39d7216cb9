"""A story area without subheadings or lists: readability restores what the fallback lost.

trafilatura's fast pass, when its main pass finds no story container, gathers the page's
loose paragraphs and drops the story's subheadings and lists (`page._filled`).
"""

from wiredesk.extract import extract_page
from wiredesk.extract.blocks import Block
from wiredesk.extract.body import StoryParts
from wiredesk.extract.page import _filled, unstructured

SAID = (
    "<p>{} said on Monday that the plan would change how the city pays for its roads, "
    "bridges and buses over the next ten years.</p>"
)


def page(middle: str) -> str:
    story = "".join(SAID.format(n) for n in ("The mayor", "A council member", "The treasurer"))
    story += middle + "".join(SAID.format(n) for n in ("A spokesman", "The planner"))
    return (
        "<html><head><title>Roads plan</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<div class='x'>{story}</div><footer>Footer</footer></body></html>"
    )


def test_subheadings_and_lists_dropped_by_the_paragraph_fallback_come_back():
    middle = (
        "<h2>What changes for drivers</h2><ul><li>Tolls rise on the two main bridges from "
        "next spring onwards.</li><li>Parking fees fall in the outer districts of the "
        "city.</li></ul>"
    )
    story = extract_page(page(middle), "http://news.example/roads")
    assert "What changes for drivers" in story.body
    assert "Parking fees fall in the outer districts" in story.body
    assert "<h2>What changes for drivers</h2><ul><li>Tolls rise" in story.body_html
    assert story.body.startswith("The mayor said") and story.body.endswith("ten years.")
    assert "Home" not in story.body and "Footer" not in story.body


def test_a_story_of_paragraphs_only_stays_as_it_was():
    story = extract_page(page(""), "http://news.example/roads")
    assert story.body.count("said on Monday") == 5
    assert "Home" not in story.body and "Footer" not in story.body


def parts(*blocks: tuple[str, str]) -> StoryParts:
    return StoryParts(blocks=[Block(kind, text, text) for kind, text in blocks])


def test_the_fuller_answer_needs_what_was_lost_and_more_text():
    first = parts(("p", "a paragraph of the story " * 4))
    longer_with_list = parts(("p", "a paragraph of the story " * 4), ("li", "an item " * 3))
    longer_plain = parts(("p", "a paragraph of the story " * 4), ("p", "another one " * 3))
    barely_longer = parts(("p", "a paragraph of the story " * 4), ("li", "item"))
    assert _filled(first, longer_with_list) is longer_with_list
    assert _filled(first, longer_plain) is first
    assert _filled(first, barely_longer) is first


def test_unstructured():
    assert unstructured([Block("p", "a", "a"), Block("row", "b", "b"), Block("quote", "c", "c")])
    assert not unstructured([Block("p", "a", "a"), Block("h", "b", "b")])
    assert not unstructured([Block("p", "a", "a"), Block("li", "b", "b")])
    assert not unstructured([])
