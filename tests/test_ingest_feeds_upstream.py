"""The feedparser internals the feed parsers take (ingest/feeds/upstream.py) are still there.

feedparser is pinned to one minor version in pyproject.toml; these tests fail when the installed
feedparser leaves it, or when a name, a signature or a table the fast path copies changes, so a
new feedparser is a deliberate step (see upstream.py's docstring), never a quiet drift.
"""

import ast
import inspect
from pathlib import Path

import feedparser
import pytest
from feedparser.urls import _urljoin
from hypothesis import given
from hypothesis import strategies as st

from wiredesk.ingest.feeds import upstream
from wiredesk.ingest.feeds.urls import join_url

PACKAGE = Path(upstream.__file__).parent

SIGNATURES = {
    "convert_to_utf8": ["http_headers", "data", "result"],
    "looks_like_html": ["s"],
    "make_safe_absolute_uri": ["base", "rel"],
    "parse_content_type": ["line"],
    "parse_date_asctime": ["dt"],
    "parse_date_greek": ["date_string"],
    "parse_date_hungarian": ["date_string"],
    "parse_date_iso8601": ["date_string"],
    "parse_date_nate": ["dateString"],
    "parse_date_onblog": ["dateString"],
    "parse_date_perforce": ["date_string"],
    "parse_date_rfc822": ["date"],
    "parse_date_w3dtf": ["datestr"],
}
"""Parameter names of every feedparser function upstream.py takes, as in feedparser 6.0.14."""


def test_feedparser_is_the_minor_version_the_fast_path_copies() -> None:
    assert feedparser.__version__.startswith(upstream.CHECKED_MINOR + "."), (
        f"feedparser {feedparser.__version__} installed; the fast path copies "
        f"{upstream.CHECKED_MINOR}.x: read upstream.py before raising the pin"
    )


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_internal_function_keeps_its_signature(name: str) -> None:
    assert list(inspect.signature(getattr(upstream, name)).parameters) == SIGNATURES[name]


def test_every_taken_function_is_checked() -> None:
    taken = {n for n, v in vars(upstream).items() if inspect.isfunction(v)}
    assert taken == set(SIGNATURES)


def test_namespace_table_maps_the_prefixes_the_fast_path_dispatches_on() -> None:
    expected = {
        "http://www.w3.org/2005/Atom": "",
        "http://purl.org/rss/1.0/": "",
        "http://purl.org/rss/1.0/modules/content/": "content",
        "http://purl.org/dc/elements/1.1/": "dc",
        "http://purl.org/dc/terms/": "dcterms",
        "http://search.yahoo.com/mrss/": "media",
        "http://www.itunes.com/DTDs/PodCast-1.0.dtd": "itunes",
        "http://www.w3.org/1999/xhtml": "xhtml",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    }
    assert {uri: upstream.NAMESPACES.get(uri) for uri in expected} == expected


def test_html_title_rule_is_unchanged() -> None:
    looks = upstream.looks_like_html
    assert looks("<b>bold</b>") and looks("caf&eacute;")
    assert not looks("a < b") and not looks("<script>x</script>") and not looks("&bogus;")


@pytest.mark.parametrize(
    "base,href",
    [
        ("http://a.test/x/", "y"),
        ("http://a.test/x/", "http:////b.test/z"),
        ("http://a.test/", "HTTP://B.test/"),
        ("", "rel/only"),
        ("http://a.test/", "http://[bad"),
        ("http://a.test/", "javascript:alert(1)"),
        ("http://a.test/", "//c.test/p"),
    ],
)
def test_join_url_is_feedparsers_urljoin(base: str, href: str) -> None:
    assert join_url(base, href) == _urljoin(base, href)


@given(st.sampled_from(["", "http://a.test/d/", "https://b.test"]), st.text(max_size=40))
def test_join_url_agrees_on_any_text(base: str, href: str) -> None:
    assert join_url(base, href) == _urljoin(base, href)


def test_only_upstream_takes_feedparser_internals() -> None:
    """Elsewhere in the package feedparser is used only through feedparser.parse."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "upstream.py" and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("feedparser"), f"{path}: from {node.module}"
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("feedparser")]
                assert names in ([], ["feedparser"]), f"{path}: import {names}"
            if isinstance(node, ast.Attribute) and _is_name(node.value, "feedparser"):
                assert node.attr == "parse", f"{path}: feedparser.{node.attr}"


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
