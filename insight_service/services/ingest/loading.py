"""Loading record streams (the demo, benchmarks, file imports) through the ingest pipeline in batches."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..identity.identifiers import IdentityHasher
from ..privacy.suppression import opt_out
from .batch import BatchResult
from .entry import ingest


def batched(records: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of at most size records, without materialising the stream."""
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def load_stream(session_factory: Callable, kind: str, records: Iterable[dict], *, origin: str,
                hasher: IdentityHasher, batch_size: int = 1000,
                progress: Callable[[str, BatchResult], None] | None = None) -> BatchResult:
    """Ingest a stream of one kind, one committed transaction per batch."""
    total = BatchResult()
    for batch in batched(records, batch_size):
        with session_factory() as session:
            total.add(ingest(session, kind, batch, origin=origin, hasher=hasher))
        if progress:
            progress(kind, total)
    return total


def load_dataset(session_factory: Callable, dataset, *, origin: str, hasher: IdentityHasher,
                 batch_size: int = 1000, progress=None) -> dict[str, dict]:
    """Load a generated dataset: customers, purchases, feedback, then the opt-outs."""
    summary = {}
    for kind, stream in (("customer", dataset.iter_customers()), ("purchase", dataset.iter_purchases()),
                         ("feedback", dataset.iter_feedback())):
        summary[kind] = load_stream(session_factory, kind, stream, origin=origin, hasher=hasher,
                                    batch_size=batch_size, progress=progress).as_counts()
    identifiers = list(dataset.iter_opt_outs())
    with session_factory() as session:
        summary["opt_out"] = opt_out(session, hasher, identifiers) if identifiers else {}
    return summary
