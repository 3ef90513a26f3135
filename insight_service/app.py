"""The app factory: the only wiring point."""
from __future__ import annotations

import os

from flask import Flask

from . import config as config_module
from . import access_log, db, errors, request_context


def _commit_on_success(app: Flask) -> None:
    from flask import g

    from .api.context import write_audit

    @app.after_request
    def _commit(response):
        # One commit per request: services never commit, so a failed request leaves nothing behind.
        if response.status_code < 400:
            write_audit()
        session = g.get("db_session")
        if session is not None:
            if response.status_code < 400:
                session.commit()
            else:
                session.rollback()
        return response


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment, optionally overridden by test_config."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config_module.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    config_module.check_secrets(app.config)
    from . import analysis

    analysis.use_taxonomy_overlay(app.config.get("TAXONOMY_OVERLAY") or None)  # promoted themes, if any
    if app.config["SQLALCHEMY_DATABASE_URL"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    request_context.configure_logging(app.config["LOG_LEVEL"])
    app.json.sort_keys = False

    db.init_app(app)
    request_context.init_app(app)
    access_log.init_app(app)
    errors.init_app(app)
    _commit_on_success(app)
    from . import writeback_wake
    from .webhooks import dispatch

    dispatch.init_app(app)
    writeback_wake.init_app(app)

    from .api import admin, customers, departments, health, ingest, insights, pain_points

    for module in (health, admin, ingest, customers, insights, departments, pain_points):
        app.register_blueprint(module.bp)
    from .api import connectors as connectors_api

    app.register_blueprint(connectors_api.bp)
    from .api import writeback as writeback_api

    app.register_blueprint(writeback_api.bp)
    from .api import export_jobs
    from .api import jobs as jobs_api

    app.register_blueprint(jobs_api.bp)
    from .api import webhooks as webhooks_api

    app.register_blueprint(webhooks_api.bp)
    app.register_blueprint(export_jobs.bp)
    from . import web
    from .api import card_links

    app.register_blueprint(card_links.bp)
    web.init_app(app)
    from . import cli

    cli.init_app(app)
    return app
