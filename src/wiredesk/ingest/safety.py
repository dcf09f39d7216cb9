"""No server-side request forgery: partner fetches never reach our own networks.

Every request ingest makes (the first and each redirect) passes `check_request`: the
host is resolved and each address must be public. Loopback, private, link-local
(cloud metadata at 169.254.169.254 is link-local), shared, reserved, multicast and
unspecified addresses are refused, unless an operator lists the network in
WIREDESK_FETCH_ALLOW_NETWORKS (the demo and tests allow loopback that way).

When WIREDESK_FETCH_PROXY is set, names are resolved by the proxy, the operator's egress
control; only literal addresses in URLs are checked here then.

Known limit: the name is resolved here and again by the connection, so a DNS server
that answers differently the second time (rebinding) is not caught; an egress proxy
or firewall is the stronger guard.
"""

import ipaddress
import socket
from collections.abc import Callable, Iterable

import httpx

from wiredesk.config import Config
from wiredesk.errors import FetchError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


class FetchRefused(FetchError):
    """The address is one ingest must not reach."""


def address_allowed(address: Address, allowed: Iterable[Network] = ()) -> bool:
    """Public addresses, and those in an allowed network; never cloud metadata."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in network for network in allowed):
        return address not in METADATA or any(
            network.prefixlen == network.max_prefixlen for network in allowed
        )
    return address.is_global and not address.is_multicast and address not in METADATA


def resolve(host: str) -> list[Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(host, f"cannot resolve host: {exc}") from exc
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_url(url: httpx.URL, via_proxy: bool, allowed: Iterable[Network] = ()) -> None:
    host = url.host
    if via_proxy:
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            return  # the proxy resolves names
    else:
        addresses = resolve(host)
    for address in addresses:
        if not address_allowed(address, allowed):
            raise FetchRefused(str(url), f"refused: {host} is {address}, not a public address")


def request_check(config: Config) -> Callable[[httpx.Request], None]:
    """The httpx request hook for `config`: it runs for the first request and every redirect."""
    allowed, via_proxy = config.allowed_networks, bool(config.fetch_proxy)

    def check_request(request: httpx.Request) -> None:
        check_url(request.url, via_proxy, allowed)

    return check_request
