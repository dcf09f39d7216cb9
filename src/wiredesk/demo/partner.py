"""A local partner server: serves the demo partners' sites on loopback.

It answers both plain requests (the Host header picks the site) and proxy
requests (an absolute URL in the request line), so ingest reaches the real
partner URLs through WIREDESK_FETCH_PROXY with no internet. It speaks
conditional GET (ETag, Last-Modified) like a real partner. Tests add routes
of their own, including misbehaving ones.
"""

import hashlib
import threading
import time
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wiredesk.demo.partner_site import Resource, key, resources

Handler = Callable[[BaseHTTPRequestHandler], None]
LAST_MODIFIED = formatdate(time.mktime((2026, 1, 1, 0, 0, 0, 0, 0, 0)), usegmt=True)


class PartnerServer:
    """Serve the partner sites on 127.0.0.1:`port` (0 picks a free port) in a thread."""

    def __init__(self, port: int = 0, with_demo_sites: bool = True):
        self.routes: dict[tuple[str, str], Resource | Handler] = {}
        if with_demo_sites:
            self.routes.update(resources())
        self.requests: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _make_handler(self))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, url: str, content: bytes | str, content_type: str = "text/html") -> None:
        body = content.encode() if isinstance(content, str) else content
        self.routes[key(url)] = Resource(body, content_type)

    def add_handler(self, url: str, handler: Handler) -> None:
        self.routes[key(url)] = handler

    def start(self) -> "PartnerServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "PartnerServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _make_handler(server: PartnerServer) -> type[BaseHTTPRequestHandler]:
    class PartnerHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            url = self._url()
            server.requests.append(url)
            route = server.routes.get(key(url))
            if route is None:
                self._send(404, b"not found", "text/plain")
            elif isinstance(route, Resource):
                self._send_resource(route)
            else:
                route(self)

        def _url(self) -> str:
            if self.path.startswith("http://") or self.path.startswith("https://"):
                return self.path
            host = (self.headers.get("Host") or "").lower()
            return f"http://{host}{self.path}"

        def _send_resource(self, resource: Resource) -> None:
            etag = '"' + hashlib.sha1(resource.content).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match")
                and self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self._send(304, b"", resource.content_type, etag)
                return
            self._send(200, resource.content, resource.content_type, etag)

        def _send(self, status: int, body: bytes, content_type: str, etag: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: tests and the demo log on our side

    return PartnerHandler
