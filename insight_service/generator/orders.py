"""Purchases: order lines from the webshop, the shop floor and a marketplace, spread over the window."""
from __future__ import annotations

from decimal import Decimal

from .catalog import CRM_SOURCE, POPULARITY, PRODUCTS
from .context import Context, iso
from .people import customer

COMBINED_SHARE = 0.2  # share of line pairs that form one two-line order
LOYAL_SHARE = 0.3  # share of orders placed by the first fifth of customers, so some buy often


def buyer_index(ctx: Context, rng) -> int | None:
    """Which customer placed an order; None when there are no customers (a guest order)."""
    if not ctx.customers:
        return None
    if rng.random() < LOYAL_SHARE:
        return rng.randrange(max(1, ctx.customers // 5))
    return rng.randrange(ctx.customers)


def purchase_line(ctx: Context, index: int) -> tuple[dict, int | None]:
    """The order line at this index and the index of the customer who bought it."""
    # Lines come in pairs: a pair is either one two-line order or two separate orders, so an order
    # can be derived from its own index without looking at any other line.
    pair = ctx.rng("order", index // 2)
    combined = pair.random() < COMBINED_SHARE
    order = pair if combined else ctx.rng("order-line", index)
    first_line = index - index % 2 if combined else index
    buyer = buyer_index(ctx, order)
    when = ctx.moment(order)
    route = order.random()
    line = ctx.rng("line", index)
    product = line.choices(PRODUCTS, POPULARITY)[0]
    quantity = 2 if Decimal(product.price) < 60 and line.random() < 0.15 else 1
    amount = Decimal(product.price) * quantity
    if line.random() < 0.15:
        amount = (amount * Decimal("0.9")).quantize(Decimal("0.01"))
    record = {"source": CRM_SOURCE, "external_id": "", "order_id": ""}
    prefix, channel = ("WS", "webshop") if route < 0.75 else ("ST", "store") if route < 0.9 else ("BOL", "marketplace")
    buyer_record = customer(ctx, buyer) if buyer is not None and (channel == "marketplace") else None
    if channel == "marketplace" and buyer_record and buyer_record.get("email"):
        # The marketplace knows the buyer's e-mail but not our CRM id.
        record.update(source="bol.com", customer_email=buyer_record["email"].lower())
    elif buyer is not None:
        channel = "webshop" if channel == "marketplace" else channel
        prefix = "WS" if prefix == "BOL" else prefix
        record["customer_external_id"] = f"C{buyer + 1:06d}"
    else:
        record["customer_email"] = f"guest{first_line + 1}@example.org"
    record["order_id"] = f"{prefix}{first_line + 100001}"
    record["external_id"] = f"{record['order_id']}-{index - first_line + 1}"
    record.update(sku=product.sku, product_name=product.name, category=product.category, quantity=quantity,
                  amount=str(amount), currency="EUR", purchased_at=iso(when), channel=channel)
    if ctx.include_invalid and line.random() < 0.005:
        record.pop("sku")  # a broken export row, for quarantine to show
    return record, buyer


def purchase(ctx: Context, index: int) -> dict:
    """The order line at this index."""
    return purchase_line(ctx, index)[0]
