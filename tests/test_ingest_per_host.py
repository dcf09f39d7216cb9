"""Per-host politeness: at most WIREDESK_FETCH_PER_HOST requests to one partner at once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from wiredesk.ingest.fetch import fetch, make_client


class Meter:
    """Counts the requests a partner server is answering at the same moment, per host."""

    def __init__(self):
        self.lock = threading.Lock()
        self.now: dict[str, int] = {}
        self.most: dict[str, int] = {}

    def handler(self, host: str):
        def answer(request):
            with self.lock:
                self.now[host] = self.now.get(host, 0) + 1
                self.most[host] = max(self.most.get(host, 0), self.now[host])
            time.sleep(0.05)  # long enough for the other threads to pile up
            with self.lock:
                self.now[host] -= 1
            body = b"<html><body><p>page</p></body></html>"
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        return answer


@pytest.mark.parametrize("per_host", [1, 2])
def test_no_host_sees_more_than_its_share(bare_partner, settings, per_host):
    config = replace(settings.WIREDESK, fetch_per_host=per_host)
    meter = Meter()
    urls = []
    for host in ("a.test", "b.test"):
        for n in range(8):
            url = f"http://{host}/{n}"
            bare_partner.add_handler(url, meter.handler(host))
            urls.append(url)
    with make_client(config) as client, ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda u: fetch(client, u), urls))
    assert [r.status for r in results] == [200] * len(urls)  # every page fetched, none lost
    assert meter.most["a.test"] <= per_host and meter.most["b.test"] <= per_host
    assert max(meter.most.values()) == per_host  # the threads did press on the limit
