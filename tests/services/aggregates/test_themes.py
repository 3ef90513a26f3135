"""Discovered themes: per product, k distinct authors, merged phrases, scrubbed clauses, emerging weeks."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from insight_service.models import Customer, FeedbackTheme
from insight_service.services.aggregates.themes import discovered_themes
from insight_service.services.privacy.erasure import erase_customer
from insight_service.services.privacy.suppression import opt_out
from tests.records import make_feedback
from tests.services.theme_data import NOW, at, load_themes


def themes_of(session, k: int = 5, **filters) -> dict[tuple[str, str], dict]:
    """(sku, key) -> theme, over the 12 weeks up to NOW."""
    found = discovered_themes(session, until=NOW, k=k, **filters)
    return {(t["sku"], t["key"]): t for t in found["themes"]}


def test_the_issues_examples_surface_per_product_and_noise_does_not(session, ingest_into):
    load_themes(ingest_into)
    themes = themes_of(session)
    assert set(themes) == {("LP-1", "hing snap"), ("PH-2", "app log"), ("LP-1", "fan rattl")}
    hinge = themes[("LP-1", "hing snap")]
    assert hinge["label"] == "hinge snaps" and hinge["mentions"] == 5 and hinge["distinct_authors"] == 5
    app = themes[("PH-2", "app log")]
    assert set(app["phrases"]) >= {"app log"} and app["distinct_authors"] == 5
    assert not any("sticker" in t["label"] or "strap" in t["label"] for t in themes.values())
    # "the lid scratches" is the defect code's (a coded clause is never a theme)
    assert not any("lid" in t["label"] for t in themes.values())


def test_four_authors_are_no_theme(session, ingest_into):
    load_themes(ingest_into, authors=4)
    assert themes_of(session) == {}
    assert len(themes_of(session, k=4)) == 3


def test_one_author_repeating_is_one_author(session, ingest_into):
    ingest_into("feedback", [make_feedback(f"r{i}", author={"email": "same@mailbox.nl"}, text="The hinge snaps",
                                           rating=1, sku="LP-1", posted_at=at(3 + i)) for i in range(8)])
    assert themes_of(session) == {}


def test_quotes_are_scrubbed_clauses(session, ingest_into):
    load_themes(ingest_into)
    quotes = [q for t in themes_of(session).values() for q in t["quotes"]]
    assert quotes and all("@" not in q and "06-1234" not in q and "www." not in q for q in quotes)
    assert any(q.startswith("The hinge snaps") or q.startswith("hinge snaps") for q in quotes)
    assert all(len(t["quotes"]) <= 2 for t in themes_of(session).values())


def test_filters_and_window(session, ingest_into):
    load_themes(ingest_into)
    assert set(themes_of(session, sku="PH-2")) == {("PH-2", "app log")}
    assert discovered_themes(session, until=NOW - timedelta(days=30), k=5)["themes"] == []


def test_a_sudden_theme_is_emerging_by_the_codes_rule(session, ingest_into):
    load_themes(ingest_into, authors=7)
    hinge = themes_of(session)[("LP-1", "hing snap")]
    assert hinge["emerging"] is not None and hinge["emerging"]["count"] == 7
    week = next(p for p in hinge["points"] if p["week"] == hinge["emerging"]["week"])
    assert week["count"] == 7 and week["emerging"] and sum(p["emerging"] for p in hinge["points"]) == 1


def test_opt_out_and_erasure_remove_theme_phrases(session, ingest_into, hasher):
    load_themes(ingest_into, authors=5, linked=True)
    customer = session.scalar(select(Customer.id).where(Customer.external_id == "H0"))
    before = session.scalar(select(func.count()).select_from(FeedbackTheme))
    erase_customer(session, customer)
    opt_out(session, hasher, [{"kind": "email", "value": "app0@mailbox.nl"}])
    session.commit()
    assert session.scalar(select(func.count()).select_from(FeedbackTheme)) < before
    themes = themes_of(session)
    assert ("LP-1", "hing snap") not in themes and ("PH-2", "app log") not in themes
    assert ("LP-1", "fan rattl") in themes


def test_a_phrase_of_the_product_name_alone_is_no_theme():
    """'Not happy with the Vonk Studio: ...' names what was bought; only the words of its problem make a theme."""
    from insight_service.services.aggregates.themes import names_the_product

    assert names_the_product("vonk studio", "Vonk Studio Over-Ear")
    assert names_the_product("bud pro", "Vonk Buds Pro")
    assert not names_the_product("hing snap", "Vonk Buds Pro")
    assert not names_the_product("studio hing", "Vonk Studio Over-Ear")
    assert not names_the_product("vonk studio", None)
