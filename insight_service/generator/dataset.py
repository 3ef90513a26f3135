"""The streaming dataset: every record derived on demand from (seed, index), never held in a list."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from .authors import VOCAL_STRANGERS, stranger
from .context import Context
from .feedback import feedback_item
from .orders import purchase
from .people import customer, opts_out

KINDS = ("customer", "purchase", "feedback")


class Dataset:
    """A generated dataset; iterate it as often as you like, each pass yields the same records."""

    def __init__(self, context: Context):
        self.context = context

    @property
    def counts(self) -> dict[str, int]:
        """How many records of each kind the iterators yield."""
        ctx = self.context
        return {"customer": ctx.customers, "purchase": ctx.purchases, "feedback": ctx.feedback}

    def customer(self, index: int) -> dict:
        """One customer by 0-based index, without generating the ones before it."""
        return customer(self.context, index)

    def purchase(self, index: int) -> dict:
        """One order line by 0-based index."""
        return purchase(self.context, index)

    def feedback(self, index: int) -> dict:
        """One feedback item by 0-based index."""
        return feedback_item(self.context, index)

    def iter_customers(self) -> Iterator[dict]:
        """All customers, in CRM id order."""
        return (customer(self.context, index) for index in range(self.context.customers))

    def iter_purchases(self) -> Iterator[dict]:
        """All order lines."""
        return (purchase(self.context, index) for index in range(self.context.purchases))

    def iter_feedback(self) -> Iterator[dict]:
        """All feedback items (in index order, not date order, as sources deliver them)."""
        return (feedback_item(self.context, index) for index in range(self.context.feedback))

    def iter_opt_outs(self) -> Iterator[dict]:
        """Identifiers for the suppression list, {"kind", "value"} as the opt-out API takes them."""
        ctx = self.context
        for index in range(ctx.customers):
            if opts_out(ctx, index):
                record = customer(ctx, index)
                for kind in ("email", "phone"):
                    if record.get(kind):
                        yield {"kind": kind, "value": record[kind]}
        # A few vocal non-customers asked a social platform to stop us collecting their posts.
        for index in range(0, VOCAL_STRANGERS, 2):
            yield {"kind": "twitter", "value": stranger(ctx, index)["twitter"]}

    def iter_records(self) -> Iterator[tuple[str, dict]]:
        """Every record as (kind, record), customers first, in the order ingest wants them."""
        yield from (("customer", record) for record in self.iter_customers())
        yield from (("purchase", record) for record in self.iter_purchases())
        yield from (("feedback", record) for record in self.iter_feedback())

    __iter__ = iter_records


def generate(customers: int, feedback: int, seed: int = 42, purchases: int | None = None,
             start: date | datetime | None = None, months: int = 12, include_invalid: bool = False) -> Dataset:
    """A dataset of this size; nothing is generated until you iterate it."""
    return Dataset(Context.build(customers, feedback, seed, purchases, start, months, include_invalid))
