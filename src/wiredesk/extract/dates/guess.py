"""htmldate's guess, fast search then extensive search, in one pass over the page.

`find_date(extensive_search=False)` then, when it finds nothing, `find_date(
extensive_search=True)` copy and clean the page twice, write it out twice and run the same
searches twice: the two modes differ only where a text is read as a date (the extensive
mode may ask dateparser), in the elements the candidates come from, and at the end (the fast
mode takes a bare ISO date from the visible text; the extensive one reads the free text and
then the whole markup). `guess_date` runs htmldate's own steps in `find_date`'s
order, each shared step once, and gives what the two calls give: the fast answer, else the
extensive one. Written against htmldate 1.11 (`tests/test_extract_speed_paths.py` compares
it with the two calls); on any error the two calls are made instead.
"""

from contextlib import suppress
from copy import deepcopy
from datetime import datetime
from functools import partial

from htmldate import core, find_date
from htmldate.core import (
    COPYRIGHT_PATTERN,
    SELECT_YMD_YEAR,
    SLASHES_YEAR,
    THREE_COMP_REGEX_A,
    THREE_COMP_REGEX_B,
    THREE_LOOSE_CATCH,
    THREE_PATTERN,
    TIMESTAMP_LOOSE_PATTERN,
    TIMESTAMP_PATTERN,
    YEAR_PATTERN,
    YYYYMM_CATCH,
    _finalize_candidate,
    _search_and_filter,
    compare_reference,
    date_candidates,
    examine_abbr_elements,
    examine_elements,
    examine_header,
    examine_time_elements,
    normalize_match,
    normalize_two_comp,
    search_normalized,
    search_pattern,
    serialize,
)
from htmldate.extractors import (
    FREE_TEXT_EXPRESSIONS,
    discard_unwanted,
    extract_url_date,
    idiosyncrasies_search,
    img_search,
    json_search,
    pattern_search,
)
from htmldate.settings import CLEANING_LIST, MAX_SEGMENT_LEN, MIN_SEGMENT_LEN
from htmldate.utils import Extractor, clean_html
from htmldate.validators import (
    check_extracted_reference,
    get_max_date,
    get_min_date,
    is_valid_date,
)
from lxml import html as lxml_html

from wiredesk.extract.dates.longtext import regex_parse
from wiredesk.extract.probed import Probed

MIN_DATE = "1995-01-01"
FORMAT = "%Y-%m-%d"


def guess_date(tree: lxml_html.HtmlElement, url: str | None, *, extensive: bool) -> str | None:
    """`find_date(tree, url=url, original_date=True, min_date=MIN_DATE)` in its fast mode,
    and when that finds nothing and `extensive` allows it, in its extensive mode. A call that
    raises counts as no date."""
    if extensive:
        try:
            return _one_pass(tree, url)
        except Exception:  # htmldate has no error tree of its own: the two calls, as before
            pass
    return _calls(tree, url, (False, True) if extensive else (False,))


def _calls(tree: lxml_html.HtmlElement, url: str | None, modes: tuple[bool, ...]) -> str | None:
    for extensive in modes:
        try:
            found = find_date(
                tree, url=url, original_date=True, extensive_search=extensive, min_date=MIN_DATE
            )
        except Exception:
            found = None
        if found:
            return found
    return None


class _EmptyAnswer(Exception):
    """The fast mode answered "": the extensive call would then run from the start."""


def _fast(found: str) -> str:
    if not found:
        raise _EmptyAnswer
    return found


def _one_pass(tree: lxml_html.HtmlElement, url: str | None) -> str | None:
    """`find_date`'s steps (htmldate 1.11), the fast mode's then the extensive mode's, with
    `find_date`'s tests between them (`is not None` between steps, `or` within one)."""
    latest, earliest = get_max_date(None), get_min_date(MIN_DATE)
    fast = Extractor(False, latest, earliest, True, FORMAT)
    wide = Extractor(True, latest, earliest, True, FORMAT)
    if url is None:  # probe for canonical links
        link = tree.find('.//link[@rel="canonical"]')
        if link is not None:
            url = link.get("href")
    # The address, json_search, the timestamp, image and idiosyncrasy searches read no text
    # as a date the extensive way: the same answer in both modes, asked once.
    found = extract_url_date(url, fast)
    if found is not None:
        return _fast(found)
    found = examine_header(tree, fast) or json_search(tree, fast)
    if found is not None:
        return _fast(found)
    found = examine_abbr_elements(tree, fast)
    if found is not None:
        return _fast(found)
    search_tree = deepcopy(tree)
    with suppress(ValueError):  # lxml refuses NULL bytes: the tree as far as it was cleaned
        discard_unwanted(clean_html(search_tree, CLEANING_LIST))  # both work in place
    found = (
        examine_elements(date_candidates(search_tree, False), fast)
        or examine_elements(search_tree.xpath(".//title|.//h1"), fast)
        or examine_time_elements(search_tree, fast)
    )
    if found is not None:
        return _fast(found)
    htmlstring = serialize(search_tree)
    found = (
        pattern_search(htmlstring, TIMESTAMP_PATTERN, fast)
        or img_search(search_tree, fast)
        or idiosyncrasies_search(htmlstring, fast)
    )
    if found is not None:
        return _fast(found)
    # the fast mode's last step strips scripts and styles in place: here in a copy, as the
    # extensive mode reads the tree with them
    stripped = clean_html(deepcopy(search_tree), ["script", "style"])
    found = pattern_search(" ".join(stripped.itertext()), TIMESTAMP_LOOSE_PATTERN, fast)
    if found:
        return found
    # the extensive mode, less the steps whose answer is the fast mode's (None)
    found = examine_header(tree, wide) or json_search(tree, wide)
    if found is not None:
        return found
    found = examine_abbr_elements(tree, wide)
    if found is not None:
        return found
    found = (
        examine_elements(date_candidates(search_tree, True), wide)
        or examine_elements(search_tree.xpath(".//title|.//h1"), wide)
        or examine_time_elements(search_tree, wide)
    )
    if found is not None:
        return found
    reference = None
    for segment in FREE_TEXT_EXPRESSIONS(search_tree):
        segment = segment.strip()
        if MIN_SEGMENT_LEN < len(segment) < MAX_SEGMENT_LEN:
            reference = compare_reference(reference, segment, wide)
    return check_extracted_reference(reference, wide) or search_page(htmlstring, wide)


_DIGITS = "[0-9][0-9]?"  # a day or month of one or two digits
THREE_LOOSE = Probed(core.THREE_LOOSE_PATTERN, r"[0-9][0-9]{3}[/.-][0-9]{2}[/.-][0-9]{2}", 1)
SELECT_YMD = Probed(core.SELECT_YMD_PATTERN, rf"{_DIGITS}[/.-]{_DIGITS}[/.-][0-9]{{4}}", 1)
DATESTRINGS = Probed(core.DATESTRINGS_PATTERN, r"[12][09][0-9]{2}[01][0-9][0-3][0-9]", 1)
SLASHES = Probed(core.SLASHES_PATTERN, rf"{_DIGITS}[/.]{_DIGITS}[/.][0-9]{{2}}", 1)
YYYYMM = Probed(core.YYYYMM_PATTERN, r"[12][0-9]{3}[/.-][01][0-9]", 1)
MMYYYY = Probed(core.MMYYYY_PATTERN, rf"{_DIGITS}[/.-][12][0-9]{{3}}", 1)
SIMPLE = Probed(core.SIMPLE_PATTERN, r"[12][09][0-9]{2}", 1)


def search_page(htmlstring: str, options: Extractor) -> str | None:
    """htmldate's `search_page` (1.11), step for step, its slow patterns `Probed`: each
    begins with `\\D` and has a probe one character after its start; its written-date search
    through the years of the text (`longtext`)."""
    copyear = 0
    bestmatch = search_pattern(htmlstring, COPYRIGHT_PATTERN, YEAR_PATTERN, YEAR_PATTERN, options)
    if bestmatch is not None:
        year = int(bestmatch[1])
        if is_valid_date(datetime(year, 1, 1), "%Y", earliest=options.min, latest=options.max):
            copyear = year
    for pattern in (THREE_PATTERN, THREE_LOOSE):
        result = _search_and_filter(htmlstring, pattern, THREE_LOOSE_CATCH, copyear, options)
        if result is not None:
            return result
    result = search_normalized(
        htmlstring,
        SELECT_YMD,
        SELECT_YMD_YEAR,
        partial(normalize_match, THREE_COMP_REGEX_A),
        copyear,
        options,
    )
    if result is not None:
        return result
    result = _search_and_filter(htmlstring, DATESTRINGS, core.DATESTRINGS_CATCH, copyear, options)
    if result is not None:
        return result
    result = search_normalized(
        htmlstring,
        SLASHES,
        SLASHES_YEAR,
        partial(normalize_match, THREE_COMP_REGEX_B),
        copyear,
        options,
    )
    if result is not None:
        return result
    bestmatch = search_pattern(htmlstring, YYYYMM, YYYYMM_CATCH, YEAR_PATTERN, options)
    if bestmatch is not None:
        result = _finalize_candidate(
            datetime(int(bestmatch[1]), int(bestmatch[2]), 1), copyear, options
        )
        if result is not None:
            return result
    result = search_normalized(
        htmlstring,
        MMYYYY,
        SELECT_YMD_YEAR,
        normalize_two_comp,
        copyear,
        options,
    )
    if result is not None:
        return result
    result = _finalize_candidate(regex_parse(htmlstring), copyear, options)
    if result is not None:
        return result
    if copyear != 0:  # the copyright year
        return datetime(copyear, 1, 1).strftime(options.format)
    bestmatch = search_pattern(htmlstring, SIMPLE, YEAR_PATTERN, YEAR_PATTERN, options)
    if bestmatch is not None:
        return _finalize_candidate(datetime(int(bestmatch[1]), 1, 1), copyear, options)
    return None
