"""Products and the purchase lines that CRMs and shops report."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class Product(Base):
    """A product by SKU, with its category for aggregates."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(100), index=True)


class Purchase(Base):
    """One order line; linked to a customer by CRM id or e-mail hash, possibly later."""

    __tablename__ = "purchases"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_purchases_customer_time", "customer_id", "purchased_at"),
        Index("ix_purchases_product", "product_id", "customer_id", "purchased_at"),  # buyers up to a moment
        Index("ix_purchases_buyer_ref", "buyer_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(128))
    order_id: Mapped[str | None] = mapped_column(String(128), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    # keyed hash of how the source named the buyer (CRM id or e-mail), for linking once the customer arrives
    buyer_ref: Mapped[str | None] = mapped_column(String(64))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    purchased_at: Mapped[datetime]
    channel: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship(lazy="joined")
