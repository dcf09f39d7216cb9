"""Partner images through our own host (site.images), fetched from a real partner server on
loopback (the fetch proxy), kept on disk, with their safety checks."""

import re
from html import unescape

import pytest

from test_site_factory import article
from wiredesk.site import images

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_site_cache")]

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0" + b"\x00JFIF" + bytes(500)
IMAGE = "http://img.partner.example/glacier.png"


@pytest.fixture(autouse=True)
def image_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "DIRECTORY", tmp_path / "images")
    return tmp_path / "images"


def img_sources(html: str) -> list[str]:
    return [unescape(s) for s in re.findall(r'<img[^>]* src="([^"]+)"', html)]


def test_body_and_lead_images_point_at_our_host(client, swiss, agency, bare_partner):
    bare_partner.add(IMAGE, PNG, "image/png")
    lead = "http://img.partner.example/lead.jpg"
    bare_partner.add(lead, JPEG, "image/jpeg")
    a = article(
        agency, swiss, "Glacier photo", image_url=lead,
        body_html=f'<p>Ice.</p><p><img src="{IMAGE}" alt="The glacier"></p>',
    )  # fmt: skip
    html = client.get(f"/switzerland/a/{a.pk}/glacier-photo/").content.decode()
    sources = img_sources(html)
    assert len(sources) == 2
    assert all(s.startswith("/img/?") for s in sources), sources
    served = {client.get(s)["Content-Type"]: client.get(s).content for s in sources}
    assert served == {"image/png": PNG, "image/jpeg": JPEG}


def test_pages_may_load_images_from_our_host_only(client, swiss, settings):
    path = "wiredesk.site.middleware.SecurityHeadersMiddleware"
    if path not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, path]
    csp = client.get("/switzerland/")["Content-Security-Policy"]
    img_src = next(d for d in csp.split("; ") if d.startswith("img-src"))
    assert img_src == "img-src 'self' data:"


def test_an_image_is_fetched_once_then_served_from_disk(client, bare_partner):
    bare_partner.add(IMAGE, PNG, "image/png")
    url = images.proxied(IMAGE)
    first = client.get(url)
    assert first.status_code == 200 and first.content == PNG
    assert first["Content-Type"] == "image/png"
    assert "default-src 'none'" in first["Content-Security-Policy"]
    asked = len(bare_partner.requests)
    second = client.get(url)
    assert second.status_code == 200 and second.content == PNG
    assert len(bare_partner.requests) == asked  # not asked again


def test_only_urls_our_pages_signed_are_fetched(client, bare_partner):
    bare_partner.add(IMAGE, PNG, "image/png")
    signed = images.proxied(IMAGE)
    other = "http://img.partner.example/other.png"
    forged = signed.replace("glacier.png", "other.png")
    assert client.get(forged).status_code == 404
    assert client.get(f"/img/?u={other}").status_code == 404
    assert client.get("/img/").status_code == 404
    assert not bare_partner.requests


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "image/svg+xml"),
        (b"<html><script>x()</script></html>", "image/png"),  # lies about its type
        (PNG, "text/html"),
        (b"RIFF\x00\x00\x00\x00AVI LIST", "image/webp"),  # RIFF, but not WebP
    ],
)
def test_what_is_not_a_raster_image_is_refused(client, bare_partner, content, content_type):
    bare_partner.add(IMAGE, content, content_type)
    assert client.get(images.proxied(IMAGE)).status_code == 404


def test_too_large_an_image_is_refused(client, bare_partner, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", len(PNG) - 1)
    bare_partner.add(IMAGE, PNG, "image/png")
    assert client.get(images.proxied(IMAGE)).status_code == 404


def test_private_addresses_are_refused(client, bare_partner):
    """The fetch's SSRF check: a signed URL naming a loopback address is not fetched."""
    inside = f"http://127.0.0.1:{bare_partner.port}/secret.png"
    bare_partner.add(inside, PNG, "image/png")
    assert client.get(images.proxied(inside)).status_code == 404
    assert inside not in bare_partner.requests


def test_a_missing_image_is_a_404(client, bare_partner):
    assert client.get(images.proxied("http://img.partner.example/gone.png")).status_code == 404


def test_non_http_sources_are_left_alone():
    assert images.proxied("data:image/png;base64,AAAA") == "data:image/png;base64,AAAA"
    assert images.proxied("/static/site/logo.png") == "/static/site/logo.png"


def test_the_oldest_kept_images_go_past_the_bound(tmp_path):
    import os

    kept = tmp_path / "kept"
    kept.mkdir()
    for i in range(12):
        (kept / f"image{i}").write_bytes(b"image/png\n")
        os.utime(kept / f"image{i}", (1_000_000 + i, 1_000_000 + i))
    assert images.cull(kept, keep=20) == 0
    assert images.cull(kept, keep=10) == 3  # down to 10, less a tenth of them
    assert sorted(f.name for f in kept.iterdir()) == sorted(f"image{i}" for i in range(3, 12))


def test_images_are_culled_as_they_are_kept(client, bare_partner, image_dir, monkeypatch):
    monkeypatch.setattr(images, "MAX_KEPT", 2)
    monkeypatch.setattr(images, "CULL_EVERY", 1)
    for i in range(4):
        url = f"http://img.partner.example/{i}.png"
        bare_partner.add(url, PNG, "image/png")
        assert client.get(images.proxied(url)).status_code == 200
    assert len(list(image_dir.iterdir())) <= 2
