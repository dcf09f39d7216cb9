"""Which tagger tagged an article: a digest of the geo package's code and data.

`wiredesk geotag --rerun` records it with each pass over the archive, so a pass that was
stopped resumes only while the tagger is the same; a new model or gazetteer starts a new
pass.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable


def _files(folder: Traversable) -> list[Traversable]:
    out = []
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.is_dir() and item.name not in ("__pycache__", "management"):
            out += _files(item)
        elif item.is_file() and item.name.endswith((".py", ".tsv", ".txt", ".json")):
            out.append(item)
    return out


@cache
def tagger_version() -> str:
    digest = hashlib.sha256()
    for f in _files(resources.files("wiredesk.geo")):
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]
