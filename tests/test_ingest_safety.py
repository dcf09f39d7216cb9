"""No server-side request forgery: the address decision, and refusals end to end on loopback."""

import ipaddress

import pytest

from wiredesk.config import Config
from wiredesk.demo.partner import PartnerServer
from wiredesk.errors import FetchError
from wiredesk.ingest.fetch import fetch, make_client
from wiredesk.ingest.safety import FetchRefused, address_allowed

LOOPBACK = ipaddress.ip_network("127.0.0.1/32")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "fc00::5",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "240.0.0.1",
    ],
)
def test_private_link_local_and_metadata_addresses_are_refused(address):
    assert not address_allowed(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert address_allowed(ipaddress.ip_address(address))


def test_allow_list_opens_only_its_network():
    assert address_allowed(ipaddress.ip_address("127.0.0.1"), [LOOPBACK])
    assert not address_allowed(ipaddress.ip_address("127.0.0.2"), [LOOPBACK])
    wide = [ipaddress.ip_network("169.254.0.0/16")]
    assert not address_allowed(ipaddress.ip_address("169.254.169.254"), wide)


@pytest.fixture
def direct():
    """A partner server fetched without a proxy, so names and addresses are checked here."""
    with PartnerServer(0, with_demo_sites=False) as server:
        yield server


def test_loopback_not_on_the_allow_list_is_refused(direct):
    config = Config(fetch_proxy="", fetch_allow_networks=())
    url = f"http://127.0.0.1:{direct.port}/feed.rss"
    direct.add(url, "<rss/>", "application/rss+xml")
    with make_client(config) as client, pytest.raises(FetchRefused):
        fetch(client, url)
    assert direct.requests == []


def test_redirect_to_a_refused_address_is_refused(direct):
    config = Config(fetch_proxy="", fetch_allow_networks=("127.0.0.1/32",))
    start = f"http://127.0.0.1:{direct.port}/feed.rss"
    target = f"http://127.0.0.2:{direct.port}/secret"

    def redirect(request):
        request.send_response(302)
        request.send_header("Location", target)
        request.send_header("Content-Length", "0")
        request.end_headers()

    direct.add_handler(start, redirect)
    with make_client(config) as client, pytest.raises(FetchError, match="refused"):
        fetch(client, start)
    assert direct.requests == [start]  # the redirect target was never asked
