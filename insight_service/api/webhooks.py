"""Webhook routes (admin): endpoints, their secret (shown once), their deliveries, and resending one."""
from __future__ import annotations

from flask import Blueprint, Response, current_app

from .. import db
from ..errors import ApiError
from ..models import OutboxEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from ..schemas.webhooks import (DeliveryListSchema, DeliveryQuerySchema, DeliverySchema, WebhookInSchema,
                                WebhookListSchema, WebhookPatchSchema, WebhookSchema, WebhookSecretSchema)
from ..webhooks import endpoints as service
from ..webhooks.delivery import allow_private
from ..webhooks.dispatch import kick
from ..webhooks.events import SHARDS
from .context import audit
from .routing import endpoint

bp = Blueprint("webhooks", __name__, url_prefix="/api/v1")


def _endpoint(webhook_id: int) -> WebhookEndpoint:
    found = db.session().get(WebhookEndpoint, webhook_id)
    if found is None:
        raise ApiError(404, "Not Found", f"No webhook endpoint with id {webhook_id}.",
                       [{"field": "webhook_id", "message": "unknown"}])
    return found


def _invalid(exc: service.EndpointInvalid) -> ApiError:
    return ApiError(422, "Unprocessable Content", "The request did not validate.",
                    [{"field": exc.field, "message": str(exc)}], "validation")


def _with_secret(found: WebhookEndpoint, secret: str) -> dict:
    """The endpoint's fields plus its secret, for the one response that shows it."""
    return {**{name: getattr(found, name) for name in WebhookSchema().fields}, "secret": secret}


def _app():
    return current_app._get_current_object()


@endpoint(bp, "/webhooks", method="POST", area="admin", summary="Create a webhook endpoint", body=WebhookInSchema,
          response=WebhookSecretSchema, status=201, errors=(422,))
def create_webhook(body):
    """Subscribe a URL to event types for a role; the response carries the signing secret, shown only this once."""
    try:
        created, secret = service.create_endpoint(db.session(), body, allow_private(current_app.config))
    except service.EndpointInvalid as exc:
        raise _invalid(exc) from None
    audit("webhooks.create", "webhook", created.id, {"role": created.role, "event_types": created.event_types})
    return _with_secret(created, secret), 201


@endpoint(bp, "/webhooks", area="admin", summary="List webhook endpoints", response=WebhookListSchema)
def list_webhooks():
    """Every endpoint with its state and why it was disabled (never a secret)."""
    return {"items": service.list_endpoints(db.session())}


@endpoint(bp, "/webhooks/<int:webhook_id>", area="admin", summary="Read a webhook endpoint", response=WebhookSchema,
          errors=(404,))
def read_webhook(webhook_id):
    """One endpoint (never its secret)."""
    return _endpoint(webhook_id)


@endpoint(bp, "/webhooks/<int:webhook_id>", method="PATCH", area="admin", summary="Change a webhook endpoint",
          body=WebhookPatchSchema, response=WebhookSchema, errors=(404, 422))
def update_webhook(webhook_id, body):
    """Change URL, event types, role, filter or enabled state; re-enabling sends what waited."""
    found = _endpoint(webhook_id)
    session = db.session()
    try:
        resumed = service.update_endpoint(session, found, body, allow_private(current_app.config))
    except service.EndpointInvalid as exc:
        raise _invalid(exc) from None
    audit("webhooks.update", "webhook", webhook_id, {"fields": sorted(body)})
    if resumed:
        session.commit()
        kick(_app(), {(webhook_id, s) for s in range(SHARDS)})
    return found


@endpoint(bp, "/webhooks/<int:webhook_id>/secret", method="POST", area="admin", summary="Rotate a webhook secret",
          response=WebhookSecretSchema, errors=(404,))
def rotate_webhook_secret(webhook_id):
    """A new secret, shown this once; for 24 hours deliveries carry a signature under the old secret too."""
    found = _endpoint(webhook_id)
    secret = service.rotate_secret(db.session(), found)
    audit("webhooks.rotate_secret", "webhook", webhook_id)
    return _with_secret(found, secret)


@endpoint(bp, "/webhooks/<int:webhook_id>", method="DELETE", area="admin", summary="Delete a webhook endpoint",
          status=204, errors=(404,))
def delete_webhook(webhook_id):
    """Delete an endpoint with its deliveries (nothing more is sent to it)."""
    service.delete_endpoint(db.session(), _endpoint(webhook_id))
    audit("webhooks.delete", "webhook", webhook_id)
    return Response(status=204)


@endpoint(bp, "/webhooks/<int:webhook_id>/deliveries", area="admin", summary="List a webhook endpoint's deliveries",
          query=DeliveryQuerySchema, response=DeliveryListSchema, errors=(404,))
def list_webhook_deliveries(webhook_id, query):
    """Deliveries newest first, each with every attempt: outcome, response code, latency and error."""
    _endpoint(webhook_id)
    return {"items": service.list_deliveries(db.session(), webhook_id, **query)}


@endpoint(bp, "/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/retry", method="POST", area="admin",
          summary="Resend a delivery", response=DeliverySchema, status=202, errors=(404, 409))
def retry_webhook_delivery(webhook_id, delivery_id):
    """Send a delivery again now, with a fresh round of attempts; 409 for one cancelled as no longer allowed."""
    _endpoint(webhook_id)
    session = db.session()
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != webhook_id:
        raise ApiError(404, "Not Found", f"No delivery {delivery_id} of webhook endpoint {webhook_id}.",
                       [{"field": "delivery_id", "message": "unknown"}])
    try:
        service.retry_delivery(session, delivery)
    except service.DeliveryNotRetryable as exc:
        raise ApiError(409, "Conflict", str(exc), [{"field": "delivery_id", "message": "cancelled"}]) from None
    audit("webhooks.retry_delivery", "webhook", webhook_id, {"delivery": delivery_id})
    event = session.get(OutboxEvent, delivery.event_id)
    attempts = list(session.query(WebhookAttempt).filter(WebhookAttempt.delivery_id == delivery_id)
                    .order_by(WebhookAttempt.id))
    view = service.delivery_view(delivery, event.uid, event.type, attempts)
    session.commit()  # the job must find it pending
    kick(_app(), {(webhook_id, delivery.shard)})
    return view, 202
