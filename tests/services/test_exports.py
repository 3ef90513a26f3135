"""The export in all four formats parses back with its metadata."""
import io
import json

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from insight_service.services.exports import export_stream
from insight_service.services.pain_points import COLUMNS, aggregate_rows
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
    assert list(frame.columns) == list(COLUMNS) and frame.loc[0, "incidence_among_buyers"] == 0.3


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
