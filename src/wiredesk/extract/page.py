"""Page -> story. `extract_page` is what both `wiredesk extract` and ingest call.

Steps: decode, check and parse the page once (`parse`), read the structured data and metadata
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

Bounds: what `parse` refuses (over 8 MiB or 100,000 elements); on a page over
`MAX_HELPER_CHARS` (2 million characters) neither readability-lxml nor htmldate is asked
(each takes seconds on megabytes of markup); JSON-LD scripts over 500 kB are not read.
"""

from datetime import datetime

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Extractor
from trafilatura.utils import safe_base_url, safe_relative_url

from wiredesk.errors import ExtractError
from wiredesk.extract.article import BRIEF_FLAG, SHORT_BODY, ExtractedArticle
from wiredesk.extract.baseline import split_baseline
from wiredesk.extract.blocks import Block, blocks_from_body, blocks_from_html, clean_space
from wiredesk.extract.body import StoryParts, select_story
from wiredesk.extract.credits import is_rights_line
from wiredesk.extract.dates import has_date_gap, page_dates, text_dates
from wiredesk.extract.fill import Paragraphs, container_blocks, page_paragraphs, paragraph_mass
from wiredesk.extract.metadata import PageMetadata, read_metadata
from wiredesk.extract.names import split_names
from wiredesk.extract.parse import parse_page
from wiredesk.extract.sanitize import sanitize_html
from wiredesk.extract.structured import Structured, read_structured
from wiredesk.extract.templates import SiteTemplate

MIN_BODY_WORDS = 5
GIANT_BLOCK_WORDS = 400
GIANT_BLOCK_MAX_COUNT = 3
MIN_MASS_CHARS = 1000
COVERAGE = 0.5
SECOND_GAIN = 1.3
FILL_GAIN = 1.1
SHORT_STORY_CHARS = 1000
THIRD_GAIN = 5
MAX_HELPER_CHARS = 2_000_000


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


def add_date_flags(article: ExtractedArticle, stated: datetime | None) -> None:
    """Flag `date-gap` (see `dates`) and `no-date`."""
    if stated is None:
        article.flags.append("no-date")
        return
    mentions = text_dates(article.body, stated.date())
    article.text_dates = [datetime(d.year, d.month, d.day, tzinfo=stated.tzinfo) for d in mentions]
    if has_date_gap(mentions, stated.date()):
        article.flags.append("date-gap")
