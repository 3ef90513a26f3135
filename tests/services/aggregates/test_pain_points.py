"""R&D aggregates: mentions, authors, share, incidence among buyers, k-suppression, scrubbed quotes."""
from datetime import datetime

from sqlalchemy import select

from insight_service.models import Customer
from insight_service.services.aggregates.pain_points import DIMENSIONS, aggregate_rows
from insight_service.services.privacy.erasure import erase_customer
from insight_service.services.privacy.suppression import opt_out
from tests.leaks import assert_absent
from tests.records import make_customer, make_feedback, make_purchase
from tests.services.pain_data import load_pain_points
from tests.services.pain_reference import reference_rows
from tests.services.pain_world import at, load_world


def _cells(session, **kwargs):
    stats = {}
    rows = list(aggregate_rows(session, k=5, stats=stats, **kwargs))
    return {(r["sku"], r["code"]): r for r in rows}, stats


def test_known_figures_of_a_cell(session, ingest_into):
    load_pain_points(ingest_into)
    cells, stats = _cells(session)
    cell = cells[("CM-100", "defect")]
    assert cell["mentions"] == 5 and cell["distinct_authors"] == 5
    assert cell["share_of_product_feedback"] == round(5 / 6, 4)
    # 3 of the 10 buyers reported it: fewer than k, so neither that count nor the incidence is published
    assert cell["buyers"] == 10 and cell["reporting_buyers"] is None and cell["incidence_among_buyers"] is None
    assert cell["average_sentiment"] < 0 and cell["product_name"] == "Barista Pro"
    at_three = {(r["sku"], r["code"]): r for r in aggregate_rows(session, k=3)}[("CM-100", "defect")]
    assert at_three["reporting_buyers"] == 3 and at_three["incidence_among_buyers"] == 0.3


def test_no_published_count_is_below_k(session, ingest_into):
    load_pain_points(ingest_into)
    for k in (2, 3, 5, 11):
        for group_by in (("product", "code"), ("product",), ("code",), ("product", "code", "period")):
            for row in aggregate_rows(session, group_by=group_by, k=k):
                counts = [row[name] for name in ("mentions", "distinct_authors", "buyers", "reporting_buyers")]
                assert all(n is None or n >= k for n in counts), (k, group_by, row)
                assert (row["incidence_among_buyers"] is None) == (row["reporting_buyers"] is None), row


def test_four_authors_are_suppressed_five_are_shown(session, ingest_into):
    load_pain_points(ingest_into, authors_kt=4)
    cells, stats = _cells(session)
    assert ("KT-200", "defect") not in cells and stats["suppressed_cells"] >= 1


def test_five_authors_are_shown(session, ingest_into):
    load_pain_points(ingest_into, authors_kt=5)
    cells, _ = _cells(session)
    assert cells[("KT-200", "defect")]["distinct_authors"] == 5
    assert cells[("KT-200", "defect")]["incidence_among_buyers"] is None  # nobody bought it


def test_quotes_are_scrubbed_and_carry_no_person(session, ingest_into):
    load_pain_points(ingest_into)
    cells, _ = _cells(session)
    quotes = cells[("CM-100", "defect")]["quotes"]
    assert 1 <= len(quotes) <= 2 and all("kapot" in q for q in quotes)
    assert_absent(str(cells), ["06-12345678", "jan@mailbox.nl", "ORD-12345", "klant.c1", "Klant C1"])


def test_grouping_by_period_source_and_language(session, ingest_into):
    load_pain_points(ingest_into)
    rows = list(aggregate_rows(session, group_by=("code", "source"), k=5))
    defect = next(r for r in rows if r["code"] == "defect")
    assert defect["source"] == "webshop" and defect["sku"] is None and defect["mentions"] == 9
    assert defect["incidence_among_buyers"] is None
    monthly = list(aggregate_rows(session, group_by=("code", "period"), period="month", k=1))
    assert all(len(r["period"]) == 10 and r["period"].endswith("-01") for r in monthly)


GROUPINGS = [("product", "code"), ("product",), ("category",), ("code",), ("source",), ("language",), ("period",),
             ("product", "category", "code"), ("category", "code"), ("code", "source"), ("source", "language"),
             ("product", "code", "period"), ("product", "code", "source", "language", "period"), DIMENSIONS]
FILTERS = [{}, {"since": at(100.5), "until": at(1500.25)}, {"since": at(-5 * 24), "until": at(40 * 24)},
           {"since": at(600.1), "until": at(600.9)}, {"sku": "CM-100"}, {"category": "kitchen"}, {"code": "defect"},
           {"source": "twitter", "language": "nl"}, {"until": at(700)}, {"since": at(1000), "code": "battery"}]


def assert_same_as_reference(session) -> None:
    """Every grouping x period x filter x k: the same rows in the same order, and the same suppressed count."""
    for group_by in GROUPINGS:
        for period in ("week", "month") if "period" in group_by else ("month",):
            for filters in FILTERS:
                filters = {key: datetime.fromisoformat(v) if key in ("since", "until") else v
                           for key, v in filters.items()}
                for k in (1, 3):
                    got, want = {}, {}
                    rows = list(aggregate_rows(session, group_by=group_by, period=period, k=k, stats=got, **filters))
                    assert rows == reference_rows(session, group_by=group_by, period=period, k=k, stats=want,
                                                  **filters), (group_by, period, filters, k)
                    assert got == want


def test_answers_equal_the_straightforward_join(session, ingest_into):
    load_world(ingest_into)
    assert_same_as_reference(session)


def test_answers_stay_equal_after_edits_links_and_privacy_actions(session, ingest_into, hasher):
    load_world(ingest_into)
    ingest_into("feedback", [make_feedback("w5", author={"email": "klant.c5@mailbox.nl"}, sku="KT-200",
                                           text="Te duur en de levering was te laat", posted_at=at(1000))])
    ingest_into("customer", [make_customer("C99"), make_customer("V1", email="vreemde1@mailbox.nl")])
    ingest_into("purchase", [make_purchase("N1", "C1", sku="ZZ-9", purchased_at=at(2000))])
    opt_out(session, hasher, [{"kind": "email", "value": "klant.c3@mailbox.nl"}])
    erase_customer(session, session.scalar(select(Customer.id).where(Customer.external_id == "C6")))
    session.commit()
    assert_same_as_reference(session)


def test_quotes_are_scrubbed_with_the_names_known_for_their_authors(session, ingest_into, monkeypatch):
    from insight_service.services.aggregates import pain_points
    from insight_service.services.privacy import scrubbing

    names = ["Zwaantje Bakker", "Gerrit Smit", "Femke Dekker", "Joost Mulder", "Ilse Vos"]
    ingest_into("customer", [make_customer(f"N{i}", name=name, email=f"n{i}@mailbox.nl")
                             for i, name in enumerate(names)])
    ingest_into("feedback", [make_feedback(f"nf{i}", author={"email": f"n{i}@mailbox.nl"}, rating=1,
                                           text=f"{name.split()[0]} hier: de machine is kapot, {name.split()[1]} "
                                                f"is boos") for i, name in enumerate(names)])
    seen = []
    monkeypatch.setattr(pain_points, "scrub", lambda text, names=(): seen.append((text, list(names))) or
                        scrubbing.scrub(text, names=names))
    quotes = [q for row in aggregate_rows(session, k=5) for q in row["quotes"]]
    assert quotes and seen and all(found[0] in names for _text, found in seen), seen
    assert pain_points.scrub_quote(f"Zwaantje Bakker{pain_points.NAME_SEPARATOR}Zwaantje: kapot") == "[name]: kapot"
