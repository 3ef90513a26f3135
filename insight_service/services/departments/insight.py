"""Per-customer insight: who, what they bought, what they said, how they feel, and what to do next."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ... import analysis
from ...analysis import taxonomy
from ...models import Customer, utcnow
from ..access.roles import fields_for, shows_text
from ..aggregates.cache import VERSION, forget_version, remember_version
from ..aggregates.themes import customer_themes
from ..privacy.consent import ONE_CUSTOMER_EVENTS, states_from_events
from ..privacy.contact import ONE_OPTED_OUT
from ..privacy.scrubbing import scrub
from ..reads import queries as reads
from ..reads.handling import handled_history
from ..reads.history import item_view, withheld_note
from ..reads.journey import classify, journey_stage
from ..reads.pipeline import run_together
from ..reads.risk import assess, sentiment_change
from .actions import next_actions

LATEST = reads.LATEST
TOP = 5


def _feedback_summary(counts, social: bool) -> tuple[dict, int]:
    by_channel, by_source, barometer = Counter(), Counter(), Counter()
    total, score, hidden = 0, 0.0, 0
    for channel, source, party, label, n, s in counts:
        if party == "third" and not social:
            hidden += n
            continue
        by_channel[channel] += n
        by_source[source] += n
        barometer[label] += n
        total += n
        score += s or 0.0
    summary = {"total": total, "by_channel": dict(by_channel), "by_source": dict(by_source),
               "barometer": {k: barometer.get(k, 0) for k in ("positive", "neutral", "negative")},
               "average_score": round(score / total, 3) if total else None}
    return summary, hidden


def _emotion_words(items: list[dict]) -> list[dict]:
    words: dict[tuple, int] = Counter()
    for item in items:
        for e in item["emotions"]:
            words[(e["word"], e["category"], e["polarity"])] += e.get("count", 1)
    return [{"word": w, "category": c, "polarity": p, "count": n}
            for (w, c, p), n in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:15]]


def _pain_points(pains: list[dict], role: str) -> list[dict]:
    codes = taxonomy().codes
    out: dict[str, dict] = {}
    for p in pains:  # newest first
        entry = out.setdefault(p["code"], {"code": p["code"], "count": 0, "last_seen": p["posted_at"], "products": set(),
                                           "feedback_ids": [], "quote": None, "quote_feedback_id": None,
                                           "quote_span": None, "analyzer_version": None,
                                           "taxonomy_version": None})
        entry["count"] += 1
        if p["sku"]:
            entry["products"].add(p["sku"])
        entry["feedback_ids"].append(p["feedback_id"])
        if entry["quote"] is None and p["clause"] and shows_text(role, p["channel"]):
            # the clause the customer wrote, scrubbed like every quote; the span says which words show the code
            entry["quote"], entry["quote_feedback_id"] = scrub(p["clause"]), p["feedback_id"]
            entry["quote_span"] = scrub(p["span"])
            entry["analyzer_version"], entry["taxonomy_version"] = p["analyzer_version"], p["taxonomy_version"]
    for entry in out.values():
        spec = codes.get(entry["code"])
        entry.update(products=sorted(entry["products"]), feedback_ids=entry["feedback_ids"][:10],
                     label=spec.label_en if spec else entry["code"], owner=spec.owner if spec else None,
                     misuse=bool(spec and spec.misuse))
    return sorted(out.values(), key=lambda e: (-e["count"], e["code"]))


def _latest(session: Session, customer_id: int, social: bool, role: str) -> list[dict]:
    rows, codes = reads.latest_items(session, customer_id, social)  # rows carry what item_view reads
    handled = handled_history(session, rows) if fields_for(role)["handling"] else {}
    return [item_view(row, row.sku, role, codes.get(row.id, ()), handled.get(row.id, ())) for row in rows]


# The customer's row, sent with the first reads: a customer that does not exist ends the read (the caller's 404
# undoes the audit entry sent with it, as any failed request's writes are undone).
CUSTOMER_ROW = select(Customer.id, Customer.source, Customer.external_id, Customer.name, Customer.email).where(
    Customer.id == bindparam("cid"))


def customer_insight(session: Session, customer_id: int, role: str, now: datetime | None = None,
                     k: int = 5, writes=(), privacy_session: Session | None = None) -> dict | None:
    """The whole insight of one customer as the role may see it, or None when there is no such customer.

    `writes` ((statement, values) pairs: the read's audit entry) go out with the first reads, in the same
    transaction; on PostgreSQL the statements that need nothing from each other are sent together. With
    `privacy_session` (the primary, when `session` reads a replica) consent, opt-outs and `writes` go there,
    so a withdrawal takes effect at once however far the replica lags.
    """
    try:
        return _insight(session, privacy_session or session, customer_id, role, now or utcnow(), k, writes)
    finally:
        reads.forget_prefetched(session)
        forget_version(session)


def _insight(session: Session, primary: Session, customer_id: int, role: str, now: datetime, k: int,
             writes) -> dict | None:
    fields = fields_for(role)
    contact = {"marketing", "sales"} & set(fields["actions"])
    privacy = [(ONE_CUSTOMER_EVENTS, {"cid": customer_id})] + ([(ONE_OPTED_OUT, {"cid": customer_id})] if contact else [])
    if primary is session:
        # round trip 1 (BEGIN included): the customer, the consent ledger, what does not depend on it, the opt-out
        # check, the version of the cached theme counts and product affinities, and the audit entry
        found, *fetched = reads.prefetch(session, customer_id, None, reads.REGARDLESS,
                                         [(CUSTOMER_ROW, {"cid": customer_id})] + privacy + [(VERSION, {})]
                                         + list(writes))
        if not found:
            return None
        customer = found[0]
        remember_version(session, fetched[len(privacy)][0])
    else:
        customer = session.get(Customer, customer_id)  # a customer the replica has not seen yet: None
        if customer is None:
            return None
        fetched = run_together(primary, privacy + list(writes))
    consent = states_from_events(fetched[0], customer_id, now)
    is_opted_out = bool(contact) and bool(fetched[1])
    social = consent["social_profiling"]["granted"]
    if primary is session:  # round trip 2: what consent decides
        reads.prefetch(session, customer_id, social, reads.BY_CONSENT)
    else:  # the replica: everything in one round trip (the counts' version too: they are counted there)
        [version] = reads.prefetch(session, customer_id, social, reads.REGARDLESS + reads.BY_CONSENT, [(VERSION, {})])
        remember_version(session, version[0])
    summary, hidden = _feedback_summary(reads.feedback_counts(session, customer_id), social)
    items = reads.customer_light_items(session, customer_id, social)
    pains = reads.pain_rows(session, customer_id, social)
    purchases = reads.purchase_summary(session, customer_id)
    bought = reads.products_bought(session, customer_id)
    orders = reads.recent_orders(session, customer_id)
    suggestions = reads.co_purchases(session, customer_id, bought) if "sales" in fields["actions"] else []
    status = classify(items, now)
    risk = assess(items, purchases["total_value"], now)
    contact = {"marketing", "sales"} & set(fields["actions"])
    decided = next_actions(fields["actions"], items=items, pains=pains, orders=orders, consent=consent, risk=risk,
                           suggestions=suggestions, now=now, opted_out=is_opted_out)
    withheld = decided["withheld"]
    notes = ([withheld_note("social_profiling", hidden, "public posts")] if hidden else [])
    notes += [withheld_note(w["purpose"], w["count"], w["what"]) for w in withheld]
    categories = Counter()
    for p in bought:
        categories[p["category"] or "uncategorised"] += p["lines"]
    summary["trend"] = {"monthly": reads.monthly_series(session, customer_id, social),
                        "change_90d": sentiment_change(items, now)}
    summary["emotions"] = _emotion_words(items) if fields["emotions"] else []
    summary["latest"] = _latest(session, customer_id, social, role)
    return {
        "customer": {"id": customer.id, "source": customer.source, "external_id": customer.external_id,
                     "name": customer.name, "email": customer.email if fields["contact"] else None},
        "generated_at": now, "role": role,
        "purchases": {**purchases, "top_products": bought[:TOP],
                      "top_categories": [{"category": c, "lines": n} for c, n in categories.most_common(TOP)],
                      "recent_orders": orders[:LATEST]} if fields["purchases"] else None,
        "feedback": summary,
        "pain_points": _pain_points(pains, role),
        "themes": customer_themes(session, reads.theme_rows(session, customer_id, social), role, k),
        "journey": {**journey_stage(items, purchases, status["status"]), **status},
        "risk": risk,
        "actions": decided["actions"],
        "open_items": decided["open_items"],
        "suppressed_actions": decided["suppressed"],
        "analysis": {"analyzer_version": analysis.ANALYZER_VERSION, "taxonomy_version": taxonomy().version,
                     "produced_by": reads.analysis_versions(session, customer_id, social)},
        "privacy": {"consent": consent, "withheld": notes,
                    "fields": {"texts_of_channels": sorted(fields["text_channels"]),
                               "action_departments": list(fields["actions"])}},
    }
