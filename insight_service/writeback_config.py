"""The `writeback` table of a CRM connector in the connectors file: what is written back, how often, how batched."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from connectors.hubspot_writeback import PROPERTY_NAMES
from connectors.salesforce_writeback import FIELD_NAMES
from connectors.writeback import FIELDS

from .schemas.records import PURPOSES
from .services.jobs.schedule import Schedule, ScheduleError

KEYS = {"enabled", "fields", "tasks", "batch_size", "schedule", "purpose", "card_base_url", "properties", "source"}
MAX_BATCH = {"hubspot": 100, "salesforce": 200}  # HubSpot batch update and Salesforce sObject Collections limits
DEFAULT_NAMES = {"hubspot": PROPERTY_NAMES, "salesforce": FIELD_NAMES}
CRM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")
DEFAULT_SCHEDULE = "every 1h"


class WritebackConfigError(ValueError):
    """The write-back table is invalid (the connector config error wraps it with the connector's name)."""


@dataclass(frozen=True)
class WritebackConfig:
    """One connector's write-back: fields and their CRM names, tasks, batch size, schedule, purpose."""

    enabled: bool
    schedule: Schedule
    batch_size: int
    fields: tuple[str, ...] = FIELDS
    names: dict = field(default_factory=dict)  # field -> CRM property or field name
    tasks: bool = False
    purpose: str | None = None
    card_base_url: str | None = None
    source: str = ""  # customers.source of the customers this CRM owns


def parse_writeback(kind: str, table) -> WritebackConfig:
    """Validate a `[connectors.NAME.writeback]` table of a CRM connector."""
    if kind not in MAX_BATCH:
        raise WritebackConfigError(f"write-back is for CRM connectors only ({', '.join(MAX_BATCH)})")
    if not isinstance(table, dict):
        raise WritebackConfigError("must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise WritebackConfigError(f"unknown key {unknown[0]!r}; known keys: {', '.join(sorted(KEYS))}")
    enabled, tasks = table.get("enabled", False), table.get("tasks", False)
    for key, value in (("enabled", enabled), ("tasks", tasks)):
        if not isinstance(value, bool):
            raise WritebackConfigError(f"{key!r} must be true or false")
    card = table.get("card_base_url")
    if card is not None and not (isinstance(card, str) and re.match(r"^https?://[^\s@?#]+$", card)):
        raise WritebackConfigError("'card_base_url' must be an http(s) URL without credentials or query")
    default_fields = [f for f in FIELDS if f != "card_link" or card]
    chosen = table.get("fields", default_fields)
    if not isinstance(chosen, list) or not chosen or any(f not in FIELDS for f in chosen):
        raise WritebackConfigError(f"'fields' must be a non-empty list of: {', '.join(FIELDS)}")
    if "card_link" in chosen and not card:
        raise WritebackConfigError("'card_link' needs 'card_base_url' (where agents open the card)")
    names = dict(DEFAULT_NAMES[kind])
    overrides = table.get("properties", {})
    if not isinstance(overrides, dict) or any(k not in FIELDS for k in overrides):
        raise WritebackConfigError(f"'properties' must map fields ({', '.join(FIELDS)}) to CRM names")
    for key, value in overrides.items():
        if not isinstance(value, str) or not CRM_NAME.match(value):
            raise WritebackConfigError(f"'properties.{key}' must be a CRM field name (letters, digits, '_')")
        names[key] = value
    purpose = table.get("purpose")
    if purpose is not None and purpose not in PURPOSES:
        raise WritebackConfigError(f"'purpose' must be one of: {', '.join(PURPOSES)}")
    size = table.get("batch_size", MAX_BATCH[kind])
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_BATCH[kind]:
        raise WritebackConfigError(f"'batch_size' must be an integer between 1 and {MAX_BATCH[kind]}")
    source = table.get("source", kind)
    if not isinstance(source, str) or not source.strip() or len(source) > 64:
        raise WritebackConfigError("'source' must be the customers' source name (1-64 characters)")
    try:
        schedule = Schedule.parse(table.get("schedule", DEFAULT_SCHEDULE))
    except ScheduleError as exc:
        raise WritebackConfigError(f"'schedule': {exc}") from None
    return WritebackConfig(enabled=enabled, schedule=schedule, batch_size=size, fields=tuple(chosen),
                           names={f: names[f] for f in chosen}, tasks=tasks, purpose=purpose,
                           card_base_url=card.rstrip("/") if card else None, source=source)
