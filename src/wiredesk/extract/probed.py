"""A regular expression's `findall` and `finditer`, the same matches found faster.

A pattern that begins with `\\D` or `\\b` gives the regular expression engine no first
character to skip to: it starts a match at every character of the text. When every match of
the pattern has a `probe` (a second expression that begins with a character class, which
the engine skips to in a tight loop) matching `offset` characters after its start, the
pattern need only be tried where the probe matches: `Probed` tries it there, in order, and
resumes each search where `findall` and `finditer` would, so the matches are the same.

A case-insensitive pattern of words gives the engine no first character either, and a probe
that is a plain alternation of words does, searched without IGNORECASE: `folded` probes are
searched in the text lower-cased (`keywords.folded`; the pattern itself reads the text).
"""

import re
from collections.abc import Iterator

from wiredesk.extract.keywords import folded as lower_case


class Probed:
    """`pattern` searched through `probe` (see the module docstring); the pattern must never
    match empty text."""

    def __init__(
        self, pattern: re.Pattern[str], probe: str, offset: int = 0, *, folded: bool = False
    ) -> None:
        flags = pattern.flags & ~re.IGNORECASE if folded else pattern.flags
        self.pattern, self.probe, self.offset = pattern, re.compile(probe, flags), offset
        self.folded = folded

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        probed = lower_case(text) if self.folded else text
        if probed is None:  # a character the lower-cased text would misplace
            yield from self.pattern.finditer(text)
            return
        start = self.offset  # where the next probe may begin
        while (probe := self.probe.search(probed, start)) is not None:
            match = self.pattern.match(text, probe.start() - self.offset)
            if match is None:
                start = probe.start() + 1
            else:
                yield match
                start = match.end() + self.offset

    def findall(self, text: str) -> list[str]:
        """`findall` of a pattern with one group."""
        return [match[1] for match in self.finditer(text)]
