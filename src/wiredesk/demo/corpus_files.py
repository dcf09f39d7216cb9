"""Where the shipped demo corpus lives, and how to read it."""

import gzip
import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def gv_articles() -> list[dict]:
    with open(CORPUS / "globalvoices" / "articles.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gv_page(article_id: str) -> bytes:
    return gzip.decompress(
        (CORPUS / "globalvoices" / "html" / f"{article_id}.html.gz").read_bytes()
    )


def gv_feature_feed() -> bytes:
    return (
        CORPUS / "globalvoices" / "feeds" / "globalvoices-feature-feed-2009-06-11.rss"
    ).read_bytes()


def rferl_sample() -> str:
    return (CORPUS / "rferl" / "nato-russia-council.txt").read_text(encoding="utf-8")
