"""The HTML views: the insight card (/cards), the pain-point overview (/pain-points) and sign-in (/login)."""
from __future__ import annotations

from flask import Flask

from . import cards, home, login, overview  # noqa: F401  (they register their routes on bp)
from .access import HttpsAwareSessions
from .blueprint import bp
from .demo import demo_links


def init_app(app: Flask) -> None:
    """Register the views, a session cookie that is HttpOnly, SameSite=Lax and Secure over HTTPS, the demo hook."""
    app.register_blueprint(bp)
    app.session_interface = HttpsAwareSessions()
    if app.config.get("SESSION_COOKIE_NAME") == "session":
        app.config["SESSION_COOKIE_NAME"] = "insight_session"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    if app.config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.extensions.setdefault("demo_hooks", []).append(demo_links)
