"""The app through PgBouncer in transaction pooling mode: a slice of the suite, multiplexing, no session state.

Each transaction may land on another server connection, so nothing may outlive a transaction on the server:
no prepared statements (psycopg's prepare_threshold is off), advisory locks only at transaction level, SET
only as SET LOCAL, no startup `options` (PgBouncer refuses them; the statement timeout is the database's).
The tests imported below run here again with `app` connected through PgBouncer.
"""
from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from insight_service import create_app
from tests import pgbouncer
from tests.api.test_connectors import (  # noqa: F401 - fixtures and tests that run here again
    connectors_file, finished_run, test_only_one_of_two_simultaneous_starts_wins,
    test_sync_is_queued_as_a_job_and_its_run_shows_up)
from tests.api.test_export_jobs import test_a_queued_export_downloads_once_its_job_finished  # noqa: F401
from tests.api.test_ingest_api import (  # noqa: F401
    test_batches_answer_with_a_summary_matching_the_contract, test_opt_out_api, test_resending_a_batch_changes_nothing)
from tests.api.test_insights_api import (  # noqa: F401
    anna_id, test_handled_mark_shows_in_insight_and_leaves_the_queue, test_history_filters_and_pages,
    test_insight_matches_the_contract_and_is_audited, test_roles_get_only_their_fields)
from tests.api.test_pain_points_api import loaded  # noqa: F401
from tests.conftest import TEST_SECRETS
from tests.reliability.test_concurrency import (  # noqa: F401
    test_a_purchase_arriving_while_feedback_is_stored_still_makes_a_buyer,
    test_an_erasure_racing_an_ingest_answers_clearly_and_a_retry_is_suppressed,
    test_the_same_batch_twice_at_once_is_stored_once)

STATEMENT_TIMEOUT = "100s"


@pytest.fixture(scope="session")
def bouncer(database):
    """A PgBouncer process in transaction pooling mode in front of the test PostgreSQL, on a free port."""
    backend, url = database
    if backend != "postgresql":
        pytest.skip("PgBouncer stands in front of PostgreSQL")
    if not pgbouncer.available():
        if os.environ.get("CI"):
            pytest.fail("CI must test PgBouncer: `make pgbouncer` installs Debian's package")
        pytest.skip("pgbouncer is not installed (make pgbouncer)")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # behind PgBouncer the timeout is the database's (or role's) own setting
        name = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.execute(text(f"ALTER DATABASE \"{name}\" SET statement_timeout = '{STATEMENT_TIMEOUT}'"))
    admin.dispose()
    running = pgbouncer.start(url)
    yield running
    running.stop()


@pytest.fixture
def app(db_url, bouncer, tmp_path):
    """The app on a clean database, connected through PgBouncer (DATABASE_PGBOUNCER)."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": bouncer.url(db_url), **TEST_SECRETS,
                              "DATABASE_PGBOUNCER": True, "INSTANCE_TMP": str(tmp_path),
                              "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite'}",
                              "EXPORTS_DIR": str(tmp_path / "exports")})
    yield application
    application.extensions["db_engine"].dispose()


def test_the_app_reaches_the_database_through_pgbouncer(app, bouncer):
    engine = app.extensions["db_engine"]
    assert engine.url.port == bouncer.port
    with engine.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == STATEMENT_TIMEOUT


def test_startup_options_are_refused_by_pgbouncer_so_the_app_sends_none(app, bouncer):
    from insight_service.db import make_engine

    direct = make_engine(str(app.extensions["db_engine"].url.render_as_string(hide_password=False)))
    try:
        with pytest.raises(OperationalError, match="unsupported startup parameter"):
            direct.connect().close()
    finally:
        direct.dispose()


def test_many_clients_share_few_server_connections_and_repeated_statements_never_prepare(app):
    clients, rounds = 8, 12  # more runs than psycopg's default prepare threshold (5), on every client
    engine = app.extensions["db_engine"]
    barrier, errors, served = threading.Barrier(clients), [], set()

    def client():
        try:
            with engine.connect() as conn:
                for _ in range(rounds):
                    served.add(conn.execute(text("SELECT pg_backend_pid() + :zero"), {"zero": 0}).scalar_one())
                    conn.commit()  # the server connection goes back to PgBouncer's pool
                    barrier.wait(timeout=30)  # all clients connected at once, none in a transaction
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    # 8 clients, all connected at once at every barrier, were served by at most PgBouncer's pool of server
    # connections (other tests' connections to the database are not counted: only the backends that answered)
    assert 1 <= len(served) <= pgbouncer.SERVER_POOL_SIZE, served
