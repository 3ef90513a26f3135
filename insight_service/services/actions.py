"""Next actions per department, each with its reason and the item it refers to; consent gates contact."""
from __future__ import annotations

from datetime import datetime, timedelta

from ..analysis import taxonomy

OPEN_WINDOW = timedelta(days=365)
THANK_WINDOW = timedelta(days=90)
REVIEW_AFTER = timedelta(days=14)
REVIEW_UNTIL = timedelta(days=180)
MAX_PER_KIND = 3
PUBLIC_CHANNELS = ("social", "review", "forum")


def _action(department: str, kind: str, reason: str, feedback_id=None, sku=None) -> dict:
    return {"department": department, "kind": kind, "reason": reason, "feedback_id": feedback_id, "sku": sku}


def service_actions(items: list[dict], pains: list[dict], now: datetime) -> list[dict]:
    """Answer open complaints and questions (oldest first); send the manual for a misuse pain point."""
    out = []
    open_items = [i for i in items if i.get("handled_at") is None and i["posted_at"] >= now - OPEN_WINDOW
                  and (i["sentiment_label"] == "negative" or i.get("is_question"))]
    for item in sorted(open_items, key=lambda i: i["posted_at"])[:MAX_PER_KIND]:
        what = "complaint" if item["sentiment_label"] == "negative" else "question"
        out.append(_action("service", "answer", f"answer {what} #{item['id']} ({item['channel']}), open for "
                           f"{(now - item['posted_at']).days} days", item["id"], item.get("sku")))
    codes = taxonomy().codes
    seen = set()
    for pain in sorted(pains, key=lambda p: p["posted_at"], reverse=True):
        spec = codes.get(pain["code"])
        if spec is None or not spec.misuse or pain["sku"] in seen or pain.get("handled_at") is not None:
            continue
        seen.add(pain["sku"])
        out.append(_action("service", "send_manual", f"send the manual: '{spec.label_en}' in #{pain['feedback_id']} "
                           "suggests the product is used the wrong way", pain["feedback_id"], pain["sku"]))
    return out


def marketing_actions(items: list[dict], orders: list[dict], consent: dict, now: datetime) -> tuple[list, list]:
    """Thanks and review requests need marketing consent, testimonials need testimonial consent."""
    out, withheld = [], []
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
    if consent["marketing"]["granted"]:
        out += [_action("marketing", "thank", f"thank for the positive {i['channel']} #{i['id']}", i["id"], i.get("sku"))
                for i in thanks[:MAX_PER_KIND]]
        out += [_action("marketing", "ask_review", f"ask for a review of {o['sku']} bought "
                        f"{(now - o['purchased_at']).days} days ago (no review yet)", None, o["sku"])
                for o in asks[:MAX_PER_KIND]]
    elif thanks or asks:
        withheld.append({"purpose": "marketing", "count": len(thanks[:MAX_PER_KIND]) + len(asks[:MAX_PER_KIND]),
                         "what": "thank-you and review-request suggestions"})
    if consent["testimonial"]["granted"]:
        out += [_action("marketing", "testimonial", f"reuse review #{i['id']} as a testimonial", i["id"], i.get("sku"))
                for i in testimonials[:MAX_PER_KIND]]
    elif testimonials:
        withheld.append({"purpose": "testimonial", "count": len(testimonials[:MAX_PER_KIND]),
                         "what": "testimonial suggestions"})
    return out, withheld


def sales_actions(suggestions: list[dict], risk: dict, items: list[dict], now: datetime) -> list[dict]:
    """Upsell or cross-sell from co-purchases; call an at-risk high-value customer."""
    out = []
    if risk["level"] == "high" and risk["high_value"]:
        ref = next((r["feedback_id"] for r in risk["reasons"] if r["feedback_id"]), None)
        out.append(_action("sales", "call", "call: high-value customer at high churn risk ("
                           + "; ".join(r["detail"] for r in risk["reasons"]) + ")", ref))
    happy = [i for i in items if i["sentiment_label"] == "positive" and i["posted_at"] >= now - THANK_WINDOW]
    for s in suggestions[:MAX_PER_KIND]:
        mood = f"; positive about {happy[0]['sku']} #{happy[0]['id']}" if happy and happy[0].get("sku") else ""
        out.append(_action("sales", s["kind"], f"{s['buyers']} buyers of {s['because']} also bought {s['sku']}{mood}",
                           happy[0]["id"] if mood else None, s["sku"]))
    return out


def next_actions(departments, *, items, pains, orders, consent, risk, suggestions, now) -> tuple[list, list]:
    """The actions of the departments a role may see, and what consent withheld."""
    actions, withheld = [], []
    if "service" in departments:
        actions += service_actions(items, pains, now)
    if "marketing" in departments:
        found, withheld = marketing_actions(items, orders, consent, now)
        actions += found
    if "sales" in departments:
        actions += sales_actions(suggestions, risk, items, now)
    return actions, withheld

