"""Page -> story. `extract_page` is what both `wiredesk extract` and ingest call.

Steps: decode and check the bytes (`decode`), parse once with lxml (a document that goes on
after an early `</html>` is read whole: `early_end`), read the structured data and metadata
(`structured`, `metadata`), find the story area with trafilatura in its fast mode (`blocks`),
keep the story alone and move credits, rights, byline and dateline to their fields (`body`,
with the site's learned template if given), then dates and flags (`dates`).

Second opinion: when the story area looks wrong, readability-lxml's scoring is asked too.
It looks wrong when it is empty, when it is fewer than `GIANT_BLOCK_MAX_COUNT` (3) blocks
with one over `GIANT_BLOCK_WORDS` (400) words (a whole page or table swallowed), or when it
holds under `COVERAGE` (50 %) of the text of the page's long paragraphs (`paragraph_mass`,
counted when at least `MIN_MASS_CHARS`, 1,000). See `_better` for which answer is kept.

A story area with no subheading and no list item (`unstructured`) has the shape of
trafilatura's fallback, which, when its main pass finds too little, gathers the page's loose
paragraphs, quotes, code and tables and so drops the story's subheadings and lists: the
blocks of the story's own container are read (`fill`), and kept when they have a subheading
or a list item and at least `FILL_GAIN` (1.1) times the text (`_filled`).

Bounds: a page over `MAX_PAGE_BYTES` (8 MiB) or `MAX_ELEMENTS` (100,000 elements; news pages
have a few thousand) is refused; on a page over `MAX_HELPER_CHARS`
(2 million characters) neither readability-lxml nor htmldate is asked (each takes seconds on
megabytes of markup); JSON-LD scripts over 500 kB are not read; lxml's parser keeps its
default depth and size limits (no `huge_tree`).
"""

import re
import threading
from datetime import datetime

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Extractor
from trafilatura.utils import (
    DOCTYPE_TAG,
    FAULTY_HTML,
    is_dubious_html,
    repair_faulty_html,
    safe_base_url,
    safe_relative_url,
)

from wiredesk.errors import ExtractError
from wiredesk.extract.article import BRIEF_FLAG, SHORT_BODY, ExtractedArticle
from wiredesk.extract.baseline import split_baseline
from wiredesk.extract.blocks import Block, blocks_from_body, blocks_from_html, clean_space
from wiredesk.extract.body import StoryParts, select_story
from wiredesk.extract.credits import is_rights_line
from wiredesk.extract.dates import has_date_gap, page_dates, text_dates
from wiredesk.extract.decode import MAX_PAGE_BYTES, decode_page
from wiredesk.extract.fill import Paragraphs, container_blocks, page_paragraphs
from wiredesk.extract.mend import mend
from wiredesk.extract.metadata import PageMetadata, read_metadata
from wiredesk.extract.names import split_names
from wiredesk.extract.sanitize import sanitize_html
from wiredesk.extract.structured import Structured, read_structured
from wiredesk.extract.templates import SiteTemplate

_parsers = threading.local()  # one lxml parser per thread (see load_tree)

MIN_BODY_WORDS = 5
GIANT_BLOCK_WORDS = 400
GIANT_BLOCK_MAX_COUNT = 3
MIN_MASS_CHARS = 1000
COVERAGE = 0.5
LONG_P_CHARS = 100
SECOND_GAIN = 1.3
FILL_GAIN = 1.1
SHORT_STORY_CHARS = 1000
THIRD_GAIN = 5
MAX_HELPER_CHARS = 2_000_000
MAX_ELEMENTS = 100_000
_MARKUP = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|p|article|main|section|span|h1|table)\b", re.I
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCUMENT_END = re.compile(r"</html\s*>", re.I)
_CLOSERS = re.compile(r"</(?:body|html)\s*>", re.I)
_TAIL_BLOCK = re.compile(r"<(?:p|h[1-6]|li|article|main)\b", re.I)
EARLY_END_TAIL = 2000


def extract_page(
    html: bytes | str,
    url: str = "",
    *,
    template: SiteTemplate | None = None,
    extensive_dates: bool = True,
) -> ExtractedArticle:
    """Return the story of a page; raise ExtractError when there is none.

    `template`: the partner site's learned boilerplate (see `templates`).
    `extensive_dates`: when the page states no date, let htmldate search its whole text
    (dateparser; slower, and about 0.03 more day accuracy on the benchmark pages).
    """
    tree = parse_page(html, url)
    large = len(html) > MAX_HELPER_CHARS
    data = read_structured(tree)
    meta = read_metadata(tree, data, url)
    parts = find_story(tree, url, meta.title, template, second=not large)
    published, updated = page_dates(
        tree, data, url, extensive=extensive_dates and not large, guess=not large
    )
    people, agencies = _people(meta, parts.bylines)
    article = ExtractedArticle(
        url=url or data.first_meta("og:url"),
        title=meta.title,
        body=parts.body,
        body_html=sanitize_html(parts.body_html),
        published=published,
        updated=updated,
        authors=people,
        credits=_merge(parts.credits, agencies),
        rights=parts.rights or page_rights(tree, data),
        dateline=parts.dateline,
        image=meta.image,
        language=meta.language,
        description=meta.description,
        site_name=meta.site_name,
    )
    add_date_flags(article, published or updated)
    if is_brief(article.body, tree):
        article.flags.append(BRIEF_FLAG)
    return article


def is_brief(body: str, tree: lxml_html.HtmlElement) -> bool:
    """A short story on a page holding under `MIN_MASS_CHARS` of long paragraphs: the page
    is the brief, not a story the extraction cut short (beside 1,000 characters or more of
    paragraphs, `find_story` has already asked for second opinions)."""
    return len(body) < SHORT_BODY and paragraph_mass(tree) < MIN_MASS_CHARS


def find_story(
    tree: lxml_html.HtmlElement,
    url: str,
    title: str,
    template: SiteTemplate | None,
    *,
    second: bool = True,
) -> StoryParts:
    """The story alone (see `body`), with readability-lxml's second opinion when the story
    area looks wrong and `second` allows it; ExtractError when under `MIN_BODY_WORDS` (5).

    A third opinion when the story still looks wrong and what was kept is under
    `SHORT_STORY_CHARS` (1,000): trafilatura's full mode (its own comparison with
    readability and jusText), taken when it finds `THIRD_GAIN` (5) times the text. A story
    area of a few hundred characters beside a page with five times that in its best
    extractor's answer is a fragment (a teaser box, a product card), not a brief.

    Otherwise, a story area without subheadings and lists (trafilatura's fallback) is filled
    from the story's own container when that gives them back (`fill`, `_filled`).
    """
    blocks = story_blocks(tree, url)
    parts = select_story(blocks, title, template)
    # read once for the paragraph mass and the container (`fill`), when either is asked
    paragraphs = page_paragraphs(tree) if second or unstructured(blocks) else None
    if second and needs_second_opinion(parts.blocks, tree, paragraphs):
        parts = _better(parts, select_story(second_opinion(tree), title, template))
        if len(parts.body) < SHORT_STORY_CHARS:  # still a fragment? trafilatura in full
            third = select_story(trafilatura_blocks(tree, url, fast=False), title, template)
            parts = third if len(third.body) >= THIRD_GAIN * len(parts.body) else parts
    elif unstructured(blocks):  # trafilatura's fallback? the story's own container
        story = container_blocks(tree, blocks, paragraphs)
        parts = _filled(parts, select_story(story, title, template))
    if len(parts.body.split()) < MIN_BODY_WORDS:
        raise ExtractError(url, "no article text found on the page")
    return parts


def extract_metadata(
    html: bytes | str, url: str = "", *, extensive_dates: bool = True
) -> ExtractedArticle:
    """Title, authors, dates, image and language of a page, without looking for its body.

    Raises ExtractError only when the page cannot be read at all (see `parse_page`).
    """
    tree = parse_page(html, url)
    data = read_structured(tree)
    meta = read_metadata(tree, data, url)
    published, updated = page_dates(tree, data, url, extensive=extensive_dates)
    return ExtractedArticle(
        url=url or data.first_meta("og:url"),
        title=meta.title,
        published=published,
        updated=updated,
        authors=meta.authors,
        credits=meta.agencies,
        image=meta.image,
        language=meta.language,
        description=meta.description,
        site_name=meta.site_name,
    )


def parse_page(html: bytes | str, url: str = "") -> lxml_html.HtmlElement:
    """Decode and parse a page; ExtractError when it is empty, too large or not HTML."""
    if isinstance(html, bytes):
        if len(html) > MAX_PAGE_BYTES:
            raise ExtractError(url, f"page too large ({len(html)} bytes)")
        if b"\x00" in html[:4096] and not html.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ExtractError(url, "not an HTML page (binary data)")
        html = decode_page(html)
    if len(html) > MAX_PAGE_BYTES:
        raise ExtractError(url, f"page too large ({len(html)} characters)")
    html, clean = _checked_text(html)
    if not html.strip():
        raise ExtractError(url, "empty page")
    if not _MARKUP.search(html[:65536]):
        raise ExtractError(url, "not an HTML page")
    markup = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = load_tree(markup, clean=clean)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(url, f"unreadable HTML: {exc}") from exc
    if tree is None:
        raise ExtractError(url, "unreadable HTML")
    if _too_complex(tree):
        raise ExtractError(url, f"page too complex (over {MAX_ELEMENTS} elements)")
    tree = _reopened(markup, tree)
    mend(tree)  # text after a block opened inside a paragraph (see `mend`)
    return tree


def _too_complex(tree: lxml_html.HtmlElement) -> bool:
    return tree.xpath("count(//*)") > MAX_ELEMENTS


def _reopened(markup: str, tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The page parsed without its early closers (`early_end`) when that holds more text in
    long paragraphs (`paragraph_mass`) than `tree`; else `tree`."""
    whole = early_end(markup)
    if whole is markup:
        return tree
    try:
        other = load_tree(whole)
    except (etree.ParserError, ValueError):
        return tree
    if other is None or _too_complex(other):
        return tree
    return other if paragraph_mass(other) > paragraph_mass(tree) else tree


def early_end(html: str) -> str:
    """The page without its `</body>` and `</html>` when the document goes on after them.

    A site template that closes the document early (its header's own closing tags) leaves
    the story after `</html>`. A browser puts such content back into the body; lxml keeps
    some of it and drops the rest. When over `EARLY_END_TAIL` (2,000) characters with a
    paragraph, heading or list item follow the first `</html>`, the closers are taken out
    and the parser ends the document itself (`parse_page` keeps that parse only when it holds
    more text in long paragraphs: the page is parsed twice, on about one page in a hundred).
    """
    end = _DOCUMENT_END.search(html)
    if end is None or len(html) - end.end() < EARLY_END_TAIL:
        return html
    if not _TAIL_BLOCK.search(html, end.end()):
        return html
    return _CLOSERS.sub("", html)


def load_tree(html: str, *, clean: bool = False) -> lxml_html.HtmlElement | None:
    """trafilatura's `load_html` with a parser of this thread's own.

    trafilatura parses with one module-level parser; a tree shares its parser's string
    dictionary, so extraction threads working on trees of the same parser can corrupt
    memory (seen as "double free" aborts under load). The settings and repairs are
    trafilatura's, so its story finder sees the tree it expects. `clean`: the text is known
    to hold none of the characters its repair deletes (see `_checked_text`).
    """
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = _repair_markup(html, beginning) if clean else repair_faulty_html(html, beginning)
    # UTF-8 bytes, not the str: lxml parses them a third faster (it would convert the str),
    # and the parser's declared encoding is the one read (a str with an XML declaration of
    # its own is refused, and a <meta charset> is not followed).
    tree = lxml_html.fromstring(html.encode("utf-8", "surrogatepass"), parser=_thread_parser())
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def _thread_parser() -> lxml_html.HTMLParser:
    parser = getattr(_parsers, "html", None)
    if parser is None:
        parser = _parsers.html = lxml_html.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
        )
        parser.set_element_class_lookup(_LOOKUP)
    return parser


# lxml.html's own class lookup is Python code called for every element object made (half a
# million per hundred pages, mostly in trafilatura's walks); this one is lxml's C lookup with
# the same classes, less the form-field ones (`InputElement`, `FormElement`...) that nothing
# here reads.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement,
    comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity,
)


def story_blocks(tree: lxml_html.HtmlElement, url: str = "") -> list[Block]:
    """The blocks of the story area, before any rule of `body` is applied.

    One block is likely trafilatura's baseline (see `baseline`): it is split back into its
    article's blocks, so a brief loses its headline, byline, share bar and categories, and a
    long story run together is judged block by block instead of going to the second opinion
    as a giant block.
    """
    blocks = trafilatura_blocks(tree, url, fast=True)
    if len(blocks) == 1:
        return split_baseline(blocks, tree)
    return blocks


def trafilatura_blocks(tree: lxml_html.HtmlElement, url: str, *, fast: bool) -> list[Block]:
    """trafilatura's story area as blocks (`fast`: its main pass only).

    Only its tree is read: the "xml" format leaves out the plain text that the default
    ("python") writes from it, a tenth of its time. It is given no URL: it would resolve
    every link of the page against it, where only the story's links are kept
    (`absolute_links`, the same resolution on a twentieth of the links).
    """
    try:
        doc = trafilatura.bare_extraction(tree, options=_OPTIONS[fast])
    except (ValueError, TypeError, RecursionError, etree.LxmlError):
        return []
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None:
        return []
    absolute_links(body, url)
    return blocks_from_body(body)


# trafilatura's settings for `trafilatura_blocks`, made once (it reads them, never changes
# them): building them for each call reads its configuration again, a twentieth of a
# millisecond. Their `date_params` keep the day they were made; trafilatura reads them only
# to extract metadata, which these settings turn off.
_OPTIONS = {
    fast: Extractor(
        output_format="xml",
        fast=fast,
        comments=False,
        links=True,
        tables=True,
        images=False,
        formatting=True,
        with_metadata=False,
        dedup=False,
    )
    for fast in (True, False)
}


def absolute_links(body: etree._Element, url: str) -> None:
    """Resolve the story's link targets as trafilatura does when given the page's URL:
    against the site's root (`safe_base_url`), a malformed one kept as it is."""
    base = safe_base_url(url) if url else ""
    if not base:
        return
    for ref in body.iter("ref"):
        target = ref.get("target")
        if target:
            ref.set("target", safe_relative_url(base, target) or target)


def needs_second_opinion(
    blocks: list[Block], tree: lxml_html.HtmlElement, paragraphs: Paragraphs | None = None
) -> bool:
    """True when the story area looks wrong (see the module docstring for the thresholds).
    `paragraphs`: the page's (`fill.page_paragraphs`), when already read."""
    if not blocks:
        return True
    if len(blocks) < GIANT_BLOCK_MAX_COUNT and max(b.words for b in blocks) > GIANT_BLOCK_WORDS:
        return True
    mass = paragraph_mass(tree, paragraphs)
    return mass >= MIN_MASS_CHARS and sum(len(b.text) for b in blocks) < COVERAGE * mass


def unstructured(blocks: list[Block]) -> bool:
    """True when the story area has blocks but no subheading and no list item (see the
    module docstring: the shape of trafilatura's fallback)."""
    return bool(blocks) and not _has_structure(blocks)


def _has_structure(blocks: list[Block]) -> bool:
    return any(b.kind in ("h", "li") for b in blocks)


def _filled(first: StoryParts, second: StoryParts) -> StoryParts:
    """The second answer when it has what an unstructured first lacks (a subheading or a
    list item) and `FILL_GAIN` (1.1) times its text; else the first."""
    lost = _has_structure(second.blocks)
    return second if lost and len(second.body) >= FILL_GAIN * len(first.body) else first


def paragraph_mass(tree: lxml_html.HtmlElement, paragraphs: Paragraphs | None = None) -> int:
    """Characters in the page's long <p> elements (at least `LONG_P_CHARS`, 100)."""
    texts = page_paragraphs(tree) if paragraphs is None else paragraphs
    return sum(len(text) for _, text in texts if len(text) >= LONG_P_CHARS)


def second_opinion(tree: lxml_html.HtmlElement) -> list[Block]:
    """Blocks found by readability-lxml's scoring of the page (see `readable`)."""
    from readability.readability import Unparseable

    from wiredesk.extract.readable import ReadableTree

    try:
        # the parsed tree, not the page's markup: readability reads a copy of it
        summary = ReadableTree(tree).summary(html_partial=True)
        root = lxml_html.document_fromstring(summary)
    except (Unparseable, etree.LxmlError, ValueError, TypeError):
        return []
    return blocks_from_html(root.body if root.find("body") is not None else root)


def _better(first: StoryParts, second: StoryParts) -> StoryParts:
    """The second opinion wins when it holds `SECOND_GAIN` (1.3) times the text, or when
    the first is a giant block (a page or table swallowed whole) and the second is a shorter,
    non-empty story."""
    a, b = len(first.body), len(second.body)
    if b >= SECOND_GAIN * a:
        return second
    giant = len(first.blocks) < GIANT_BLOCK_MAX_COUNT and any(
        blk.words > GIANT_BLOCK_WORDS for blk in first.blocks
    )
    return second if giant and 0 < b < a else first


def page_blocks(html: bytes | str, url: str = "") -> list[str]:
    """Block texts of a page's story area: what `SiteTemplate.learn` takes per page."""
    return [b.text for b in story_blocks(parse_page(html, url), url)]


def learn_template(pages: list[bytes | str], site: str = "") -> SiteTemplate:
    """Learn a site's template from several of its pages; unreadable pages are skipped."""
    texts = []
    for page in pages:
        try:
            texts.append(page_blocks(page))
        except ExtractError:
            continue
    return SiteTemplate.learn(texts, site=site)


def _people(meta: PageMetadata, bylines: list[str]) -> tuple[list[str], list[str]]:
    if meta.authors or not bylines:
        return meta.authors, meta.agencies
    people, agencies = split_names(bylines)
    return people, _merge(meta.agencies, agencies)


def _merge(first: list[str], second: list[str]) -> list[str]:
    merged = list(first)
    merged.extend(x for x in second if x.casefold() not in {m.casefold() for m in merged})
    return merged


def page_rights(tree: lxml_html.HtmlElement, data: Structured) -> str:
    """A rights line the page states outside the story: meta tags, then the page footer."""
    declared = data.first_meta("copyright", "dcterms.rights", "dc.rights", "rights")
    if declared:
        return declared
    for text in tree.xpath("//footer//text()[contains(., '©') or contains(., 'opyright')]")[:20]:
        line = clean_space(str(text))
        if is_rights_line(line) and len(line.split()) <= 30:
            return line
    return ""


def valid_text(text: str) -> str:
    """The text with lone surrogates (which no encoder accepts) replaced by "?"."""
    return _checked_text(text)[0]


# What trafilatura's `repair_faulty_html` deletes (`INVALID_XML_CHARS`): control characters
# and two non-characters. The control characters are found in the UTF-8 bytes, where
# `bytes.translate` scans several times faster than the regular expression.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NON_CHARACTERS = ("\ufffe", "\uffff")


def _checked_text(text: str) -> tuple[str, bool]:
    """`valid_text`, and whether the text holds none of the characters trafilatura's
    `repair_faulty_html` deletes (then `_repair_markup` does its work without the scan)."""
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8"), False
    clean = len(encoded.translate(None, _CONTROL_BYTES)) == len(encoded) and not any(
        c in text for c in _NON_CHARACTERS
    )
    return text, clean


def _repair_markup(html: str, beginning: str) -> str:
    """trafilatura's `repair_faulty_html` (same expressions, same order) less its deletion of
    invalid characters, for a text that holds none."""
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:  # a self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    return html


def add_date_flags(article: ExtractedArticle, stated: datetime | None) -> None:
    """Flag `date-gap` (see `dates`) and `no-date`."""
    if stated is None:
        article.flags.append("no-date")
        return
    mentions = text_dates(article.body, stated.date())
    article.text_dates = [datetime(d.year, d.month, d.day, tzinfo=stated.tzinfo) for d in mentions]
    if has_date_gap(mentions, stated.date()):
        article.flags.append("date-gap")
