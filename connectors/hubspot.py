"""HubSpot CRM v3: contacts as customers, closed-won deals' line items as purchases, via the search API."""
from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from connectors.base import Connector, compact, utc_iso
from connectors.pagination import BodyCursor, Request, dig
from connectors.records import CUSTOMER, PURCHASE, UNKNOWN_PRODUCT, Page

CONTACT_PROPERTIES = ["email", "firstname", "lastname", "phone", "mobilephone", "twitterhandle", "lastmodifieddate"]
DEAL_PROPERTIES = ["dealname", "amount", "closedate", "deal_currency_code", "hs_is_closed_won", "hs_lastmodifieddate"]
LINE_PROPERTIES = ["name", "hs_sku", "hs_product_id", "quantity", "amount", "hs_line_item_currency_code"]
NOT_WON = "deals not closed won"
NO_AMOUNT = "won deals without line items or amount"


def epoch_ms(value: Any) -> str:
    """HubSpot's filter value for a timestamp: epoch milliseconds as a string."""
    if not value:
        return "0"
    return str(int(datetime.fromisoformat(str(utc_iso(value))).timestamp() * 1000))


@dataclass
class SearchCursor(BodyCursor):
    """paging.next.after in the JSON body; near the 10,000-result cap, re-anchor on the last timestamp."""

    where: str = "json"
    stamp: str = "lastmodifieddate"
    cap: int = 10_000

    def next(self, request: Request, body: Any, records: list) -> Request | None:
        following = super().next(request, body, records)
        after = str(following.json["after"]) if following is not None else ""
        if not after.isdigit() or int(after) + len(records) <= self.cap:
            return following
        # The search API refuses offsets past the cap: restart from the newest timestamp seen (GTE, so the
        # boundary records come again; the store upserts them).
        since = epoch_ms(dig(records[-1], ("properties", self.stamp)))
        self.remember(("anchor", since), request)  # >10,000 records in one millisecond would loop forever
        self.seen = {token for token in self.seen if isinstance(token, tuple)}  # offsets restart at 0
        json = {k: v for k, v in deepcopy(request.json).items() if k != "after"}
        json["filterGroups"][0]["filters"][0]["value"] = since
        return Request(request.method, request.url, request.params, json)


class HubSpotConnector(Connector):
    """Contacts and deals, incremental by last-modified timestamp, 429 handled by HubSpot policy name."""

    kind = "hubspot"
    default_base_url = "https://api.hubapi.com"
    retry_statuses = (500, 502, 503, 504)  # 429 needs the body's policyName, so retry_delay handles it
    search_path = "/crm/v3/objects/{object}/search"
    result_cap = 10_000  # the search API serves no offset beyond this
    stamps = {"contacts": "lastmodifieddate", "deals": "hs_lastmodifieddate"}
    properties = {"contacts": CONTACT_PROPERTIES, "deals": DEAL_PROPERTIES}

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret('access_token')}"}

    def retry_delay(self, status: int, headers: Any, body: Any, attempt: int) -> float | None:
        if status != 429 or dig(body, ("policyName",)) == "DAILY":
            return None  # the daily allowance is gone until midnight: fail now, the next run resumes
        return int(headers.get("X-HubSpot-RateLimit-Interval-Milliseconds") or 10_000) / 1000

    def search_request(self, obj: str, since: str) -> Request:
        """POST search for records modified at or after `since`, oldest first."""
        filters = [{"propertyName": self.stamps[obj], "operator": "GTE", "value": epoch_ms(since)}]
        if obj == "deals" and self.options.get("closed_won_only", True):
            filters.append({"propertyName": "hs_is_closed_won", "operator": "EQ", "value": "true"})
        return Request("POST", self.search_path.format(object=obj), json={
            "filterGroups": [{"filters": filters}],
            "sorts": [{"propertyName": self.stamps[obj], "direction": "ASCENDING"}],
            "properties": self.properties[obj],
            "limit": min(int(self.options.get("page_size", 100)), 100),
        })

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        state = dict(state or {})
        for obj in self.options.get("objects", ["contacts", "deals"]):
            if obj not in self.stamps:
                raise self.fail(None, "/", f"unsupported object '{obj}' (supported: contacts, deals)")
            since = state.get(obj) or self.options.get("start_date") or ""
            paginator = SearchCursor(stamp=self.stamps[obj], cap=self.result_cap)
            for fetched in self.paginate(self.search_request(obj, since), paginator, ("results",)):
                stamp = dig(fetched.records[-1], ("properties", self.stamps[obj])) if fetched.records else None
                if stamp:
                    state = {**state, obj: utc_iso(stamp)}
                if obj == "contacts":
                    yield Page(records=self.mapped(CUSTOMER, fetched.records, self.customer), state=dict(state))
                else:
                    records, skipped = self.purchases(fetched.records)
                    yield Page(records=records, state=dict(state), skipped=skipped)

    def customer(self, contact: dict) -> tuple[str, dict]:
        """A contact as a canonical customer (property values are strings or null, some absent)."""
        p = contact.get("properties") or {}
        return (CUSTOMER, compact({
            "source": "hubspot", "external_id": str(contact["id"]),
            "name": " ".join(filter(None, [p.get("firstname"), p.get("lastname")])),
            "email": p.get("email"), "phone": p.get("phone") or p.get("mobilephone"),
            "handles": compact({"twitter": p.get("twitterhandle")}),
            "updated_at": utc_iso(p.get("lastmodifieddate") or contact.get("updatedAt")),
        }))

    def purchases(self, deals: list[dict]) -> tuple[list[tuple[str, dict]], dict[str, int]]:
        """One purchase per line item of each won deal, bought by its first associated contact; a won deal
        without line items is one purchase of its amount (product unknown), as in every CRM connector. What is
        left out is counted by reason."""
        skipped: dict[str, int] = {}
        won = []
        for deal in deals:
            if dig(deal, ("properties", "hs_is_closed_won")) in ("true", True):
                won.append(deal)
            else:  # with closed_won_only: false the search returns open and lost deals too: not purchases
                skipped[NOT_WON] = skipped.get(NOT_WON, 0) + 1
        ids = [str(deal["id"]) for deal in won if isinstance(deal, dict) and "id" in deal]
        contacts = self.associations("contacts", ids)
        lines = self.associations("line_items", ids)
        items = self.line_items(sorted({i for found in lines.values() for i in found}))

        def deal_purchases(deal: dict) -> list[tuple[str, dict]]:
            p, deal_id = deal.get("properties") or {}, str(deal["id"])
            common = {"source": "hubspot", "order_id": deal_id, "purchased_at": utc_iso(p.get("closedate")),
                      "customer_external_id": next(iter(contacts.get(deal_id, [])), None)}
            if not lines.get(deal_id):
                if p.get("amount") in (None, ""):
                    skipped[NO_AMOUNT] = skipped.get(NO_AMOUNT, 0) + 1
                    return []
                return [(PURCHASE, compact({
                    **common, "external_id": f"deal:{deal_id}", "amount": p["amount"], "quantity": 1,
                    "sku": self.options.get("default_sku", UNKNOWN_PRODUCT),
                    "currency": p.get("deal_currency_code") or self.currency()}))]
            out = []
            for line_id in lines[deal_id]:
                line = items.get(line_id, {})
                quantity = line.get("quantity")
                out.append((PURCHASE, compact({
                    **common, "external_id": line_id,
                    "sku": line.get("hs_sku") or line.get("hs_product_id"), "product_name": line.get("name"),
                    "quantity": int(float(quantity)) if quantity else None, "amount": line.get("amount"),
                    "currency": p.get("deal_currency_code") or line.get("hs_line_item_currency_code")
                    or self.currency(),
                })))
            return out

        return self.mapped(PURCHASE, won, deal_purchases), skipped

    def currency(self) -> str:
        """The currency of amounts that name none: the configured `currency`, else the portal's company currency
        (account-info API), read once per run; never a guess."""
        if not getattr(self, "_currency", None):
            configured = self.options.get("currency")
            if configured:
                self._currency = str(configured)
            else:
                body = self.fetch(Request("GET", "/account-info/v3/details"))
                found = dig(body, ("companyCurrency",))
                if not found:
                    raise self.fail(200, "/account-info/v3/details",
                                    "the portal names no company currency: set the connector's `currency` option")
                self._currency = str(found)
        return self._currency

    def associations(self, to: str, deal_ids: list[str]) -> dict[str, list[str]]:
        """deal id -> associated ids of `to`, via the v4 batch read (search results carry none)."""
        if not deal_ids:
            return {}
        body = self.fetch(Request("POST", f"/crm/v4/associations/deals/{to}/batch/read",
                                  json={"inputs": [{"id": i} for i in deal_ids]}))
        return {str(dig(r, ("from", "id"))): [str(t["toObjectId"]) for t in r.get("to") or [] if "toObjectId" in t]
                for r in (body or {}).get("results") or []}

    def line_items(self, ids: list[str]) -> dict[str, dict]:
        """line item id -> properties, via the batch read."""
        if not ids:
            return {}
        body = self.fetch(Request("POST", "/crm/v3/objects/line_items/batch/read",
                                  json={"inputs": [{"id": i} for i in ids], "properties": LINE_PROPERTIES}))
        return {str(r["id"]): r.get("properties") or {} for r in (body or {}).get("results") or [] if "id" in r}
