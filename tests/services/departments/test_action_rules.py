"""The decision table (services/departments/action_rules.py): one test per row, each suppressing condition tried on it."""
from datetime import timedelta
from pathlib import Path

import pytest

from insight_service.services.departments.action_rules import CONDITIONS, CONSENT_CONDITIONS, RULES, table_markdown
from insight_service.services.departments.actions import next_actions
from tests.services.rule_items import NOW, make_item

YES, NO = {"granted": True}, {"granted": False}
LOW = {"level": "low", "high_value": False, "reasons": []}
HIGH = {"level": "high", "high_value": True, "reasons": [
    {"code": "unanswered_complaint", "feedback_id": 90, "detail": "complaint #90 unanswered for 5 days"},
    {"code": "high_value", "feedback_id": None, "detail": "total purchases 900.00 (threshold 500)"}]}

# What makes each rule's signal hold (a world where it fires when nothing suppresses it).
SIGNALS = {
    "service.answer": dict(items=[make_item(1, 40, question=True, channel="ticket")]),
    "service.send_manual": dict(pains=[{"code": "usability", "feedback_id": 4, "posted_at": NOW, "sku": "CM-100",
                                        "handled_at": None}]),
    "marketing.thank": dict(items=[make_item(1, 10, "positive", channel="social", party="third")]),
    "marketing.ask_review": dict(orders=[{"sku": "KT-200", "purchased_at": NOW - timedelta(days=20)}]),
    "marketing.testimonial": dict(items=[make_item(1, 400, "positive", rating=5)]),  # outside the trend window
    "sales.call": dict(risk=HIGH),
    "sales.offer": dict(suggestions=[{"sku": "GR-10", "kind": "cross_sell", "buyers": 4, "because": "CM-100"}]),
}
# What makes each suppressing condition hold, added to a rule's world.
TRIGGERS = {
    "open_complaint": dict(items=[make_item(90, 5, "negative", channel="ticket")]),
    "negative_trend": dict(items=[make_item(91, 200, "positive", score=0.7, channel="ticket"),
                                  make_item(92, 30, "neutral", score=0.1, channel="ticket", handled=True)]),
    "churn_risk": dict(risk={"level": "medium", "high_value": False, "reasons": []}),
    "marketing_not_granted": dict(consent={"marketing": NO, "testimonial": YES}),
    "testimonial_not_granted": dict(consent={"marketing": YES, "testimonial": NO}),
    "opted_out": dict(opted_out=True),
}


def world(rule_key: str, condition: str | None = None) -> dict:
    """next_actions' arguments: the rule's signal, plus one condition's trigger."""
    args = dict(items=[], pains=[], orders=[], consent={"marketing": YES, "testimonial": YES}, risk=LOW,
                suggestions=[], now=NOW, opted_out=False)
    for part in (TRIGGERS.get(condition, {}), SIGNALS[rule_key]):  # the signal's risk wins (a high one holds too)
        for name, value in part.items():
            args[name] = args[name] + value if name == "items" else value
    return args


def decide(rule_key: str, condition: str | None = None) -> dict:
    """The decision for all departments in that world."""
    return next_actions(("service", "marketing", "sales"), **world(rule_key, condition))


def kinds_of(decision: dict, rule) -> list[str]:
    """The actions of the rule's kinds (a 'service.answer' world may hold an answer for the trigger too)."""
    return [a["kind"] for a in decision["actions"] if a["kind"] in rule.kinds]


@pytest.mark.parametrize("rule", RULES, ids=[r.key for r in RULES])
def test_each_rule_fires_on_its_signal_when_nothing_suppresses_it(rule):
    decision = decide(rule.key)
    assert kinds_of(decision, rule), decision
    assert decision["suppressed"] == [] and decision["withheld"] == []


@pytest.mark.parametrize("rule,condition", [(r, c) for r in RULES for c in CONDITIONS],
                         ids=[f"{r.key}-{c}" for r in RULES for c in CONDITIONS])
def test_each_suppressing_condition_holds_back_exactly_its_rules(rule, condition):
    decision = decide(rule.key, condition)
    assert condition in decision["conditions"]
    if condition not in rule.suppressed_by:
        assert kinds_of(decision, rule), f"{rule.key} must not be suppressed by {condition}"
        return
    assert kinds_of(decision, rule) == []
    if condition in CONSENT_CONDITIONS:
        assert [w["purpose"] for w in decision["withheld"]] == [CONSENT_CONDITIONS[condition]]
    else:
        entry = next(s for s in decision["suppressed"] if s["rule"] == rule.key)
        assert entry["because"] == [condition] and CONDITIONS[condition] in entry["reason"]


def test_no_offer_and_no_call_contradiction_for_an_at_risk_customer():
    args = world("sales.offer", "churn_risk")
    args["risk"] = HIGH
    decision = next_actions(("sales",), **args)
    assert [a["kind"] for a in decision["actions"]] == ["call"]
    assert decision["suppressed"][0]["rule"] == "sales.offer"


def test_the_doc_holds_the_table_as_the_code_has_it():
    doc = (Path(__file__).parents[3] / "docs" / "next-actions.md").read_text(encoding="utf-8")
    assert table_markdown() in doc
    for condition in CONDITIONS:
        assert f"`{condition}`" in doc
