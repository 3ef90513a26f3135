"""Operator jobs on the CLI that later capabilities add (demo, generate, reanalyze, sync, purge)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the job commands."""
