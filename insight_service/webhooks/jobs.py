"""The webhook jobs: send an endpoint's due deliveries, and look for newly emerging issues."""
from __future__ import annotations

from ..jobs.registry import JobContext, job


@job("deliver", retries=3, retry_delay=5, unique=lambda p: f"deliver:{p['endpoint']}:{p['shard']}",
     lock=lambda p: f"deliver.{p['endpoint']}.{p['shard']}")
def deliver(ctx: JobContext, endpoint: int, shard: int) -> dict:
    """Send the due deliveries of one endpoint and shard, in order per customer (retries are the deliveries' own)."""
    from .delivery import deliver_shard

    return deliver_shard(ctx.app, endpoint, shard, ctx.owns)


@job("emerging", retries=1, retry_delay=300, unique=lambda p: "emerging")
def emerging(ctx: JobContext) -> dict:
    """Announce pain points and themes that started emerging since the last look (aggregates only)."""
    from .. import db
    from .signals import announce_emerging

    with db.fresh_session() as session:
        return announce_emerging(session, k=ctx.app.config["K_ANONYMITY"])
