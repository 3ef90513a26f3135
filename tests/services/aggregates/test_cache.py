"""The aggregate cache answers from memory only while the data it was computed from is unchanged."""
from datetime import timedelta

from sqlalchemy import select

from insight_service.models import Customer, Feedback, utcnow
from insight_service.services.aggregates import cache as aggregate_cache
from insight_service.services.aggregates.cache import cached_aggregate
from insight_service.services.privacy.erasure import erase_customer
from insight_service.services.privacy.suppression import opt_out
from insight_service.services.reads.handling import mark_handled
from tests.records import make_customer, make_feedback


def complaints(n: int, prefix: str = "a", text: str = "De accu is na een week leeg, slecht") -> list[dict]:
    """n battery complaints by n different authors about one product."""
    return [make_feedback(f"{prefix}{i}", author={"email": f"{prefix}{i}@mailbox.nl"}, text=text, sku="VK-1",
                          rating=None) for i in range(n)]


def count_calls(monkeypatch) -> list:
    """Record each real aggregation."""
    calls = []
    real = aggregate_cache.aggregate_rows

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(aggregate_cache, "aggregate_rows", spy)
    return calls


def test_unchanged_data_is_served_from_the_cache(session, ingest_into, monkeypatch):
    ingest_into("feedback", complaints(6))
    calls = count_calls(monkeypatch)
    first = cached_aggregate(session, group_by=("product", "code"), k=5)
    stats: dict = {}
    second = cached_aggregate(session, group_by=("product", "code"), k=5, stats=stats)
    assert first == second and len(calls) == 1 and "suppressed_cells" in stats
    second[0]["mentions"] = -1  # callers get copies: the cache cannot be altered from outside
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["mentions"] == 6


def test_new_feedback_invalidates(session, ingest_into, monkeypatch):
    ingest_into("feedback", complaints(6))
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["mentions"] == 6
    ingest_into("feedback", complaints(2, prefix="b"))
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["mentions"] == 8


def test_deidentification_invalidates_at_once(session, ingest_into, hasher):
    ingest_into("feedback", complaints(6))
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["distinct_authors"] == 6
    opt_out(session, hasher, [{"kind": "email", "value": "a0@mailbox.nl"}])
    session.commit()
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["distinct_authors"] == 5
    opt_out(session, hasher, [{"kind": "email", "value": "a1@mailbox.nl"}])
    session.commit()
    assert cached_aggregate(session, group_by=("product", "code"), k=5) == []  # now under k: suppressed


def test_erasure_invalidates(session, ingest_into):
    ingest_into("customer", [make_customer("C1", email="a0@mailbox.nl")])
    ingest_into("feedback", complaints(6))
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["distinct_authors"] == 6
    erase_customer(session, session.scalars(select(Customer.id)).one())
    session.commit()
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["distinct_authors"] == 5


def test_a_privacy_change_invalidates_even_when_a_newer_change_committed_first(session, ingest_into, hasher,
                                                                               monkeypatch):
    # On PostgreSQL an item marked handled (no privacy lock) can commit a newer updated_at while an opt-out is
    # in flight, and web workers on other machines have other clocks: the opt-out's own timestamp is older.
    from insight_service.services.privacy import suppression as privacy

    ingest_into("feedback", complaints(6))
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["distinct_authors"] == 6
    mark_handled(session, session.scalars(select(Feedback.id).where(Feedback.external_id == "a5")).one(), "agent",
                 "teruggebeld")
    session.commit()
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["distinct_authors"] == 6
    earlier = utcnow() - timedelta(minutes=1)
    monkeypatch.setattr(privacy, "utcnow", lambda: earlier)
    opt_out(session, hasher, [{"kind": "email", "value": "a0@mailbox.nl"}])
    session.commit()
    assert cached_aggregate(session, group_by=("product", "code"), k=5)[0]["distinct_authors"] == 5


def test_the_data_version_is_one_statement_and_moves_with_each_of_its_inputs(app, session, ingest_into, hasher):
    from sqlalchemy import event

    from tests.records import make_purchase

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", listener)
    try:
        empty = aggregate_cache.data_version(session)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and empty[1:5] == (None, None, None, 0)
    seen = [empty]
    ingest_into("customer", [make_customer("C1", email="a0@mailbox.nl")])  # a customer batch counts as private
    seen.append(aggregate_cache.data_version(session))
    ingest_into("feedback", complaints(2))
    seen.append(aggregate_cache.data_version(session))
    ingest_into("purchase", [make_purchase("L1", "C1")])
    seen.append(aggregate_cache.data_version(session))
    mark_handled(session, session.scalars(select(Feedback.id)).first(), "agent", None)
    session.commit()
    seen.append(aggregate_cache.data_version(session))
    opt_out(session, hasher, [{"kind": "email", "value": "a1@mailbox.nl"}])
    session.commit()
    seen.append(aggregate_cache.data_version(session))
    assert len(set(seen)) == len(seen) and all(value is not None for value in seen[-1]), seen


def test_a_version_fetched_ahead_serves_one_read_only(session, ingest_into):
    ingest_into("feedback", complaints(1))
    now = aggregate_cache.data_version(session)
    aggregate_cache.remember_version(session, (1, None, None, None, 0))
    assert aggregate_cache.data_version(session)[1:5] == (1, None, None, 0)
    aggregate_cache.forget_version(session)
    assert aggregate_cache.data_version(session) == now
