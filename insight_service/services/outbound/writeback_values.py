"""What write-back sends per customer: the `crm` role's view of their insight under current consent, as field values.

The values come from the same reads and rules as the insight API (customer_reads, risk, the role's field table),
so a CRM is never told more than the `crm` role may read. A customer who opted out, or who has not granted the
write-back's purpose (when one is configured), gets every field cleared.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from ...analysis import taxonomy
from ...analysis.scoring import label
from ...writeback_config import WritebackConfig
from ..access.roles import fields_for
from ..privacy.consent import consent_states
from ..privacy.contact import opted_out_customers
from ..reads import queries as reads
from ..reads.risk import assess, unanswered_complaints

ROLE = "crm"
RECENT = timedelta(days=90)


@dataclass(frozen=True)
class Desired:
    """One customer's field values (None: nothing, or clear what is there) and the complaint to follow up."""

    values: dict
    allowed: bool
    complaint: dict | None = None


def _sentiment(items: list[dict], now: datetime) -> str | None:
    recent = [i for i in items if i["posted_at"] >= now - RECENT]
    scores = [i["sentiment_score"] for i in recent or items if i["sentiment_score"] is not None]
    return label(sum(scores) / len(scores)) if scores else None


def _top_pain(pains: list[dict]) -> str | None:
    counts = Counter(p["code"] for p in pains)
    if not counts:
        return None
    code = min(counts, key=lambda c: (-counts[c], c))
    spec = taxonomy().codes.get(code)
    return spec.label_en if spec else code


def _values(session: Session, cid: int, social: bool, config: WritebackConfig, now: datetime) -> Desired:
    role = fields_for(ROLE)
    items = reads.customer_light_items(session, cid, social)
    values: dict = dict.fromkeys(config.fields)
    if "card_link" in config.fields:
        values["card_link"] = f"{config.card_base_url}/cards/{cid}"
    complaint = None
    if items:
        values["sentiment"] = _sentiment(items, now)
        value = reads.purchase_summary(session, cid)["total_value"] if role["purchases"] else Decimal(0)
        values["risk_level"] = assess(items, value, now)["level"]
        if "top_pain_point" in config.fields:
            values["top_pain_point"] = _top_pain(reads.pain_rows(session, cid, social))
        negative = [i["posted_at"] for i in items if i["sentiment_label"] == "negative"]
        values["last_complaint_date"] = max(negative).date().isoformat() if negative else None
        unanswered = unanswered_complaints(items, now) if role["handling"] else []
        if unanswered:
            first = unanswered[0]
            complaint = {"feedback_id": first["id"], "channel": first["channel"],
                         "date": first["posted_at"].date().isoformat()}
    return Desired({f: values.get(f) for f in config.fields}, True, complaint)


def desired_values(session: Session, customer_ids: list[int], config: WritebackConfig,
                   now: datetime) -> dict[int, Desired]:
    """customer id -> what the CRM should hold for them now."""
    states = consent_states(session, customer_ids, now)
    opted = opted_out_customers(session, customer_ids)
    out = {}
    for cid in customer_ids:
        consent = states[cid]
        if cid in opted or (config.purpose and not consent[config.purpose]["granted"]):
            out[cid] = Desired(dict.fromkeys(config.fields), False)
            continue
        out[cid] = _values(session, cid, consent["social_profiling"]["granted"], config, now)
    return out
