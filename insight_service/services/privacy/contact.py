"""Whom we may not contact: customers whose identifiers an opt-out put on the suppression list."""
from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ...models import Identity, Suppression
from ..sql import chunks

# Built once: on a per-customer read, building a select() costs more than SQLite takes to answer it.
ONE_OPTED_OUT = (select(Identity.id).join(Suppression, (Suppression.kind == Identity.kind)
                                          & (Suppression.hash == Identity.hash))
                 .where(Identity.customer_id == bindparam("cid"), Suppression.reason == "opt_out").limit(1))


def opted_out_customers(session: Session, customer_ids) -> set[int]:
    """The customers among these that have an identifier suppressed by an opt-out."""
    found: set[int] = set()
    for chunk in chunks(set(customer_ids)):
        found.update(session.scalars(
            select(Identity.customer_id).join(Suppression, (Suppression.kind == Identity.kind)
                                              & (Suppression.hash == Identity.hash))
            .where(Identity.customer_id.in_(chunk), Suppression.reason == "opt_out").distinct()))
    return found


def opted_out(session: Session, customer_id: int) -> bool:
    """Whether an opt-out names this customer."""
    return session.connection().execute(ONE_OPTED_OUT, {"cid": customer_id}).first() is not None
