"""The blueprint of the HTML views and its HTML error pages (the API keeps its problem documents)."""
from __future__ import annotations

from flask import Blueprint, Response, g, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from ..card_tokens import LinkError
from ..errors import ApiError, flatten_messages

bp = Blueprint("web", __name__)


def error_page(status: int, title: str, detail: str, sign_in: bool = False) -> Response:
    """The HTML error page (nothing echoed unescaped; no personal data in the message)."""
    page = render_template("error.html", status=status, title=title, detail=detail, request_id=g.get("request_id"),
                           sign_in_url=url_for("web.login", next=request.full_path.rstrip("?"))
                           if sign_in and request.method == "GET" else None)
    return Response(page, status=status, mimetype="text/html")


@bp.errorhandler(LinkError)
def _link_error(exc: LinkError):
    return error_page(exc.status, exc.title, exc.detail, sign_in=exc.status in (401, 410))


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_page(exc.status, exc.title, exc.detail or exc.title)


@bp.errorhandler(ValidationError)
def _invalid(exc: ValidationError):
    fields = ", ".join(sorted({m["field"] or "request" for m in flatten_messages(exc.messages)}))
    return error_page(400, "Invalid filter", f"Check these values: {fields}.")


@bp.errorhandler(HTTPException)
def _http(exc: HTTPException):
    return error_page(exc.code or 500, exc.name, exc.description if exc.code != 500 else "Internal Server Error")


@bp.app_template_filter("day")
def _day(value) -> str:
    """12 Mar 2026."""
    return value.strftime("%-d %b %Y") if value else "–"


@bp.app_template_filter("money")
def _money(value, currency: str | None = "EUR") -> str:
    """€ 1,234.50 (other currencies by their code)."""
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency or "EUR", (currency or "") + " ")
    return f"{symbol}{float(value or 0):,.2f}"


@bp.app_template_filter("signed")
def _signed(value) -> str:
    """+0.42 / -0.10 / – for a sentiment score."""
    return "–" if value is None else f"{float(value):+.2f}"


@bp.app_template_filter("percent")
def _percent(value) -> str:
    """0.125 -> 12.5 %."""
    return "–" if value is None else f"{100 * float(value):.1f} %"


@bp.app_template_filter("humanize")
def _humanize(value) -> str:
    """post_purchase -> post-purchase."""
    return str(value or "").replace("_", "-")
