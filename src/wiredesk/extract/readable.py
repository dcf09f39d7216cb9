"""readability-lxml's scoring, with a page cleaning that suits a second opinion.

readability cleans the page before it scores it (`readability.cleaners.html_cleaner`):
scripts, styles, comments, `<link>`s, and a javascript pass that rewrites every link of the
page and strips `on*` attributes, a third of its time. A second opinion is read for its text
alone (`blocks.blocks_from_html` keeps no link and no attribute), and what Wiredesk
publishes is sanitized by nh3 (`sanitize`), so the javascript pass is left out; the rest is
readability's own cleaning and parsing, unchanged.
"""

from copy import deepcopy

from lxml import html as lxml_html
from lxml_html_clean import Cleaner
from readability import Document
from readability.readability import REGEXES

_CLEANER = Cleaner(
    scripts=True,
    javascript=False,  # the only change from readability's own cleaner
    comments=True,
    style=True,
    links=True,
    meta=False,
    add_nofollow=False,
    page_structure=False,
    processing_instructions=True,
    embedded=False,
    frames=False,
    forms=False,
    annoying_tags=False,
    remove_tags=None,
    remove_unknown_tags=False,
    safe_attrs_only=False,
)


class ReadableTree(Document):
    """readability's `Document` over a parsed tree, which it leaves as it is: each of its
    passes reads a copy (a second pass, when the first finds too little, starts afresh)."""

    def __init__(self, tree: lxml_html.HtmlElement) -> None:
        super().__init__(tree)

    def _parse(self, input: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
        # readability's `_parse` for a tree and no URL, with `_CLEANER`, cleaning the one copy
        # in place (its `clean_html` would copy it again)
        self.encoding = "utf-8"
        doc = deepcopy(input)
        for elem in doc.xpath("//*[@hidden]"):
            elem.drop_tree()
        for elem in doc.xpath("//*[@style]"):
            if REGEXES["displayNoneRe"].search(elem.get("style")):
                elem.drop_tree()
        _CLEANER(doc)
        doc.resolve_base_href(handle_failures=self.handle_failures)
        return doc
