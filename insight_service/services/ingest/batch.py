"""What every ingest batch shares: validation, de-duplication, quarantine and the summary."""
from __future__ import annotations

import bisect
import hashlib
import json
import math
from dataclasses import dataclass, field

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import flatten_messages
from ...models import QuarantinedRecord
from ...schemas.nul_characters import NUL, has_nul, nul_fields
from ...schemas.records import RECORD_LOADERS
from ...schemas.surrogates import MESSAGE as SURROGATE_MESSAGE
from ...schemas.surrogates import has_surrogate, replace_surrogates, surrogate_fields
from ..identity.identifiers import IdentityHasher
from .salvage import salvage, unique


@dataclass
class BatchResult:
    """The per-batch summary every ingest answers with."""

    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    suppressed: int = 0
    quarantined: list[dict] = field(default_factory=list)
    linked: int = 0
    ambiguous: int = 0
    stored: list[dict] = field(default_factory=list)  # per stored record: index, external_id, our id, status

    def keep(self, index: int, external_id: str | None, record_id: int, status: str) -> None:
        """Count a stored record and note our id for it, so the caller needs no look-up."""
        setattr(self, status, getattr(self, status) + 1)
        self.stored.append({"index": index, "external_id": external_id, "id": record_id, "status": status})

    warnings: list[dict] = field(default_factory=list)
    _warned: dict = field(default_factory=dict, repr=False, compare=False)  # index -> entry of warnings

    def warn(self, index: int, record: object, warnings: list[dict]) -> None:
        """Note fields dropped from a stored record (merged per record, in batch order)."""
        if not warnings:
            return
        entry = self._warned.get(index)
        if entry is not None:
            entry["warnings"] = unique(entry["warnings"] + warnings)
            return
        external_id = record.get("external_id") if isinstance(record, dict) else None
        entry = {"index": index, "warnings": unique(warnings),
                 "external_id": str(external_id)[:256] if external_id is not None else None}
        self._warned[index] = entry
        bisect.insort(self.warnings, entry, key=lambda e: e["index"])  # in batch order

    def as_counts(self) -> dict:
        """Counts only, for sync runs and progress lines."""
        return {"received": self.received, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "duplicates": self.duplicates, "suppressed": self.suppressed,
                "quarantined": len(self.quarantined), "linked": self.linked, "ambiguous": self.ambiguous,
                "warned": len(self.warnings)}

    def add(self, other: BatchResult) -> None:
        """Accumulate another batch (for syncs and file loads)."""
        for name in ("received", "created", "updated", "unchanged", "duplicates", "suppressed", "linked", "ambiguous"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.quarantined.extend(other.quarantined)
        self.warnings.extend(other.warnings)


@dataclass
class Rejected:
    """A record that failed validation, with where it was and why."""

    index: int
    record: object
    errors: list[dict]


def validate(kind: str, records: list, result: BatchResult) -> tuple[list[tuple[int, dict]], list[Rejected]]:
    """Split a batch into loaded records (with their index) and rejected ones; a record whose only faults are
    optional fields is loaded without them, with warnings on the result."""
    loader = RECORD_LOADERS[kind]
    valid, rejected = [], []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            rejected.append(Rejected(index, record, [{"field": None, "message": "a record must be a JSON object"}]))
            continue
        if "_error" in record:  # a source (e.g. a file row) that could not even be mapped
            rejected.append(Rejected(index, record, [{"field": None, "message": str(record["_error"])}]))
            continue
        if has_nul(record):  # the API refuses them whole; a connector's record goes to quarantine on its own
            rejected.append(Rejected(index, record, [{"field": f, "message": "must not contain NUL characters"}
                                                     for f in nul_fields(record)]))
            continue
        if has_surrogate(record):  # no database or encoder takes them: quarantined as a copy with U+FFFD instead
            rejected.append(Rejected(index, record, [{"field": f, "message": SURROGATE_MESSAGE}
                                                     for f in surrogate_fields(record)]))
            continue
        try:
            valid.append((index, loader.load(record)))
        except ValidationError as exc:
            errors = flatten_messages(exc.messages)
            kept = _salvaged(loader, kind, record, errors)
            if kept is None:
                rejected.append(Rejected(index, record, errors))
            else:
                valid.append((index, kept[0]))
                result.warn(index, record, kept[1])
    return valid, rejected


def _salvaged(loader, kind: str, record: dict, errors: list[dict]) -> tuple[dict, list[dict]] | None:
    """The record loaded without its unusable optional fields, or None when it cannot do without them."""
    found = salvage(kind, record, errors)
    if found is None:
        return None
    try:
        return loader.load(found[0]), found[1]
    except ValidationError:
        return None


def last_per_key(valid: list[tuple[int, dict]], key) -> tuple[list[tuple[int, dict]], int]:
    """Keep the last record per natural key (a batch may repeat an edited record); count the rest."""
    chosen: dict = {}
    for index, data in valid:
        chosen[key(data)] = (index, data)
    kept = sorted(chosen.values(), key=lambda pair: pair[0])
    return kept, len(valid) - len(kept)


def _identifier_hashes(kind: str, record, hasher: IdentityHasher) -> list[str]:
    if not isinstance(record, dict):
        return []
    values = [("email", record.get("email")), ("email", record.get("customer_email")), ("phone", record.get("phone"))]
    for nested in ("author", "handles"):
        if isinstance(record.get(nested), dict):
            values += [(k, v) for k, v in record[nested].items() if k != "name"]
    hashes = [hasher.hash_lenient(k, v) for k, v in values if isinstance(v, str)]
    crm_id = record.get({"customer": "external_id", "purchase": "customer_external_id"}.get(kind, ""))
    crm_source = record.get("customer_source") or record.get("source")
    if isinstance(crm_source, str) and isinstance(crm_id, str):
        hashes.append(hasher.crm(crm_source, crm_id))
    return [h for h in hashes if h]


def quarantine(session: Session, origin: str, kind: str, rejected: list[Rejected], hasher: IdentityHasher,
               result: BatchResult) -> None:
    """Keep rejected records with their reasons (hashes of their identifiers let an erasure find them)."""
    for item in rejected:
        record = storable(item.record if isinstance(item.record, dict) else {"value": item.record})
        item.errors = storable(item.errors)  # a field path can hold a NUL too (a key of the record)
        external_id = record.get("external_id")
        digest = hashlib.sha256(json.dumps([kind, record], sort_keys=True, default=str).encode()).hexdigest()
        entry = session.scalar(select(QuarantinedRecord).where(
            QuarantinedRecord.payload_hash == digest, QuarantinedRecord.source == origin,
            QuarantinedRecord.status == "open"))
        if entry is None:
            entry = QuarantinedRecord(source=origin, kind=kind, payload=record, payload_hash=digest,
                                      external_id=str(external_id)[:256] if external_id is not None else None,
                                      errors={"errors": item.errors},
                                      identifier_hashes=_identifier_hashes(kind, record, hasher))
            session.add(entry)
            session.flush()
        result.quarantined.append({"index": item.index, "external_id": entry.external_id,
                                   "quarantine_id": entry.id, "errors": item.errors})


def storable(value):
    """A refused record as both databases' JSON columns take it: NUL, lone surrogates as U+FFFD, NaN as text."""
    if isinstance(value, str):
        return replace_surrogates(value.replace(NUL, "\ufffd"))
    if isinstance(value, dict):
        return {storable(str(k)): storable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [storable(v) for v in value]
    if value is None or isinstance(value, (bool, int)) or (isinstance(value, float) and math.isfinite(value)):
        return value
    return storable(str(value))  # nan, inf, a date or Decimal from a source's own decoder
