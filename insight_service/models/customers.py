"""Customers and the keyed-hash identifiers that link feedback to them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class Customer(Base):
    """A person known to the CRM."""

    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("source", "external_id"), Index("ix_customers_email", "email"),
                      Index("ix_customers_external_id", "external_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    identities: Mapped[list[Identity]] = relationship(back_populates="customer", passive_deletes=True)


class Identity(Base):
    """One normalised identifier of a customer, stored only as an HMAC; shared hashes are ambiguous."""

    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("customer_id", "kind", "hash"),
        Index("ix_identities_hash", "hash", "kind"),  # lookups go by hash
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    hash: Mapped[str] = mapped_column(String(64))
    provenance: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="identities")
