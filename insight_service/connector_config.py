"""The connectors file (TOML): configured connector instances, validated, with secrets only by env var name."""
from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field

from connectors import registry

from .services.jobs.schedule import Schedule, ScheduleError
from .writeback_config import WritebackConfig, WritebackConfigError, parse_writeback

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # names are sync_state keys (64 characters)
ENV_NAME = re.compile(r"^env:([A-Za-z_][A-Za-z0-9_]*)$")
KEYS = {"kind", "base_url", "schedule", "batch_size", "timeout", "max_retries", "options", "secrets", "writeback"}
MAX_BATCH = 10_000
DEFAULT_SCHEDULE = "every 1h"


class ConnectorConfigError(ValueError):
    """The connectors file is invalid; the message names the connector and key, never a secret value."""


@dataclass(frozen=True)
class ConnectorConfig:
    """One configured connector instance."""

    name: str
    kind: str
    schedule: Schedule
    batch_size: int = 500
    base_url: str | None = None
    timeout: float = 30.0
    max_retries: int = 5
    options: dict = field(default_factory=dict)
    secret_vars: dict = field(default_factory=dict)  # secret key -> environment variable name
    writeback: WritebackConfig | None = None  # CRM connectors: insight written back (docs/writeback.md)

    def secrets(self, environ: Mapping[str, str] | None = None) -> dict:
        """The secret values, read from the environment now (they are never kept in config or the database)."""
        environ = os.environ if environ is None else environ
        missing = [var for var in self.secret_vars.values() if not environ.get(var)]
        if missing:
            raise ConnectorConfigError(f"connector {self.name!r}: environment variable {missing[0]} is not set")
        return {key: environ[var] for key, var in self.secret_vars.items()}

    def build(self, environ: Mapping[str, str] | None = None):
        """A connector instance of this kind, with its secrets resolved."""
        cls = registry.get(self.kind)
        return cls(name=self.name, options=self.options, secrets=self.secrets(environ), base_url=self.base_url,
                   timeout=self.timeout, max_retries=self.max_retries)

    def build_writer(self, environ: Mapping[str, str] | None = None):
        """The CRM writer of this connector (same options, secrets and retries as its reads)."""
        cls = registry.writer(self.kind)
        return cls(name=self.name, options=self.options, secrets=self.secrets(environ), base_url=self.base_url,
                   timeout=self.timeout, max_retries=self.max_retries)


def _fail(name: str, key: str, message: str) -> ConnectorConfigError:
    return ConnectorConfigError(f"connector {name!r}, key {key!r}: {message}")


def _number(name: str, key: str, value, kind: type, low: float, high: float):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise _fail(name, key, f"must be {'an integer' if kind is int else 'a number'}")
    if not low <= value <= high:
        raise _fail(name, key, f"must be between {low} and {high}")
    return kind(value)


def parse_connector(name: str, table, environ: Mapping[str, str] | None = None, *,
                    check_env: bool = True) -> ConnectorConfig:
    """Validate one `[connectors.NAME]` table; with check_env, every secret's variable must be set."""
    if not NAME.match(name):
        raise ConnectorConfigError(f"connector {name!r}: names are 1-64 of a-z, 0-9, '-' and '_', starting "
                                   "with a letter or digit")
    if not isinstance(table, dict):
        raise ConnectorConfigError(f"connector {name!r}: must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise _fail(name, unknown[0], f"unknown key; known keys: {', '.join(sorted(KEYS))}")
    kind = table.get("kind")
    if kind not in registry.kinds():
        raise _fail(name, "kind", f"unknown connector kind {kind!r}; known kinds: {', '.join(registry.kinds())}")
    try:
        schedule = Schedule.parse(table.get("schedule", DEFAULT_SCHEDULE))
    except ScheduleError as exc:
        raise _fail(name, "schedule", str(exc)) from None
    base_url = table.get("base_url")
    if base_url is not None and not (isinstance(base_url, str) and re.match(r"^https?://[^\s@]+$", base_url)):
        # no user:password@ in the URL: credentials belong in secrets
        raise _fail(name, "base_url", "must be an http(s) URL without credentials")
    options = table.get("options", {})
    if not isinstance(options, dict):
        raise _fail(name, "options", "must be a table")
    secrets = table.get("secrets", {})
    if not isinstance(secrets, dict):
        raise _fail(name, "secrets", "must be a table")
    secret_vars = {}
    for key, value in secrets.items():
        match = ENV_NAME.match(value) if isinstance(value, str) else None
        if not match:
            # the value is not repeated: it may be a pasted secret
            raise _fail(name, f"secrets.{key}", "must be 'env:VARIABLE_NAME'; secrets are never written in the file")
        secret_vars[key] = match.group(1)
    writeback = None
    if "writeback" in table:
        try:
            writeback = parse_writeback(kind, table["writeback"])
        except WritebackConfigError as exc:
            raise _fail(name, "writeback", str(exc)) from None
    config = ConnectorConfig(
        name=name, kind=kind, schedule=schedule, base_url=base_url, options=options, secret_vars=secret_vars,
        writeback=writeback,
        batch_size=_number(name, "batch_size", table.get("batch_size", 500), int, 1, MAX_BATCH),
        timeout=_number(name, "timeout", table.get("timeout", 30.0), float, 1, 600),
        max_retries=_number(name, "max_retries", table.get("max_retries", 5), int, 0, 20))
    if check_env:
        config.secrets(environ)  # fail now, naming the variable, rather than at the first run
    return config


def parse_connectors(data: dict, environ: Mapping[str, str] | None = None, *,
                     check_env: bool = True) -> dict[str, ConnectorConfig]:
    """Validate a parsed connectors document: `{"connectors": {name: table}}`."""
    unknown = sorted(set(data) - {"connectors"})
    if unknown:
        raise ConnectorConfigError(f"unknown top-level key {unknown[0]!r}; connectors go in [connectors.NAME]")
    tables = data.get("connectors", {})
    if not isinstance(tables, dict):
        raise ConnectorConfigError("'connectors' must be a table of [connectors.NAME] tables")
    return {name: parse_connector(name, table, environ, check_env=check_env) for name, table in tables.items()}


def load_connectors(path: str | None, environ: Mapping[str, str] | None = None, *,
                    check_env: bool = True) -> dict[str, ConnectorConfig]:
    """The connectors configured in a TOML file; no path means none configured."""
    if not path:
        return {}
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConnectorConfigError(f"cannot read connectors file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message names the line and column, not the content
        raise ConnectorConfigError(f"connectors file {path} is not valid TOML: {exc}") from None
    return parse_connectors(data, environ, check_env=check_env)


def configured(config: Mapping, *, check_env: bool = True) -> dict[str, ConnectorConfig]:
    """The connectors of an app's configuration (`CONNECTORS_FILE`), read afresh so edits apply."""
    return load_connectors(config.get("CONNECTORS_FILE"), check_env=check_env)
