"""Salesforce REST: Contacts as customers, closed-won Opportunities (or activated Orders) as purchases, via SOQL."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from connectors.base import Connector, compact, utc_iso
from connectors.pagination import NextUrl, Request, dig
from connectors.records import CUSTOMER, PURCHASE, UNKNOWN_PRODUCT, Page

LINES = "(SELECT Id, Quantity, TotalPrice, Product2.ProductCode, Product2.Name FROM {rel})"
# SOQL per object; {since} is an unquoted datetime literal. GTE rather than GT: records sharing the boundary
# timestamp may sit on both sides of a page break, and the store upserts the ones that come again.
QUERIES = {
    "Contact": "SELECT Id, FirstName, LastName, Email, Phone, MobilePhone, LastModifiedDate, SystemModstamp "
               "FROM Contact WHERE SystemModstamp >= {since} ORDER BY SystemModstamp ASC",
    "Opportunity": "SELECT Id, Name, AccountId, ContactId, Amount, CloseDate, SystemModstamp, "
                   "(SELECT ContactId FROM OpportunityContactRoles WHERE IsPrimary = true), "
                   + LINES.format(rel="OpportunityLineItems") + " FROM Opportunity "
                   "WHERE IsWon = true AND SystemModstamp >= {since} ORDER BY SystemModstamp ASC",
    "Order": "SELECT Id, OrderNumber, BillToContactId, TotalAmount, EffectiveDate, SystemModstamp, "
             + LINES.format(rel="OrderItems") + " FROM Order "
             "WHERE StatusCode = 'Activated' AND SystemModstamp >= {since} ORDER BY SystemModstamp ASC",
}
# The fallback buyer of a won opportunity naming no contact: the account's first contact.
ACCOUNT_CONTACTS = "SELECT Id, AccountId FROM Contact WHERE AccountId IN ({ids}) ORDER BY CreatedDate ASC, Id ASC"
ORG_CURRENCY = "SELECT DefaultCurrencyIsoCode FROM Organization"
SALESFORCE_ID = re.compile(r"^[A-Za-z0-9]{15,18}$")
NO_AMOUNT = "won opportunities or orders without lines or amount"


def soql_datetime(value: Any) -> str:
    """A SOQL datetime literal (seconds precision is enough with GTE)."""
    return datetime.fromisoformat(str(utc_iso(value))).strftime("%Y-%m-%dT%H:%M:%SZ")


def children(record: dict, relation: str) -> list[dict]:
    """A child subquery's rows: the column is null when there are none."""
    return dig(record, (relation, "records")) or []


class SalesforceConnector(Connector):
    """SOQL queries followed through nextRecordsUrl, incremental by SystemModstamp."""

    kind = "salesforce"
    api_version = "v59.0"
    paginator = NextUrl(at=("nextRecordsUrl",), done=("done",))

    def default_url(self) -> str:
        return str(self.option("instance_url"))

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret('access_token')}"}

    def is_throttled(self, status: int, body: Any) -> bool:
        # The org's 24-hour allowance is spent: 403 REQUEST_LIMIT_EXCEEDED, not retried within the window.
        codes = {item.get("errorCode") for item in body if isinstance(item, dict)} if isinstance(body, list) else set()
        return status == 429 or (status == 403 and "REQUEST_LIMIT_EXCEEDED" in codes)

    def query(self, soql: str) -> list[dict]:
        """Every record of a small SOQL query (its pages followed)."""
        version = self.options.get("api_version", self.api_version)
        request = Request("GET", f"/services/data/{version}/query", {"q": soql})
        return [row for fetched in self.paginate(request, self.paginator, ("records",)) for row in fetched.records]

    def currency(self) -> str:
        """The currency of amounts: the configured `currency`, else the org's default currency, read once."""
        if not getattr(self, "_currency", None):
            found = self.options.get("currency") or next(
                (row.get("DefaultCurrencyIsoCode") for row in self.query(ORG_CURRENCY)), None)
            if not found:
                raise self.fail(200, "/", "the org names no default currency: set the connector's `currency` option")
            self._currency = str(found)
        return self._currency

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        state = dict(state or {})
        version = self.options.get("api_version", self.api_version)
        for obj in self.options.get("objects", ["Contact", "Opportunity"]):
            if obj not in QUERIES:
                raise self.fail(None, "/", f"unsupported object '{obj}' (supported: {', '.join(QUERIES)})")
            since = soql_datetime(state.get(obj) or self.options.get("start_date") or "1970-01-01T00:00:00Z")
            request = Request("GET", f"/services/data/{version}/query", {"q": QUERIES[obj].format(since=since)})
            for fetched in self.paginate(request, self.paginator, ("records",)):
                stamp = dig(fetched.records[-1], ("SystemModstamp",)) if fetched.records else None
                if stamp:
                    state = {**state, obj: soql_datetime(stamp)}
                fallback = self.account_buyers(fetched.records) if obj == "Opportunity" else {}
                kind = CUSTOMER if obj == "Contact" else PURCHASE
                self.skipping: dict[str, int] = {}
                records = self.mapped(kind, fetched.records, lambda row: self.map(obj, row, fallback))
                yield Page(records=records, state=dict(state), skipped=dict(self.skipping))

    def account_buyers(self, rows: list[dict]) -> dict[str, str]:
        """account id -> its first contact, for won opportunities with neither ContactId nor a primary contact role."""
        accounts = sorted({row["AccountId"] for row in rows if isinstance(row, dict) and not self.buyer(row)
                           and SALESFORCE_ID.match(str(row.get("AccountId") or ""))})
        if not accounts:
            return {}
        found: dict[str, str] = {}
        for row in self.query(ACCOUNT_CONTACTS.format(ids=", ".join(f"'{a}'" for a in accounts))):
            found.setdefault(str(row.get("AccountId")), str(row.get("Id")))
        return found

    @staticmethod
    def buyer(row: dict) -> str | None:
        """The opportunity's own contact, else its primary contact role's."""
        roles = children(row, "OpportunityContactRoles")
        return row.get("ContactId") or next((r.get("ContactId") for r in roles if r.get("ContactId")), None)

    skipping: dict[str, int] = {}

    def map(self, obj: str, row: dict, fallback: dict[str, str]) -> list[tuple[str, dict]]:
        """One Contact as a customer, or one purchase per line of an Opportunity or Order. A won opportunity with
        no contact at all goes to its account's first contact, or stays unlinked (the ingest warns)."""
        if obj == "Contact":
            return [(CUSTOMER, compact({
                "source": "salesforce", "external_id": row["Id"],
                "name": " ".join(filter(None, [row.get("FirstName"), row.get("LastName")])),
                "email": row.get("Email"), "phone": row.get("Phone") or row.get("MobilePhone"),
                "updated_at": utc_iso(row.get("LastModifiedDate")),
            }))]
        if obj == "Opportunity":
            buyer = self.buyer(row) or fallback.get(str(row.get("AccountId")))
            return self.lines(row, buyer, row.get("CloseDate"), children(row, "OpportunityLineItems"))
        return self.lines(row, row.get("BillToContactId"), row.get("EffectiveDate"), children(row, "OrderItems"),
                          total="TotalAmount")

    def lines(self, row: dict, buyer: str | None, when: Any, items: list[dict],
              total: str = "Amount") -> list[tuple[str, dict]]:
        """Purchases for each line; a parent without lines is one purchase of its amount, product unknown (the
        same rule as HubSpot's deals)."""
        common = {"source": "salesforce", "order_id": row["Id"], "customer_external_id": buyer,
                  "currency": self.currency(), "purchased_at": utc_iso(when)}
        if not items and row.get(total) is None:
            self.skipping[NO_AMOUNT] = self.skipping.get(NO_AMOUNT, 0) + 1
            return []
        if not items:
            return [(PURCHASE, compact({**common, "external_id": row["Id"], "quantity": 1,
                                        "sku": self.options.get("default_sku", UNKNOWN_PRODUCT),
                                        "amount": row.get(total)}))]
        return [(PURCHASE, compact({
            **common, "external_id": item["Id"], "sku": dig(item, ("Product2", "ProductCode")),
            "product_name": dig(item, ("Product2", "Name")),
            "quantity": int(item["Quantity"]) if item.get("Quantity") is not None else None,
            "amount": item.get("TotalPrice"),
        })) for item in items]
