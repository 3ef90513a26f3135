"""Pain-point aggregates, trends and exports for R&D: de-identified, k-anonymous."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pain_points", __name__, url_prefix="/api/v1")
