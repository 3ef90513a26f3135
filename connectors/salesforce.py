"""Salesforce REST: Contacts as customers, closed-won Opportunities (or activated Orders) as purchases, via SOQL."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from connectors.base import Connector, compact, utc_iso
from connectors.pagination import NextUrl, Request, dig
from connectors.records import CUSTOMER, PURCHASE, Page

LINES = "(SELECT Id, Quantity, TotalPrice, Product2.ProductCode, Product2.Name FROM {rel})"
# SOQL per object; {since} is an unquoted datetime literal. GTE rather than GT: records sharing the boundary
# timestamp may sit on both sides of a page break, and the store upserts the ones that come again.
QUERIES = {
    "Contact": "SELECT Id, FirstName, LastName, Email, Phone, MobilePhone, LastModifiedDate, SystemModstamp "
               "FROM Contact WHERE SystemModstamp >= {since} ORDER BY SystemModstamp ASC",
    "Opportunity": "SELECT Id, Name, ContactId, Amount, CloseDate, SystemModstamp, "
                   "(SELECT ContactId FROM OpportunityContactRoles WHERE IsPrimary = true), "
                   + LINES.format(rel="OpportunityLineItems") + " FROM Opportunity "
                   "WHERE IsWon = true AND SystemModstamp >= {since} ORDER BY SystemModstamp ASC",
    "Order": "SELECT Id, OrderNumber, BillToContactId, TotalAmount, EffectiveDate, SystemModstamp, "
             + LINES.format(rel="OrderItems") + " FROM Order "
             "WHERE StatusCode = 'Activated' AND SystemModstamp >= {since} ORDER BY SystemModstamp ASC",
}


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

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        state = dict(state or {})
        version = self.options.get("api_version", self.api_version)
        for obj in self.options.get("objects", ["Contact", "Opportunity"]):
            if obj not in QUERIES:
                raise self.fail(None, "/", f"unsupported object '{obj}' (supported: {', '.join(QUERIES)})")
            since = soql_datetime(state.get(obj) or self.options.get("start_date") or "1970-01-01T00:00:00Z")
            request = Request("GET", f"/services/data/{version}/query", {"q": QUERIES[obj].format(since=since)})
            for fetched in self.paginate(request, self.paginator, ("records",)):
                if fetched.records:
                    state = {**state, obj: soql_datetime(fetched.records[-1]["SystemModstamp"])}
                records = [pair for row in fetched.records for pair in self.map(obj, row)]
                yield Page(records=records, state=dict(state))

    def map(self, obj: str, row: dict) -> list[tuple[str, dict]]:
        """One Contact as a customer, or one purchase per line of an Opportunity or Order."""
        if obj == "Contact":
            return [(CUSTOMER, compact({
                "source": "salesforce", "external_id": row["Id"],
                "name": " ".join(filter(None, [row.get("FirstName"), row.get("LastName")])),
                "email": row.get("Email"), "phone": row.get("Phone") or row.get("MobilePhone"),
                "updated_at": utc_iso(row.get("LastModifiedDate")),
            }))]
        if obj == "Opportunity":
            roles = children(row, "OpportunityContactRoles")
            buyer = row.get("ContactId") or next((r.get("ContactId") for r in roles), None)
            return self.lines(row, buyer, row.get("CloseDate"), children(row, "OpportunityLineItems"), row.get("Name"))
        return self.lines(row, row.get("BillToContactId"), row.get("EffectiveDate"), children(row, "OrderItems"),
                          row.get("OrderNumber"), total="TotalAmount")

    def lines(self, row: dict, buyer: str | None, when: Any, items: list[dict], label: str | None,
              total: str = "Amount") -> list[tuple[str, dict]]:
        """Purchases for each line; a parent without lines becomes one purchase of the configured default SKU."""
        common = {"source": "salesforce", "order_id": row["Id"], "customer_external_id": buyer,
                  "currency": self.options.get("currency"), "purchased_at": utc_iso(when)}
        if not items:
            return [(PURCHASE, compact({**common, "external_id": row["Id"], "product_name": label,
                                        "sku": self.options.get("default_sku", "UNSPECIFIED"),
                                        "amount": row.get(total)}))]
        return [(PURCHASE, compact({
            **common, "external_id": item["Id"], "sku": dig(item, ("Product2", "ProductCode")),
            "product_name": dig(item, ("Product2", "Name")),
            "quantity": int(item["Quantity"]) if item.get("Quantity") is not None else None,
            "amount": item.get("TotalPrice"),
        })) for item in items]
