"""Partner images served from our own host, so a reader's browser never asks the partner.

Article bodies and lead images name images on partners' hosts. Pages point them at
`/img/?u=<url>&s=<signature>` instead (`proxied`); the signature (HMAC with SECRET_KEY) means
only URLs our own pages carry are fetched, so this is no open proxy. The view fetches the
image once through wiredesk.ingest.fetch, with its checks: public addresses only (every
redirect too, SSRF), bounded time and size; it keeps the image on disk and serves it from
there afterwards. Only raster types are served (JPEG, PNG, GIF, WebP, AVIF: no SVG, which
can carry script), and only when the bytes start as that type says (a partner's wrong
content type, or HTML served as an image, is refused). A failed fetch is a 404: the page
shows the image's alt text.

Trade-off: the first reader of an image waits for the partner (bounded by the fetch
timeout); later readers get it from disk.
"""

import hashlib
import logging
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.signing import Signer
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare

from wiredesk.errors import FetchError
from wiredesk.site.links import site_url

log = logging.getLogger(__name__)

MAX_BYTES = 5_000_000
# Images kept on disk, checked every CULL_EVERY writes; past MAX_KEPT the oldest tenth go.
# Partner images are mostly tens to hundreds of KB: about 1 GB at the bound.
MAX_KEPT = 5_000
CULL_EVERY = 100
TIMEOUT = 10.0
MAGIC = {  # content type -> how its bytes start
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),  # and "WEBP" at offset 8, checked below
    "image/avif": (b"\x00\x00\x00",),  # an ISO box; "ftypavif" checked below
}
BROWSER_CACHE = "public, max-age=86400"
DIRECTORY = Path(tempfile.gettempdir()) / f"wiredesk-images-{os.getuid()}"
_signer = Signer(salt="wiredesk.site.images")


def proxied(url: str) -> str:
    """Our URL for a partner image (http or https); anything else is returned unchanged."""
    if not url.startswith(("https://", "http://")):
        return url
    query = urlencode({"u": url, "s": _signer.signature(url)})
    return f"{site_url('site:image')}?{query}"


def image(request: HttpRequest) -> HttpResponse:
    url, signature = request.GET.get("u", ""), request.GET.get("s", "")
    if not url or not constant_time_compare(signature, _signer.signature(url)):
        raise Http404("Not an image our pages name")
    kept = _path(url)
    try:
        content_type, content = _read(kept)
    except OSError:
        content_type, content = _fetch(url)
        _keep(kept, content_type, content)
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = BROWSER_CACHE
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def content_type_of(declared: str, content: bytes) -> str | None:
    """The allowed raster type that both the header and the bytes agree on, else None."""
    kind = declared.split(";")[0].strip().lower()
    starts = MAGIC.get(kind)
    if not starts or not content.startswith(starts):
        return None
    if kind == "image/webp" and content[8:12] != b"WEBP":
        return None
    if kind == "image/avif" and content[4:12] != b"ftypavif":
        return None
    return kind


def _fetch(url: str) -> tuple[str, bytes]:
    from wiredesk.ingest.fetch import fetch, make_client

    try:
        with make_client(replace(settings.WIREDESK, fetch_timeout=TIMEOUT)) as client:
            result = fetch(client, url)
    except FetchError as exc:
        log.info("image proxy: cannot fetch %s: %s", url, exc)
        raise Http404("The image cannot be fetched") from exc
    kind = content_type_of(result.content_type, result.content)
    if kind is None or len(result.content) > MAX_BYTES:
        log.info("image proxy: refused %s (%s)", url, result.content_type)
        raise Http404("Not an image we serve")
    return kind, result.content


def _path(url: str) -> Path:
    return DIRECTORY / hashlib.sha256(url.encode()).hexdigest()


def _read(path: Path) -> tuple[str, bytes]:
    data = path.read_bytes()
    content_type, _, content = data.partition(b"\n")
    return content_type.decode("ascii"), content


_written = 0


def _keep(path: Path, content_type: str, content: bytes) -> None:
    """Write whole or not at all (a temporary file renamed), so a reader never sees half."""
    global _written
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(content_type.encode("ascii") + b"\n" + content)
        os.replace(temporary, path)
        _written += 1
        if _written % CULL_EVERY == 0:
            cull(path.parent)
    except OSError as exc:  # serving the image matters more than keeping it
        log.warning("image proxy: cannot keep %s: %s", path, exc)


def cull(directory: Path, keep: int | None = None) -> int:
    """Past `keep` (MAX_KEPT) images, remove the oldest tenth; returns how many went.
    A removed image is fetched again on its next view."""
    keep = MAX_KEPT if keep is None else keep
    files = [f for f in os.scandir(directory) if f.is_file()]
    if len(files) <= keep:
        return 0
    files.sort(key=lambda f: f.stat().st_mtime)
    gone = files[: len(files) - keep + keep // 10]
    for f in gone:
        Path(f.path).unlink(missing_ok=True)
    return len(gone)
