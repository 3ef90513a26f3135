"""Department views: the service queue, marketing lists and sales signals."""
from __future__ import annotations

from flask import Blueprint

from .. import db
from ..auth import actor, current_key
from ..errors import ApiError
from ..schemas.departments import (AdvocatesSchema, HandledInSchema, HandledSchema, ListQuerySchema, MixQuerySchema,
                                   MixSchema, QueueQuerySchema, QueueSchema, ReviewRequestsSchema, SalesQuerySchema,
                                   SalesSignalsSchema, TestimonialsSchema)
from ..services.departments.marketing import advocates, mix, review_requests, testimonials
from ..services.departments.sales import sales_signals
from ..services.reads.handling import handling_of, mark_handled
from ..services.departments.service_queue import service_queue
from .context import audit
from .routing import endpoint

bp = Blueprint("departments", __name__, url_prefix="/api/v1")


@endpoint(bp, "/service/queue", area="service_queue", summary="Complaints and questions to answer",
          query=QueueQuerySchema, response=QueueSchema)
def read_queue(query):
    """Unhandled complaints and questions of linked customers, with the total; sort oldest, recency or severity."""
    result = service_queue(db.session(), current_key().role, **query)
    audit("service.queue.read", detail={"items": len(result["items"])})
    return result


@endpoint(bp, "/feedback/<int:feedback_id>/handled", method="POST", area="service_queue",
          summary="Mark an item handled", body=HandledInSchema, response=HandledSchema, errors=(404,))
def handle(feedback_id, body):
    """Close the loop with a note; appended to the item's history, the insight shows it and the queue drops it."""
    item = mark_handled(db.session(), feedback_id, body["handler"] or actor(), body["note"])
    if item is None:
        raise ApiError(404, "Not Found", f"No feedback item {feedback_id}.",
                       [{"field": "feedback_id", "message": "unknown"}])
    audit("feedback.handled", "customer" if item.customer_id else "feedback", item.customer_id or feedback_id)
    return {"feedback_id": item.id, "customer_id": item.customer_id, "handled_at": item.handled_at,
            "handled_by": item.handled_by, "handled_note": item.handled_note,
            "history": handling_of(db.session(), [item.id]).get(item.id, [])}


@endpoint(bp, "/marketing/advocates", area="marketing", summary="Advocates who granted marketing",
          query=ListQuerySchema, response=AdvocatesSchema)
def read_advocates(query):
    """Customers the advocate rule holds for (docs/insights.md), with the evidence."""
    result = advocates(db.session(), **query)
    audit("marketing.advocates.read", detail={"items": len(result["items"])})
    return result


@endpoint(bp, "/marketing/testimonials", area="marketing", summary="Testimonial candidates",
          query=ListQuerySchema, response=TestimonialsSchema)
def read_testimonials(query):
    """Positive reviews whose authors granted testimonial now."""
    result = testimonials(db.session(), **query)
    audit("marketing.testimonials.read", detail={"items": len(result["items"])})
    return result


@endpoint(bp, "/marketing/review-requests", area="marketing", summary="Customers to ask for a review",
          query=ListQuerySchema, response=ReviewRequestsSchema)
def read_review_requests(query):
    """Purchases 14 to 180 days old with no review since, of buyers who granted marketing."""
    result = review_requests(db.session(), **query)
    audit("marketing.review_requests.read", detail={"items": len(result["items"])})
    return result


@endpoint(bp, "/marketing/mix", area="marketing", summary="Channel and journey-stage mix",
          query=MixQuerySchema, response=MixSchema)
def read_mix(query):
    """Feedback per channel and per journey-stage cue (no person)."""
    return mix(db.session(), **query)


@endpoint(bp, "/sales/signals", area="sales", summary="At-risk high-value customers and upsell candidates",
          query=SalesQuerySchema, response=SalesSignalsSchema)
def read_sales_signals(query):
    """With reasons; never a feedback text."""
    result = sales_signals(db.session(), **query)
    audit("sales.signals.read", detail={"at_risk": len(result["at_risk"]), "upsell": len(result["upsell"])})
    return result
