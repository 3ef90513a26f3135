"""Export writers alone: the same generated aggregate rows through the CSV (XLSX, Parquet) writers, before and after.

    nice -n 10 python benchmarks/exports.py                      # 200,000 and 1,000,000 rows, CSV
    nice -n 10 python benchmarks/exports.py --rows 200000 --xlsx 50000
    nice -n 10 python benchmarks/exports.py --rows --parquet 200000 1000000

No database: a pool of up to 100,000 distinct rows is generated in memory first (realistic values: texts with
commas, quotes and formula-like starts, None in the int and float columns) and cycled to N rows, streamed
through each writer, its bytes counted and dropped.
Baselines measured in the same run: the old writer (pandas DataFrame per 5,000-row chunk, kept below as it was
before this change) and a plain csv.writer over the same rows (quotes joined, nothing made inert, None as csv
writes it). Each writer runs --repeat times in turn (interleaved, so load changes hit all alike); the best time
is reported, peak memory (tracemalloc, above what was held before) from a separate run.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
import tracemalloc
from itertools import cycle, islice
from operator import itemgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from insight_service.services.aggregates.exports import export_stream  # noqa: E402
from insight_service.services.aggregates.pain_points import COLUMNS  # noqa: E402
from insight_service.services.aggregates.spreadsheet_cells import inert_cell, inert_comment_json  # noqa: E402

META = {"taxonomy_version": "2026.2", "k_anonymity": 5, "group_by": ["product", "code", "source", "language",
                                                                     "period"], "filters": {}}
CODES = ["defect", "leak", "noise", "battery", "delivery", "price", "app", "fit", "smell", "support"]
WORDS = "het apparaat lekt na twee weken, de pomp maakt herrie en \"de klantenservice\" reageert niet".split()


def generated_rows(n: int, seed: int = 7) -> list[dict]:
    """n aggregate rows as aggregate_rows yields them, with the Nones k-anonymity leaves and hostile texts."""
    r = random.Random(seed)
    rows = []
    for i in range(n):
        product = r.randrange(20_000)
        bought = r.choice([None, r.randint(5, 400)])
        reporters = r.randint(5, bought) if bought and r.random() < 0.5 else None
        name = f"Barista {product} Pro" if product % 97 else f"=HYPERLINK(\"x\",\"{product}\")"
        quotes = [" ".join(r.choices(WORDS, k=r.randint(4, 14))) for _ in range(r.choice([0, 1, 2, 2]))]
        rows.append({"period": f"2026-{1 + i % 12:02d}-01", "sku": f"SKU-{product:05d}", "product_name": name,
                     "category": r.choice(["koffie", "keuken", "laptops, tablets", None]), "code": r.choice(CODES),
                     "code_label": "Defect or breakage", "source": r.choice(["zendesk", "trustpilot", "hubspot"]),
                     "language": r.choice(["nl", "en"]), "mentions": r.randint(5, 5000),
                     "distinct_authors": r.randint(5, 3000),
                     "share_of_product_feedback": round(r.random(), 4) if r.random() < 0.9 else None,
                     "average_sentiment": round(r.uniform(-1, 1), 3), "buyers": bought,
                     "reporting_buyers": reporters,
                     "incidence_among_buyers": round(reporters / bought, 4) if reporters else None,
                     "quotes": quotes})
    return rows


def inert_frame(frame):
    """A copy of the frame with inert text cells (the old writers' way, kept here with them)."""
    out = frame.copy()
    for column in frame.select_dtypes(include=["object", "string"]).columns:
        out[column] = [inert_cell(v) for v in frame[column]]
    return out


def old_csv(rows, metadata: dict):
    """The CSV writer before this change (pandas DataFrame per chunk, inert_frame, to_csv), kept as a baseline."""
    import pandas as pd

    def chunks(rows, size=5000):
        it = iter(rows)
        while batch := list(islice(it, size)):
            frame = pd.DataFrame(batch, columns=list(COLUMNS))
            frame["quotes"] = frame["quotes"].map(lambda q: " | ".join(q or ()))
            yield frame

    yield "".join(f"# {k}: {inert_comment_json(v)}\n" for k, v in metadata.items()).encode()
    header = True
    for frame in chunks(rows):
        yield inert_frame(frame).to_csv(index=False, header=header, lineterminator="\n",
                                        quoting=csv.QUOTE_NONNUMERIC).encode()
        header = False
    if header:
        yield (",".join(COLUMNS) + "\n").encode()


def plain_csv(rows, metadata: dict):
    """A plain csv.writer over the same rows and chunks: quotes joined, nothing inert, None as csv writes it."""
    values = itemgetter(*COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(COLUMNS)
    it = iter(rows)
    while batch := list(islice(it, 5000)):
        writer.writerows((*values(row)[:-1], " | ".join(row["quotes"])) for row in batch)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def old_xlsx(rows, metadata: dict):
    """The XLSX writer before this change (rows through a DataFrame per chunk), kept as a baseline."""
    import json
    import tempfile

    import pandas as pd
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("pain_points")
    sheet.append(list(COLUMNS))
    it = iter(rows)
    while batch := list(islice(it, 5000)):
        frame = pd.DataFrame(batch, columns=list(COLUMNS))
        frame["quotes"] = frame["quotes"].map(lambda q: " | ".join(q or ()))
        frame = inert_frame(frame)
        for record in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            sheet.append(list(record))
    meta = book.create_sheet("metadata")
    for key, value in metadata.items():
        meta.append([key, inert_cell(json.dumps(value, default=str))])
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(handle)
    handle.seek(0)
    with handle:
        while block := handle.read(65536):
            yield block


def old_parquet(rows, metadata: dict):
    """The Parquet writer before this change (a pandas DataFrame per chunk, Table.from_pandas), kept as a baseline."""
    import json
    import tempfile

    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"mentions": pa.int64(), "distinct_authors": pa.int64(), "buyers": pa.int64(),
             "reporting_buyers": pa.int64(), "share_of_product_feedback": pa.float64(),
             "average_sentiment": pa.float64(), "incidence_among_buyers": pa.float64()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS],
                       metadata={"insight_service." + k: json.dumps(v, default=str) for k, v in metadata.items()})
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    it = iter(rows)
    with pq.ParquetWriter(handle, schema) as writer:
        while batch := list(islice(it, 5000)):
            frame = pd.DataFrame(batch, columns=list(COLUMNS))
            frame["quotes"] = frame["quotes"].map(lambda q: " | ".join(q or ()))
            writer.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))
    handle.seek(0)
    with handle:
        while block := handle.read(65536):
            yield block


WRITERS = {"csv": {"csv.writer (plain baseline)": plain_csv, "old (pandas per chunk)": old_csv,
                   "new": lambda rows, meta: export_stream(rows, "csv", meta)},
           "parquet": {"old (pandas per chunk)": old_parquet,
                       "new": lambda rows, meta: export_stream(rows, "parquet", meta)},
           "xlsx": {"old (pandas per chunk)": old_xlsx, "new": lambda rows, meta: export_stream(rows, "xlsx", meta)}}


POOL = 100_000


def stream(pool: list[dict], n: int):
    """n rows from the pool, cycled (the writers never keep a row, so memory holds only the pool)."""
    return islice(cycle(pool), n)


def timed(writer, pool, n) -> tuple[float, int]:
    """Seconds to drain the writer over n rows, and the bytes it produced."""
    start = time.perf_counter()
    size = sum(len(chunk) for chunk in writer(stream(pool, n), META))
    return time.perf_counter() - start, size


def traced_peak(writer, pool, n) -> float:
    """Peak traced memory (MiB) while draining the writer, above what the rows already hold."""
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for _chunk in writer(stream(pool, n), META):
        pass
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peak / 2**20


def measure(fmt: str, n: int, repeat: int) -> None:
    """Print the figures of every writer of a format over n rows."""
    pool = generated_rows(min(n, POOL))
    writers = WRITERS[fmt]
    best = {name: (float("inf"), 0) for name in writers}
    for _ in range(repeat):
        for name, writer in writers.items():
            seconds, size = timed(writer, pool, n)
            best[name] = min(best[name], (seconds, size))
    base = best[next(iter(writers))][0]
    print(f"\n{fmt.upper()}, {n:,} rows (best of {repeat}; load average {os.getloadavg()[0]:.1f})")
    print(f"{'writer':30} {'seconds':>8} {'rows/s':>10} {'MiB out':>8} {'peak MiB':>9} {'x first':>8}")
    for name, writer in writers.items():
        seconds, size = best[name]
        print(f"{name:30} {seconds:8.2f} {n / seconds:10,.0f} {size / 2**20:8.1f} {traced_peak(writer, pool, n):9.1f}"
              f" {seconds / base:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="*", default=[200_000, 1_000_000], help="row counts for the CSV writers")
    parser.add_argument("--xlsx", type=int, nargs="*", default=[], help="row counts for the XLSX writers")
    parser.add_argument("--parquet", type=int, nargs="*", default=[], help="row counts for the Parquet writers")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    for n in args.rows:
        measure("csv", n, args.repeat)
    for n in args.parquet:
        measure("parquet", n, args.repeat)
    for n in args.xlsx:
        measure("xlsx", n, args.repeat)


if __name__ == "__main__":
    main()
