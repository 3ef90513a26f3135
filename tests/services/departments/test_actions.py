"""Next actions per department, with consent gates and the ranking of open items, on hand-built items."""
from datetime import timedelta
from decimal import Decimal

from insight_service.services.departments.actions import (MAX_OPEN_SHOWN, marketing_candidates, next_actions, open_items,
                                              sales_candidates, service_actions, severity)
from insight_service.services.reads.risk import assess
from tests.services.rule_items import NOW, make_item

YES = {"granted": True}
NO = {"granted": False}
LOW = {"level": "low", "high_value": False, "reasons": []}


def decide(departments=("service", "marketing", "sales"), items=(), orders=(), consent=None, risk=None,
           suggestions=(), opted_out=False) -> dict:
    """next_actions with quiet defaults: every consent granted, low risk, nothing bought."""
    return next_actions(departments, items=list(items), pains=[], orders=list(orders),
                        consent=consent or {"marketing": YES, "testimonial": YES}, risk=risk or LOW,
                        suggestions=list(suggestions), now=NOW, opted_out=opted_out)


def test_service_answers_open_complaints_and_questions_most_severe_then_newest():
    items = [make_item(1, 3, "negative", score=-0.2), make_item(2, 9, question=True),
             make_item(3, 1, "negative", handled=True), make_item(4, 200, "negative", rating=1)]
    actions, summary = service_actions(items, [], NOW)
    assert [(a["kind"], a["feedback_id"]) for a in actions] == [("answer", 4), ("answer", 1), ("answer", 2)]
    assert actions[2]["reason"] == "answer question #2 (review, low severity), open for 9 days"
    assert summary == {"total": 3, "shown": 3, "more": 0, "complaints": 2, "questions": 1, "oldest_days": 200}


def test_severity_public_low_rated_or_strong_complaints_are_high():
    assert severity(make_item(1, 1, "negative", score=-0.2, party="third")) == "high"
    assert severity(make_item(1, 1, "negative", score=-0.2, rating=2)) == "high"
    assert severity(make_item(1, 1, "negative", score=-0.7)) == "high"
    assert severity(make_item(1, 1, "negative", score=-0.2)) == "medium"
    assert severity(make_item(1, 1, question=True)) == "low"


def test_open_items_beyond_the_shown_ones_are_counted_and_recent_ones_are_not_hidden():
    old_questions = [make_item(i, 260 + i, question=True) for i in range(1, 11)]
    recent = [make_item(50, 19, "negative"), make_item(51, 4, "negative")]
    actions, summary = service_actions(old_questions + recent, [], NOW)
    assert [a["feedback_id"] for a in actions][:2] == [51, 50]
    assert summary["total"] == 12 and summary["shown"] == MAX_OPEN_SHOWN and summary["more"] == 12 - MAX_OPEN_SHOWN


def test_the_complaint_a_risk_reason_names_is_listed_first():
    items = [make_item(i, 40 + i, "negative", rating=1) for i in range(1, 9)] + [make_item(30, 19, "negative",
                                                                                           score=-0.2)]
    risk = assess(items, Decimal("900"), NOW)
    named = {r["feedback_id"] for r in risk["reasons"] if r["feedback_id"]}
    assert 30 in named  # the unanswered complaint of the last 30 days, though only of medium severity
    shown = [a["feedback_id"] for a in decide(("service",), items, risk=risk)["actions"]]
    assert named <= set(shown) and shown[0] == 30
    assert [i["id"] for i in open_items(items, NOW, pinned=[30])][0] == 30


def test_marketing_needs_marketing_consent_to_thank_and_ask():
    items = [make_item(1, 10, "positive", channel="social", party="third")]
    orders = [{"sku": "KT-200", "purchased_at": NOW - timedelta(days=20)}]
    granted = decide(("marketing",), items, orders, consent={"marketing": YES, "testimonial": NO})
    assert [a["kind"] for a in granted["actions"]] == ["thank", "ask_review"]
    denied = decide(("marketing",), items, orders, consent={"marketing": NO, "testimonial": NO})
    assert denied["actions"] == [] and denied["withheld"] == [
        {"purpose": "marketing", "count": 2, "what": "thank-you and review-request suggestions"}]


def test_no_review_request_once_reviewed_or_too_soon():
    orders = [{"sku": "CM-100", "purchased_at": NOW - timedelta(days=20)},
              {"sku": "KT-200", "purchased_at": NOW - timedelta(days=5)}]
    reviewed = [make_item(1, 10, "neutral", sku="CM-100")]
    assert marketing_candidates(reviewed, orders, NOW)["marketing.ask_review"] == []


def test_testimonial_needs_testimonial_consent():
    items = [make_item(1, 200, "positive", rating=5)]
    found = decide(("marketing",), items, consent={"marketing": NO, "testimonial": YES})
    assert [(a["kind"], a["feedback_id"]) for a in found["actions"]] == [("testimonial", 1)]
    found = decide(("marketing",), items, consent={"marketing": YES, "testimonial": NO})
    assert found["actions"] == [] and found["withheld"][0]["purpose"] == "testimonial"


def test_sales_calls_at_risk_high_value_and_suggests_co_purchases():
    risk = {"level": "high", "high_value": True, "reasons": [
        {"code": "unanswered_complaint", "feedback_id": 9, "detail": "complaint #9 unanswered for 3 days"}]}
    suggestions = [{"sku": "GR-10", "kind": "cross_sell", "buyers": 4, "because": "CM-100"}]
    found = sales_candidates(suggestions, risk, [], NOW)
    assert [(a["kind"], a["feedback_id"]) for a in found["sales.call"]] == [("call", 9)]
    assert found["sales.offer"][0]["reason"] == "4 buyers of CM-100 also bought GR-10"


def test_departments_filter_the_actions():
    items = [make_item(1, 3, "negative")]
    assert {a["department"] for a in decide(("sales",), items)["actions"]} == set()
    assert {a["department"] for a in decide(("service",), items)["actions"]} == {"service"}
    assert decide(("sales",), items)["open_items"] is None
