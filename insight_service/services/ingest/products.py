"""Products by SKU: created on first sight, named and categorised by whoever knows."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...models import Product
from ..sql import any_chunks, any_of, insert_rows


def ensure_products(session: Session, info: dict[str, tuple[str | None, str | None]]) -> dict[str, int]:
    """sku -> product id, creating missing products and filling in names and categories given."""
    if not info:
        return {}
    existing: dict[str, Product] = {}
    for chunk in any_chunks(session, info):
        for product in session.execute(select(Product.id, Product.sku, Product.name, Product.category)
                                       .where(any_of(session, Product.sku, chunk))):
            existing[product.sku] = product
    missing = [{"sku": sku, "name": name, "category": cat} for sku, (name, cat) in info.items() if sku not in existing]
    insert_rows(session, Product, missing, ignore_conflicts=True)
    changes = [{"id": p.id, "name": info[sku][0] or p.name, "category": info[sku][1] or p.category}
               for sku, p in existing.items()
               if (info[sku][0] and info[sku][0] != p.name) or (info[sku][1] and info[sku][1] != p.category)]
    if changes:
        session.execute(update(Product), changes)
    if not missing:  # every SKU was there: the ids are known (the read-back is for the ones just inserted)
        return {sku: p.id for sku, p in existing.items()}
    ids: dict[str, int] = {}
    for chunk in any_chunks(session, info):
        ids.update(session.execute(select(Product.sku, Product.id).where(any_of(session, Product.sku, chunk))).all())
    return ids
