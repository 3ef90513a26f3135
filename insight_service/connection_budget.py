"""The connection budget: pool sizes from configuration, and how many connections a deployment may open.

Every process (a gunicorn worker, a job worker, a CLI command) keeps its own SQLAlchemy pool of at most
`pool_size + max_overflow` PostgreSQL connections, so a deployment opens at most

    connections = processes x (pool_size + max_overflow)

and that must stay within `max_connections - superuser_reserved_connections - headroom` on the server (or
within PgBouncer's `max_client_conn` when the processes connect through it). What one process really uses:
a sync gunicorn worker serves one request at a time and needs 2 (the request's session and a streamed
export's own), a worker with `--workers N` job threads needs 2N + 1 (each job and its heartbeat, and the tick).
"""
from __future__ import annotations

from dataclasses import dataclass

from .config import ConfigError

# The defaults keep 8 processes at 80 connections, under PostgreSQL's default max_connections of 100 less its
# 3 superuser slots and room for migrations, psql and backups; a worker's default 4 job threads need 9.
DEFAULT_POOL_SIZE = 5
DEFAULT_MAX_OVERFLOW = 5
# Connections kept free for an operator: `db upgrade`, psql, pg_dump, monitoring.
ADMIN_HEADROOM = 5


@dataclass(frozen=True)
class PoolSettings:
    """One process's pool: connections kept open, extra ones opened under load, and the wait for one."""

    size: int = DEFAULT_POOL_SIZE
    overflow: int = DEFAULT_MAX_OVERFLOW
    timeout: float = 10.0

    @property
    def per_process(self) -> int:
        """The most connections one process opens."""
        return self.size + self.overflow


def _number(config: dict, name: str, default, kind, minimum):
    raw = config.get(name)
    if raw in (None, ""):
        return default
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {raw!r}")
    return value


def pool_settings(config: dict, connect_timeout: float) -> PoolSettings:
    """The pool of DATABASE_POOL_SIZE, DATABASE_MAX_OVERFLOW and DATABASE_POOL_TIMEOUT (seconds), checked."""
    return PoolSettings(size=_number(config, "DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE, int, 1),
                        overflow=_number(config, "DATABASE_MAX_OVERFLOW", DEFAULT_MAX_OVERFLOW, int, 0),
                        timeout=_number(config, "DATABASE_POOL_TIMEOUT", connect_timeout * 2, float, 0.1))


def connections_needed(processes: int, pool: PoolSettings) -> int:
    """The most connections `processes` processes with this pool open together."""
    return processes * pool.per_process


def processes_allowed(max_connections: int, reserved: int, pool: PoolSettings, headroom: int = ADMIN_HEADROOM) -> int:
    """How many processes with this pool a server of `max_connections` (less reserved and headroom) takes."""
    return max(0, (max_connections - reserved - headroom) // pool.per_process)
