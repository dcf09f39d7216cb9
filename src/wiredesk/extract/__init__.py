"""Page -> story: pure functions, no database.

`extract_page` (HTML) and `extract_text_story` (plain text) return an `ExtractedArticle`;
`SiteTemplate` is a partner site's learned boilerplate (`learn_template`).
"""

from wiredesk.extract.article import ExtractedArticle
from wiredesk.extract.page import extract_metadata, extract_page, learn_template
from wiredesk.extract.templates import SiteTemplate
from wiredesk.extract.text import extract_text_story

__all__ = [
    "ExtractedArticle",
    "SiteTemplate",
    "extract_metadata",
    "extract_page",
    "extract_text_story",
    "learn_template",
]
