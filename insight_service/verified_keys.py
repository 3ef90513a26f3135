"""API keys a process has verified, trusted for a few seconds (API_KEY_CACHE_SECONDS) so reads skip the lookup.

A key lookup is one round trip and an ORM load on every request (about 0.5 ms of CPU and a wait for the server,
more on busy cores). Entries are keyed by the SHA-256 of the presented key, the digest the lookup uses anyway, and
hold only the key's id, name, role and prefix. A revocation made by this process empties the cache at once
(services/access/keys.revocations); one made by another process or machine takes effect within the TTL. Only
live keys are kept: an unknown or revoked key is looked up every time.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app

from .services.access.keys import revocations

MAX_ENTRIES = 1024
clock = time.monotonic  # tests move it


@dataclass(frozen=True)
class VerifiedKey:
    """What a request needs of its API key (never the key or its hash)."""

    id: int
    name: str
    role: str
    prefix: str


class KeyCache:
    """digest -> (VerifiedKey, verified at, revocation generation), bounded, oldest out first."""

    def __init__(self, ttl: float):
        self.ttl = ttl
        self._entries: OrderedDict[str, tuple[VerifiedKey, float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> VerifiedKey | None:
        """The key verified under this digest less than ttl seconds ago, with no revocation since."""
        if self.ttl <= 0:
            return None
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None:
                return None
            key, at, generation = entry
            if clock() - at >= self.ttl or generation != revocations():
                del self._entries[digest]
                return None
            return key

    def put(self, digest: str, key: VerifiedKey, generation: int) -> None:
        """Keep a key verified live by a lookup that began at revocation `generation`."""
        if self.ttl <= 0 or generation != revocations():
            return
        with self._lock:
            self._entries[digest] = (key, clock(), generation)
            self._entries.move_to_end(digest)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every key."""
        with self._lock:
            self._entries.clear()


def key_cache() -> KeyCache:
    """This app's cache (one per process: each gunicorn worker builds the app once)."""
    cache = current_app.extensions.get("verified_keys")
    if cache is None:
        cache = current_app.extensions.setdefault("verified_keys",
                                                  KeyCache(float(current_app.config.get("API_KEY_CACHE_SECONDS", 5))))
    return cache
