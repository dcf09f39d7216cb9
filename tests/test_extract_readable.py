"""readability's second opinion over a parsed tree, without its javascript pass."""

import gzip
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import html as lxml_html
from readability import Document

from wiredesk.extract.page import parse_page, second_opinion
from wiredesk.extract.readable import ReadableTree

PAGES = sorted(
    (Path(__file__).parents[1] / "src/wiredesk/demo/corpus/globalvoices/html").glob("*.html.gz")
)


def _text(summary: str) -> str:
    return " ".join(lxml_html.document_fromstring(summary).text_content().split())


@pytest.mark.parametrize("path", PAGES[:6], ids=lambda p: p.name)
def test_same_story_text_as_readability_itself(path):
    tree = parse_page(gzip.decompress(path.read_bytes()))
    ours = ReadableTree(deepcopy(tree)).summary(html_partial=True)
    theirs = Document(lxml_html.tostring(tree, encoding="unicode")).summary(html_partial=True)
    assert _text(ours) == _text(theirs)
    assert len(_text(ours)) > 500


def test_the_page_tree_is_left_as_it_was():
    tree = parse_page(gzip.decompress(PAGES[0].read_bytes()))
    before = lxml_html.tostring(tree)
    assert second_opinion(tree)
    assert lxml_html.tostring(tree) == before
