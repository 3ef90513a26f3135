"""API-key authentication and the one permission table (README: roles)."""
from __future__ import annotations

from datetime import timedelta

from flask import g, request
from sqlalchemy import select

from . import db
from .errors import ApiError
from .models import ApiKey, utcnow
from .services.access.keys import ROLES, hash_key, revocations
from .verified_keys import VerifiedKey, key_cache

# area -> roles allowed; every /api/v1 route names exactly one area.
PERMISSIONS: dict[str, frozenset[str]] = {
    "ingest": frozenset({"admin", "crm"}),
    "insight": frozenset({"admin", "crm", "service", "marketing", "sales"}),
    "card_links": frozenset({"admin", "crm", "service"}),
    "service_queue": frozenset({"admin", "service"}),
    "marketing": frozenset({"admin", "marketing"}),
    "sales": frozenset({"admin", "sales"}),
    "pain_points": frozenset({"admin", "service", "marketing", "sales", "rnd"}),
    "admin": frozenset({"admin"}),
}
LAST_USED_RESOLUTION = timedelta(minutes=1)


def current_key() -> VerifiedKey:
    """The API key of this request (set by require)."""
    return g.api_key


def actor() -> str:
    """How the audit log names the caller: role and key prefix, never the key."""
    key = g.get("api_key")
    return f"{key.role}:{key.prefix}" if key is not None else g.get("actor", "anonymous")


def authenticate(raw: str | None) -> VerifiedKey:
    """The live key for a raw bearer token (verified by this process within API_KEY_CACHE_SECONDS) or raise 401."""
    if not raw:
        raise ApiError(401, "Unauthorized", "Send an API key as 'Authorization: Bearer <key>'.",
                       [{"field": "Authorization", "message": "missing"}])
    digest, cache = hash_key(raw), key_cache()
    found = cache.get(digest)
    if found is not None:
        return found
    generation = revocations()
    sess = db.session()
    key = sess.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
    if key is None or key.revoked_at is not None:
        raise ApiError(401, "Unauthorized", "The API key is unknown or revoked.",
                       [{"field": "Authorization", "message": "invalid key"}])
    now = utcnow()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        key.last_used_at = now  # coarse, so reads do not write on every request (the TTL is below a minute)
    verified = VerifiedKey(key.id, key.name, key.role, key.prefix)
    cache.put(digest, verified, generation)
    return verified


def live_key(key_id: int) -> VerifiedKey | None:
    """The key of this id while it is live (a signed link's or a session's), under the same cache; else None."""
    digest, cache = f"id:{key_id}", key_cache()  # never a SHA-256 hex digest, so no presented key can collide
    found = cache.get(digest)
    if found is not None:
        return found
    generation = revocations()
    key = db.session().get(ApiKey, key_id)
    if key is None or key.revoked_at is not None:
        return None
    verified = VerifiedKey(key.id, key.name, key.role, key.prefix)
    cache.put(digest, verified, generation)
    return verified


def bearer_token() -> str | None:
    """The token of an 'Authorization: Bearer' header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def require(area: str) -> VerifiedKey:
    """Authenticate the request and check its role may use this area (401/403 otherwise)."""
    key = authenticate(bearer_token())
    g.api_key = key
    if key.role not in PERMISSIONS[area]:
        raise ApiError(403, "Forbidden", f"The role '{key.role}' may not use this route.",
                       [{"field": "role", "message": f"needs one of {sorted(PERMISSIONS[area])}"}])
    return key
