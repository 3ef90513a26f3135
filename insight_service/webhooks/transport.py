"""POSTing a delivery: a timeout, no redirects, no proxies from the environment, and no private addresses.

SSRF protection: outside the demo and tests the host is resolved and refused when any of its addresses is
not public (loopback, private, link-local, the cloud metadata address, multicast, reserved...); and the address
the connection actually reached is checked again once connected, so a DNS answer that changes in between
(rebinding) cannot slip through.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .retry import Outcome


MAX_ANSWER = 64 * 1024  # bytes of a receiver's answer read (the status is what counts)


class AddressRefused(ValueError):
    """The host is, or resolved to, an address deliveries may not reach."""


def public(address: str) -> bool:
    """Whether an IP address is globally reachable (not loopback, private, link-local, metadata, reserved...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_host(host: str, port: int) -> None:
    """Resolve a host and refuse it unless every address is public (AddressRefused)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise AddressRefused("the host does not resolve") from None
    bad = [info[4][0] for info in infos if not public(info[4][0])]
    if bad or not infos:
        raise AddressRefused("the host resolves to an address that is not public")


class _Guarded:
    """Check the peer of every new connection (the address actually used)."""

    def _new_conn(self):
        sock = super()._new_conn()
        if not public(sock.getpeername()[0]):
            sock.close()
            raise AddressRefused("the connection reached an address that is not public")
        return sock


class GuardedHTTPConnection(_Guarded, HTTPConnection):
    """HTTP connection refusing non-public peers."""


class GuardedHTTPSConnection(_Guarded, HTTPSConnection):
    """HTTPS connection refusing non-public peers."""


class GuardedHTTPPool(HTTPConnectionPool):
    """Pool of guarded HTTP connections."""

    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSPool(HTTPSConnectionPool):
    """Pool of guarded HTTPS connections."""

    ConnectionCls = GuardedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose pools check every connection's peer address."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


def make_session(allow_private: bool) -> requests.Session:
    """A session for deliveries: environment proxies ignored (the peer must be the receiver), guarded unless allowed."""
    session = requests.Session()
    session.trust_env = False
    if not allow_private:
        adapter = GuardedAdapter(pool_connections=16, pool_maxsize=16)
    else:
        adapter = HTTPAdapter(pool_connections=16, pool_maxsize=16)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass(frozen=True)
class Sent:
    """An attempt's outcome and how long it took."""

    outcome: Outcome
    latency_ms: int


def post(session: requests.Session, url: str, body: bytes, headers: dict, timeout: float,
         allow_private: bool) -> Sent:
    """POST once; every failure becomes an Outcome with a safe text (never the URL's query, never a secret)."""
    started = time.monotonic()

    def done(outcome: Outcome) -> Sent:
        return Sent(outcome, int((time.monotonic() - started) * 1000))

    try:
        if not allow_private:
            parts = urlsplit(url)
            check_host(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        response = session.post(url, data=body, headers=headers, timeout=timeout, allow_redirects=False,
                                stream=True)
    except AddressRefused as exc:
        return done(Outcome(None, f"refused: {exc}", permanent=True))
    except requests.Timeout:
        return done(Outcome(None, "timeout"))
    except requests.ConnectionError as exc:
        refused = _refusal(exc)
        if refused is not None:
            return done(Outcome(None, f"refused: {refused}", permanent=True))
        return done(Outcome(None, "connection error"))
    except requests.RequestException as exc:
        return done(Outcome(None, f"request error ({type(exc).__name__})"))
    try:
        outcome = Outcome(response.status_code, retry_after=response.headers.get("Retry-After"))
        read = 0
        for chunk in response.iter_content(8192):  # read a short answer to the end: the connection is kept alive
            read += len(chunk)
            if read > MAX_ANSWER:
                break  # a long one is not ours to read: close() drops the connection
        return done(outcome)
    except requests.RequestException:
        return done(outcome)  # the status arrived; a body cut short changes nothing
    finally:
        response.close()


def _refusal(exc: BaseException) -> str | None:
    """The AddressRefused a connection error wraps, if any."""
    seen = exc
    for _depth in range(6):
        if isinstance(seen, AddressRefused):
            return str(seen)
        seen = seen.__context__ or seen.__cause__ or (seen.args[0] if seen.args and isinstance(
            seen.args[0], BaseException) else None)
        if seen is None:
            return None
    return None
