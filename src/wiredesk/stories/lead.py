"""The article that leads a story on the site: one rule, kept apart from the clustering."""

from collections.abc import Sequence

from wiredesk.stories.records import ClusterItem


def choose_lead(members: Sequence[ClusterItem], lang: str = "") -> ClusterItem:
    """The article that leads a story.

    Preference, in order: written in `lang` (the edition's language) when given; has a body
    of at least 300 characters; earliest published (the original report, not a rewrite);
    then the longest text. Raises ValueError on an empty story.
    """
    if not members:
        raise ValueError("a story needs at least one article to lead it")

    def rank(item: ClusterItem) -> tuple[bool, bool, float, int]:
        when = item.published.timestamp() if item.published else float("inf")
        in_lang = bool(lang) and (item.lang or "")[:2].lower() == lang[:2].lower()
        return (not in_lang, len(item.text) < 300, when, -len(item.text))

    return min(members, key=rank)
