"""The front door: an index of what this service offers, and the interactive API explorer (Swagger UI)."""
from __future__ import annotations

from pathlib import Path

from flask import abort, render_template, send_from_directory

from .blueprint import bp

# Swagger UI's own build, shipped by the swagger-ui-py package (PyPI): served from here, no CDN, same CSP.
EXPLORER_FILES = {"swagger-ui-bundle.js", "swagger-ui.css"}


def explorer_assets() -> Path:
    """The directory of the packaged Swagger UI build."""
    import swagger_ui

    return Path(swagger_ui.__file__).parent / "static"


@bp.get("/")
def index():
    """Links to the contract, the API explorer, sign-in and the HTML views."""
    return render_template("index.html")


@bp.get("/docs")
def api_explorer():
    """Swagger UI on /openapi.yaml: try the API with a key (Authorize), nothing loaded from elsewhere."""
    return render_template("explorer.html")


@bp.get("/docs/assets/<name>")
def explorer_asset(name: str):
    """One file of the Swagger UI build (only those the explorer page uses)."""
    if name not in EXPLORER_FILES:
        abort(404)
    return send_from_directory(explorer_assets(), name, max_age=3600)
