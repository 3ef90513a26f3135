"""What every connector yields: pages of canonical records plus the state to resume from."""
from __future__ import annotations

from dataclasses import dataclass, field

CUSTOMER = "customer"
PURCHASE = "purchase"
FEEDBACK = "feedback"
KINDS = (CUSTOMER, PURCHASE, FEEDBACK)


@dataclass
class Page:
    """One fetched page: (kind, record) pairs in canonical form and the JSON-able state after it."""

    records: list[tuple[str, dict]] = field(default_factory=list)
    state: dict = field(default_factory=dict)
