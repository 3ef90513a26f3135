"""Migrations produce exactly the models' schema and can be undone."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select

from insight_service import migrations
from insight_service.models import Base


def test_migrations_match_models(db_url):
    engine = create_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_back(db_url):
    engine = create_engine(db_url)
    migrations.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrations.upgrade(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_the_facts_migration_backfills_a_populated_database(app, session, ingest_into, hasher):
    from insight_service import db
    from insight_service.services.privacy.suppression import opt_out
    from tests.services.fact_checks import assert_in_step, stored_facts
    from tests.services.pain_world import load_world

    load_world(ingest_into)
    opt_out(session, hasher, [{"kind": "email", "value": "klant.c3@mailbox.nl"}])  # de-identified items too
    session.commit()
    kept = stored_facts(session)
    session.close()
    migrations.downgrade(db.engine(), "0005")  # the schema an operator upgrades from, with the data in it
    assert "pain_point_facts" not in inspect(db.engine()).get_table_names()
    migrations.upgrade(db.engine())
    assert stored_facts(session) == kept
    assert_in_step(session)


def test_the_clauses_migration_fills_in_the_clause_of_stored_pain_points(app, session, ingest_into):
    """Rows stored before 0008 get the clause bounds the analyzer gives today, from their text."""
    from insight_service import db
    from insight_service.models import FeedbackPainPoint
    from tests.services.pain_world import load_world

    load_world(ingest_into)
    query = select(FeedbackPainPoint.id, FeedbackPainPoint.clause_start, FeedbackPainPoint.clause_end)
    kept = sorted(session.execute(query).all())
    assert any(start is not None for _id, start, _end in kept)
    session.close()
    migrations.downgrade(db.engine(), "0007")
    assert "feedback_themes" not in inspect(db.engine()).get_table_names()
    migrations.upgrade(db.engine())
    assert sorted(session.execute(query).all()) == kept


def test_the_handling_migration_keeps_each_handled_state_as_the_first_entry(app, session, ingest_into):
    from sqlalchemy import select

    from insight_service import db
    from insight_service.models import FeedbackHandling
    from insight_service.services.reads.handling import mark_handled
    from tests.services.insight_data import anna, item_id

    anna(ingest_into, session)
    mark_handled(session, item_id(session, "z1"), "Ria", "Sent a new seal")
    session.commit()
    session.close()
    migrations.downgrade(db.engine(), "0007")
    assert "feedback_handling" not in inspect(db.engine()).get_table_names()
    migrations.upgrade(db.engine())
    rows = session.execute(select(FeedbackHandling.feedback_id, FeedbackHandling.handled_by, FeedbackHandling.note))
    assert [tuple(r) for r in rows] == [(item_id(session, "z1"), "Ria", "Sent a new seal")]


def test_append_mostly_tables_get_their_own_autovacuum_settings(db_url):
    """0014 sets per-table autovacuum on PostgreSQL (and undoes it); on SQLite it changes nothing."""
    from sqlalchemy import text

    engine = create_engine(db_url)

    def options(table: str) -> set[str]:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT unnest(reloptions) FROM pg_class WHERE relname = :t"),
                                    {"t": table}).scalars())

    if engine.dialect.name == "postgresql":
        assert {"autovacuum_vacuum_insert_scale_factor=0.01", "autovacuum_analyze_scale_factor=0.01"} <= \
            options("pain_point_facts")
        assert {"fillfactor=80", "autovacuum_vacuum_scale_factor=0.01"} <= options("feedback_day_counts")
    migrations.downgrade(engine, "0013")
    if engine.dialect.name == "postgresql":
        assert options("pain_point_facts") == set() and options("feedback") == set()
    migrations.upgrade(engine)
    if engine.dialect.name == "postgresql":
        assert "autovacuum_vacuum_insert_scale_factor=0.01" in options("feedback")
    engine.dispose()
