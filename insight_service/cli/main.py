"""Entry point of the `insight-service` console script: the app's commands with one-line operator errors."""
from __future__ import annotations

from ..app import create_app
from .errors import OperatorGroup


def main() -> None:
    """Run the `insight-service` command."""
    group = OperatorGroup(create_app=create_app, add_default_commands=False,
                          help="insight-service: customer feedback and social insight for CRM systems.")
    group(prog_name="insight-service")
