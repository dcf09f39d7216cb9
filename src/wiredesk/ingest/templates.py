"""A partner's page template: read where it is stored, learned once from a sample of pages.

Blocks that repeat across a site's pages are chrome (see extract.templates); learning
needs several pages of the same site, which a feed's first batch of entries gives. Both
executors learn from the same sample, the pages of a poll's first TEMPLATE_SAMPLE entries
(the embedded one has fetched them already, a Celery poll fetches them), and the first
learner's template is kept: the save only fills an empty one.
"""

from collections.abc import Callable

from wiredesk.extract.page import learn_template
from wiredesk.extract.templates import SiteTemplate
from wiredesk.sources.models import Source

TEMPLATE_MIN_PAGES = 3  # pages of one site needed to learn its template
TEMPLATE_SAMPLE = 10  # entries of a poll whose pages it is learned from


def stored_template(source: Source) -> SiteTemplate | None:
    """The source's learned template, if it has one."""
    return SiteTemplate.from_json(source.page_template) if source.page_template else None


def template_for(
    source: Source, entries: int, sample_pages: Callable[[], list[bytes]]
) -> SiteTemplate | None:
    """The stored template, else one learned from `sample_pages()` (the pages of the poll's
    first TEMPLATE_SAMPLE entries) when `entries` and the pages fetched are enough."""
    if source.page_template or entries < TEMPLATE_MIN_PAGES:
        return stored_template(source)
    pages = sample_pages()
    if len(pages) < TEMPLATE_MIN_PAGES:
        return None
    learned = learn_template(pages, site=source.slug).to_json()
    # a conditional UPDATE sends no signal: the template changes no page already shown
    Source.objects.filter(pk=source.pk, page_template={}).update(page_template=learned)
    source.page_template = (
        Source.objects.filter(pk=source.pk).values_list("page_template", flat=True).first()
        or learned
    )
    return stored_template(source)
