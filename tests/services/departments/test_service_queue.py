"""The service queue's paging over items it must skip (public posts whose consent has lapsed since)."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update

from insight_service.models import ConsentEvent, Feedback
from insight_service.services.departments.service_queue import service_queue
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


def test_the_total_counts_only_what_the_queue_may_show(ingest_into, session):
    tickets = lapsed_posts_then_tickets(ingest_into, session, posts=12, tickets=5)
    page = service_queue(session, "service", limit=2)
    assert page["total"] == len(tickets) == 5 and page["sort"] == "oldest"
    assert service_queue(session, "service", limit=2, kind="question")["total"] == 0


def mixed_queue(ingest_into) -> None:
    """Carla: a mild old complaint, a question, a 1-star review and a fresh mild complaint, all open."""
    ingest_into("customer", [make_customer("C3", email="carla@mailbox.nl")])
    ticket = dict(source="zendesk", channel="ticket", author={"email": "carla@mailbox.nl"}, rating=None)
    ingest_into("feedback", [
        make_feedback("old", text="Het apparaat is een beetje traag.", posted_at=ago(300), **ticket),
        make_feedback("ask", text="Waar vind ik de handleiding?", posted_at=ago(5), **ticket),
        make_feedback("one", text="Teleurgesteld, kapot na een week.", rating=1, posted_at=ago(200),
                      author={"email": "carla@mailbox.nl"}),
        make_feedback("new", text="Het apparaat is een beetje traag.", posted_at=ago(2), **ticket),
    ])


def test_sorts_by_oldest_recency_and_severity_and_pages_stay_whole(ingest_into, session):
    mixed_queue(ingest_into)
    ids = {name: item_id(session, name) for name in ("old", "ask", "one", "new")}
    queue = service_queue(session, "service", limit=10)["items"]
    by_id = {i["id"]: i for i in queue}
    assert set(by_id) == set(ids.values()), [(i["id"], i["sentiment_label"], i["text"]) for i in queue]
    assert by_id[ids["one"]]["severity"] == "high" and by_id[ids["ask"]]["severity"] == "low"

    def order(sort):
        full = [i["id"] for i in service_queue(session, "service", limit=10, sort=sort)["items"]]
        paged = [i["id"] for off in range(0, 4) for i in service_queue(session, "service", limit=1, offset=off,
                                                                        sort=sort)["items"]]
        assert paged == full
        return full

    assert order("oldest") == [ids["old"], ids["one"], ids["ask"], ids["new"]]
    assert order("recency") == [ids["new"], ids["ask"], ids["one"], ids["old"]]
    severity = order("severity")
    assert severity[0] == ids["one"] and severity[-1] == ids["ask"]
    mild = [i for i in severity[1:3]]
    assert mild == sorted(mild, key=lambda i: -by_id[i]["posted_at"].timestamp())
