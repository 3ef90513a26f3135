"""Deterministic demo and benchmark data: canonical records streamed from (seed, index), never held in memory."""
# generate(customers, feedback, seed=42, purchases=None, start=None, months=12, include_invalid=False) returns a
# Dataset with iter_customers(), iter_purchases(), iter_feedback(), iter_opt_outs() and iter_records(); each
# record is derived from its own random.Random(seed/kind/index), so memory stays flat at any size and the
# same seed gives byte-identical output. write_dataset() streams the same to JSONL or CSV files.
from .catalog import PRODUCTS
from .dataset import Dataset, generate
from .writer import write_dataset

__all__ = ["PRODUCTS", "Dataset", "generate", "write_dataset"]
