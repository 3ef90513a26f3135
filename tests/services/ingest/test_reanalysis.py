"""Re-analysis brings items of an older analyzer version to the running one, facts kept in step."""
from sqlalchemy import select, update

from insight_service import analysis
from insight_service.models import Feedback, FeedbackPainPoint
from insight_service.services.ingest.reanalysis import count_stale, reanalyze
from tests.records import make_feedback
from tests.services.fact_checks import SameSession, assert_in_step

TEXTS = [("Not bad at all, the sound is great but the battery could be better.", 4, "en"),
         ("Ik ben er niet blij mee, de accu was na een week kapot.", 2, "nl"),
         ("Never disappointed by this brand.", None, "en"),
         ("Wanneer wordt mijn bestelling geleverd?", None, "nl")]


def test_items_of_the_old_analyzer_are_brought_to_the_new_version(session, ingest_into):
    ingest_into("feedback", [make_feedback(f"r{i}", text=t, rating=r, language=lang, sku="HP-1")
                             for i, (t, r, lang) in enumerate(TEXTS)])
    # what analyzer 1.2.0 stored: the mixed 4-star review neutral, a negated "blij" counted
    session.execute(update(Feedback).values(analyzer_version="1.2.0", sentiment_label="neutral", sentiment_score=0.01,
                                            emotions=[{"word": "blij", "category": "joy", "polarity": "negative",
                                                       "count": 1}]))
    session.commit()
    assert count_stale(session) == len(TEXTS)
    assert reanalyze(lambda: SameSession(session)) == len(TEXTS)
    session.expire_all()
    rows = {f.external_id: f for f in session.scalars(select(Feedback))}
    for i, (text, rating, lang) in enumerate(TEXTS):
        row, fresh = rows[f"r{i}"], analysis.analyze(text, rating=rating, language=lang)
        assert row.analyzer_version == analysis.ANALYZER_VERSION == "2.4.0"
        assert (row.sentiment_score, row.sentiment_label) == (fresh.sentiment.score, fresh.sentiment.label)
        assert row.emotions == [{"word": e.word, "category": e.category, "polarity": e.polarity, "count": e.count}
                                for e in fresh.emotions]
    assert rows["r0"].sentiment_label == "positive"  # mixed text, 4 stars
    assert not any(e["word"] == "blij" for e in rows["r1"].emotions)
    assert rows["r2"].emotions == [] and rows["r3"].sentiment_label == "neutral"
    pains = set(session.scalars(select(FeedbackPainPoint.code).where(FeedbackPainPoint.feedback_id == rows["r1"].id)))
    assert pains == {p.code for p in analysis.analyze(TEXTS[1][0], rating=2, language="nl").pain_points}
    assert_in_step(session)
    assert count_stale(session) == 0 and reanalyze(lambda: SameSession(session)) == 0
