"""The `sync`, `worker` and `purge` commands."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import db
from .connector_config import ConnectorConfigError, configured
from .services.identifiers import hasher_from_config
from .services.sync import AlreadyRunning, Progress, sync_connector
from .models import utcnow
from .worker import purge, retention_cutoff, run_worker


def describe(progress: Progress) -> str:
    """One progress line: pages, records and what each kind did."""
    kinds = "; ".join(
        f"{kind} {c.get('created', 0)} new, {c.get('updated', 0)} updated, {c.get('unchanged', 0)} unchanged, "
        f"{c.get('suppressed', 0)} suppressed, {c.get('quarantined', 0)} quarantined"
        + (f", {c['warned']} with warnings" if c.get("warned") else "")
        for kind, c in progress.kinds.items())
    skipped = ", ".join(f"{count} {reason}" for reason, count in sorted(progress.skipped.items()))
    return f"pages {progress.pages}, batches {progress.batches}, records {progress.records}" + (
        f" | {kinds}" if kinds else "") + (f" | skipped {skipped}" if skipped else "") + "".join(
        f" | {note}" for note in progress.notes)


def _configs() -> dict:
    # Secrets are checked per connector when it runs, so one missing variable does not block the others.
    try:
        return configured(current_app.config, check_env=False)
    except ConnectorConfigError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("sync")
@with_appcontext
@click.argument("name", required=False)
@click.option("--all", "all_", is_flag=True, help="Sync every configured connector (skipping running ones).")
def sync_cmd(name: str | None, all_: bool) -> None:
    """Sync connector NAME (or --all) from its saved state, one committed batch at a time."""
    if bool(name) == all_:
        raise click.UsageError("give a connector NAME or --all")
    configs = _configs()
    if name and name not in configs:
        known = ", ".join(configs) or "none (set CONNECTORS_FILE)"
        raise click.ClickException(f"no connector named {name!r}; configured: {known}")
    if name:
        try:
            configs[name].secrets()
        except ConnectorConfigError as exc:
            raise click.ClickException(str(exc)) from None
    hasher, failed, refused = hasher_from_config(current_app.config), [], False
    for config in [configs[name]] if name else configs.values():
        click.echo(f"{config.name} ({config.kind}): syncing")
        try:
            with db.fresh_session() as session:
                run = sync_connector(session, config, hasher=hasher,
                                     progress=lambda p, n=config.name: click.echo(f"  {n}: {describe(p)}"))
        except AlreadyRunning as exc:
            click.echo(f"  {exc}; skipped", err=True)
            refused = refused or bool(name)  # --all skips; a named sync that cannot run is an error
            continue
        summary = describe(Progress(**{k: run.counts.get(k, 0) for k in ("pages", "batches", "records")},
                                    kinds=run.counts.get("kinds", {}), skipped=run.counts.get("skipped", {}),
                                    notes=tuple(run.counts.get("notes", ()))))
        click.echo(f"  {config.name}: run {run.id} {run.status}: {summary}")
        if run.status != "ok":
            click.echo(f"  {config.name}: {run.error}", err=True)
            failed.append(config.name)
    if failed or refused:
        raise SystemExit(1)


@click.command("worker")
@with_appcontext
@click.option("--once", is_flag=True, help="One pass over due connectors and the purge, then exit.")
@click.option("--poll", type=float, default=30.0, show_default=True, help="Seconds between passes.")
def worker_cmd(once: bool, poll: float) -> None:
    """Run due connectors on their schedules and the daily retention purge until SIGTERM/SIGINT."""
    _configs()  # a broken connectors file stops the worker at start, with the reason
    click.echo(f"worker: {'one pass' if once else f'polling every {poll:g}s'}; stop with SIGTERM or Ctrl-C")

    def report(ran: dict) -> None:
        for name, status in ran.items():
            click.echo(f"  {name}: {status}")

    run_worker(current_app._get_current_object(), once=once, poll=poll, report=report)
    click.echo("worker: stopped")


@click.command("purge")
@with_appcontext
@click.option("--months", type=int, default=None, help="Retention in months (default RETENTION_MONTHS).")
def purge_cmd(months: int | None) -> None:
    """De-identify third-party texts older than the retention period, once."""
    months = current_app.config["RETENTION_MONTHS"] if months is None else months
    now = utcnow()
    with db.fresh_session() as session:
        count = purge(session, months, now)
    click.echo(f"de-identified {count} items posted before {retention_cutoff(now, months):%Y-%m-%d} "
               f"({months} months)")


def init_app(app: Flask) -> None:
    """Register the sync, worker and purge commands."""
    for command in (sync_cmd, worker_cmd, purge_cmd):
        app.cli.add_command(command)
