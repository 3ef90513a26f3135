"""Configuration: environment -> app.config, validated once at start-up."""
from __future__ import annotations

import os
from pathlib import Path

DEV_SECRET = "dev-insecure-secret-change-me"
MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says which variable and why."""


def database_url(raw: str | None, instance_path: str) -> str:
    """Return a SQLAlchemy URL, mapping Heroku-style postgres:// URLs to psycopg 3."""
    if not raw:
        return f"sqlite:///{Path(instance_path) / 'insight.sqlite'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def from_environment(instance_path: str, environ=os.environ) -> dict:
    """Read every setting from the environment, with safe defaults for the embedded database."""
    return {
        "SQLALCHEMY_DATABASE_URL": database_url(environ.get("DATABASE_URL"), instance_path),
        # a read replica for read-only routes (README: Read replica); unset: everything on DATABASE_URL
        "DATABASE_REPLICA_URL": database_url(environ["DATABASE_REPLICA_URL"], instance_path)
        if environ.get("DATABASE_REPLICA_URL") else "",
        "SECRET_KEY": environ.get("SECRET_KEY", ""),
        "IDENTITY_HASH_KEY": environ.get("IDENTITY_HASH_KEY", ""),
        "DEFAULT_PHONE_REGION": environ.get("DEFAULT_PHONE_REGION", "NL"),
        "MAX_CONTENT_LENGTH": int(environ.get("MAX_CONTENT_LENGTH", str(8 * 1024 * 1024))),
        "LOG_LEVEL": environ.get("LOG_LEVEL", "INFO"),
        "INSIGHT_DEMO": environ.get("INSIGHT_DEMO", "") == "1",
        "K_ANONYMITY": int(environ.get("K_ANONYMITY", "5")),
        # codes an operator promoted from themes (`insight-service themes promote`), added to the shipped taxonomy
        "TAXONOMY_OVERLAY": environ.get("TAXONOMY_OVERLAY", ""),
        "RETENTION_MONTHS": int(environ.get("RETENTION_MONTHS", "24")),
        "MAX_BATCH_SIZE": int(environ.get("MAX_BATCH_SIZE", "1000")),
        "CONNECTORS_FILE": environ.get("CONNECTORS_FILE", ""),
        "CARD_LINK_TTL_SECONDS": int(environ.get("CARD_LINK_TTL_SECONDS", "900")),
        # how long a process trusts an API key it verified (auth.py); a revocation reaches every worker within it
        "API_KEY_CACHE_SECONDS": float(environ.get("API_KEY_CACHE_SECONDS", "5")),
        "FRAME_ANCESTORS": environ.get("FRAME_ANCESTORS", "'self'"),
        # the job engine (docs/job-engine.md): no JOBS_URL means embedded, an SQLite file in the instance folder
        "JOBS_URL": environ.get("JOBS_URL", ""),
        "JOBS_NAME": environ.get("JOBS_NAME", "insight-service"),
        "JOBS_TICK_SECONDS": int(environ.get("JOBS_TICK_SECONDS", "30")),
        "JOBS_HEARTBEAT_SECONDS": float(environ.get("JOBS_HEARTBEAT_SECONDS", "10")),
        "JOBS_STALE_SECONDS": float(environ.get("JOBS_STALE_SECONDS", "60")),
        "JOBS_POLL_MAX_SECONDS": float(environ.get("JOBS_POLL_MAX_SECONDS", "1")),
        "JOBS_RESEND_SECONDS": float(environ.get("JOBS_RESEND_SECONDS", "900")),
        # webhooks (docs/webhooks.md): private addresses and plain http only in the demo and tests unless set here
        "WEBHOOKS_ALLOW_PRIVATE": {"1": True, "0": False}.get(environ.get("WEBHOOKS_ALLOW_PRIVATE", "")),
        "WEBHOOK_TIMEOUT_SECONDS": float(environ.get("WEBHOOK_TIMEOUT_SECONDS", "10")),
        "WEBHOOK_MAX_ATTEMPTS": int(environ.get("WEBHOOK_MAX_ATTEMPTS", "13")),
        "WEBHOOK_DISABLE_AFTER": int(environ.get("WEBHOOK_DISABLE_AFTER", "5")),
        "WEBHOOK_EMERGING_SCHEDULE": environ.get("WEBHOOK_EMERGING_SCHEDULE", "every 1h"),
        # where export jobs write their files (a folder every web and worker machine shares)
        "EXPORTS_DIR": environ.get("EXPORTS_DIR", ""),
        # seconds; unset keeps db.DEFAULT_TIMEOUTS (connect 5, SQLite busy 30, PostgreSQL statement 100; 0: none)
        "DATABASE_CONNECT_TIMEOUT": environ.get("DATABASE_CONNECT_TIMEOUT", ""),
        "DATABASE_BUSY_TIMEOUT": environ.get("DATABASE_BUSY_TIMEOUT", ""),
        "DATABASE_STATEMENT_TIMEOUT": environ.get("DATABASE_STATEMENT_TIMEOUT", ""),
        # each process's pool (insight_service/connection_budget.py: processes x (size + overflow) connections)
        "DATABASE_POOL_SIZE": environ.get("DATABASE_POOL_SIZE", ""),
        "DATABASE_MAX_OVERFLOW": environ.get("DATABASE_MAX_OVERFLOW", ""),
        "DATABASE_POOL_TIMEOUT": environ.get("DATABASE_POOL_TIMEOUT", ""),
        # 1: DATABASE_URL is PgBouncer in transaction pooling mode (no startup options; the timeout is the role's)
        "DATABASE_PGBOUNCER": environ.get("DATABASE_PGBOUNCER", "") == "1",
        # checkpoint the SQLite WAL / VACUUM on PostgreSQL after erasures, opt-outs, withdrawals and purges
        "WIPE_AFTER_PRIVACY_CHANGES": environ.get("WIPE_AFTER_PRIVACY_CHANGES", "1") != "0",
        # proxies in front that set X-Forwarded-For/-Proto (0: trust none); HTTPS then also sends HSTS
        "PROXY_HOPS": int(environ.get("PROXY_HOPS", "0")),
    }


def check_secrets(config: dict) -> None:
    """Refuse to start outside debug/demo/testing with a missing or weak secret."""
    relaxed = config.get("DEBUG") or config.get("TESTING") or config.get("INSIGHT_DEMO")
    for name in ("SECRET_KEY", "IDENTITY_HASH_KEY"):
        value = config.get(name) or ""
        if relaxed and not value:
            config[name] = DEV_SECRET
            continue
        if relaxed:
            continue
        if len(value) < MIN_SECRET_LENGTH or value == DEV_SECRET or len(set(value)) < 8:
            raise ConfigError(
                f"{name} is missing or weak: set it to a random value of at least "
                f"{MIN_SECRET_LENGTH} characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
