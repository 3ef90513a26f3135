"""The `sync`, `worker` and `purge` commands: jobs run here (visible and locked like any other) or consumed."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey.exceptions import TaskLockedException
from sqlalchemy import select

from .. import db
from ..connector_config import ConnectorConfigError, configured
from ..jobs import JobActive, JobFailed, run_inline
from ..models import SyncRun
from ..services.ingest.sync import Progress


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


def _last_run(name: str) -> SyncRun:
    with db.fresh_session() as session:
        return session.scalars(select(SyncRun).where(SyncRun.connector == name).order_by(SyncRun.id.desc())).first()


@click.command("sync")
@with_appcontext
@click.argument("name", required=False)
@click.option("--all", "all_", is_flag=True, help="Sync every configured connector (skipping running ones).")
def sync_cmd(name: str | None, all_: bool) -> None:
    """Sync connector NAME (or --all) here and now, as a job, from its saved state, one batch at a time."""
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
    app, failed, refused = current_app._get_current_object(), [], False
    for config in [configs[name]] if name else configs.values():
        click.echo(f"{config.name} ({config.kind}): syncing")
        try:
            run_inline(app, "sync", {"connector": config.name})
        except (JobActive, TaskLockedException):
            click.echo(f"  {config.name}: already running; skipped", err=True)
            refused = refused or bool(name)  # --all skips; a named sync that cannot run is an error
            continue
        except JobFailed:
            pass  # the run says what went wrong
        run = _last_run(config.name)
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
@click.option("--workers", type=int, default=4, show_default=True, help="Jobs run at once (threads).")
def worker_cmd(workers: int) -> None:
    """Consume jobs (syncs, purge, re-analysis, exports) and tick the schedules until SIGINT/SIGTERM."""
    from ..jobs.engine import consumer, jobs_url

    _configs()  # a broken connectors file stops the worker at start, with the reason
    app = current_app._get_current_object()
    url = jobs_url(app.config, app.instance_path)
    where = url.split("@")[-1] if "@" in url else url  # never print a password of the broker URL
    click.echo(f"worker: {workers} job threads on {where}; stop with SIGINT (graceful) or SIGTERM")
    consumer(app, workers).run()
    click.echo("worker: stopped")


@click.command("purge")
@with_appcontext
@click.option("--months", type=int, default=None, help="Retention in months (default RETENTION_MONTHS).")
def purge_cmd(months: int | None) -> None:
    """De-identify third-party texts older than the retention period, once, here and now."""
    try:
        done = run_inline(current_app._get_current_object(), "purge", {"months": months})
    except JobActive:
        raise click.ClickException("a purge is already queued or running") from None
    click.echo(f"de-identified {done['deidentified']} items posted before {done['posted_before']} "
               f"({done['months']} months)")


def init_app(app: Flask) -> None:
    """Register the sync, worker and purge commands."""
    for command in (sync_cmd, worker_cmd, purge_cmd):
        app.cli.add_command(command)
