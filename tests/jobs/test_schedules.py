"""The tick's upkeep: a job whose engine message was lost is sent again, once, and then runs once."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from insight_service.jobs import submit
from insight_service.jobs.engine import huey
from insight_service.jobs.schedules import resend
from insight_service.models import Job, utcnow
from tests.jobs.test_registry import CALLS, calls  # noqa: F401 - the job kind and its call log


def test_a_lost_message_is_sent_again_after_the_wait_and_the_job_runs_once(app, session, run_jobs, calls):  # noqa: F811
    with app.app_context():
        job_id = submit(app, "_test_echo", {"key": "lost"}).id
        huey(app).storage.flush_queue()  # the message is gone (a consumer died holding it, or Redis restarted)
        assert resend(app) == []  # not yet: it has not waited JOBS_RESEND_SECONDS
        session.execute(update(Job).where(Job.id == job_id).values(enqueued_at=utcnow() - timedelta(hours=1)))
        session.commit()
        assert resend(app) == [job_id]
        assert resend(app) == []  # sent again once, not on every tick
    assert run_jobs() == 1 and [c["key"] for c in CALLS] == ["lost"]
    session.rollback()
    assert session.get(Job, job_id).status == "finished"
    with app.app_context():
        assert resend(app) == []  # a finished job is never sent again
