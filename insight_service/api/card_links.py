"""Signed links to the HTML views: the insight card of one customer and the pain-point overview."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, current_app, url_for

from ..auth import current_key
from ..card_tokens import sign
from ..schemas.cards import SignedLinkSchema
from .context import audit
from .customers import get_customer
from .routing import endpoint

bp = Blueprint("card_links", __name__, url_prefix="/api/v1")


def _link(view: str, endpoint_name: str, customer: int | None, **values) -> dict:
    key = current_key()
    ttl = current_app.config["CARD_LINK_TTL_SECONDS"]
    token, expires = sign(current_app.config["SECRET_KEY"], view, key.role, customer, ttl, key.id, key.prefix)
    return {"url": url_for(endpoint_name, t=token, _external=True, **values), "token": token, "view": view,
            "customer_id": customer, "role": key.role,
            "expires_at": datetime.fromtimestamp(expires, timezone.utc), "expires_in": ttl}


@endpoint(bp, "/customers/<int:customer_id>/card-link", method="POST", area="card_links",
          summary="A signed link to a customer's insight card", response=SignedLinkSchema, status=201, errors=(404,))
def create_card_link(customer_id):
    """The URL opens the card as the caller's role until it expires (CARD_LINK_TTL_SECONDS); embed it in the
    CRM (FRAME_ANCESTORS) instead of an API key."""
    get_customer(customer_id)
    audit("card_link.create", "customer", customer_id)
    return _link("card", "web.card", customer_id, customer_id=customer_id)


@endpoint(bp, "/pain-points/overview-link", method="POST", area="pain_points",
          summary="A signed link to the pain-point overview", response=SignedLinkSchema, status=201)
def create_overview_link():
    """The URL opens the de-identified overview (charts, trends, exports) as the caller's role until it expires."""
    return _link("overview", "web.overview", None)
