"""Files connector: CSV, JSONL and XLSX files (one path or a glob) read in chunks into canonical records."""
from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

import pandas as pd

from connectors.errors import SourceError  # the one connector failure (connectors.base re-exports it)
from connectors.records import KINDS, Page

# Options: path (file or glob), kind, format (csv | jsonl | xlsx; default from the extension), mapping
# (canonical field -> column; dotted names such as author.email build nested objects, and a dotted column
# reads inside a JSONL object), defaults (constant canonical fields; a non-empty cell wins), chunk_size,
# delimiter (csv; sniffed from the header when absent), encoding (default utf-8 with or without BOM), sheet.
#
# Cells stay strings ("00123" and "NA" survive) and empty cells are left out; the ingest schemas parse
# numbers and dates. A row that cannot be read is not dropped: it is yielded as a record with
# "_error" (the reason), "_row" (1-based data row, header excluded), "_file" and, when the row could not be
# split into columns, "_raw"; the ingest quarantines it. State: {"files": {path: {"size", "mtime", "rows",
# "done"}}} (mtime in ns); an unchanged file resumes after "rows", a finished one is skipped, a changed one is re-read.
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}
JSON_FIELDS = ("consents", "handles", "author")  # list/object fields a CSV cell may carry as JSON text
BAD_ROW = "\x00bad-row\x00"  # marks a CSV row pandas could not split; never occurs in real text
RAW_LIMIT = 1000

Row = tuple[int, dict, str | None]  # (1-based row number, cells, reason the row is bad or None)


class RowError(ValueError):
    """A single row could not be turned into a record."""


class FilesConnector:
    """Read records of one kind from local files, a chunk per page, resumable per file."""

    kind = "files"

    def __init__(self, *, name: str, options: dict, secrets: dict, base_url: str | None = None,
                 timeout: float = 30.0, max_retries: int = 5, backoff_factor: float = 0.5, session=None) -> None:
        # base_url, timeout, retries and session are accepted so every connector is built alike; files need none.
        self.name = name
        self.options = dict(options)
        self.path = str(self.options.get("path") or "")
        self.record_kind = self.options.get("kind")
        if not self.path or self.record_kind not in KINDS:
            raise SourceError(name, None, self.path or "/", f"options need a path and a kind in {', '.join(KINDS)}")
        self.mapping = dict(self.options.get("mapping") or {})
        self.defaults = dict(self.options.get("defaults") or {})
        self.chunk_size = max(1, int(self.options.get("chunk_size", 5000)))
        self.encoding = self.options.get("encoding") or "utf-8-sig"

    def files(self) -> list[str]:
        """The files to read, sorted so runs are repeatable; none at all is an error."""
        if glob.has_magic(self.path):
            found = sorted(glob.glob(self.path))
        else:
            found = [self.path] if os.path.exists(self.path) else []
        if not found:
            raise SourceError(self.name, None, self.path, "no such file")
        return [os.path.abspath(path) for path in found]

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        """One page per chunk of every file; state says how far each file has been stored."""
        done = {path: dict(entry) for path, entry in ((state or {}).get("files") or {}).items()}
        for path in self.files():
            try:
                stat = os.stat(path)
            except OSError as exc:
                raise SourceError(self.name, None, path, exc.strerror or "cannot read file") from None
            stamp = {"size": stat.st_size, "mtime": stat.st_mtime_ns}
            prior = done.get(path, {})
            unchanged = all(prior.get(key) == value for key, value in stamp.items())
            if unchanged and prior.get("done"):
                continue
            yield from self.file_pages(path, stamp, prior.get("rows", 0) if unchanged else 0, done)

    def file_pages(self, path: str, stamp: dict, skip: int, done: dict) -> Iterator[Page]:
        """The pages of one file, looking one chunk ahead so the last page can mark the file done."""
        chunks = self.chunks(path, skip)
        rows, chunk = skip, next(chunks, None)
        if chunk is None:  # empty, or everything was stored before the last page's state was saved
            done[path] = {**stamp, "rows": rows, "done": True}
            yield Page([], {"files": {key: dict(value) for key, value in done.items()}})
        while chunk is not None:
            following = next(chunks, None)
            records = [(self.record_kind, self.record(row, path)) for row in chunk]
            rows = chunk[-1][0]
            done[path] = {**stamp, "rows": rows, "done": following is None}
            yield Page(records, {"files": {key: dict(value) for key, value in done.items()}})
            chunk = following

    def chunks(self, path: str, skip: int) -> Iterator[list[Row]]:
        """Rows after `skip` in lists of chunk_size, whatever the format."""
        extension = os.path.splitext(path)[1].lower()
        fmt = self.options.get("format") or FORMATS.get(extension)
        readers = {"csv": self.csv_rows, "jsonl": self.jsonl_rows, "xlsx": self.xlsx_rows}
        if fmt not in readers:
            raise SourceError(self.name, None, path, f"unsupported format {fmt or extension!r}")
        chunk: list[Row] = []
        try:
            for row in readers[fmt](path):
                if row[0] > skip:
                    chunk.append(row)
                if len(chunk) >= self.chunk_size:
                    yield chunk
                    chunk = []
        except (OSError, ValueError) as exc:  # pandas' ParserError and UnicodeDecodeError are ValueErrors
            # Messages name positions, never cell contents (which may be personal data).
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            detail = str(exc) if isinstance(exc, (pd.errors.ParserError, UnicodeDecodeError)) else reason
            raise SourceError(self.name, None, path, f"cannot read {fmt} file: {detail}") from None
        if chunk:
            yield chunk

    def csv_rows(self, path: str) -> Iterator[Row]:
        """CSV rows through pandas in chunks; a row with too many fields comes back marked."""
        delimiter = self.options.get("delimiter") or self.sniff(path)
        # Only the python engine accepts a callable for bad lines; returning a one-cell row keeps the bad
        # line in place (pandas pads it), so row numbers stay right and nothing is silently dropped.
        reader = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                             encoding=self.encoding, chunksize=self.chunk_size, engine="python",
                             on_bad_lines=lambda fields: [BAD_ROW + json.dumps(fields, ensure_ascii=False)])
        number = 0
        with reader:
            for frame in reader:
                for cells in frame.to_dict("records"):
                    number += 1
                    first = next(iter(cells.values()), "")
                    if isinstance(first, str) and first.startswith(BAD_ROW):
                        yield number, {"_raw": first[len(BAD_ROW):][:RAW_LIMIT]}, "more fields than the header"
                    elif any(not isinstance(value, str) for value in cells.values()):  # padded with NaN
                        present = {column: value for column, value in cells.items() if isinstance(value, str)}
                        yield number, present, "fewer fields than the header"
                    else:
                        yield number, cells, None

    def sniff(self, path: str) -> str:
        """The most frequent of , ; tab | in the header line (Dutch Excel writes semicolons)."""
        with open(path, encoding=self.encoding) as handle:
            header = handle.readline()
        return max((",", ";", "\t", "|"), key=header.count) if header.strip() else ","

    def jsonl_rows(self, path: str) -> Iterator[Row]:
        """One JSON object per line, read with the json module in the chunking loop above."""
        # Not pandas.read_json: it turns integers with gaps into floats (123 -> 123.0), parses *_at
        # columns into Timestamps, and one malformed line fails its whole chunk instead of one row.
        with open(path, encoding=self.encoding) as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    cells = json.loads(line)
                except ValueError as exc:
                    yield number, {"_raw": line.strip()[:RAW_LIMIT]}, f"invalid JSON at column {exc.colno}"
                    continue
                if isinstance(cells, dict):
                    yield number, cells, None
                else:
                    yield number, {}, "line is not a JSON object"

    def xlsx_rows(self, path: str) -> Iterator[Row]:
        """Worksheet rows streamed by openpyxl in read-only mode (pandas.read_excel has no chunks)."""
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises zip, XML and its own errors for a file that is not a workbook
            raise SourceError(self.name, None, path, "not a readable xlsx workbook") from None
        try:
            wanted = self.options.get("sheet")
            if wanted and wanted not in book.sheetnames:
                raise SourceError(self.name, None, path, f"no sheet named {wanted!r}")
            sheet = book[wanted] if wanted else book.active
            rows = sheet.iter_rows(values_only=True)
            header = [cell_text(cell) for cell in next(rows, ())]
            while header and not header[-1]:
                header.pop()  # read-only sheets pad every row to the widest row
            for number, values in enumerate(rows, 1):
                if all(value is None for value in values):
                    continue  # formatted but empty rows at the end of a sheet
                cells = {column: cell_text(value) for column, value in zip(header, values) if column}
                extra = any(value is not None for value in values[len(header):])
                yield number, cells, "more fields than the header" if extra else None
        finally:
            book.close()

    def record(self, row: Row, path: str) -> dict:
        """The canonical record for one row: defaults, then mapped cells; a bad row carries its reason."""
        number, cells, reason = row
        if reason is None and not self.mapping and not self.defaults:
            plain = plain_record(cells)
            if plain is not None:
                return plain
        record: dict = {}
        for field, value in self.defaults.items():
            set_path(record, field, value)
        pairs = self.mapping.items() if self.mapping else ((column, column) for column in cells)
        try:
            for field, column in pairs:
                value = lookup(cells, column)
                if value is None or value == "" or field.startswith("_"):
                    continue
                if field.split(".")[0] in JSON_FIELDS and isinstance(value, str) and value[:1] in "[{":
                    try:
                        value = json.loads(value)
                    except ValueError:
                        raise RowError(f"column {column!r} is not valid JSON") from None
                set_path(record, field, value)
        except RowError as exc:
            reason = reason or str(exc)
        if reason:
            record.update({"_error": reason, "_row": number, "_file": os.path.basename(path)})
            if "_raw" in cells:
                record["_raw"] = cells["_raw"]
        return record


def plain_record(cells: dict) -> dict | None:
    """An unmapped row whose columns are all plain canonical fields, as its record (what record() would build,
    without a lookup and a path split per cell); None when a column is dotted or holds JSON text."""
    record = {}
    for column, value in cells.items():
        if value is None or value == "" or column.startswith("_"):
            continue
        if "." in column or (column in JSON_FIELDS and isinstance(value, str) and value[:1] in "[{"):
            return None
        record[column] = value
    return record


def lookup(cells: dict, column: str) -> Any:
    """A cell by column name, or by a dotted path inside nested JSON objects."""
    if column in cells:
        return cells[column]
    value: Any = cells
    for part in column.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def set_path(record: dict, field: str, value: Any) -> None:
    """Set a dotted canonical field ("author.email"), merging into objects already there."""
    *parents, leaf = field.split(".")
    target = record
    for part in parents:
        if not isinstance(target.get(part), dict):
            target[part] = {}
        target = target[part]
    if isinstance(value, dict) and isinstance(target.get(leaf), dict):
        target[leaf] = {**target[leaf], **value}
    else:
        target[leaf] = value


def cell_text(value: Any) -> str:
    """A worksheet cell as the string a CSV export would hold ("" for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)
