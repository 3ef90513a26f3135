"""The `insight-service` command, one module per group of commands; `main` is the console script."""
from __future__ import annotations

from flask import Flask

from . import admin, budget, data, pgconf, serve, sync, themes, writeback


def init_app(app: Flask) -> None:
    """Register every command on the app."""
    admin.db_cli.add_command(budget.budget_cmd)  # db budget
    admin.db_cli.add_command(pgconf.pgconf_cmd)  # db pgconf
    for command in admin.COMMANDS:
        app.cli.add_command(command)
    app.cli.add_command(serve.serve)
    data.init_app(app)  # generate, reanalyze, demo
    sync.init_app(app)  # sync, worker, purge
    writeback.init_app(app)  # writeback
    themes.init_app(app)  # themes list, themes promote
