"""`insight-service db budget`: the connections this deployment may open beside what the server allows."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text

from .. import db
from ..connection_budget import ADMIN_HEADROOM, connections_needed, pool_settings, processes_allowed


@click.command("budget")
@click.option("--processes", type=int, default=8, show_default=True,
              help="web workers + job workers + anything else that connects (each has its own pool)")
@with_appcontext
def budget_cmd(processes: int) -> None:
    """Print processes x (pool size + overflow) beside the server's max_connections."""
    engine = db.engine()
    connect = float(current_app.config.get("DATABASE_CONNECT_TIMEOUT") or db.DEFAULT_TIMEOUTS["connect"])
    pool = pool_settings(current_app.config, connect)
    needed = connections_needed(processes, pool)
    click.echo(f"per process: pool {pool.size} + overflow {pool.overflow} = {pool.per_process} connections, "
               f"wait {pool.timeout:g} s")
    click.echo(f"{processes} processes: at most {needed} connections")
    if engine.dialect.name != "postgresql":
        click.echo("SQLite: no server connection limit applies")
        return
    with engine.connect() as conn:
        limit = int(conn.execute(text("SHOW max_connections")).scalar_one())
        reserved = int(conn.execute(text("SHOW superuser_reserved_connections")).scalar_one())
    usable = limit - reserved - ADMIN_HEADROOM
    click.echo(f"server: max_connections {limit} - {reserved} reserved - {ADMIN_HEADROOM} for operators = {usable}; "
               f"room for {processes_allowed(limit, reserved, pool)} processes")
    if current_app.config.get("DATABASE_PGBOUNCER"):
        click.echo("through PgBouncer: the processes count against its max_client_conn; the server sees at most "
                   "its default_pool_size per database and user")
    elif needed > usable:
        raise click.ClickException(f"{needed} connections exceed the {usable} the server allows: lower "
                                   "DATABASE_POOL_SIZE/DATABASE_MAX_OVERFLOW or put PgBouncer in front (README)")
