"""API keys: create (shown once), list, revoke; only hashes are stored."""
from __future__ import annotations

import hashlib
import itertools
import secrets

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ...models import ApiKey, utcnow

KEY_PREFIX = "isk_"
# Every key has one role; auth.PERMISSIONS says which areas each role may use.
ROLES = ("admin", "crm", "service", "marketing", "sales", "rnd")
# Bumped by every revocation in this process (before and after it commits): a process's cache of verified keys
# (verified_keys.py) drops what it verified before, so the revoking process refuses the key at once.
_revocations = itertools.count(1)
_generation = 0


def revocations() -> int:
    """How many revocations this process has made (or is committing)."""
    return _generation


def _bump(*_args) -> None:
    global _generation
    _generation = next(_revocations)


def hash_key(raw: str) -> str:
    """SHA-256 of a key; keys are 256-bit random, so a fast unsalted hash is safe and indexable."""
    return hashlib.sha256(raw.encode()).hexdigest()


def create_key(session: Session, name: str, role: str) -> tuple[ApiKey, str]:
    """Create a key and return it with the plaintext, which is never stored."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, role=role, prefix=raw[: len(KEY_PREFIX) + 6], key_hash=hash_key(raw))
    session.add(key)
    session.flush()
    return key, raw


def list_keys(session: Session) -> list[ApiKey]:
    """All keys, newest first."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id.desc())))


def revoke_key(session: Session, key_id: int) -> ApiKey | None:
    """Revoke a key at once; returns None when it does not exist."""
    key = session.get(ApiKey, key_id)
    if key is not None and key.revoked_at is None:
        key.revoked_at = utcnow()
        _bump()  # a verification racing the commit would cache the live key again: bump once more after it
        event.listen(session, "after_commit", _bump, once=True)
    return key
