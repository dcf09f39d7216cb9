"""Blocks -> the story alone, with credits, rights, byline and dateline moved to their fields.

Shared by the HTML path (blocks from the story area) and the plain-text path (one block per
paragraph). Rules, in order, for each block:

1. subheadings stay, in `body` as in `body_html` (people who mark story bodies keep them);
2. the headline repeated at the top (one of the first `HEAD_BLOCKS` = 3 blocks) is dropped;
3. a byline ("By Jane Doe", at most 12 words, in the first `HEAD_BLOCKS` + 2 blocks) is
   dropped, its names kept for the authors;
4. a credit line goes to `credits`, a rights line to `rights` (see `credits`);
5. promos, link lists, captions, date stamps and separators are dropped (see `chrome`);
6. a block that the site's learned template marks as boilerplate is dropped (see `templates`);
7. once a credit or rights line has been seen (the end of a wire story), every following
   block under `chrome.MAX_PROMO_WORDS` (40) words is page chrome ("More X News", a sign-up
   pitch) and is dropped, unless a block of that length or more comes later, or the blocks
   after the line hold over `MAX_TAIL_WORDS` (150) words (then the story had not ended: a
   photo's rights line mid-story, a list of tools or steps goes on).
"""

import html
import re
from dataclasses import dataclass, field

from wiredesk.extract import chrome
from wiredesk.extract.blocks import Block, fold
from wiredesk.extract.credits import MAX_CREDIT_WORDS, credit_names, is_rights_line
from wiredesk.extract.dates import is_date_line
from wiredesk.extract.templates import SiteTemplate

HEAD_BLOCKS = 3
MAX_TAIL_WORDS = 150  # after the end of a story: a few promo lines, not sections
# The most words a block can have and still meet a rule below that counts words (a credit
# line may lose a bracket token at each end before it is counted); a longer block can only
# be a title echo or a separator, and the other rules are not tried.
LONGEST_RULED_WORDS = max(
    MAX_CREDIT_WORDS + 2,
    chrome.MAX_PROMO_WORDS,
    chrome.MAX_LINKED_WORDS,
    chrome.MAX_CAPTION_WORDS,
    chrome.MAX_STAMP_WORDS,
)
_BYLINE = re.compile(
    r"^(?:(?:written|words|posted|reported)\s+)?(?:by|von|par|por|di|door)\s+"
    r"(?P<names>[^\W\d_].{1,120})$",
    re.I,
)
_STAFF = re.compile(r"^(?:staff reports?|staff writer|wire reports?)$", re.I)
_DATELINE_LEAD = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\u2019\- ]{1,40}(?:,\s*[A-Z][\w.'\u2019\- ]{1,30}){0,2})\s*"
    r"(?:\((?P<agency>[\w .&/-]{2,30})\)\s*)?(?:[-\u2013\u2014]{1,2}|:)\s+(?=\S)"
)
_DATELINE_ALONE = re.compile(
    r"^[A-Z][A-Z.'\u2019\- ]{1,40}(?:,\s*[A-Z][A-Z.'\u2019\- ]{1,30}){0,2}$"
)


@dataclass
class StoryParts:
    """The body and what was taken out of it."""

    blocks: list[Block] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    rights: str = ""
    bylines: list[str] = field(default_factory=list)
    dateline: str = ""
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (reason, text)

    @property
    def body(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def body_html(self) -> str:
        return render_html(self.blocks)


def select_story(
    blocks: list[Block], title: str = "", template: SiteTemplate | None = None
) -> StoryParts:
    """Apply the rules of this module to the blocks of one story."""
    parts = StoryParts()
    norm_title = fold(title)
    ended = False
    last_long = max(
        (i for i, b in enumerate(blocks) if b.words >= chrome.MAX_PROMO_WORDS), default=-1
    )
    for index, block in enumerate(blocks):
        reason = _classify(block, index, norm_title, parts)
        if reason is None and ended and index > last_long:
            reason = "after-end"
        ended = ended or (
            reason in {"credit", "rights"}
            and sum(b.words for b in blocks[index + 1 :]) <= MAX_TAIL_WORDS
        )
        if reason is None and template is not None and template.is_boilerplate(block.text):
            reason = "template"
        if reason is None:
            parts.blocks.append(block)
        else:
            parts.dropped.append((reason, block.text))
    parts.dateline = _dateline(parts.blocks)
    return parts


def _classify(block: Block, index: int, norm_title: str, parts: StoryParts) -> str | None:
    text = block.text
    if index < HEAD_BLOCKS and norm_title and _is_title_echo(fold(text), norm_title):
        return "title"
    if block.words > LONGEST_RULED_WORDS:
        return "separator" if chrome.is_separator(text) else None
    if (
        index < HEAD_BLOCKS + 2
        and block.words <= 12
        and (_BYLINE.match(text) or _STAFF.match(text))
    ):
        parts.bylines.append(text)
        return "byline"
    if (names := credit_names(text)) is not None:
        parts.credits.extend(n for n in names if n not in parts.credits)
        return "credit"
    if is_rights_line(text):
        parts.rights = parts.rights or text
        return "rights"
    return _chrome_reason(block)


def _chrome_reason(block: Block) -> str | None:
    # the block's words, counted once, are the words of its stripped text the rules count
    text, count = block.text, block.words
    if chrome.is_separator(text):
        return "separator"
    if chrome.is_promo(text, count):
        return "promo"
    if block.kind not in ("h", "li") and chrome.is_link_list(text, block.link_chars, count):
        return "links"
    if chrome.is_caption(text, count):
        return "caption"
    if chrome.is_stamp(text, count) or is_date_line(text):
        return "stamp"
    return None


def _is_title_echo(text: str, title: str) -> bool:
    if not text:
        return False
    return text == title or (
        len(text) >= 20 and (text in title or title in text) and len(text) <= 1.5 * len(title) + 10
    )


def _dateline(blocks: list[Block]) -> str:
    for block in blocks[:2]:
        if _DATELINE_ALONE.match(block.text) and block.words <= 5:
            return block.text.title() if block.text.isupper() else block.text
        match = _DATELINE_LEAD.match(block.text)
        if match and match.group("place").strip().isupper():
            place = match.group("place").strip()
            return place.title()
    return ""


def render_html(blocks: list[Block]) -> str:
    """Blocks as HTML: <p>, <h2>, <ul><li>, <blockquote>, <pre>; list items regrouped."""
    out: list[str] = []
    open_list = None
    for block in blocks:
        if block.kind == "li" and block.list_id != open_list:
            if open_list is not None:
                out.append("</ul>")
            out.append("<ul>")
            open_list = block.list_id
        elif block.kind != "li" and open_list is not None:
            out.append("</ul>")
            open_list = None
        out.append(_render_block(block))
    if open_list is not None:
        out.append("</ul>")
    return "".join(out)


def _render_block(block: Block) -> str:
    inner = block.html or html.escape(block.text)
    tag = {"h": "h2", "li": "li", "quote": "blockquote", "code": "pre"}.get(block.kind, "p")
    return f"<{tag}>{inner}</{tag}>"
