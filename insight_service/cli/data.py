"""Operator jobs on the CLI: the demo, data generation and re-analysis."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app

from .. import db, migrations
from ..services.identity.identifiers import hasher_from_config

DEMO_SIZE = {"customers": 300, "feedback": 4000}


def demo_start(today: date | None = None) -> date:
    """Twelve months that end where the current month begins, so the demo looks live (same month, same data)."""
    today = today or date.today()
    return date(today.year - 1, today.month, 1)


def _progress(kind: str, result) -> None:
    counts = result.as_counts()
    click.echo(f"  {kind:<9} {counts['received']:>7} received  {counts['created']:>7} created  "
               f"{counts['quarantined']:>4} quarantined  {counts['suppressed']:>5} suppressed  "
               f"{counts['linked']:>5} linked", err=True)


@click.command("generate")
@click.option("--customers", type=int, required=True)
@click.option("--feedback", type=int, required=True)
@click.option("--purchases", type=int, default=None, help="default: 4 per customer")
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--out", type=click.Path(file_okay=False), required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--invalid/--no-invalid", default=False, help="include a few deliberately bad records")
def generate_cmd(customers, feedback, purchases, seed, out, fmt, invalid):
    """Write a deterministic data set (streamed, bounded memory) as files."""
    from ..generator import write_dataset

    def progress(name, done, total):
        click.echo(f"  {name}: {done}" + (f"/{total}" if total > 0 else ""), err=True)

    paths = write_dataset(out, customers, feedback, seed, fmt, purchases=purchases, include_invalid=invalid,
                          progress=progress)
    for name, path in paths.items():
        click.echo(f"{name}: {path}")


@click.command("reanalyze")
@click.option("--all", "force", is_flag=True, help="re-score every item, not only those of older versions")
@click.option("--batch-size", type=int, default=1000, show_default=True)
@click.option("--background", is_flag=True, help="queue it for the workers instead of running it here")
def reanalyze_cmd(force, batch_size, background):
    """Re-score stored feedback whose analyzer or taxonomy version is not the current one (as a job)."""
    from ..jobs import JobActive, run_inline, submit
    from ..services.ingest.reanalysis import count_stale

    with db.fresh_session() as session:
        total = count_stale(session, force)
    click.echo(f"{total} items to re-analyse")
    app, params = current_app._get_current_object(), {"force": force, "batch_size": batch_size}
    try:
        if background:
            job = submit(app, "reanalyze", params)
            click.echo(f"queued as job {job.id}; see GET /api/v1/jobs")
            return
        done = run_inline(app, "reanalyze", params)
    except JobActive:
        raise click.ClickException("a re-analysis is already queued or running") from None
    click.echo(f"re-analysed {done['reanalysed']} items")


@click.command("demo")
@click.option("--customers", type=int, default=DEMO_SIZE["customers"], show_default=True)
@click.option("--feedback", type=int, default=DEMO_SIZE["feedback"], show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--via-files", is_flag=True, help="load through the files connector instead of directly")
@click.option("--serve/--no-serve", default=False, help="serve on 127.0.0.1:8000 with gunicorn afterwards")
@click.option("--port", type=int, default=8000, show_default=True)
def demo_cmd(customers, feedback, seed, via_files, serve, port):
    """Migrate, load a generated data set through the ingest pipeline, create a demo key, print how to use it."""
    from ..generator import generate
    from ..services.access.keys import create_key
    from ..services.ingest.loading import load_dataset

    engine = db.engine()
    click.echo(f"migrating {engine.url.render_as_string(hide_password=True)}")
    migrations.upgrade(engine)
    hasher = hasher_from_config(current_app.config)
    dataset = generate(customers, feedback, seed, start=demo_start(), include_invalid=True)
    click.echo(f"loading {customers} customers and {feedback} feedback items through the ingest pipeline")
    if via_files:
        summary = _load_via_files(dataset, customers, feedback, seed, hasher)
    else:
        summary = load_dataset(db.fresh_session, dataset, origin="demo", hasher=hasher, batch_size=500,
                               progress=_progress)
    click.echo(f"opt-outs: {summary.get('opt_out')}")
    with db.fresh_session() as session:
        _key, raw = create_key(session, "demo admin", "admin")
    base = f"http://127.0.0.1:{port}"
    click.echo(_instructions(base, raw))
    for hook in current_app.extensions.get("demo_hooks", []):
        click.echo(hook(base, raw))
    if serve:
        worker = start_worker()
        click.echo(f"job worker (embedded engine) running as pid {worker.pid}")
        sys.stdout.flush()
        ctx = click.get_current_context()
        from .serve import serve as serve_cmd

        ctx.invoke(serve_cmd, host="127.0.0.1", port=port, workers=2)


def start_worker(workers: int = 2) -> subprocess.Popen:
    """The job consumer beside the demo server, in this process group so Ctrl-C stops both."""
    return subprocess.Popen([sys.executable, "-c", "from insight_service.cli.main import main; main()", "worker",
                             "--workers", str(workers)])


def _load_via_files(dataset, customers, feedback, seed, hasher) -> dict:
    """Write the data set as files and load it with the files connector, page by page."""
    from connectors.files import FilesConnector

    from ..generator import write_dataset
    from ..services.ingest.batch import BatchResult
    from ..services.ingest.entry import ingest_mixed
    from ..services.privacy.suppression import opt_out

    out = Path(current_app.instance_path) / "demo-data"
    paths = write_dataset(out, customers, feedback, seed, "jsonl", start=demo_start(), include_invalid=True)
    summary = {}
    for kind, name in (("customer", "customers"), ("purchase", "purchases"), ("feedback", "feedback")):
        total = BatchResult()
        connector = FilesConnector(name=f"demo-{name}", options={"path": str(paths[name]), "kind": kind},
                                   secrets={})
        for page in connector.pages({}):
            with db.fresh_session() as session:
                for result in ingest_mixed(session, page.records, origin=f"files:{name}", hasher=hasher).values():
                    total.add(result)
            _progress(kind, total)
        summary[kind] = total.as_counts()
    with db.fresh_session() as session:
        summary["opt_out"] = opt_out(session, hasher, list(dataset.iter_opt_outs()))
    return summary


def _instructions(base: str, key: str) -> str:
    return f"""
insight-service demo is ready at {base}
  demo admin key: {key}

  curl -s {base}/readyz
  curl -s -H "Authorization: Bearer {key}" "{base}/api/v1/customers?crm_id=C000001"
  curl -s -H "Authorization: Bearer {key}" {base}/api/v1/quarantine
  curl -s -H "Authorization: Bearer wrong-key" {base}/api/v1/keys    # 401 problem document
"""


def init_app(app: Flask) -> None:
    """Register the job commands."""
    for command in (generate_cmd, reanalyze_cmd, demo_cmd):
        app.cli.add_command(command)
