"""Writing a generated dataset to JSONL or CSV files, streaming, with progress reports."""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

from .dataset import generate

Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 10_000
# CSV needs its columns up front; nested objects become dotted columns (which the files connector
# maps back), and the consent ledger, a list, becomes a JSON text cell.
COLUMNS = {
    "customers": ("source", "external_id", "name", "email", "phone", "handles.twitter", "handles.facebook",
                  "handles.instagram", "handles.trustpilot", "consents", "updated_at"),
    "purchases": ("source", "external_id", "order_id", "customer_external_id", "customer_email", "sku",
                  "product_name", "category", "quantity", "amount", "currency", "purchased_at", "channel"),
    "feedback": ("source", "external_id", "channel", "party", "author.name", "author.email", "author.phone",
                 "author.twitter", "author.facebook", "author.instagram", "author.trustpilot", "text", "rating",
                 "language", "posted_at", "url", "sku", "order_ref"),
    "opt_outs": ("kind", "value"),
}


def flatten(record: dict) -> dict:
    """One CSV row: nested objects as dotted keys, lists as JSON text."""
    row = {}
    for key, value in record.items():
        if isinstance(value, dict):
            row.update({f"{key}.{inner}": item for inner, item in value.items()})
        elif isinstance(value, list):
            row[key] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            row[key] = value
    return row


def write_file(path: Path, name: str, records: Iterator[dict], fmt: str, total: int,
               progress: Progress | None) -> int:
    """Write one file through a temporary name, so a half-written file never looks finished."""
    partial = path.with_name(path.name + ".partial")
    done = 0
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS[name], extrasaction="ignore") if fmt == "csv" else None
        if writer:
            writer.writeheader()
        for record in records:
            if writer:
                writer.writerow(flatten(record))
            else:
                handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(name, done, total)
    os.replace(partial, path)
    if progress:
        progress(name, done, total)
    return done


def write_dataset(out_dir: str | os.PathLike, customers: int, feedback: int, seed: int = 42, fmt: str = "jsonl",
                  *, purchases: int | None = None, start: date | datetime | None = None, months: int = 12,
                  include_invalid: bool = False, progress: Progress | None = None) -> dict[str, Path]:
    """Write customers, purchases, feedback and opt_outs files to out_dir; returns the paths by name.

    `fmt` is "jsonl" or "csv". `progress(name, done, total)` is called every 10,000 records and once when
    each file is complete (total is -1 for opt_outs, whose count is not known in advance).
    """
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown format {fmt!r}: use 'jsonl' or 'csv'")
    dataset = generate(customers, feedback, seed, purchases=purchases, start=start, months=months,
                       include_invalid=include_invalid)
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    counts = dataset.counts
    streams = {
        "customers": (dataset.iter_customers(), counts["customer"]),
        "purchases": (dataset.iter_purchases(), counts["purchase"]),
        "feedback": (dataset.iter_feedback(), counts["feedback"]),
        "opt_outs": (dataset.iter_opt_outs(), -1),
    }
    paths = {}
    for name, (records, total) in streams.items():
        paths[name] = target / f"{name}.{fmt}"
        write_file(paths[name], name, records, fmt, total, progress)
    return paths
