"""Schema migrations through Alembic, for the CLI, the tests and the demo."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

SCRIPTS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migration scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to a revision."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # building an index on a large table may outlast a request's limit
            conn.execute(text("SET LOCAL statement_timeout = 0"))
        cfg = alembic_config(engine.url.render_as_string(hide_password=False))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Step the database back to a revision."""
    with engine.begin() as conn:
        cfg = alembic_config(engine.url.render_as_string(hide_password=False))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def schema_revisions(engine: Engine) -> tuple[str | None, set[str]]:
    """(the database's revision or None when it has no schema, the revisions this code expects)."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(engine.url.render_as_string(hide_password=False)))
                .get_heads())
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision(), heads
