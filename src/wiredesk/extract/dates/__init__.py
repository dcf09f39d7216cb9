"""The page's own dates, the dates its text speaks of, and the gap between them.

One job a module: `parse` (machine dates and bounds), `written` (dates as people write
them; month names from `wiredesk.months`), `shown` (the days date elements show), `line`
(the page's own date line), `published` (the decision: publication and update), `gap`
(the dates the text mentions and the `date-gap` flag).

Original publication date: the earliest of JSON-LD `datePublished` of the article object,
the first publication meta tag (article:published_time and its kin) and an element marked
`itemprop=datePublished` or `<time pubdate>` (when they disagree, the earliest is the
original; midnight on 1 January is a placeholder and does not count, see `is_placeholder`;
a marked element more than `MARKED_SLACK` (36 hours) from the JSON-LD or meta date is
another story's card or a comment, and does not count either);
failing those, JSON-LD `dateCreated` and a date in the URL path (/2019/11/19/). The page's
own date line (the first short text that is a date and nothing else, outside chrome: see
`headline_date`) is a vote on top of these: when nothing is declared it comes before
htmldate (`original_date=True`, extensive search on request), whose guess over the whole
page is last; and when the declared modification falls on a later day than the publication
and the date line shows that later day, the page has been re-dated by its publisher and the
modification is taken, unless the page still writes its publication day somewhere (see
`_shows_update`). The updated date comes from JSON-LD
`dateModified` and the modification meta tags. A date before `MIN_YEAR` (1995) or more than
a day after the reference (the fetch; now by default) is ignored. Naive datetimes are read as
UTC. The day the page shows can move a UTC stamp by a day (see `shown_day`). Numeric days
("08/11/2023") are read in the page's own order (see `numeric_day`, `month_first_page`).

Each rule states its false-positive risk where it is; what they change on the benchmark
pages is in bench/results/metadata.md.

Date gap: the text's own date mentions ("January 10", "10 Jan 2022", "Jan. 11") are resolved
against the stated date (a mention without a year takes the year that puts it closest to, and
not more than `FUTURE_DAYS` (60) days after, the stated date). When at least
`MIN_MENTIONS` (2) mentions are found and the nearest is more than `GAP_DAYS` (90) days away,
the article gets the flag `date-gap`. False-positive risk: a story about an event months old
that names no recent day (a guilty plea "on Monday" over threats made in February); on the
110 pages of the body benchmark (news as first published) 4 are flagged, all of that kind.
It is a flag for an editor, not a rejection.
"""

from wiredesk.extract.dates.gap import has_date_gap, text_dates
from wiredesk.extract.dates.line import ShownDate, headline_date, read_date_line
from wiredesk.extract.dates.parse import parse_datetime, plausible
from wiredesk.extract.dates.published import page_dates
from wiredesk.extract.dates.written import is_date_line, written_day

__all__ = [
    "ShownDate",
    "has_date_gap",
    "headline_date",
    "is_date_line",
    "page_dates",
    "parse_datetime",
    "plausible",
    "read_date_line",
    "text_dates",
    "written_day",
]
