"""Short-lived signed links for the card and the overview: the token binds view, customer, role and expiry."""
from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "insight-service.signed-link.v1"
VIEWS = ("card", "overview")


class LinkError(Exception):
    """A token that may not be used; `status` is the HTTP status of the page that says so."""

    def __init__(self, status: int, title: str, detail: str):
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


@dataclass(frozen=True)
class Grant:
    """What a valid token (or a signed-in session) allows: a view of one role, until a moment."""

    view: str
    role: str
    customer_id: int | None
    expires_at: int
    key_id: int | None
    key_prefix: str


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def sign(secret: str, view: str, role: str, customer_id: int | None, ttl: int, key_id: int | None = None,
         key_prefix: str = "", now: float | None = None) -> tuple[str, int]:
    """A token for a view (a card of one customer, or the overview) and the Unix time it expires."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    expires = int(now if now is not None else time.time()) + int(ttl)
    payload = {"v": view, "r": role, "c": customer_id, "e": expires, "k": key_id, "p": key_prefix}
    return _serializer(secret).dumps(payload), expires


def verify(secret: str, token: str | None, view: str, customer_id: int | None = None,
           now: float | None = None) -> Grant:
    """The grant of a token, or LinkError: 401 missing, 403 forged or for another customer, 410 expired."""
    if not token:
        raise LinkError(401, "Sign-in needed", "Open this page through a signed link from your CRM, or sign in.")
    try:
        data = _serializer(secret).loads(token)
    except BadSignature:
        raise LinkError(403, "Invalid link", "This link is not valid: it was changed or not made by this service.") \
            from None
    if not isinstance(data, dict) or data.get("v") != view:
        raise LinkError(403, "Invalid link", "This link is not valid for this page.")
    if view == "card" and data.get("c") != customer_id:
        raise LinkError(403, "Wrong customer", "This link was made for another customer.")
    if int(data.get("e", 0)) <= int(now if now is not None else time.time()):
        raise LinkError(410, "Link expired", "This link has expired. Open the card again from your CRM for a "
                                             "fresh link.")
    return Grant(view, str(data.get("r")), data.get("c"), int(data["e"]), data.get("k"), str(data.get("p") or ""))


def csrf_for(secret: str, binding: str) -> str:
    """A form token bound to a link token or a session nonce (the form must echo it)."""
    return hmac.new(secret.encode(), b"csrf:" + binding.encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, binding: str | None, sent: str | None) -> bool:
    """Whether a submitted form token matches its binding (constant time)."""
    return bool(binding and sent) and hmac.compare_digest(csrf_for(secret, binding), sent)
