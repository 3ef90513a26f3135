"""Sign in with an API key (posted, never in a URL) for a session cookie; sign out."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for

from ..auth import PERMISSIONS, authenticate
from ..errors import ApiError
from .access import check_csrf, csrf_token, sign_in, sign_out as end_session, signed_in
from .blueprint import bp

HTML_ROLES = PERMISSIONS["card_links"] | PERMISSIONS["pain_points"]
# Browsers drop tabs and newlines from URLs ("/\t/evil.example" is "//evil.example") and read "\\" as "/";
# a header cannot hold control characters at all; their percent-encoded forms are refused too (a proxy or
# framework that decodes once more would turn them back).
UNSAFE_IN_TARGET = re.compile(r"[\x00-\x20\x7f\\]|%(?:[01][0-9a-f]|7f|5c|2f|20)", re.IGNORECASE)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site ('/x', never '//host', a scheme, a backslash, space or control character)."""
    if not target or not target.startswith("/") or target.startswith("//") or UNSAFE_IN_TARGET.search(target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _home(role: str) -> str:
    return url_for("web.overview") if role in PERMISSIONS["pain_points"] else url_for("web.card_lookup")


def _form(error: str | None = None, status: int = 200):
    return render_template("login.html", error=error, next=_safe_next(request.values.get("next")),
                           csrf=csrf_token(), user=signed_in()), status


@bp.get("/login")
def login():
    """The sign-in form (and who is signed in)."""
    return _form()


@bp.post("/login")
def login_post():
    """Check the key; a valid key of a role with an HTML view starts a session."""
    check_csrf()
    raw = (request.form.get("api_key") or "").strip()
    try:
        key = authenticate(raw)
    except ApiError:
        return _form("That key is unknown or revoked.", 401)
    if key.role not in HTML_ROLES:
        return _form(f"The role '{key.role}' has no pages here.", 403)
    sign_in(key)
    return redirect(_safe_next(request.form.get("next")) or _home(key.role), 303)


@bp.post("/login/sign-out")
def sign_out():
    """End the session."""
    check_csrf()
    end_session()
    return redirect(url_for("web.login"), 303)
