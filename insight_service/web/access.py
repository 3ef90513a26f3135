"""Who is looking at an HTML view: a signed link or a signed-in session; form tokens; the audit actor."""
from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta

from flask import current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import delete

from .. import db
from ..auth import PERMISSIONS, live_key
from ..card_tokens import Grant, LinkError, csrf_for, csrf_ok, verify
from ..models import ApiKey, WebSession, utcnow
from ..verified_keys import VerifiedKey

SESSION_SECONDS = 8 * 3600  # a working day; the key's revocation ends it at once


class HttpsAwareSessions(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def _session_row_id(sid) -> str:
    return hashlib.sha256(str(sid).encode()).hexdigest()


def sign_in(key: VerifiedKey) -> None:
    """Start a session for an API key: its id, role and prefix (never the key), a server-side session id, a
    form nonce and the time (expired sessions of anyone are removed on the way)."""
    session.clear()
    sid = secrets.token_urlsafe(24)
    session["auth"] = {"key_id": key.id, "role": key.role, "prefix": key.prefix, "at": int(time.time()),
                       "sid": sid}
    session["nonce"] = secrets.token_urlsafe(24)
    sess = db.session()
    sess.execute(delete(WebSession).where(WebSession.created_at < utcnow() - timedelta(seconds=SESSION_SECONDS)))
    sess.add(WebSession(id=_session_row_id(sid), key_id=key.id, created_at=utcnow()))


def sign_out() -> None:
    """End the session on the server too: a copy of the cookie opens nothing afterwards."""
    sid = (session.get("auth") or {}).get("sid")
    if sid:
        db.session().execute(delete(WebSession).where(WebSession.id == _session_row_id(sid)))
    session.clear()


def signed_in() -> dict | None:
    """The session's sign-in while it is fresh, not signed out and its key is live, else None (and cleared)."""
    data = session.get("auth")
    if not data:
        return None
    key = db.session().get(ApiKey, data.get("key_id"))
    live = data.get("sid") and db.session().get(WebSession, _session_row_id(data["sid"])) is not None
    if int(time.time()) - int(data.get("at", 0)) > SESSION_SECONDS or key is None or key.revoked_at is not None \
            or not live:
        session.clear()
        return None
    return data


def form_nonce() -> str:
    """The session's nonce for forms (made on first use, e.g. on the sign-in page)."""
    if "nonce" not in session:
        session["nonce"] = secrets.token_urlsafe(24)
    return session["nonce"]


def grant_for(view: str, area: str, customer_id: int | None = None) -> Grant:
    """The grant of this request (link token `t` wins over the session) for a role allowed in the area.

    Raises LinkError: 401 without either, 403 forged/other customer/role not allowed/key revoked, 410 expired.
    """
    token = request.values.get("t")
    g.pop("api_key", None)  # never an API key here: the audit actor is the link or the session
    if token:
        grant = verify(current_app.config["SECRET_KEY"], token, view, customer_id)
        if grant.key_id is not None:
            if live_key(grant.key_id) is None:  # revoked within API_KEY_CACHE_SECONDS (at once in this process)
                raise LinkError(403, "Link withdrawn", "The API key that made this link has been revoked.")
        g.actor = f"card-link:{grant.role}:{grant.key_prefix}"
        g.link_token = token
    else:
        data = signed_in()
        if data is None:
            raise LinkError(401, "Sign-in needed", "Open this page through a signed link from your CRM, or sign in "
                                                   "with an API key.")
        grant = Grant(view, data["role"], customer_id, int(data["at"]) + SESSION_SECONDS, data["key_id"],
                      data["prefix"])
        g.actor = f"session:{grant.role}:{grant.key_prefix}"
    if grant.role not in PERMISSIONS[area]:
        raise LinkError(403, "Not for your role", f"The role '{grant.role}' may not open this page.")
    g.grant = grant
    return grant


def csrf_token() -> str:
    """The form token of this request: bound to the link token, or to the session nonce."""
    return csrf_for(current_app.config["SECRET_KEY"], g.get("link_token") or form_nonce())


def check_csrf() -> None:
    """Refuse a form post whose token does not match this request's link token or session nonce."""
    binding = g.get("link_token") or session.get("nonce")
    if not csrf_ok(current_app.config["SECRET_KEY"], binding, request.form.get("csrf")):
        raise LinkError(403, "Form expired", "The form could not be verified. Reload the page and try again.")
