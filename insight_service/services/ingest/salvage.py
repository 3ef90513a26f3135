"""Keeping good records whole: an unusable optional field is dropped with a warning, not the whole record.

docs/record-fields.md is the table of what each kind requires and what it can do without. Warnings name the
field and the reason, never the value (a batch summary is logged and audited).
"""
from __future__ import annotations

# Optional fields whose bad value is dropped; any other invalid field quarantines the record. Consents are
# not here: dropping a malformed withdrawal would leave an older grant in force.
SALVAGEABLE = {
    "customer": frozenset({"name", "email", "phone", "handles", "updated_at"}),
    "purchase": frozenset({"order_id", "customer_email", "product_name", "category", "channel"}),
    "feedback": frozenset({"author", "rating", "language", "url", "sku", "order_ref"}),
}
# Objects of identifiers: one bad entry drops that entry, the others still link.
NESTED = frozenset({"handles", "author"})


def salvage(kind: str, record: dict, errors: list[dict]) -> tuple[dict, list[dict]] | None:
    """The record without the fields at fault and one warning per dropped field; None when a field at
    fault is one the record cannot do without."""
    allowed = SALVAGEABLE[kind]
    out, warnings = dict(record), []
    for error in errors:
        top, _, rest = (error.get("field") or "").partition(".")
        if top not in allowed:
            return None
        if top in NESTED and rest and isinstance(out.get(top), dict):
            entry = rest.split(".")[0]
            out[top] = {k: v for k, v in out[top].items() if str(k) != entry}
            field = f"{top}.{entry}"
        else:
            out.pop(top, None)
            field = top
        warnings.append({"field": field, "message": error["message"]})
    return out, unique(warnings)


def unique(warnings: list[dict]) -> list[dict]:
    """Warnings without repeats, in order (a field can fail two checks)."""
    seen, out = set(), []
    for warning in warnings:
        key = (warning["field"], warning["message"])
        if key not in seen:
            seen.add(key)
            out.append(warning)
    return out


def unusable_identifiers(values: list[tuple[str, str, object]], hasher) -> tuple[dict[str, str], list[dict]]:
    """Hashes of the usable identifiers among (kind, field, value), and a warning for each given one that is
    malformed or a placeholder (n/a, +1 555-..., noreply@...): it never links anyone."""
    hashes, warnings = {}, []
    for kind, field, value in values:
        if not isinstance(value, str):
            continue
        h, problem = hasher.examine(kind, value)
        if h is not None:
            hashes[field] = h
        elif problem is not None:
            warnings.append({"field": field, "message": f"{problem}: not used to link"})
    return hashes, warnings
