"""A story area without subheadings or lists: the story's container gives back what was lost.

trafilatura's fast pass, when its main pass finds no story container, gathers the page's
loose paragraphs and drops the story's subheadings and lists (`fill`, `page._filled`).
"""

from wiredesk.extract import extract_page
from wiredesk.extract.blocks import Block
from wiredesk.extract.body import StoryParts
from wiredesk.extract.fill import container_blocks, page_paragraphs, story_box
from wiredesk.extract.page import _filled, story_blocks, unstructured
from wiredesk.extract.parse import parse_page

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
        "city.</li><li>Buses run every ten minutes on the ring road at rush hour.</li></ul>"
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


RELATED = (
    "<h3>More stories</h3><a href='/a'><h4>Council votes to close the old bridge for repairs "
    "over the winter</h4><p>The vote was close.</p></a><ul><li><a href='/b'>Buses on strike "
    "across the city centre this weekend</a></li><li><a href='/c'>Parking fees under review "
    "by the transport office</a></li></ul>"
)


def test_the_container_leaves_out_teaser_cards_link_lists_and_scripts():
    html = page(f"<h2>What changes</h2><ul><li>Tolls rise next spring.</li></ul>{RELATED}")
    html = html.replace("</div><footer>", "<script>var x = 'tracking code';</script></div><footer>")
    tree = parse_page(html)
    texts = [b.text for b in container_blocks(tree, story_blocks(tree))]
    assert "What changes" in texts and "Tolls rise next spring." in texts
    assert "More stories" in texts  # a heading alone; the rules of `body` judge it
    assert not any("old bridge" in t or "Buses on strike" in t or "tracking" in t for t in texts)
    assert texts[0].startswith("The mayor said") and texts[-1].startswith("The planner said")


def test_a_story_spread_over_the_whole_page_has_no_container():
    paras = "".join(SAID.format(n) for n in ("The mayor", "A council member", "The treasurer"))
    tree = parse_page(f"<html><body>{paras}<ul><li>An item of the page.</li></ul></body></html>")
    assert container_blocks(tree, story_blocks(tree)) == []


NAMES = ("The mayor", "A council member", "The treasurer", "A spokesman", "The planner")


def test_the_story_box_is_the_deepest_element_holding_most_paragraphs():
    said = [SAID.format(n) for n in NAMES]
    one_parent = f"<div id='outer'><div id='inner'>{''.join(said[:4])}</div>{said[4]}</div>"
    split = f"<div id='outer'><div>{''.join(said[:2])}</div><div>{''.join(said[2:])}</div></div>"
    for html, expected in ((one_parent, "inner"), (split, "outer")):
        tree = parse_page(f"<html><body><div>{html}</div><p>Footer text.</p></body></html>")
        blocks = story_blocks(tree)
        assert story_box(page_paragraphs(tree), blocks).get("id") == expected
