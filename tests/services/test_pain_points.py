"""R&D aggregates: mentions, authors, share, incidence among buyers, k-suppression, scrubbed quotes."""
from insight_service.services.pain_points import aggregate_rows
from tests.leaks import assert_absent
from tests.services.pain_data import load_pain_points


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
    assert cell["buyers"] == 10 and cell["reporting_buyers"] == 3 and cell["incidence_among_buyers"] == 0.3
    assert cell["average_sentiment"] < 0 and cell["product_name"] == "Barista Pro"


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
