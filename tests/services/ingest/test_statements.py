"""Round trips of a feedback batch: a fixed number of statements, whatever the batch size (a count, not a time)."""
from sqlalchemy import event

from insight_service import db
from tests.records import make_customer, make_feedback

# PostgreSQL, a batch of new first-party items with known products: the privacy lock, stored keys, suppressions of
# identifiers and of orders, products, identities, orders, three inserts (items, pain points, identifiers), the
# customers' fact lock, two fact inserts, the day counts, the webhook subscribers. Themes and a consent read (third
# party authors) add one each. Before issue 18's round: 18 here (products read twice, the facts of just-inserted
# items deleted first), and one more per 900 identifiers or orders of a batch (IN lists went in chunks).
POSTGRES_NEW_BATCH = 15


def _batch(prefix: str, size: int) -> list[dict]:
    return [make_feedback(f"{prefix}{i}", author={"email": f"buyer{i % 40}@mail.nl"}, order_ref=f"ORD-{i % 50}",
                          text=f"De lader is na een week kapot, jammer #{i}", sku=f"SKU-{i % 7}")
            for i in range(size)]


def _statements(app, ingest_into, records) -> tuple[list[str], object]:
    seen = []
    engine = db.engine()
    listener = lambda _c, _cur, statement, *_a: seen.append(" ".join(statement.split()[:4]))  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        result = ingest_into("feedback", records)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return seen, result


def test_a_batch_of_new_items_takes_the_same_statements_at_any_size(app, session, ingest_into):
    ingest_into("customer", [make_customer(f"c{i}", email=f"buyer{i}@mail.nl") for i in range(40)])
    ingest_into("feedback", _batch("warm", 7))  # products exist from here on, as in a running service
    small, result = _statements(app, ingest_into, _batch("small", 12))
    assert result.created == 12 and result.linked == 12
    large, result = _statements(app, ingest_into, _batch("large", 1200))
    assert result.created == 1200 and result.linked == 1200
    if session.get_bind().dialect.name == "postgresql":
        assert len(small) == len(large) == POSTGRES_NEW_BATCH, (small, large)
    else:  # SQLite: IN lists of at most 900 values, so a larger batch needs a few more
        assert len(small) <= POSTGRES_NEW_BATCH + 1 and len(large) <= len(small) + 6, (small, large)
