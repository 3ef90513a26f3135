"""The operator never gets a traceback: every CLI failure is one line that names the fix, with exit code 1."""
from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..config import ConfigError

NO_SCHEMA_NEEDED = {"db", "demo", "generate", "openapi"}  # they create the schema, or need no database
UPGRADE = "run `insight-service db upgrade`"


def first_line(exc: BaseException, limit: int = 300) -> str:
    """The first line of an error's message, cut short (driver messages may go on with SQL and parameters)."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:limit]


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory ones)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_database(app: Flask) -> None:
    """Refuse to run on a database that does not exist (SQLite would create an empty one) or is not migrated."""
    from .. import db, migrations

    with app.app_context():
        url = app.config["SQLALCHEMY_DATABASE_URL"]
        shown = make_url(url).render_as_string(hide_password=True)
        path = sqlite_file(url)
        if path is not None and not path.exists():
            hint = "" if os.environ.get("DATABASE_URL") else "DATABASE_URL is not set; "
            raise click.ClickException(f"no database at {path} ({hint}set DATABASE_URL to your database, or create "
                                       f"this one: {UPGRADE})")
        try:
            current, heads = migrations.schema_revisions(db.engine())
        except DBAPIError as exc:
            raise click.ClickException(f"cannot reach the database at {shown}: {first_line(exc)} "
                                       "(check DATABASE_URL and that the database is up)") from None
        if current is None:
            raise click.ClickException(f"the database at {shown} has no schema yet: {UPGRADE}")
        if current not in heads:
            raise click.ClickException(f"the database at {shown} is at revision {current}, this version needs "
                                       f"{', '.join(sorted(heads))}: {UPGRADE}")


def one_line(exc: Exception) -> str:
    """What to tell the operator about an unexpected failure."""
    if isinstance(exc, ConfigError):
        return str(exc)
    if isinstance(exc, SQLAlchemyError):
        message = first_line(exc)
        if "no such table" in message or "does not exist" in message:
            return f"the database schema is missing or old ({message}): {UPGRADE}"
        return f"database error: {message} (check DATABASE_URL; {UPGRADE} if the schema is old)"
    return f"{type(exc).__name__}: {first_line(exc)} (set INSIGHT_TRACEBACK=1 to see where it happened)"


class OperatorGroup(FlaskGroup):
    """FlaskGroup that checks the database before a command needs it and turns failures into one line."""

    def list_commands(self, ctx):
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except Exception as exc:  # --help still lists the built-in commands, with the reason on one line
            click.secho(f"Error: {one_line(exc)}", err=True, fg="red")
            return sorted(super(FlaskGroup, self).list_commands(ctx))
        return super().list_commands(ctx)

    def resolve_command(self, ctx, args):
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and name not in NO_SCHEMA_NEEDED and not {"--help", "-h"} & set(rest):
            check_database(ctx.ensure_object(ScriptInfo).load_app())
        return name, command, rest

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("INSIGHT_TRACEBACK") == "1":
                raise
            raise click.ClickException(one_line(exc)) from None
