"""Next actions per department, with consent gates, on hand-built items."""
from datetime import timedelta

from insight_service.services.actions import marketing_actions, next_actions, sales_actions, service_actions
from tests.services.rule_items import NOW, make_item

YES = {"granted": True}
NO = {"granted": False}


def test_service_answers_open_complaints_and_questions_oldest_first():
    items = [make_item(1, 3, "negative"), make_item(2, 9, question=True), make_item(3, 1, "negative", handled=True)]
    actions = service_actions(items, [], NOW)
    assert [(a["kind"], a["feedback_id"]) for a in actions] == [("answer", 2), ("answer", 1)]
    assert actions[0]["reason"] == "answer question #2 (review), open for 9 days"


def test_service_sends_the_manual_for_a_misuse_pain_point():
    pains = [{"code": "usability", "feedback_id": 4, "posted_at": NOW, "sku": "CM-100", "handled_at": None},
             {"code": "defect", "feedback_id": 5, "posted_at": NOW, "sku": "CM-100", "handled_at": None}]
    actions = service_actions([], pains, NOW)
    assert [(a["kind"], a["feedback_id"], a["sku"]) for a in actions] == [("send_manual", 4, "CM-100")]


def test_marketing_needs_marketing_consent_to_thank_and_ask():
    items = [make_item(1, 10, "positive", channel="social", party="third")]
    orders = [{"sku": "KT-200", "purchased_at": NOW - timedelta(days=20)}]
    granted, _ = marketing_actions(items, orders, {"marketing": YES, "testimonial": NO}, NOW)
    assert [a["kind"] for a in granted] == ["thank", "ask_review"]
    denied, withheld = marketing_actions(items, orders, {"marketing": NO, "testimonial": NO}, NOW)
    assert denied == [] and withheld == [{"purpose": "marketing", "count": 2,
                                          "what": "thank-you and review-request suggestions"}]


def test_no_review_request_once_reviewed_or_too_soon():
    orders = [{"sku": "CM-100", "purchased_at": NOW - timedelta(days=20)},
              {"sku": "KT-200", "purchased_at": NOW - timedelta(days=5)}]
    reviewed = [make_item(1, 10, "neutral", sku="CM-100")]
    found, _ = marketing_actions(reviewed, orders, {"marketing": YES, "testimonial": NO}, NOW)
    assert found == []


def test_testimonial_needs_testimonial_consent():
    items = [make_item(1, 200, "positive", rating=5)]
    found, _ = marketing_actions(items, [], {"marketing": NO, "testimonial": YES}, NOW)
    assert [(a["kind"], a["feedback_id"]) for a in found] == [("testimonial", 1)]
    found, withheld = marketing_actions(items, [], {"marketing": YES, "testimonial": NO}, NOW)
    assert found == [] and withheld[0]["purpose"] == "testimonial"


def test_sales_calls_at_risk_high_value_and_suggests_co_purchases():
    risk = {"level": "high", "high_value": True, "reasons": [
        {"code": "unanswered_complaint", "feedback_id": 9, "detail": "complaint #9 unanswered for 3 days"}]}
    suggestions = [{"sku": "GR-10", "kind": "cross_sell", "buyers": 4, "because": "CM-100"}]
    actions = sales_actions(suggestions, risk, [], NOW)
    assert [(a["kind"], a["feedback_id"], a["sku"]) for a in actions] == [("call", 9, None), ("cross_sell", None, "GR-10")]
    assert actions[1]["reason"] == "4 buyers of CM-100 also bought GR-10"


def test_departments_filter_the_actions():
    items = [make_item(1, 3, "negative")]
    kwargs = dict(items=items, pains=[], orders=[], consent={"marketing": YES, "testimonial": YES},
                  risk={"level": "low", "high_value": False, "reasons": []}, suggestions=[], now=NOW)
    assert {a["department"] for a in next_actions(("sales",), **kwargs)[0]} == set()
    assert {a["department"] for a in next_actions(("service",), **kwargs)[0]} == {"service"}
