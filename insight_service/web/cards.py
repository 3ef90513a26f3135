"""The insight card: one customer on one screen, from the same services as the API."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from .. import charts, db
from ..api.context import audit, audit_with_reads, hasher
from ..auth import PERMISSIONS, actor
from ..card_tokens import LinkError
from ..models import Feedback
from ..services.identity.customers import find_customers
from ..services.reads.history import feedback_history
from ..services.departments.insight import customer_insight
from ..services.access.roles import fields_for
from ..services.reads.handling import mark_handled
from .access import check_csrf, csrf_token, grant_for
from .blueprint import bp

TIMELINE = 8
SPARK_MONTHS = 12
PURPOSES = (("social_profiling", "Social profiling"), ("marketing", "Marketing"), ("testimonial", "Testimonial"))
STAGES = (("see", "See"), ("think", "Think"), ("do", "Do"), ("care", "Care"))


def safe_url(url: str | None) -> str | None:
    """A link target only when it is plain http(s): a javascript: or data: URL from a source never becomes a link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def highlight(text: str | None, span: str | None) -> Markup | None:
    """The text, escaped, with the first occurrence of the quoted span marked."""
    if text is None:
        return None
    at = text.find(span) if span else -1
    if at < 0:
        return escape(text)
    return escape(text[:at]) + Markup("<mark>") + escape(span) + Markup("</mark>") + escape(text[at + len(span):])


def _months(monthly: list[dict], today: date) -> list[tuple[str, float | None]]:
    """The 12 months up to the latest month with feedback (or this month), gaps as None."""
    by_month = {m["month"]: m["average_score"] for m in monthly}
    end = max(by_month) if by_month else f"{today:%Y-%m}"
    labels, y, m = [], int(end[:4]), int(end[5:7])
    for _ in range(SPARK_MONTHS):
        labels.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return [(label, by_month.get(label)) for label in reversed(labels)]


def _card_url(customer_id: int, **extra) -> str:
    token = request.values.get("t")
    return url_for("web.card", customer_id=customer_id, **({"t": token} if token else {}), **extra)


def card_context(customer_id: int, role: str, writes=()) -> dict:
    """Everything the card template shows, built from the insight and the feedback history services."""
    session = db.session()
    insight = customer_insight(session, customer_id, role, k=current_app.config["K_ANONYMITY"], writes=writes)
    if insight is None:
        abort(404, description=f"No customer {customer_id}.")
    # consent as the insight read it, in this transaction: the ledger is asked once per card
    social = insight["privacy"]["consent"]["social_profiling"]["granted"]
    history = feedback_history(session, customer_id, role, limit=TIMELINE, social=social)
    quotes = {p["quote_feedback_id"]: (p["quote"], p["quote_span"]) for p in insight["pain_points"] if p["quote"]}
    texts = {i["id"]: i["text"] for i in history["items"]}
    for item in history["items"]:
        clause, span = quotes.get(item["id"], (None, None))
        # the clause as quoted; where scrubbing changed it, the span the code was found by
        item["html"] = highlight(item["text"], clause if clause and clause in (item["text"] or "") else span)
        item["link"] = safe_url(item["url"])
        item["open"] = item["handled_at"] is None and (item["sentiment_label"] == "negative"
                                                       or "?" in (item["text"] or ""))
    for pain in insight["pain_points"]:
        fid = pain["quote_feedback_id"]
        pain["in_timeline"] = fid in texts
        pain["quote_html"] = highlight(pain["quote"], pain["quote_span"])
    for theme in insight["themes"]:
        theme["in_timeline"] = theme["quote_feedback_id"] in texts
    feedback = insight["feedback"]
    barometer = feedback["barometer"]
    trend = feedback["trend"]
    actions = {dep: [a for a in insight["actions"] if a["department"] == dep] for dep in ("service", "marketing",
                                                                                          "sales")}
    fields = fields_for(role)
    hidden = [w["message"] for w in insight["privacy"]["withheld"]]
    channels = sorted({"social", "review", "forum", "ticket", "survey"} - set(fields["text_channels"]))
    if channels:
        hidden.append(f"texts of {', '.join(channels)} items are not shown to the {role} role")
    if not fields["handling"]:
        hidden.append(f"handling notes are not shown to the {role} role")
    answering = {a["feedback_id"] for a in actions["service"] if a["kind"] == "answer"}
    words = (insight["customer"]["name"] or insight["customer"]["external_id"] or "?").split()
    initials = "".join(w[0] for w in (words[:1] + words[-1:] if len(words) > 1 else words)).upper()
    return {
        "ins": insight, "answering": answering, "held_back": insight["suppressed_actions"], "initials": initials,
        "items": history["items"],
        "total_items": history["total"],
        "role": role,
        "hidden": hidden, "purposes": PURPOSES, "stages": STAGES, "actions": actions,
        "primary_departments": [d for d in fields["actions"] if d == "service"] or list(fields["actions"][:1]),
        "can_handle": role in PERMISSIONS["service_queue"],
        "gauge": charts.gauge(feedback["average_score"], "Average sentiment"),
        "sparkline": charts.sparkline(_months(trend["monthly"], insight["generated_at"].date()),
                                      "Monthly sentiment"),
        "barometer": charts.stacked_bar([("positive", barometer["positive"], "pos"),
                                         ("neutral", barometer["neutral"], "neu"),
                                         ("negative", barometer["negative"], "neg")], "Feedback barometer"),
        "tone": charts.tone(feedback["average_score"]),
        "max_emotion": max((e["count"] for e in feedback["emotions"]), default=1),
        "csrf": csrf_token(), "token": request.values.get("t"),
        "handled": request.args.get("handled", type=int),
    }


@bp.get("/cards")
def card_lookup():
    """Signed-in agents open a card by the CRM's customer id."""
    grant_for("card", "card_links")
    crm_id = (request.args.get("crm_id") or "").strip()[:256]
    found = find_customers(db.session(), hasher(), crm_id=crm_id) if crm_id else []
    if len(found) == 1:
        return redirect(url_for("web.card", customer_id=found[0].id))
    return render_template("lookup.html", crm_id=crm_id, found=found, searched=bool(crm_id), csrf=csrf_token())


@bp.get("/cards/<int:customer_id>")
def card(customer_id: int):
    """The insight card as the link's or the session's role may see it; every view is audited."""
    grant = grant_for("card", "card_links", customer_id)
    audit("card.view", "customer", customer_id)  # sent with the insight's first reads (undone if the card fails)
    context = card_context(customer_id, grant.role, writes=audit_with_reads())
    return render_template("card.html", **context, card_url=_card_url(customer_id),
                           signed_in=request.values.get("t") is None)


@bp.post("/cards/<int:customer_id>/feedback/<int:feedback_id>/handled")
def card_handled(customer_id: int, feedback_id: int):
    """Mark a complaint handled from the card (service queue roles only), then show the card again."""
    grant = grant_for("card", "card_links", customer_id)
    if grant.role not in PERMISSIONS["service_queue"]:
        raise LinkError(403, "Not for your role", f"The role '{grant.role}' may not mark items handled.")
    check_csrf()
    item = db.session().get(Feedback, feedback_id)
    if item is None or item.customer_id != customer_id:
        abort(404, description=f"No feedback item {feedback_id} of this customer.")
    note = (request.form.get("note") or "").strip()[:5000] or None
    mark_handled(db.session(), feedback_id, actor()[:100], note)
    audit("feedback.handled", "customer", customer_id, {"feedback_id": feedback_id, "via": "card"})
    return redirect(_card_url(customer_id, handled=feedback_id, _anchor=f"fb-{feedback_id}"), 303)

