"""Bylines on the WCXB tuning folds: why they are missed, and whether a fitted chooser helps.

Run: ``nice .venv/bin/python bench/bylines.py [--shared ../shared] [--pages]
[--without-last-resort]`` (about 1.5 minutes)

Reads only the tuning folds of ../shared/data/wcxb (`wcxb.TUNING_FOLDS`: pages of the
held-out folds are never opened here) and ../shared/data/metadata. Prints:

1. author found (WCXB's rule, `metadata.author_found`) of what ingest stores
   (`extract_page`), and the oracle over the names each byline source of
   `extract/bylines.py` offers (JSON-LD, meta tags, byline elements, "By" texts, author
   links, trafilatura's search, the body's byline lines): cleaned as the rules clean them,
   and raw;
2. the misses by cause: no source offers the gold name (`none`), a source offers it but the
   cleaning drops it (`cleaning`: accounts, one-word names, brands), or the rules chose
   another source's name (`choice`); `--pages` lists them page by page;
3. a fitted chooser over broad candidates (every short text of the page shaped like a name,
   "by X", "(c) X", the text after a lone "By" label; features: how it was found, links,
   headings, author/byline/meta markings of its ancestors, chrome, place in the page, agreement
   with the title, site name, host, declared authors and image alts), asked only where the
   rules name nobody. Logistic regression and shallow trees, GroupKFold over sites on the
   WCXB tuning pages and the metadata pages together: author found and output where the gold
   has none on WCXB, author F1 and the same on the metadata set, against the rules'.

Section 3 is how the last-resort rule `bylines._labelled_name` was found (the depth-2
tree's one positive leaf); nothing of it is shipped as weights.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "src"))
import metadata as bench_meta  # noqa: E402  (beside this script)
import wcxb  # noqa: E402
from wiredesk.errors import ExtractError  # noqa: E402
from wiredesk.extract import bylines as rules  # noqa: E402
from wiredesk.extract import extract_page, names  # noqa: E402
from wiredesk.extract.blocks import clean_space, fold  # noqa: E402
from wiredesk.extract.headline import read_title  # noqa: E402
from wiredesk.extract.page import find_story  # noqa: E402
from wiredesk.extract.parse import parse_page  # noqa: E402
from wiredesk.extract.structured import read_structured  # noqa: E402

SOURCES = ("jsonld", "meta", "byline", "text", "linked", "trafilatura", "body")
_WORD = r"[^\W\d_][\w'\u2019.-]*"
_PARTICLES = {"de", "van", "von", "da", "del", "la", "le", "du", "bin", "al", "der", "den"}
_NAME = re.compile(rf"^{_WORD}(?:\s+(?:(?:{'|'.join(_PARTICLES)})\s+)?{_WORD}){{1,3}}$")
_BY_IN = re.compile(rf"(?:^|[\s(|])(?:by|By|BY)\s*:?\s+({_WORD}(?:\s+{_WORD}){{0,3}})")
_COPY = re.compile(
    rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}(?:\s*[-\u2013]\s*\d{{4}})?\s*,?\s*)?"
    rf"({_WORD}(?:\s+{_WORD}){{1,3}})",
    re.I,
)
_LABEL = re.compile(
    r"^[\W_]*(?:(?:written|posted|words|reported|story|authored)\s+)?by\s*:?$|^author\s*:?$", re.I
)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{4}-\d\d-\d\d|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|\bago\b|min read",
    re.I,
)
_LABELS_NEAR = re.compile(
    r"\b(?:by|author|written|posted|about the author|reviewed|articles by|more from)\b", re.I
)
_COMMON = set(
    """a an the of and or in on at to for with from by about more read all posts post home blog
    news contact privacy policy terms share search sign menu related latest popular subscribe
    newsletter us our your my we you learn view see get free careers services products
    solutions company resources support login log help follow next previous back top page pages
    article articles cookie cookies settings accept main content skip navigation tags tag
    categories category comments comment reply leave published updated posted written min
    minute minutes time guide how what why when who new best days day week month year""".split()
)
_AUTHORISH = re.compile(r"author|byline|writer|bio|profile|contributor|posted-by|expert")
_METAISH = re.compile(r"meta|info|details|credit")
_CHROME = re.compile(r"comment|related|menu|nav|footer|sidebar|widget|share|social|newsletter")
_LINKISH = re.compile(r"author|writer|people|profile|team|staff|contributor|/user|member|expert")
FEATURES = (
    "whole",
    "by",
    "copy",
    "after_label",
    "in_link",
    "author_link",
    "heading",
    "author_marked",
    "meta_marked",
    "chrome_marked",
    "chrome_tag",
    "in_article",
    "first_place",
    "count",
    "words",
    "common_share",
    "capitals",
    "in_title",
    "in_site_name",
    "in_host",
    "is_site",
    "declared",
    "declared_any",
    "image_alt",
    "once",
    "near_date",
    "label_near",
    "bio_after",
)


@dataclass
class Row:
    """One page: its set, site, gold names, the rules' answer and the candidates."""

    kind: str
    site: str
    gold: list[str]
    final: list[str]
    sources: dict[str, list[str]]
    candidates: list[dict[str, Any]] = field(default_factory=list)


# --- reading the pages ----------------------------------------------------------------------


def read_rows(shared: Path) -> list[Row]:
    rows = []
    for page in wcxb.load(shared / "data" / "wcxb"):
        if page.held_out:  # never read here
            continue
        gold = [page.gold["author"]] if page.gold.get("author") else []
        try:
            final = extract_page(page.html.encode(), page.url).authors
        except ExtractError:
            final = []
        rows.append(_row("wcxb", page.site, page.url, page.html, gold, final))
    for page in bench_meta.load(shared / "data" / "metadata"):
        html = page.html.decode("utf-8", "replace")
        final = bench_meta.SYSTEMS["wiredesk"][0](page.html, page.url).authors or []
        site = urlsplit(page.url).netloc
        rows.append(_row("metadata", site, page.url, html, page.gold.get("authors") or [], final))
    return rows


def _row(kind: str, site: str, url: str, html: str, gold: list[str], final: list[str]) -> Row:
    tree = parse_page(html, url)
    data = read_structured(tree)
    article = data.article()
    sources = {
        "jsonld": rules._jsonld_authors(article, data),
        "meta": rules._meta_authors(data),
        "byline": rules._byline_authors(tree),
        "text": rules._text_bylines(tree),
        "linked": rules._linked_authors(tree),
        "trafilatura": _trafilatura(tree),
    }
    declared = sources["jsonld"] + sources["meta"]
    title = read_title(tree, data, article, url)
    row = Row(kind, site, gold, final, sources)
    row.candidates = candidates(tree, data.first_meta("og:site_name"), url, declared)
    for candidate in row.candidates:
        candidate["label"] = float(
            any(bench_meta.author_found([candidate["name"]], g) for g in gold)
        )
    try:
        sources["body"] = find_story(tree, url, title, None).bylines
    except ExtractError:
        sources["body"] = []
    return row


def _trafilatura(tree: Any) -> list[str]:
    try:
        found = rules.search_author(tree) or ""
    except (ValueError, TypeError):
        return []
    return [n for n in found.split(";") if n.strip()]


# --- broad candidates -----------------------------------------------------------------------


def candidates(tree: Any, site_name: str, url: str, declared: list[str]) -> list[dict[str, Any]]:
    """Name-shaped texts of the page with the features of where and how they were found."""
    nodes = rules._VISIBLE_XPATH(tree)
    texts = [clean_space(str(n)) for n in nodes]
    found: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(nodes):
        hits = _hits(texts[index], texts[index - 1] if index else "")
        if not hits:
            continue
        context = _context(node.getparent())
        near = " ".join(t for t in texts[max(0, index - 3) : index + 4] if len(t) < 80)
        context["near_date"] = float(bool(_DATE.search(near)))
        context["label_near"] = float(
            bool(_LABELS_NEAR.search(" ".join(texts[index - 2 : index + 1])))
        )
        after = " ".join(texts[index + 1 : index + 3])
        for name, how in hits:
            entry = found.setdefault(
                fold(name),
                {"name": name, **dict.fromkeys(FEATURES, 0.0), "first_place": index / len(nodes)},
            )
            entry[how] = 1.0
            entry["count"] += 1
            first = re.escape(name.split()[0])
            if re.match(rf"(?:{re.escape(name)}|{first})\s+(?:is|was|has|writes|covers)\b", after):
                entry["bio_after"] = 1.0
            for key, value in context.items():
                entry[key] = max(entry[key], value)
    page = _page_facts(tree, site_name, url, declared)
    return [_finish(entry, page) for entry in found.values()]


def _hits(text: str, previous: str) -> list[tuple[str, str]]:
    hits = []
    if len(text) <= 60 and _NAME.match(text) and _shaped(text):
        hits.append((text, "whole"))
        if _LABEL.match(previous):
            hits.append((text, "after_label"))
    if len(text) <= 120:
        hits += [(n, "by") for n in map(_trim, _BY_IN.findall(text)) if n]
        copy = _COPY.search(text)
        if copy and _trim(copy.group(1)):
            hits.append((_trim(copy.group(1)), "copy"))
    return hits


def _shaped(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() or w in _PARTICLES for w in words)


def _trim(name: str) -> str:
    words = name.split()
    while words and words[-1].lower() in _COMMON:
        words.pop()
    trimmed = " ".join(words)
    return trimmed if _shaped(trimmed) else ""


def _context(el: Any) -> dict[str, float]:
    context = dict.fromkeys(
        ("in_link", "author_link", "heading", "author_marked", "meta_marked", "chrome_marked"),
        0.0,
    )
    context.update(chrome_tag=0.0, in_article=0.0)
    for depth, anc in enumerate(a for a in (el, *el.iterancestors()) if isinstance(a.tag, str)):
        if anc.tag == "a":
            context["in_link"] = 1.0
            context["author_link"] = max(
                context["author_link"], float(bool(_LINKISH.search(anc.get("href", ""))))
            )
        context["heading"] = max(
            context["heading"], float(anc.tag in {"h2", "h3", "h4", "h5", "h6"} and depth < 2)
        )
        context["chrome_tag"] = max(
            context["chrome_tag"], float(anc.tag in {"nav", "footer", "aside", "header"})
        )
        context["in_article"] = max(context["in_article"], float(anc.tag in {"article", "main"}))
        if depth < 5:
            marks = f"{anc.get('class', '')} {anc.get('id', '')} {anc.get('itemprop', '')}".lower()
            for key, pattern in (
                ("author_marked", _AUTHORISH),
                ("meta_marked", _METAISH),
                ("chrome_marked", _CHROME),
            ):
                context[key] = max(context[key], float(bool(pattern.search(marks))))
    return context


def _page_facts(tree: Any, site_name: str, url: str, declared: list[str]) -> dict[str, Any]:
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return {
        "title": fold(" ".join(tree.xpath("//title/text()")[:1])),
        "site": fold(site_name),
        "host": host,
        "label": host.split(".")[0],
        "declared": [fold(d) for d in declared],
        "alts": {fold(a) for a in tree.xpath("//img/@alt")[:200]},
    }


def _finish(entry: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    name, key = entry["name"], fold(entry["name"])
    words = name.split()
    entry["words"] = float(len(words))
    entry["common_share"] = sum(w.lower() in _COMMON for w in words) / len(words)
    entry["capitals"] = float(name.isupper())
    entry["once"] = float(entry["count"] == 1)
    entry["count"] = min(entry["count"], 5.0)
    entry["in_title"] = float(key in page["title"])
    entry["in_site_name"] = float(key in page["site"])
    entry["in_host"] = float(
        key.replace(" ", "") in page["host"]
        or (len(words[-1]) > 3 and words[-1].lower() in page["host"])
    )
    entry["is_site"] = float(key == page["site"] or key.replace(" ", "") == page["label"])
    entry["declared"] = float(any(key in d for d in page["declared"]))
    entry["declared_any"] = float(bool(page["declared"]))
    entry["image_alt"] = float(key in page["alts"])
    return entry


# --- figures --------------------------------------------------------------------------------


def found(row: Row, names: list[str]) -> bool:
    return any(bench_meta.author_found(names, g) for g in row.gold)


def figures(rows: list[Row], picks: list[list[str]]) -> str:
    pairs = list(zip(rows, picks, strict=True))
    web = [found(r, p) for r, p in pairs if r.kind == "wcxb" and r.gold]
    none = [bool(p) for r, p in pairs if r.kind == "wcxb" and not r.gold]
    f1 = [
        bench_meta.set_f1(
            {bench_meta.norm_author(a) for a in p}, {bench_meta.norm_author(a) for a in r.gold}
        )
        for r, p in pairs
        if r.kind == "metadata" and r.gold
    ]
    extra = sum(bool(p) for r, p in pairs if r.kind == "metadata" and not r.gold)
    return (
        f"WCXB tuning found {statistics.mean(web):.3f} ({sum(web)}/{len(web)}), "
        f"where none {statistics.mean(none):.3f} | metadata F1 {statistics.mean(f1):.3f}, "
        f"where none {extra}"
    )


def causes(rows: list[Row], show_pages: bool) -> None:
    web = [r for r in rows if r.kind == "wcxb" and r.gold]
    cleaned = sum(any(found(r, names.split_names(r.sources[s])[0]) for s in SOURCES) for r in web)
    raw = sum(any(found(r, [n]) for s in SOURCES for n in r.sources[s]) for r in web)
    print(f"oracle over the sources: cleaned {cleaned / len(web):.3f}, raw {raw / len(web):.3f}")
    counts = {"none": 0, "cleaning": 0, "choice": 0}
    for r in web:
        if found(r, r.final):
            continue
        good = [s for s in SOURCES if found(r, names.split_names(r.sources[s])[0])]
        raw_good = [s for s in SOURCES if any(found(r, [n]) for n in r.sources[s])]
        cause = "choice" if good else "cleaning" if raw_good else "none"
        counts[cause] += 1
        if show_pages:
            where = good or raw_good
            print(f"  {cause:<9} {r.site:<32} gold {r.gold[0]!r} ours {r.final} from {where}")
    print("misses by cause:", counts)


def chooser(rows: list[Row], make: Callable[[], Any], threshold: float) -> list[list[str]]:
    """Out-of-fold picks (GroupKFold over sites) of a model fitted on the candidates of the
    pages where the rules name nobody, asked only on such pages."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    sites = {s: i for i, s in enumerate(sorted({r.site for r in rows}))}
    groups = np.array([sites[r.site] for r in rows])
    picks = [r.final for r in rows]
    for train, test in GroupKFold(n_splits=5).split(np.zeros(len(rows)), groups=groups):
        fitted = [rows[i] for i in train if not rows[i].final]
        x = np.array([[c[f] for f in FEATURES] for r in fitted for c in r.candidates])
        y = np.array([c["label"] for r in fitted for c in r.candidates])
        model = make().fit(x, y)
        for i in test:
            row = rows[i]
            if row.final or not row.candidates:
                continue
            p = model.predict_proba(np.array([[c[f] for f in FEATURES] for c in row.candidates]))[
                :, 1
            ]
            best = int(np.argmax(p))
            if p[best] >= threshold:
                picks[i] = [row.candidates[best]["name"]]
    return picks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--pages", action="store_true", help="list the misses page by page")
    parser.add_argument(
        "--without-last-resort",
        action="store_true",
        help="the rules without `_labelled_name` (as when the chooser was first tried)",
    )
    args = parser.parse_args(argv)
    if args.without_last_resort:
        rules._labelled_name = lambda labels, sites: []
    from sklearn.linear_model import LogisticRegression
    from sklearn.tree import DecisionTreeClassifier

    rows = read_rows(args.shared)
    print("rules:", figures(rows, [r.final for r in rows]))
    causes(rows, args.pages)
    for c in (0.3, 1.0, 10.0):
        for threshold in (0.2, 0.3, 0.5):
            make = lambda c=c: LogisticRegression(C=c, max_iter=3000)  # noqa: E731
            print(f"logistic C={c} p>={threshold}:", figures(rows, chooser(rows, make, threshold)))
    for depth in (2, 3, 4):
        make = lambda d=depth: DecisionTreeClassifier(max_depth=d, min_samples_leaf=5)  # noqa: E731
        print(f"tree depth {depth} p>=0.5:", figures(rows, chooser(rows, make, 0.5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
