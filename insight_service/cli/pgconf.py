"""`insight-service db pgconf`: the production PostgreSQL settings for a server of a given size (docs/postgresql.md)."""
from __future__ import annotations

import re

import click

from ..postgres_tuning import GB, MB, as_conf, production_settings


def _bytes(value: str) -> int:
    """'16GB', '512MB' or a bare number of GB as bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(GB|G|MB|M)?\s*", value, flags=re.IGNORECASE)
    if not match:
        raise click.BadParameter(f"{value!r} is not a size like 16GB or 512MB")
    unit = MB if (match.group(2) or "G").upper().startswith("M") else GB
    return int(float(match.group(1)) * unit)


@click.command("pgconf")
@click.option("--ram", required=True, help="the database server's RAM, e.g. 16GB")
@click.option("--connections", type=int, default=100, show_default=True,
              help="max_connections: the connection budget (db budget) plus headroom, or PgBouncer's pool")
@click.option("--cores", type=int, default=4, show_default=True, help="the database server's CPU cores")
def pgconf_cmd(ram: str, connections: int, cores: int) -> None:
    """Print postgresql.conf lines for this service's workload on a server of this size."""
    try:
        settings = production_settings(_bytes(ram), connections, cores)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"# insight-service: production settings for {ram} RAM, {connections} connections, {cores} cores "
               "(docs/postgresql.md says why)")
    click.echo(as_conf(settings), nl=False)
