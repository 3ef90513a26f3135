"""Journey stage and advocate/detractor rules on hand-built items whose right answer is known."""
from insight_service.services.reads.journey import classify, journey_stage
from tests.services.rule_items import NOW, make_item

NO_PURCHASES = {"orders": 0, "first_purchase_at": None}


def test_a_recommendation_makes_an_advocate_with_evidence():
    items = [make_item(1, 20, "positive", journey=["advocacy"])]
    status = classify(items, NOW)
    assert status["status"] == "advocate" and status["advocate_evidence"][0]["feedback_id"] == 1
    assert journey_stage(items, NO_PURCHASES, status["status"])["detail"] == "advocacy"


def test_three_positive_items_make_an_advocate_but_two_do_not():
    two = [make_item(i, 10 * i, "positive") for i in (1, 2)]
    assert classify(two, NOW)["status"] == "neither"
    assert classify(two + [make_item(3, 30, "positive")], NOW)["status"] == "advocate"


def test_a_recent_complaint_blocks_advocacy():
    items = [make_item(1, 20, "positive", journey=["advocacy"]), make_item(2, 5, "negative")]
    assert classify(items, NOW)["status"] == "neither"


def test_detractor_by_two_negatives_a_public_one_or_a_low_rating():
    assert classify([make_item(1, 5, "negative"), make_item(2, 50, "negative")], NOW)["status"] == "detractor"
    public = classify([make_item(1, 100, "negative", channel="social", party="third")], NOW)
    assert public["status"] == "detractor" and public["detractor_evidence"][0]["why"] == "negative in public"
    assert classify([make_item(1, 100, "negative", rating=1)], NOW)["status"] == "detractor"
    assert classify([make_item(1, 200, "negative", rating=1)], NOW)["status"] == "neither"  # too long ago


def test_stages_from_awareness_to_loyalty():
    first = NOW.replace(month=3)
    assert journey_stage([], NO_PURCHASES, "neither")["stage"] == "see"
    think = [make_item(1, 5, journey=["think"])]
    assert journey_stage(think, NO_PURCHASES, "neither") == {
        "stage": "think", "detail": "consideration", "evidence": [{"feedback_id": 1, "why": "consideration cue"}]}
    assert journey_stage([], {"orders": 1, "first_purchase_at": first}, "neither")["detail"] == "purchase"
    after = [make_item(2, 5)]
    assert journey_stage(after, {"orders": 1, "first_purchase_at": first}, "neither")["detail"] == "post_purchase"
    assert journey_stage([], {"orders": 2, "first_purchase_at": first}, "neither")["detail"] == "loyalty"
    assert journey_stage([], {"orders": 2, "first_purchase_at": first}, "neither")["stage"] == "care"
