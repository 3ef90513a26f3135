"""The service queue's paging over items it must skip (public posts whose consent has lapsed since)."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update

from insight_service.models import ConsentEvent, Feedback
from insight_service.services.service_queue import service_queue
from tests.records import granted, make_customer, make_feedback
from tests.services.insight_data import ago, item_id


def lapsed_posts_then_tickets(ingest_into, session, posts: int, tickets: int) -> list[int]:
    """Bert's public complaints (oldest; his social_profiling consent expired after they were linked), then his
    tickets; returns the ticket ids oldest first."""
    ingest_into("customer", [make_customer("C2", consents=[granted()], handles={"twitter": "bert"},
                                           email="bert@mailbox.nl")])
    ingest_into("feedback", [make_feedback(f"p{i}", source="twitter", channel="social", party="third", sku=None,
                                           author={"twitter": "bert"}, text="Kapot, slechte service", rating=None,
                                           posted_at=ago(100 - i)) for i in range(posts)])
    ingest_into("feedback", [make_feedback(f"k{i}", source="zendesk", channel="ticket", author={"email":
                                           "bert@mailbox.nl"}, text="Mijn machine is kapot", rating=None,
                                           posted_at=ago(50 - i)) for i in range(tickets)])
    linked = select(func.count()).where(Feedback.party == "third", Feedback.customer_id.is_not(None))
    assert session.scalar(linked) == posts  # in the queue's SQL, so the skipping happens in its scan loop
    session.execute(update(ConsentEvent).values(expires_at=datetime.now(timezone.utc) - timedelta(days=1)))
    session.commit()
    return [item_id(session, f"k{i}") for i in range(tickets)]


def test_pages_skip_lapsed_posts_across_scan_windows_without_gaps_or_repeats(ingest_into, session):
    tickets = lapsed_posts_then_tickets(ingest_into, session, posts=40, tickets=7)
    pages = [[i["id"] for i in service_queue(session, "service", limit=2, offset=offset)["items"]]
             for offset in range(0, 8, 2)]
    assert pages == [tickets[0:2], tickets[2:4], tickets[4:6], tickets[6:7]]


def test_one_large_page_holds_every_visible_item(ingest_into, session):
    tickets = lapsed_posts_then_tickets(ingest_into, session, posts=30, tickets=5)
    assert [i["id"] for i in service_queue(session, "service", limit=500)["items"]] == tickets
