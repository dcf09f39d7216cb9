"""A fitted chooser between the story candidates the extractor computes (issue 19).

Run: ``PYTHONPATH=src .venv/bin/python bench/body_chooser.py gather`` (WCXB tuning folds and
../shared/data/extraction: every candidate of every page, with features and scores, cached
under var/), then ``... body_chooser.py fit`` (out-of-fold figures over sites).

Candidates (see `page.find_story`): `first` (trafilatura's fast pass through the rules of
`body`), `read` (readability's scoring), `full` (trafilatura in full), `fill` (the story's own
container). The rules compute `read` only where the story area looks wrong (`second`), `full`
only where, after that, the story is still under 1,000 characters (`third`), and `fill` only
on an unstructured area that needed no second opinion (`unstructured`); every candidate is
computed here on every page so that the "free" regime (a candidate only where the rules
already pay for it) and the "all" regime (every candidate everywhere, about twice the time)
can both be scored.

Only WCXB's tuning folds (`wcxb.TUNING_FOLDS`) are read; a model is scored out of fold with
`GroupKFold` over sites, and on ../extraction after fitting on all tuning pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import statistics
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
import extraction  # noqa: E402  (beside this script)
import wcxb  # noqa: E402

CACHE = REPO / "var" / "body_chooser.json.gz"
NAMES = ("first", "read", "full", "fill")
KINDS = ("p", "h", "li", "quote", "code", "row")


# --- gathering ------------------------------------------------------------------------------


def candidates(html: str, url: str) -> dict:
    """Every candidate's story, the rules' pick and the gates, for one page."""
    from wiredesk.errors import ExtractError
    from wiredesk.extract import page as pg
    from wiredesk.extract.fill import LONG_P_CHARS, container_blocks, page_paragraphs
    from wiredesk.extract.metadata import read_metadata
    from wiredesk.extract.parse import parse_page
    from wiredesk.extract.structured import read_structured

    try:
        tree = parse_page(html, url)
    except ExtractError:
        return {}
    title = read_metadata(tree, read_structured(tree), url).title
    large = len(html) > pg.MAX_HELPER_CHARS
    blocks = pg.story_blocks(tree, url)
    paragraphs = page_paragraphs(tree)
    first = pg.select_story(blocks, title, None)
    second = not large and pg.needs_second_opinion(first.blocks, tree, paragraphs)
    read = pg.select_story(pg.second_opinion(tree), title, None)
    full = pg.select_story(pg.trafilatura_blocks(parse_page(html, url), url, fast=False), title)
    fresh = parse_page(html, url)
    fill = pg.select_story(container_blocks(fresh, blocks, page_paragraphs(fresh)), title)
    parts = {"first": first, "read": read, "full": full, "fill": fill}
    pick, third = "first", False
    if second:
        pick = "read" if pg._better(first, read) is read else "first"
        if len(parts[pick].body) < pg.SHORT_STORY_CHARS:
            third = True
            if len(full.body) >= pg.THIRD_GAIN * len(parts[pick].body):
                pick = "full"
    elif pg.unstructured(blocks):
        pick = "fill" if pg._filled(first, fill) is fill else "first"
    long_ps = [text for _, text in paragraphs if len(text) >= LONG_P_CHARS]
    return {
        "pick": pick,
        "second": second,
        "third": third,
        "unstructured": pg.unstructured(blocks) and not second,
        "mass": sum(len(t) for t in long_ps),
        "page_chars": sum(len(t) for _, t in paragraphs),
        "cands": {name: describe(p, long_ps) for name, p in parts.items()},
    }


def describe(parts, long_ps: list[str]) -> dict:
    """A candidate's text (empty under 5 words, as `extract_page` refuses it) and its shape."""
    body = parts.body if len(parts.body.split()) >= 5 else ""
    blocks = parts.blocks if body else []
    kinds = Counter(b.kind for b in blocks)
    return {
        "body": body,
        "blocks": len(blocks),
        "kinds": {k: kinds.get(k, 0) for k in KINDS},
        "links": sum(b.link_chars for b in blocks),
        "longest": max((b.words for b in blocks), default=0),
        "dropped": len(parts.dropped),
        "long_ps_in": sum(1 for t in long_ps if t in body) if body else 0,
        "long_ps": len(long_ps),
    }


def gather(out: Path) -> None:
    from wiredesk.extract import extract_page

    rows = []
    for p in wcxb.load(extraction.DEFAULT_WCXB):
        if p.held_out:
            continue
        rows.append(
            {
                "set": "wcxb",
                "id": p.id,
                "site": p.site,
                "url": p.url,
                "truth": p.gold["main_content"],
                **candidates(p.html, p.url),
            }
        )
    for key, url, html, truth in extraction.load_pages(extraction.DEFAULT_DATA):
        rows.append(
            {
                "set": "extraction",
                "id": key,
                "site": key,
                "url": url,
                "truth": truth,
                **candidates(html, url),
            }
        )
    # the rules' pick must be what `extract_page` answers (checked on every page)
    bad = 0
    for r in rows:
        if not r.get("cands"):
            continue
        html = _html(r)
        try:
            body = extract_page(html, r.get("url", "")).body
        except Exception:  # refused: an empty answer, as the bench scores it
            body = ""
        if body != r["cands"][r["pick"]]["body"]:
            bad += 1
    print(f"pages {len(rows)}, rules' pick differing from extract_page: {bad}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        json.dump(rows, fh)


_HTML: dict[tuple[str, str], str] = {}


def _html(row: dict) -> str:
    return _HTML[(row["set"], row["id"])]


# --- features -------------------------------------------------------------------------------


def _tokens(text: str) -> Counter:
    return Counter(wcxb._TOKEN.findall(text.lower()))


def contained(a: Counter, b: Counter) -> float:
    """Share of a's tokens found in b (multisets)."""
    total = sum(a.values())
    return sum((a & b).values()) / total if total else 0.0


def features(row: dict, name: str, toks: dict[str, Counter], have: tuple[str, ...]) -> list:
    """One candidate's features beside the rules' pick and the first answer."""
    c, pick = row["cands"][name], row["pick"]
    chars = len(c["body"]) or 1
    ref = len(row["cands"][pick]["body"]) or 1
    first = len(row["cands"]["first"]["body"]) or 1
    words = max(1, sum(toks[name].values()))
    others = [contained(toks[name], toks[o]) for o in have if o != name]
    return [
        *shape(c, chars, words),
        *shape(row["cands"][pick], ref, max(1, sum(toks[pick].values()))),
        math.log(chars),
        math.log(ref),
        math.log(chars / ref),
        math.log(chars / first),
        contained(toks[name], toks[pick]),
        contained(toks[pick], toks[name]),
        min(others, default=1.0),
        max(others, default=1.0),
        c["long_ps_in"] / max(1, c["long_ps"]),
        chars / max(1, row["mass"]),
        chars / max(1, row["page_chars"]),
        math.log(1 + row["mass"]),
        float(row["second"]),
        float(row["unstructured"]),
        *(float(name == n) for n in NAMES),
        *(float(pick == n) for n in NAMES),
    ]


def shape(c: dict, chars: int, words: int) -> list[float]:
    """A candidate's blocks: count, share of each kind, link share, longest block, drops."""
    return [
        math.log(1 + c["blocks"]),
        *(c["kinds"][k] / max(1, c["blocks"]) for k in KINDS),
        c["links"] / chars,
        c["longest"] / words,
        math.log(1 + c["dropped"]),
    ]


def available(row: dict, regime: str) -> tuple[str, ...]:
    """The candidates a page has: all of them, or those the rules already compute."""
    if regime == "all":
        return NAMES
    if regime == "cheap":  # the container on every page, the rest where the rules ask
        return tuple(n for n in NAMES if n in ("first", "fill") or n in available(row, "free"))
    if row["second"]:
        return ("first", "read", "full") if row["third"] else ("first", "read")
    if row["unstructured"]:
        return ("first", "fill")
    return ("first",)


# --- fitting --------------------------------------------------------------------------------


def scored(rows: list[dict]) -> None:
    """Each candidate's word F1 (WCXB) or shingle score (../extraction)."""
    for r in rows:
        for c in r["cands"].values():
            if r["set"] == "wcxb":
                c["f1"] = wcxb.word_f1(r["truth"], c["body"])
            else:
                s = extraction.score_page(r["truth"], c["body"])
                c["score"] = (s.tp, s.fp, s.fn, s.exact)
                p = extraction._precision(s) if s.tp + s.fp else 0.0
                rc = extraction._recall(s)
                c["f1"] = 2 * p * rc / (p + rc) if p + rc else 0.0


def design(rows: list[dict], regime: str):
    """Rows of (page index, candidate, features, gain over the rules' pick)."""
    out = []
    for i, r in enumerate(rows):
        have = available(r, regime)
        toks = {n: _tokens(r["cands"][n]["body"]) for n in have}
        base = r["cands"][r["pick"]]["f1"]
        for name in have:
            if name == r["pick"]:
                continue
            out.append((i, name, features(r, name, toks, have), r["cands"][name]["f1"] - base))
    return out


def make_model(kind: str):
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "gbr":
        return GradientBoostingRegressor(
            n_estimators=150, max_depth=2, learning_rate=0.05, subsample=0.8, random_state=0
        )
    if kind == "gbc":
        return GradientBoostingClassifier(
            n_estimators=150, max_depth=2, learning_rate=0.05, subsample=0.8, random_state=0
        )
    if kind == "ridge":
        return make_pipeline(StandardScaler(), Ridge(alpha=10.0))
    return make_pipeline(StandardScaler(), LogisticRegression(C=0.3, max_iter=2000))


def fit_predict(kind: str, x_fit, y_fit, x_new):
    """Predicted gain (regressors) or probability of a gain over `MARGIN` (classifiers);
    `gbc2`: that probability, zeroed where a second classifier gives a loss of `MARGIN` a
    probability of `LOSS_CAP` or more (switch only where no loss is foreseen)."""
    if kind == "gbc2":
        gain = fit_predict("gbc", x_fit, y_fit, x_new)
        loss = fit_predict("gbc", x_fit, [-g for g in y_fit], x_new)
        return [g if lo < LOSS_CAP else 0.0 for g, lo in zip(gain, loss, strict=True)]
    model = make_model(kind)
    if kind in ("logit", "gbc"):
        labels = [int(g > MARGIN) for g in y_fit]
        if len(set(labels)) < 2:
            return [0.0] * len(x_new)
        model.fit(x_fit, labels)
        return list(model.predict_proba(x_new)[:, 1])
    model.fit(x_fit, y_fit)
    return list(model.predict(x_new))


MARGIN = 0.02
LOSS_CAP = 0.2


def choose(rows: list[dict], design_rows, preds, threshold: float) -> list[str]:
    """Each page's choice: the best-predicted candidate when above `threshold`, else the
    rules' pick."""
    best: dict[int, tuple[float, str]] = {}
    for (i, name, _, _), pred in zip(design_rows, preds, strict=True):
        if pred > threshold and pred > best.get(i, (-1e9, ""))[0]:
            best[i] = (pred, name)
    return [best.get(i, (0, r["pick"]))[1] for i, r in enumerate(rows)]


def wcxb_mean(rows: list[dict], picks: list[str]) -> float:
    return statistics.mean(r["cands"][p]["f1"] for r, p in zip(rows, picks, strict=True))


def extraction_f1(rows: list[dict], picks: list[str]) -> float:
    scores = [
        extraction.PageScore(*r["cands"][p]["score"]) for r, p in zip(rows, picks, strict=True)
    ]
    return extraction.aggregate(scores)["f1"]


def out_of_fold(rows: list[dict], regime: str, kind: str) -> tuple[list, list[float]]:
    """Predictions for every design row from models fitted on the other sites' pages."""
    from sklearn.model_selection import GroupKFold

    d = design(rows, regime)
    x = [[*f, float(rows[i]["set"] == "wcxb")] for i, _, f, _ in d]
    y = [g for _, _, _, g in d]
    groups = [rows[i]["site"] for i, _, _, _ in d]
    preds = [0.0] * len(d)
    for fit_idx, test_idx in GroupKFold(n_splits=5).split(x, y, groups):
        got = fit_predict(
            kind, [x[j] for j in fit_idx], [y[j] for j in fit_idx], [x[j] for j in test_idx]
        )
        for j, p in zip(test_idx, got, strict=True):
            preds[j] = p
    return d, preds


def fitted_on(fit_rows: list[dict], new_rows: list[dict], regime: str, kind: str):
    """Predictions for `new_rows` from a model fitted on every page of `fit_rows`."""
    d, dn = design(fit_rows, regime), design(new_rows, regime)
    x = [[*f, float(fit_rows[i]["set"] == "wcxb")] for i, _, f, _ in d]
    xn = [[*f, float(new_rows[i]["set"] == "wcxb")] for i, _, f, _ in dn]
    return dn, fit_predict(kind, x, [g for _, _, _, g in d], xn) if dn else []


def auc(design_rows, preds) -> float:
    """How well the predictions rank the switches that gain over `MARGIN` (ROC AUC)."""
    from sklearn.metrics import roc_auc_score

    labels = [int(g > MARGIN) for _, _, _, g in design_rows]
    return roc_auc_score(labels, preds) if 0 < sum(labels) < len(labels) else float("nan")


def switches(rows: list[dict], picks: list[str]) -> str:
    """How many pages changed, and how many by more than 0.005 of F1 each way."""
    gains = [
        r["cands"][p]["f1"] - r["cands"][r["pick"]]["f1"]
        for r, p in zip(rows, picks, strict=True)
        if p != r["pick"]
    ]
    return f"{len(gains)} (+{sum(g > 0.005 for g in gains)} -{sum(g < -0.005 for g in gains)})"


REGIMES = ("free", "cheap", "all")
MODELS = ("gbr", "ridge", "logit", "gbc", "gbc2")


def report(rows: list[dict], ext: list[dict], joint: bool) -> None:
    """Out-of-fold WCXB tuning F1 (and ../extraction F1) for each regime, model, threshold.

    `joint`: ../extraction's pages are fitted on too, out of fold like WCXB's; otherwise the
    models are fitted on WCXB's tuning pages only and ../extraction is out of sample."""
    print(f"tuning pages {len(rows)}: rules {wcxb_mean(rows, [r['pick'] for r in rows]):.4f}")
    for regime in REGIMES:
        oracle = [max(available(r, regime), key=lambda n, r=r: r["cands"][n]["f1"]) for r in rows]
        print(f"  oracle ({regime}) {wcxb_mean(rows, oracle):.4f}")
    print(
        f"../extraction pages {len(ext)}: rules {extraction_f1(ext, [r['pick'] for r in ext]):.5f}"
    )
    for regime in REGIMES:
        for kind in MODELS:
            if joint:
                d, preds = out_of_fold(rows + ext, regime, kind)
                de, pe = d, preds
                rows_e = rows + ext
            else:
                d, preds = out_of_fold(rows, regime, kind)
                de, pe = fitted_on(rows, ext, regime, kind)
                rows_e = ext
            grid = (
                (0.5, 0.6, 0.7, 0.8, 0.9)
                if kind in ("logit", "gbc", "gbc2")
                else (0, 0.01, 0.02, 0.05, 0.1)
            )
            print(f"  {regime} {kind}: out-of-fold AUC of a gain over {MARGIN} {auc(d, preds):.3f}")
            for t in grid:
                picks = choose(rows_e if joint else rows, d, preds, t)[: len(rows)]
                ep = choose(rows_e, de, pe, t)[-len(ext) :]
                print(
                    f"    t={t:<4} WCXB tuning (oof) {wcxb_mean(rows, picks):.4f} "
                    f"switched {switches(rows, picks)}  ../extraction {extraction_f1(ext, ep):.5f} "
                    f"switched {sum(p != r['pick'] for r, p in zip(ext, ep, strict=True))}"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("gather", "fit"))
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--joint", action="store_true", help="fit on ../extraction too")
    args = parser.parse_args(argv)
    if args.step == "gather":
        for p in wcxb.load(extraction.DEFAULT_WCXB):
            if not p.held_out:
                _HTML[("wcxb", p.id)] = p.html
        for key, _, html, _ in extraction.load_pages(extraction.DEFAULT_DATA):
            _HTML[("extraction", key)] = html
        gather(args.cache)
        return 0
    with gzip.open(args.cache, "rt", encoding="utf-8") as fh:
        rows = [r for r in json.load(fh) if r.get("cands")]
    scored(rows)
    wcxb_rows = [r for r in rows if r["set"] == "wcxb"]
    report(wcxb_rows, [r for r in rows if r["set"] == "extraction"], args.joint)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
