"""Deterministic demo and benchmark data: canonical records streamed from (seed, index), never held in memory."""
from .catalog import PRODUCTS
from .dataset import Dataset, generate
from .writer import write_dataset

__all__ = ["PRODUCTS", "Dataset", "generate", "write_dataset"]
