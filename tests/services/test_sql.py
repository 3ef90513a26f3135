"""Bulk inserts: the same rows as executemany would store, on SQLite and PostgreSQL."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from insight_service.models import Feedback, FeedbackIdentifier, Suppression
from insight_service.services.sql import any_of, array_literal, array_param, chunks, insert_rows, rows_by_key

WHEN = datetime(2026, 3, 5, 10, 0, tzinfo=timezone(timedelta(hours=2)))


def _feedback(key: str, **overrides) -> dict:
    row = {"source": "shop", "external_key": key, "external_id": key, "channel": "review", "party": "first",
           "text": f"tekst {key}", "content_hash": key, "rating": 4, "posted_at": WHEN,
           "emotions": [{"word": "blij", "count": 1}], "journey": ["use", "support"]}
    row.update(overrides)
    return row


def test_insert_rows_stores_what_executemany_would(session):
    """Lists stay JSON values (not array dimensions), None JSON stays JSON null, times are UTC, defaults filled."""
    insert_rows(session, Feedback, [_feedback("a"), _feedback("b", rating=None, emotions=None, journey=[])])
    rows = {r.external_key: r for r in session.scalars(select(Feedback))}
    assert rows["a"].journey == ["use", "support"] and rows["a"].emotions == [{"word": "blij", "count": 1}]
    assert rows["b"].emotions is None and rows["b"].journey == [] and rows["b"].rating is None
    assert rows["a"].rating == 4.0 and rows["a"].posted_at == WHEN and rows["a"].posted_at.utcoffset() == timedelta(0)
    assert rows["a"].sentiment_label == "neutral" and rows["a"].created_at is not None  # Python-side defaults


def test_insert_rows_returns_only_what_landed(session):
    """With ignore_conflicts, a row already stored is skipped and not returned."""
    insert_rows(session, Feedback, [_feedback("a")])
    landed = insert_rows(session, Feedback, [_feedback("a"), _feedback("b")], ignore_conflicts=True,
                         returning=(Feedback.id, Feedback.external_key))
    assert [key for _id, key in landed] == ["b"]
    assert sorted(session.scalars(select(Feedback.external_key))) == ["a", "b"]


def test_insert_rows_many_rows_and_nothing(session):
    """A batch larger than an IN chunk lands whole; no rows is no statement."""
    assert insert_rows(session, Suppression, []) == []
    insert_rows(session, Feedback, [_feedback("a")])
    fid = session.scalar(select(Feedback.id))
    rows = [{"feedback_id": fid, "kind": f"k{i}", "hash": f"{i:064x}"} for i in range(2500)]
    insert_rows(session, FeedbackIdentifier, rows)
    assert len(session.scalars(select(FeedbackIdentifier.kind)).all()) == 2500


def test_chunks_split_without_losing_values():
    assert [len(c) for c in chunks(range(2000), 900)] == [900, 900, 200]


def test_rows_by_key_finds_exactly_the_pairs_asked(session):
    """Per source, by the unique index: the same key under another source is not a match."""
    insert_rows(session, Feedback, [_feedback("a"), _feedback("b"), _feedback("a", source="other")])
    found = rows_by_key(session, Feedback, "external_key", [("shop", "a"), ("other", "a"), ("other", "b")],
                        (Feedback.source, Feedback.id))
    assert sorted((row.source, row.external_key) for row in found) == [("other", "a"), ("shop", "a")]
    assert rows_by_key(session, Feedback, "external_key", [], (Feedback.id,)) == []


def test_any_of_matches_like_in(session):
    """One array parameter on PostgreSQL, an IN list on SQLite: the same rows either way."""
    insert_rows(session, Feedback, [_feedback("a"), _feedback("b"), _feedback("c")])
    wanted = any_of(session, Feedback.external_key, ["a", "c", "x"])
    found = session.scalars(select(Feedback.external_key).where(wanted))
    assert sorted(found) == ["a", "c"]
    ids = session.scalars(select(Feedback.id)).all()
    assert len(session.scalars(select(Feedback.id).where(any_of(session, Feedback.id, ids[:2]))).all()) == 2


def test_array_literal_quotes_what_postgres_would_split_on():
    """Strings are quoted and escaped (commas, braces, quotes, backslashes), ints bare, None as NULL."""
    assert array_literal([1, 22, None]) == "{1,22,NULL}"
    assert array_literal(['a,b', '{c}', 'say "hi"', 'back\\slash', "NULL", ""]) == \
        '{"a,b","{c}","say \\"hi\\"","back\\\\slash","NULL",""}'
    assert array_literal([]) == "{}"
    assert array_literal([1.5]) is None and array_literal([True]) is None  # not ints or strings: the list is sent
    assert array_param([datetime(2026, 1, 1)]) == [datetime(2026, 1, 1)] and array_param([3]) == "{3}"


def test_any_of_matches_awkward_strings_exactly(session):
    """The array literal round-trips every character an identifier or SKU may hold, and nothing more matches."""
    awkward = ['a,b', '{c}', 'say "hi"', 'back\\slash', "NULL", "  space ", "ünï"]
    insert_rows(session, Feedback, [_feedback(key) for key in [*awkward, "other"]])
    found = session.scalars(select(Feedback.external_key).where(any_of(session, Feedback.external_key, awkward)))
    assert sorted(found) == sorted(awkward)
    ids = session.scalars(select(Feedback.id)).all()
    assert len(session.scalars(select(Feedback.id).where(any_of(session, Feedback.id, ids[:3]))).all()) == 3


def test_insert_rows_converts_each_row_own_time(session):
    """Rows sharing one clock reading and rows with their own times each store their own (the conversion is
    remembered per value, never per position)."""
    shared = datetime(2026, 3, 5, 8, 0, tzinfo=timezone.utc)
    rows = [_feedback(str(i), posted_at=WHEN + timedelta(hours=i), created_at=shared, updated_at=shared)
            for i in range(3)]
    rows.append(_feedback("naive", posted_at=datetime(2026, 3, 5, 8, 0), created_at=shared, updated_at=shared))
    insert_rows(session, Feedback, rows)
    stored = {r.external_key: r for r in session.scalars(select(Feedback))}
    assert [stored[str(i)].posted_at for i in range(3)] == [WHEN + timedelta(hours=i) for i in range(3)]
    assert stored["naive"].posted_at == shared  # a naive time is UTC, as before
    assert {r.created_at for r in stored.values()} == {shared} == {r.updated_at for r in stored.values()}
