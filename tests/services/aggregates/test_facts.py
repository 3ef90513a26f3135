"""The aggregate facts stay in step with every write: ingest, edits, late links, purchases, privacy, re-analysis."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from insight_service.models import Customer, FeedbackDayCount, PainPointFact
from insight_service.services.aggregates.facts import move_day_counts, refresh_feedback
from insight_service.services.ingest.reanalysis import reanalyze
from insight_service.services.privacy.consent_changes import append_consent
from insight_service.services.privacy.consent_changes import apply_social_profiling
from insight_service.services.privacy.erasure import erase_customer
from insight_service.services.privacy.suppression import opt_out, purge_expired_texts
from tests.records import make_customer, make_feedback, make_purchase
from tests.services.fact_checks import SameSession, assert_in_step
from tests.services.pain_world import at, load_world


def customer_id(session, external_id: str) -> int:
    """Our id of a CRM customer."""
    return session.scalar(select(Customer.id).where(Customer.external_id == external_id))


@pytest.fixture
def world(session, ingest_into):
    """The hand-built world, loaded and checked once."""
    load_world(ingest_into)
    assert_in_step(session)
    assert session.scalar(select(PainPointFact.id).where(PainPointFact.buyer == 1)) is not None
    return session


def test_an_edited_item_moves_its_facts_and_its_day(world, ingest_into):
    ingest_into("feedback", [make_feedback("w0", author={"email": "klant.c0@mailbox.nl"}, sku="KT-200",
                                           text="Te duur en de levering was te laat", posted_at=at(1000))])
    assert_in_step(world)


def test_late_customers_link_items_and_purchases(world, ingest_into):
    ingest_into("customer", [make_customer("C99"), make_customer("V1", email="vreemde1@mailbox.nl")])
    assert_in_step(world)


def test_purchases_after_the_feedback_make_buyers(world, ingest_into):
    ingest_into("purchase", [make_purchase("N1", "C1", sku="ZZ-9", purchased_at=at(2000)),
                             make_purchase("L0", "C0", sku="KT-200", purchased_at=at(-100))])  # L0 changes product
    assert_in_step(world)


def test_privacy_actions_leave_no_author_and_no_span(world, hasher, ingest_into):
    opt_out(world, hasher, [{"kind": "email", "value": "klant.c3@mailbox.nl"}])
    append_consent(world, customer_id(world, "C0"), "social_profiling", "withdrawn", "test")
    apply_social_profiling(world, [customer_id(world, "C0")])
    erase_customer(world, customer_id(world, "C6"))
    world.commit()
    assert_in_step(world)
    keys = set(world.scalars(select(PainPointFact.author_key)))
    assert f"c{customer_id(world, 'C3')}" not in keys


def test_retention_and_reanalysis(world):
    purge_expired_texts(world, datetime(2030, 1, 1, tzinfo=timezone.utc))
    world.commit()
    assert_in_step(world)
    assert reanalyze(lambda: SameSession(world), force=True) > 0  # new pain-point ids: facts follow them
    assert_in_step(world)


def test_refreshing_twice_changes_nothing(world):
    refresh_feedback(world, range(1, 100))
    refresh_feedback(world, range(1, 100))
    assert_in_step(world)


def test_a_count_that_falls_to_zero_is_removed(world):
    key = ("product_id", "source", "language", "day")
    row = world.scalars(select(FeedbackDayCount)).first()
    move_day_counts(world, {tuple(getattr(row, k) for k in key): -row.item_count})
    assert world.scalar(select(FeedbackDayCount).where(*[getattr(FeedbackDayCount, k) == getattr(row, k)
                                                         for k in key])) is None


def _ingest_without_commit(app, hasher, kind, records):
    """Ingest a batch in a session of its own and leave its transaction open (another host, mid-batch)."""
    from insight_service.services.ingest.entry import ingest

    sess = app.extensions["db_sessionmaker"]()
    ingest(sess, kind, records, origin="test", hasher=hasher)
    return sess


def _waits_for_the_other(app, hasher, kind, records) -> bool:
    """Whether this batch has to wait for the open one (a short lock_timeout turns the wait into an error)."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from insight_service.services.ingest.entry import ingest

    sess = app.extensions["db_sessionmaker"]()
    try:
        sess.execute(text("SET LOCAL lock_timeout = '2s'"))
        ingest(sess, kind, records, origin="test", hasher=hasher)
        sess.commit()
        return False
    except OperationalError as exc:
        assert getattr(exc.orig, "sqlstate", None) == "55P03", exc  # lock_not_available
        return True
    finally:
        sess.rollback()
        sess.close()


def test_fact_refreshes_of_different_customers_run_at_once_and_of_one_customer_in_turn(app, session, ingest_into,
                                                                                         hasher):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    ingest_into("customer", [make_customer("A", email="a@mailbox.nl"), make_customer("B", email="b@mailbox.nl")])
    ingest_into("purchase", [make_purchase("PA", "A", sku="CM-100"), make_purchase("PB", "B", sku="KT-200")])
    session.close()
    first = _ingest_without_commit(app, hasher, "feedback", [make_feedback(
        "fa", author={"email": "a@mailbox.nl"}, text="De machine is kapot", sku="CM-100",
        posted_at="2026-03-05T10:00:00+00:00")])
    try:
        # another customer's items (another day and product, so no day count is shared): no wait for the first
        assert not _waits_for_the_other(app, hasher, "feedback", [make_feedback(
            "fb", author={"email": "b@mailbox.nl"}, text="De waterkoker lekt", sku="KT-200",
            posted_at="2026-03-09T10:00:00+00:00")])
        # a purchase of the first customer must see the first's facts committed: it waits
        assert _waits_for_the_other(app, hasher, "purchase", [make_purchase("PA2", "A", sku="KT-200")])
    finally:
        first.commit()
        first.close()
    assert_in_step(session)
    flags = dict(session.execute(select(PainPointFact.feedback_id, PainPointFact.buyer)).all())
    assert flags and all(flags.values())  # both items' authors bought the product they wrote about
