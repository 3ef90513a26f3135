"""Department views: the service queue, marketing lists and sales signals."""
from __future__ import annotations

from flask import Blueprint

from .. import db
from ..auth import actor, current_key
from ..errors import ApiError
from ..schemas.departments import HandledInSchema, HandledSchema, QueueQuerySchema, QueueSchema
from ..services.service_queue import mark_handled, service_queue
from .context import audit
from .routing import endpoint

bp = Blueprint("departments", __name__, url_prefix="/api/v1")


@endpoint(bp, "/service/queue", area="service_queue", summary="Complaints and questions to answer",
          query=QueueQuerySchema, response=QueueSchema)
def read_queue(query):
    """Unhandled negative feedback and questions of linked customers, oldest first."""
    result = service_queue(db.session(), current_key().role, **query)
    audit("service.queue.read", detail={"items": len(result["items"])})
    return result


@endpoint(bp, "/feedback/<int:feedback_id>/handled", method="POST", area="service_queue",
          summary="Mark an item handled", body=HandledInSchema, response=HandledSchema, errors=(404,))
def handle(feedback_id, body):
    """Close the loop with a note; the insight shows it and the queue drops it."""
    item = mark_handled(db.session(), feedback_id, body["handler"] or actor(), body["note"])
    if item is None:
        raise ApiError(404, "Not Found", f"No feedback item {feedback_id}.",
                       [{"field": "feedback_id", "message": "unknown"}])
    audit("feedback.handled", "customer" if item.customer_id else "feedback", item.customer_id or feedback_id)
    return {"feedback_id": item.id, "customer_id": item.customer_id, "handled_at": item.handled_at,
            "handled_by": item.handled_by, "handled_note": item.handled_note}
