"""Which products the buyers of a product also bought: a product-level table, cached briefly.

It holds no personal data (product pairs and buyer counts), so caching it per process is safe; new
purchases refresh it at once, edits and erasures within TTL_SECONDS. Computing it per insight call would scan the
purchases of every co-buyer, which grows with the customer base.
"""
from __future__ import annotations

import threading
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ...models import Product, Purchase

TTL_SECONDS = 600
_cache: dict[str, tuple] = {}  # url -> (computed at, purchase version, table, products)
_lock = threading.Lock()


def _compute(session: Session):
    pairs = select(Purchase.customer_id, Purchase.product_id).where(Purchase.customer_id.is_not(None)).distinct()
    a, b = aliased(pairs.subquery()), aliased(pairs.subquery())
    rows = session.execute(select(a.c.product_id, b.c.product_id, func.count())
                           .join(b, (a.c.customer_id == b.c.customer_id) & (a.c.product_id != b.c.product_id))
                           .group_by(a.c.product_id, b.c.product_id))
    table: dict[int, list[tuple[int, int]]] = {}
    for mine, other, buyers in rows:
        table.setdefault(mine, []).append((other, buyers))
    for others in table.values():
        others.sort(key=lambda pair: (-pair[1], pair[0]))
    products = {pid: (sku, cat) for pid, sku, cat in session.execute(select(Product.id, Product.sku, Product.category))}
    return table, products


def product_affinity(session: Session):
    """(product id -> [(other product id, buyers of both)], product id -> (sku, category)), cached per database."""
    from .cache import version_row

    # the newest purchase (id, created at) versions the table: new purchases (in any worker) refresh it at once
    _fid, _changed, newest, bought_at, _privacy = version_row(session)
    version = (newest, bought_at) if newest is not None else ()
    key = session.get_bind().url.render_as_string(hide_password=True)
    now = time.monotonic()
    entry = _cache.get(key)
    if entry is None or entry[1] != version or now - entry[0] > TTL_SECONDS:
        with _lock:
            entry = _cache.get(key)
            if entry is None or entry[1] != version or now - entry[0] > TTL_SECONDS:
                entry = (now, version, *_compute(session))
                _cache[key] = entry
    return entry[2], entry[3]
