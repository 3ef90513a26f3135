"""Defining a job once: the decorator's settings reach the engine, runs are recorded, keys and locks hold."""
from __future__ import annotations

import pytest
from huey import RedisHuey, SqliteHuey

from insight_service.jobs import JobActive, JobFailed, job, run_inline, submit
from insight_service.jobs.engine import JobsConfigError, make_huey, tasks
from insight_service.models import Job

CALLS: list[dict] = []


@job("_test_echo", retries=3, retry_delay=5, retry_backoff=3, unique=lambda p: f"echo:{p['key']}",
     lock=lambda p: f"echo.{p['key']}")
def echo(ctx, key: str, fail: str | None = None) -> dict:
    """A job for these tests: notes its call, fails when asked (with a message quoting an address)."""
    CALLS.append({"key": key, "attempt": ctx.attempt, "locked": ctx.app.extensions["huey"].is_locked(f"echo.{key}")})
    if fail:
        raise RuntimeError(fail)
    return {"echo": key}


@pytest.fixture(autouse=True)
def calls():
    """A clean call log per test."""
    CALLS.clear()
    return CALLS


def test_the_decorator_settings_reach_the_engine_task(app):
    task = tasks(app)["_test_echo"].task_class
    assert (task.default_retries, task.default_retry_delay, task.default_retry_backoff) == (3, 5, 3)


def test_a_submitted_job_runs_once_under_its_lock_and_records_its_result(app, session, run_jobs, calls):
    with app.app_context():
        job_id = submit(app, "_test_echo", {"key": "a"}).id
        with pytest.raises(JobActive):
            submit(app, "_test_echo", {"key": "a"})  # one waiting job per key
        submit(app, "_test_echo", {"key": "b"})
    assert run_jobs() == 2
    assert calls == [{"key": "a", "attempt": 1, "locked": True}, {"key": "b", "attempt": 1, "locked": True}]
    session.rollback()
    done = session.get(Job, job_id)
    assert (done.status, done.attempts, done.result, done.active_key) == ("finished", 1, {"echo": "a"}, None)
    with app.app_context():
        assert not app.extensions["huey"].is_locked("echo.a")  # released at the end
        tasks(app)["_test_echo"](job_id)  # the same job delivered again: it ran already, so nothing happens
    assert run_jobs() == 1 and len(calls) == 2


def test_a_failing_job_is_retried_later_and_its_error_is_kept_without_the_data(app, session, run_jobs, caplog):
    with app.app_context():
        job_id = submit(app, "_test_echo", {"key": "c", "fail": "boom for eva.mulder@example.nl"}).id
    run_jobs()
    session.rollback()
    job = session.get(Job, job_id)
    assert (job.status, job.attempts, job.active_key) == ("retrying", 1, "echo:c")
    assert job.last_error.startswith("internal error (RuntimeError at test_registry.py:")
    [waiting] = app.extensions["huey"].scheduled()  # the retry waits for its back-off
    assert waiting.retries == 2 and waiting.retry_delay == 15  # 5 s, then 5 x 3
    assert "eva.mulder" not in caplog.text


def test_run_inline_runs_here_and_refuses_a_taken_key(app, session, calls):
    with app.app_context():
        assert run_inline(app, "_test_echo", {"key": "d"}) == {"echo": "d"}
        submit(app, "_test_echo", {"key": "e"})
        with pytest.raises(JobActive):
            run_inline(app, "_test_echo", {"key": "e"})
        with pytest.raises(JobFailed, match="internal error"):
            run_inline(app, "_test_echo", {"key": "f", "fail": "x"})
    session.rollback()
    assert {j.params["key"]: j.status for j in session.query(Job)} == {"d": "finished", "e": "queued", "f": "failed"}


def test_the_jobs_url_picks_the_storage(tmp_path):
    assert isinstance(make_huey(f"sqlite:///{tmp_path / 'q.sqlite'}", "t"), SqliteHuey)
    assert isinstance(make_huey("redis://127.0.0.1:6379/0", "t"), RedisHuey)
    with pytest.raises(JobsConfigError, match="JOBS_URL must start with"):
        make_huey("amqp://guest@127.0.0.1", "t")
