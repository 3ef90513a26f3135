"""The next-action decision table: department x signal x the conditions that suppress it, as data.

docs/next-actions.md prints this table; tests/services/departments/test_action_rules.py has a test per row. A rule
fires when its signal holds and none of its suppressing conditions does; consent conditions put the
suggestion among the "withheld" notes, judgement conditions among the "suppressed" ones with their reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..reads.risk import (
    COMPLAINT_WINDOW,
    MIN_NEGATIVE_RECENT,
    RECENT,
    mostly_negative,
    sentiment_change,
    unanswered_complaints,
)


@dataclass(frozen=True)
class Rule:
    """One row of the table."""

    key: str
    department: str
    kinds: tuple[str, ...]
    signal: str
    suppressed_by: tuple[str, ...]


# Conditions a rule may be suppressed by; the sentence is what the insight and the docs say.
CONDITIONS = {
    "open_complaint": "an unanswered complaint of the last 30 days (answer it first)",
    "negative_trend": "a negative recent trend (falling sentiment, or mostly negative items in the last 90 days)",
    "churn_risk": "churn risk medium or high",
    "marketing_not_granted": "marketing consent not granted (unknown, denied, withdrawn or expired)",
    "testimonial_not_granted": "testimonial consent not granted",
    "opted_out": "the customer opted out (their identifiers are on the suppression list)",
}
CONSENT_CONDITIONS = {"marketing_not_granted": "marketing", "testimonial_not_granted": "testimonial"}

RULES = (
    Rule("service.answer", "service", ("answer",),
         "an open complaint or question of the last 365 days; ranked by severity, then newest first",
         ()),
    Rule("service.send_manual", "service", ("send_manual",),
         "a misuse pain point (the product used the wrong way) in an unhandled item", ()),
    Rule("marketing.thank", "marketing", ("thank",),
         "a positive public post or review of the last 90 days, not handled yet",
         ("opted_out", "marketing_not_granted", "open_complaint", "negative_trend")),
    Rule("marketing.ask_review", "marketing", ("ask_review",),
         "a purchase 14-180 days ago with no review of that product since",
         ("opted_out", "marketing_not_granted", "open_complaint", "negative_trend", "churn_risk")),
    Rule("marketing.testimonial", "marketing", ("testimonial",),
         "a positive review rated 4 or more (or unrated) that still has its text",
         ("opted_out", "testimonial_not_granted", "open_complaint", "negative_trend")),
    Rule("sales.call", "sales", ("call",), "churn risk high and high value (total purchases of 500 or more)",
         ()),
    Rule("sales.offer", "sales", ("upsell", "cross_sell"),
         "what other buyers of the customer's products also bought (same category: upsell, other: cross-sell)",
         ("opted_out", "open_complaint", "negative_trend", "churn_risk")),
)
BY_KEY = {rule.key: rule for rule in RULES}


def conditions(items: list[dict], consent: dict, risk: dict, now: datetime, opted_out: bool = False) -> set[str]:
    """The suppressing conditions that hold for one customer now."""
    held = set()
    if unanswered_complaints(items, now, COMPLAINT_WINDOW):
        held.add("open_complaint")
    if sentiment_change(items, now)["direction"] == "falling" or mostly_negative(items, now, RECENT,
                                                                                 MIN_NEGATIVE_RECENT):
        held.add("negative_trend")
    if risk["level"] != "low":
        held.add("churn_risk")
    for condition, purpose in CONSENT_CONDITIONS.items():
        if not consent[purpose]["granted"]:
            held.add(condition)
    if opted_out:
        held.add("opted_out")
    return held


def blockers(rule_key: str, held: set[str]) -> list[str]:
    """The conditions that suppress this rule now, in the table's order (empty: the rule may fire)."""
    return [c for c in BY_KEY[rule_key].suppressed_by if c in held]


def table_markdown() -> str:
    """The table as docs/next-actions.md shows it (a test checks the doc holds it)."""
    lines = ["| rule | department | action | signal | suppressed by |", "|---|---|---|---|---|"]
    for rule in RULES:
        suppressed = ", ".join(f"`{c}`" for c in rule.suppressed_by) or "(never)"
        lines.append(f"| `{rule.key}` | {rule.department} | {' / '.join(rule.kinds)} | {rule.signal} | {suppressed} |")
    return "\n".join(lines)
