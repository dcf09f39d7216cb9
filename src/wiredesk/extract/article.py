"""The value the extraction stage hands on: one page's story, every field as the site uses it."""

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

SHORT_BODY = 300  # characters, about 50 words: a brief, a teaser or a failed extraction
# Flag of a short story that is all there is (the partner's feed sent it whole, or its page
# holds little other text): a brief, whose length says nothing about the extraction.
BRIEF_FLAG = "brief"


@dataclass
class ExtractedArticle:
    """The clean story of one page.

    `body` is plain text with paragraphs (and subheadings) separated by blank lines;
    `body_html` is the same story as sanitized HTML. `published` and
    `updated` are the page's own (original) dates, aware; `stated_date` is the date the page
    shows most prominently when it differs from `published` (a republication day).
    """

    url: str = ""
    title: str = ""
    body: str = ""
    body_html: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    rights: str = ""
    dateline: str = ""
    image: str = ""
    language: str = ""
    flags: list[str] = field(default_factory=list)
    description: str = ""
    site_name: str = ""
    text_dates: list[datetime] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: datetimes as ISO 8601 strings."""
        data = asdict(self)
        for key in ("published", "updated"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        data["text_dates"] = [d.date().isoformat() for d in self.text_dates]
        return data
