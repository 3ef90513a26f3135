"""The `writeback` command: write a CRM connector's insight fields back into the CRM here and now, as a job."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey.exceptions import TaskLockedException
from sqlalchemy import select

from .. import db
from ..connector_config import ConnectorConfigError, configured
from ..jobs import JobActive, JobFailed, run_inline
from ..models import WritebackRun


def describe(counts: dict) -> str:
    """One line of what a run did."""
    line = (f"customers {counts.get('customers', 0)}, unchanged {counts.get('unchanged', 0)}, "
            f"written {counts.get('written', 0)}, cleared {counts.get('cleared', 0)}, failed {counts.get('failed', 0)}, "
            f"tasks {counts.get('tasks', 0)}")
    reasons = ", ".join(f"{n} {why}" for why, n in sorted((counts.get("reasons") or {}).items()))
    return line + (f" | failures: {reasons}" if reasons else "")


@click.command("writeback")
@with_appcontext
@click.argument("name")
def writeback_cmd(name: str) -> None:
    """Write back CRM connector NAME: its customers' changed insight fields (and tasks or cases, if enabled)."""
    try:
        config = configured(current_app.config, check_env=False).get(name)
        if config is None:
            raise click.ClickException(f"no connector named {name!r} is configured")
        if config.writeback is None or not config.writeback.enabled:
            raise click.ClickException(f"{name}: write-back is not enabled ([connectors.{name}.writeback])")
        config.secrets()
    except ConnectorConfigError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{name} ({config.kind}): writing back")
    try:
        run_inline(current_app._get_current_object(), "writeback", {"connector": name})
    except (JobActive, TaskLockedException):
        raise click.ClickException(f"{name}: a write-back is already queued or running") from None
    except JobFailed:
        pass  # the run says what went wrong
    with db.fresh_session() as session:
        run = session.scalars(select(WritebackRun).where(WritebackRun.connector == name)
                              .order_by(WritebackRun.id.desc())).first()
    click.echo(f"  {name}: run {run.id} {run.status}: {describe(run.counts or {})}")
    if run.status != "ok":
        click.echo(f"  {name}: {run.error}", err=True)
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    """Register the writeback command."""
    app.cli.add_command(writeback_cmd)
