"""The aggregate facts stay in step with every write: ingest, edits, late links, purchases, privacy, re-analysis."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from insight_service.models import Customer, FeedbackDayCount, PainPointFact
from insight_service.services.aggregates.facts import move_day_counts, refresh_feedback
from insight_service.services.ingest.reanalysis import reanalyze
from insight_service.services.privacy.consent import append_consent
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
