"""trafilatura's XML body as blocks (`extract/blocks.py`)."""

from lxml import etree, html

from wiredesk.extract.blocks import blocks_from_body, blocks_from_html
from wiredesk.extract.body import render_html


def test_adjacent_lists_stay_two_lists():
    # Lists were named by id() of their element, which lxml frees and reuses: two lists in a
    # row then shared one name and were rendered as one <ul> (a tag list and a share bar).
    items = "".join(
        f"<list><item>list {n} item a</item><item>list {n} item b</item></list>" for n in range(6)
    )
    blocks = blocks_from_body(etree.fromstring(f"<body>{items}</body>"))
    assert len({b.list_id for b in blocks}) == 6
    assert render_html(blocks).count("<ul>") == 6


def test_adjacent_lists_of_a_second_opinion_stay_two_lists():
    items = "".join(f"<ul><li>list {n} item a</li><li>list {n} item b</li></ul>" for n in range(6))
    blocks = blocks_from_html(html.fromstring(f"<div>{items}</div>"))
    assert len({b.list_id for b in blocks}) == 6
    assert render_html(blocks).count("<ul>") == 6
