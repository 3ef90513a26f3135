"""Background work on the Huey job engine: define jobs (registry), submit or run them (runner), consume them.

    from insight_service.jobs import job, submit

    @job("deliver", retries=8, retry_delay=30, retry_backoff=2, unique=lambda p: f"deliver:{p['event']}")
    def deliver(ctx, event): ...            # in insight_service/jobs/tasks.py or a module it imports

    submit(app, "deliver", {"event": 42})    # committed to the jobs table, then queued on the engine

See docs/job-engine.md for the engine's choice, the backends and how consumers run on several machines.
"""
from .registry import JobActive, JobContext, JobFailed, job
from .runner import run_inline, submit

__all__ = ["JobActive", "JobContext", "JobFailed", "job", "run_inline", "submit"]
