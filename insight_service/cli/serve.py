"""`insight-service serve`: the API and the card behind gunicorn."""
from __future__ import annotations

import os
import sys

import click


@click.command("serve")
@click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="HOST or 127.0.0.1")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), type=int, show_default="PORT or 8000")
@click.option("--workers", default=lambda: int(os.environ.get("WEB_CONCURRENCY", "2")), type=int,
              show_default="WEB_CONCURRENCY or 2")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the API and the card with gunicorn."""
    from ..serving import gunicorn_command

    os.execvp(sys.executable, gunicorn_command(f"{host}:{port}", workers, "--access-logfile", "-"))
