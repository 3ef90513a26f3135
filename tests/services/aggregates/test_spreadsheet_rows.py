"""Aggregate rows as spreadsheet records: text inert, quotes joined, numbers untouched, None as asked."""
import csv
import io

from insight_service.services.aggregates.pain_points import COLUMNS
from insight_service.services.aggregates.spreadsheet_rows import MISSING, csv_writer, spreadsheet_record

ROW = {"period": None, "sku": "=1+1", "product_name": "Barista", "category": "-keuken", "code": "defect",
       "code_label": "@label", "source": "+zendesk", "language": "nl", "mentions": 5, "distinct_authors": 5,
       "share_of_product_feedback": None, "average_sentiment": -0.5, "buyers": None, "reporting_buyers": 7,
       "incidence_among_buyers": 0.1, "quotes": ["\ttab", "b"]}


def test_text_cells_are_inert_and_numbers_untouched():
    record = dict(zip(COLUMNS, spreadsheet_record(ROW, missing=None), strict=True))
    assert record == {**ROW, "sku": "'=1+1", "category": "'-keuken", "code_label": "'@label",
                      "source": "'+zendesk", "quotes": "'\ttab | b"}
    assert type(record["mentions"]) is int and record["average_sentiment"] == -0.5


def test_none_and_no_quotes_become_the_missing_marker_and_empty_text():
    record = spreadsheet_record({**ROW, "quotes": None})
    assert record[COLUMNS.index("period")] is MISSING and record[COLUMNS.index("buyers")] is MISSING
    assert record[COLUMNS.index("quotes")] == ""


def test_the_csv_writer_leaves_missing_bare_and_quotes_text():
    out = io.StringIO()
    csv_writer(out).writerow([MISSING, "", "a", 1, -0.5, MISSING])
    assert out.getvalue() == ',"","a",1,-0.5,\n'
