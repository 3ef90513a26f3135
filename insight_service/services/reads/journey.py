"""Journey stage and advocate/detractor status from a customer's visible items and purchases."""
from __future__ import annotations

from datetime import datetime, timedelta

ADVOCATE_WINDOW = timedelta(days=365)
CALM_WINDOW = timedelta(days=90)
DETRACTOR_WINDOW = timedelta(days=180)
MIN_POSITIVE = 3
POSITIVE_SHARE = 0.75
STAGES = {"awareness": "see", "consideration": "think", "purchase": "do", "post_purchase": "care",
          "loyalty": "care", "advocacy": "care"}


def _ref(item: dict, why: str) -> dict:
    return {"feedback_id": item["id"], "posted_at": item["posted_at"], "channel": item["channel"], "why": why}


def classify(items: list[dict], now: datetime) -> dict:
    """advocate, detractor or neither, with the items that show it (a detractor signal wins)."""
    recent = [i for i in items if i["posted_at"] >= now - ADVOCATE_WINDOW]
    positive = [i for i in recent if i["sentiment_label"] == "positive"]
    cues = [i for i in positive if "advocacy" in (i.get("journey") or ())]
    negative = [i for i in items if i["sentiment_label"] == "negative" and i["posted_at"] >= now - DETRACTOR_WINDOW]
    public = [i for i in negative if i["party"] == "third"]
    low = [i for i in negative if i.get("rating") is not None and i["rating"] <= 2]
    detractor: list[dict] = []
    if len(negative) >= 2 or public or low:
        detractor = ([_ref(i, "negative in public") for i in public] + [_ref(i, f"rated {i['rating']:g}") for i in low
                     if i not in public] + [_ref(i, "negative") for i in negative if i not in public and i not in low])
    advocate: list[dict] = []
    calm = not any(i["posted_at"] >= now - CALM_WINDOW for i in negative)
    share = len(positive) / len(recent) if recent else 0.0
    if calm and (cues or (len(positive) >= MIN_POSITIVE and share >= POSITIVE_SHARE)):
        advocate = [_ref(i, "recommends") for i in cues] or [_ref(i, "positive") for i in positive]
    status = "detractor" if detractor else "advocate" if advocate else "neither"
    return {"status": status, "advocate_evidence": advocate[:5], "detractor_evidence": detractor[:5]}


def journey_stage(items: list[dict], purchases: dict, status: str) -> dict:
    """The furthest stage reached (See/Think/Do/Care) with its awareness-to-advocacy detail and evidence."""
    signals = {stage: [i for i in items if stage in (i.get("journey") or ())] for stage in ("think", "do", "care")}
    orders, first = purchases.get("orders", 0), purchases.get("first_purchase_at")
    after = [i for i in items if first is not None and i["posted_at"] > first]
    evidence: list[dict] = []
    if status == "advocate":
        detail, evidence = "advocacy", [{"feedback_id": None, "why": "advocate (see advocacy evidence)"}]
    elif orders >= 2:
        detail, evidence = "loyalty", [{"feedback_id": None, "why": f"{orders} orders"}]
    elif (orders and after) or signals["care"]:
        detail = "post_purchase"
        evidence = ([{"feedback_id": i["id"], "why": "after-sales cue"} for i in signals["care"][:3]]
                    or [{"feedback_id": i["id"], "why": "feedback after the purchase"} for i in after[:3]])
    elif orders or signals["do"]:
        detail = "purchase"
        evidence = ([{"feedback_id": None, "why": "1 order"}] if orders else
                    [{"feedback_id": i["id"], "why": "purchase cue"} for i in signals["do"][:3]])
    elif signals["think"]:
        detail = "consideration"
        evidence = [{"feedback_id": i["id"], "why": "consideration cue"} for i in signals["think"][:3]]
    else:
        detail = "awareness"
        evidence = [{"feedback_id": None, "why": "known, no purchase or journey cue yet"}]
    return {"stage": STAGES[detail], "detail": detail, "evidence": evidence}
