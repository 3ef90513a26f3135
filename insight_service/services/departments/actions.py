"""Next actions per department, each with its reason and the item it refers to, by the decision table."""
from __future__ import annotations

from datetime import datetime, timedelta

from ...analysis import taxonomy
from .action_rules import CONDITIONS, CONSENT_CONDITIONS, blockers, conditions

OPEN_WINDOW = timedelta(days=365)
THANK_WINDOW = timedelta(days=90)
REVIEW_AFTER = timedelta(days=14)
REVIEW_UNTIL = timedelta(days=180)
MAX_PER_KIND = 3
MAX_OPEN_SHOWN = 5
SEVERE_SCORE = -0.5
PUBLIC_CHANNELS = ("social", "review", "forum")
SEVERITIES = ("high", "medium", "low")


def _action(department: str, kind: str, reason: str, feedback_id=None, sku=None) -> dict:
    return {"department": department, "kind": kind, "reason": reason, "feedback_id": feedback_id, "sku": sku}


def severity(item: dict) -> str:
    """high: a public, low-rated or strongly negative complaint; medium: another complaint; low: a question."""
    if item["sentiment_label"] != "negative":
        return "low"
    rated_low = item.get("rating") is not None and item["rating"] <= 2
    if item["party"] == "third" or rated_low or (item["sentiment_score"] or 0) <= SEVERE_SCORE:
        return "high"
    return "medium"


def open_items(items: list[dict], now: datetime, pinned=()) -> list[dict]:
    """Open complaints and questions: those a churn-risk reason names first, then by severity, newest first."""
    found = [i for i in items if i.get("handled_at") is None and i["posted_at"] >= now - OPEN_WINDOW
             and (i["sentiment_label"] == "negative" or i.get("is_question"))]
    pinned = list(pinned)
    return sorted(found, key=lambda i: (pinned.index(i["id"]) if i["id"] in pinned else len(pinned),
                                        SEVERITIES.index(severity(i)), -i["posted_at"].timestamp(), -i["id"]))


def service_actions(items: list[dict], pains: list[dict], now: datetime, pinned=()) -> tuple[list, dict]:
    """Answer the most severe and most recent open items; send the manual for a misuse pain point."""
    out = []
    ranked = open_items(items, now, pinned)
    for item in ranked[:MAX_OPEN_SHOWN]:
        what = "complaint" if item["sentiment_label"] == "negative" else "question"
        out.append(_action("service", "answer", f"answer {what} #{item['id']} ({item['channel']}, "
                           f"{severity(item)} severity), open for {(now - item['posted_at']).days} days",
                           item["id"], item.get("sku")))
    summary = {"total": len(ranked), "shown": min(len(ranked), MAX_OPEN_SHOWN),
               "more": max(0, len(ranked) - MAX_OPEN_SHOWN),
               "complaints": sum(1 for i in ranked if i["sentiment_label"] == "negative"),
               "questions": sum(1 for i in ranked if i["sentiment_label"] != "negative"),
               "oldest_days": max(((now - i["posted_at"]).days for i in ranked), default=None)}
    codes = taxonomy().codes
    seen = set()
    for pain in sorted(pains, key=lambda p: p["posted_at"], reverse=True):
        spec = codes.get(pain["code"])
        if spec is None or not spec.misuse or pain["sku"] in seen or pain.get("handled_at") is not None:
            continue
        seen.add(pain["sku"])
        out.append(_action("service", "send_manual", f"send the manual: '{spec.label_en}' in #{pain['feedback_id']} "
                           "suggests the product is used the wrong way", pain["feedback_id"], pain["sku"]))
    return out, summary


def marketing_candidates(items: list[dict], orders: list[dict], now: datetime) -> dict[str, list[dict]]:
    """Per marketing rule, the actions its signal gives (before any condition is applied)."""
    positive = [i for i in items if i["sentiment_label"] == "positive" and i["channel"] in PUBLIC_CHANNELS]
    thanks = [i for i in positive if i["posted_at"] >= now - THANK_WINDOW and i.get("handled_at") is None]
    reviewed = {(i.get("sku"), i["posted_at"]) for i in items if i["channel"] == "review"}
    asks, asked = [], set()
    for order in orders:
        age = now - order["purchased_at"]
        if not REVIEW_AFTER <= age <= REVIEW_UNTIL or order["sku"] in asked:
            continue
        if any(sku == order["sku"] and at >= order["purchased_at"] for sku, at in reviewed):
            continue
        asked.add(order["sku"])
        asks.append(order)
    testimonials = [i for i in positive if i["channel"] == "review" and (i.get("rating") or 5) >= 4
                    and not i.get("deidentified")]
    return {
        "marketing.thank": [_action("marketing", "thank", f"thank for the positive {i['channel']} #{i['id']}",
                                    i["id"], i.get("sku")) for i in thanks[:MAX_PER_KIND]],
        "marketing.ask_review": [_action("marketing", "ask_review", f"ask for a review of {o['sku']} bought "
                                         f"{(now - o['purchased_at']).days} days ago (no review yet)", None, o["sku"])
                                 for o in asks[:MAX_PER_KIND]],
        "marketing.testimonial": [_action("marketing", "testimonial", f"reuse review #{i['id']} as a testimonial",
                                          i["id"], i.get("sku")) for i in testimonials[:MAX_PER_KIND]],
    }


def sales_candidates(suggestions: list[dict], risk: dict, items: list[dict], now: datetime) -> dict[str, list]:
    """Per sales rule, the actions its signal gives (before any condition is applied)."""
    calls = []
    if risk["level"] == "high" and risk["high_value"]:
        ref = next((r["feedback_id"] for r in risk["reasons"] if r["feedback_id"]), None)
        calls.append(_action("sales", "call", "call: high-value customer at high churn risk ("
                             + "; ".join(r["detail"] for r in risk["reasons"]) + ")", ref))
    happy = [i for i in items if i["sentiment_label"] == "positive" and i["posted_at"] >= now - THANK_WINDOW]
    offers = []
    for s in suggestions[:MAX_PER_KIND]:
        mood = f"; positive about {happy[0]['sku']} #{happy[0]['id']}" if happy and happy[0].get("sku") else ""
        reason = f"{s['buyers']} buyers of {s['because']} also bought {s['sku']}{mood}"
        offers.append(_action("sales", s["kind"], reason, happy[0]["id"] if mood else None, s["sku"]))
    return {"sales.call": calls, "sales.offer": offers}


def _apply(candidates: dict[str, list], held: set[str]) -> tuple[list, list, list]:
    """Fire each rule whose conditions allow it; note what consent withheld and what judgement suppressed."""
    out, withheld, suppressed = [], [], []
    for key, found in candidates.items():
        if not found:
            continue
        blocking = blockers(key, held)
        if not blocking:
            out += found
            continue
        consent = [c for c in blocking if c in CONSENT_CONDITIONS]
        judged = [c for c in blocking if c not in CONSENT_CONDITIONS]
        if consent:  # the privacy note says what consent kept out, whatever else holds
            withheld.append({"purpose": CONSENT_CONDITIONS[consent[0]], "count": len(found), "rule": key})
        if judged:
            suppressed.append({"rule": key, "kinds": sorted({a["kind"] for a in found}), "count": len(found),
                               "because": judged, "reason": "; ".join(CONDITIONS[c] for c in judged)})
    return out, withheld, suppressed


WITHHELD_WHAT = {"marketing": "thank-you and review-request suggestions", "testimonial": "testimonial suggestions"}


def next_actions(departments, *, items, pains, orders, consent, risk, suggestions, now, opted_out=False) -> dict:
    """The actions of the departments a role may see, what consent withheld and what judgement suppressed."""
    held = conditions(items, consent, risk, now, opted_out)
    actions, withheld, suppressed, summary = [], [], [], None
    if "service" in departments:
        pinned = [r["feedback_id"] for r in risk["reasons"] if r["feedback_id"]]
        found, summary = service_actions(items, pains, now, pinned)
        actions += found
    candidates = {}
    if "marketing" in departments:
        candidates.update(marketing_candidates(items, orders, now))
    if "sales" in departments:
        candidates.update(sales_candidates(suggestions, risk, items, now))
    found, consent_held, judged = _apply(candidates, held)
    actions += found
    merged: dict[str, int] = {}
    for w in consent_held:
        merged[w["purpose"]] = merged.get(w["purpose"], 0) + w["count"]
    withheld = [{"purpose": p, "count": n, "what": WITHHELD_WHAT[p]} for p, n in merged.items()]
    suppressed += judged
    return {"actions": actions, "withheld": withheld, "suppressed": suppressed, "open_items": summary,
            "conditions": sorted(held)}
