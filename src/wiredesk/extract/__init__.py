"""Page -> story: pure functions, no database. See `page.extract_page`."""

from wiredesk.extract.page import ExtractedArticle, extract_page

__all__ = ["ExtractedArticle", "extract_page"]
