"""Streamed exports of the pain-point aggregate: CSV, JSON, XLSX (write-only) and Parquet (row groups)."""
from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice

from .pain_points import COLUMNS
from .spreadsheet_cells import inert_cell, inert_comment_json
from .spreadsheet_rows import QUOTE_JOIN, csv_writer, spreadsheet_record

FORMATS = {"csv": "text/csv", "json": "application/json",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "parquet": "application/vnd.apache.parquet"}
CHUNK_ROWS = 5000
READ_BYTES = 64 * 1024


def _csv(rows, metadata: dict) -> Iterator[bytes]:
    # metadata as leading '#' lines: pandas reads them back with comment='#'
    yield "".join(f"# {k}: {inert_comment_json(v)}\n" for k, v in metadata.items()).encode()
    # rows straight from the cursor through csv.writer, a chunk at a time: no DataFrame, so no column's type
    # depends on its neighbours (an int column holding a None stays ints) and memory stays one chunk's text
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(COLUMNS)
    it = iter(rows)
    while batch := list(islice(it, CHUNK_ROWS)):
        writer.writerows(map(spreadsheet_record, batch))
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue().encode()


def _json(rows, metadata: dict) -> Iterator[bytes]:
    yield b'{"metadata": ' + json.dumps(metadata, default=str).encode() + b', "rows": ['
    first = True
    for row in rows:
        yield (b"" if first else b",") + json.dumps(row, default=str).encode()
        first = False
    yield b"]}"


def _stream_file(handle) -> Iterator[bytes]:
    handle.seek(0)
    with handle:
        while block := handle.read(READ_BYTES):
            yield block


def _xlsx(rows, metadata: dict) -> Iterator[bytes]:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("pain_points")
    sheet.append(list(COLUMNS))
    for row in rows:  # each row as it is: ints stay ints, a missing value is an empty cell
        sheet.append(spreadsheet_record(row, missing=None))
    meta = book.create_sheet("metadata")
    for key, value in metadata.items():
        meta.append([key, inert_cell(json.dumps(value, default=str))])
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(handle)
    yield from _stream_file(handle)


def _parquet(rows, metadata: dict) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("period", pa.string()), ("sku", pa.string()), ("product_name", pa.string()),
                        ("category", pa.string()), ("code", pa.string()), ("code_label", pa.string()),
                        ("source", pa.string()), ("language", pa.string()), ("mentions", pa.int64()),
                        ("distinct_authors", pa.int64()), ("share_of_product_feedback", pa.float64()),
                        ("average_sentiment", pa.float64()), ("buyers", pa.int64()), ("reporting_buyers", pa.int64()),
                        ("incidence_among_buyers", pa.float64()), ("quotes", pa.string())],
                       metadata={"insight_service." + k: json.dumps(v, default=str) for k, v in metadata.items()})
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    # one record batch (a row group) per chunk, built column by column from the rows: no DataFrame, so a None
    # in an int column stays a null int and memory stays one chunk
    it = iter(rows)
    with pq.ParquetWriter(handle, schema) as writer:
        while batch := list(islice(it, CHUNK_ROWS)):
            columns = {name: [row.get(name) for row in batch] for name in COLUMNS}
            columns["quotes"] = [QUOTE_JOIN.join(row.get("quotes") or ()) for row in batch]
            writer.write_batch(pa.RecordBatch.from_pydict(columns, schema=schema))
    yield from _stream_file(handle)


WRITERS = {"csv": _csv, "json": _json, "xlsx": _xlsx, "parquet": _parquet}


def export_stream(rows: Iterable[dict], fmt: str, metadata: dict) -> Iterator[bytes]:
    """The bytes of the export in a format, produced chunk by chunk."""
    return WRITERS[fmt](rows, metadata)
