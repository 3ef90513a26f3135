"""What every connector yields: pages of canonical records plus the state to resume from."""
from __future__ import annotations

from dataclasses import dataclass, field

CUSTOMER = "customer"
PURCHASE = "purchase"
FEEDBACK = "feedback"
KINDS = (CUSTOMER, PURCHASE, FEEDBACK)
# The SKU of a purchase whose product the CRM does not say (a won deal or order without lines), in every CRM.
UNKNOWN_PRODUCT = "UNSPECIFIED"


@dataclass
class Page:
    """One fetched page: (kind, record) pairs in canonical form and the JSON-able state after it.

    `skipped` counts source items deliberately not turned into records, by reason (a Page's own comments, open
    deals, deals without lines or amount); `notes` says what the run did differently (a fallback taken).
    """

    records: list[tuple[str, dict]] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def unmappable(kind: str, source: str, item: object, exc: Exception) -> tuple[str, dict]:
    """A source item a mapper could not read (a key missing, a value of the wrong type), as a record the
    ingest quarantines with the reason; the item's id is kept when it has one."""
    reason = f"missing field {exc}" if isinstance(exc, KeyError) else f"unreadable item ({type(exc).__name__})"
    record = {"_error": f"{source}: {reason}", "source": source}
    if isinstance(item, dict):
        found = item.get("id", item.get("Id"))
        if found is not None:
            record["external_id"] = str(found)
    return kind, record
