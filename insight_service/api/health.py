"""Liveness, readiness and the published contract."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text

from .. import db
from ..errors import RETRY_AFTER_SECONDS
from ..openapi import spec_yaml

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up (no database call: the bare baseline of the benchmarks)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """The database answers (within DATABASE_CONNECT_TIMEOUT to connect, the statement timeout to answer)."""
    try:
        db.session().execute(text("SELECT 1"))
    except Exception:
        return jsonify(status="unavailable", database="unreachable"), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return jsonify(status="ready", database="ok")


@bp.get("/openapi.yaml")
def openapi():
    """The OpenAPI document of this running service."""
    return Response(spec_yaml(current_app), mimetype="application/yaml")
