"""The `insight-service` command: database, keys, serving, the demo and operator jobs."""
from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from . import db, migrations
from .services.keys import create_key, list_keys, revoke_key

db_cli = AppGroup("db", help="Database schema.")
keys_cli = AppGroup("keys", help="API keys.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Create or migrate the schema."""
    migrations.upgrade(db.engine(), revision)
    click.echo(f"database at {revision}: {db.engine().url.render_as_string(hide_password=True)}")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION (e.g. base)."""
    migrations.downgrade(db.engine(), revision)
    click.echo(f"database at {revision}")


@keys_cli.command("create")
@click.option("--role", required=True, type=click.Choice(["admin", "crm", "service", "marketing", "sales", "rnd"]))
@click.option("--name", required=True, help="What the key is for, e.g. 'HubSpot sync'.")
def keys_create(role: str, name: str) -> None:
    """Create a key and print it once; only its hash is stored."""
    with db.fresh_session() as session:
        key, raw = create_key(session, name, role)
        click.echo(f"id {key.id} role {role} name {name!r}\n{raw}\nStore it now: it is not shown again.")


@keys_cli.command("list")
def keys_list() -> None:
    """List keys (never the keys themselves)."""
    with db.fresh_session() as session:
        for key in list_keys(session):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            click.echo(f"{key.id:>4}  {key.role:<9} {key.prefix}…  {state:<18} {key.name}")


@keys_cli.command("revoke")
@click.argument("key_id", type=int)
def keys_revoke(key_id: int) -> None:
    """Revoke a key at once."""
    with db.fresh_session() as session:
        if revoke_key(session, key_id) is None:
            raise click.ClickException(f"no key with id {key_id}")
    click.echo(f"key {key_id} revoked")


@click.command("serve")
@click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="HOST or 127.0.0.1")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), type=int, show_default="PORT or 8000")
@click.option("--workers", default=lambda: int(os.environ.get("WEB_CONCURRENCY", "2")), type=int,
              show_default="WEB_CONCURRENCY or 2")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the API and the card with gunicorn."""
    from .serving import gunicorn_command

    os.execvp(sys.executable, gunicorn_command(f"{host}:{port}", workers, "--access-logfile", "-"))


@click.command("openapi")
@click.option("--out", type=click.Path(dir_okay=False), default="-", show_default=True)
def openapi_cmd(out: str) -> None:
    """Write the OpenAPI contract generated from the routes and schemas."""
    from .openapi import spec_yaml

    text = spec_yaml(current_app)
    if out == "-":
        click.echo(text, nl=False)
    else:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)


def init_app(app: Flask) -> None:
    """Register the command groups on the app."""
    from .cli_budget import budget_cmd

    db_cli.add_command(budget_cmd)
    for command in (db_cli, keys_cli, serve, openapi_cmd):
        app.cli.add_command(command)
    from . import cli_jobs

    cli_jobs.init_app(app)
    from . import cli_sync  # sync, worker, purge

    cli_sync.init_app(app)
    from . import cli_themes  # themes list, themes promote

    cli_themes.init_app(app)


def main() -> None:
    """Entry point of the `insight-service` console script."""
    from . import create_app
    from .cli_errors import OperatorGroup

    group = OperatorGroup(create_app=create_app, add_default_commands=False,
                          help="insight-service: customer feedback and social insight for CRM systems.")
    group(prog_name="insight-service")
