"""HubSpot: contacts and deal line items through the search API, cursors, re-anchoring and 429 policies."""
from __future__ import annotations

import pytest

from connectors.errors import SourceError
from connectors.hubspot import CONTACT_PROPERTIES, DEAL_PROPERTIES, LINE_PROPERTIES, HubSpotConnector

TOKEN = "pat-eu1-0000-secret"


def search(stamp: str, since: str, props: list, after: str | None = None, won: bool = False, limit: int = 100) -> dict:
    """The search body HubSpot must receive."""
    filters = [{"propertyName": stamp, "operator": "GTE", "value": since}]
    if won:
        filters.append({"propertyName": "hs_is_closed_won", "operator": "EQ", "value": "true"})
    body = {"filterGroups": [{"filters": filters}], "sorts": [{"propertyName": stamp, "direction": "ASCENDING"}],
            "properties": props, "limit": limit}
    return {**body, "after": after} if after else body


@pytest.fixture
def hubspot(make_connector):
    """A HubSpot connector for contacts only."""
    return make_connector(HubSpotConnector, {"objects": ["contacts"]}, {"access_token": TOKEN})


def test_contacts_two_pages(httpserver, hubspot, page):
    path = "/crm/v3/objects/contacts/search"
    httpserver.expect_request(path, method="POST", json=search("lastmodifieddate", "0", CONTACT_PROPERTIES)
                              ).respond_with_json(page("hubspot", "contacts_1"))
    httpserver.expect_request(path, method="POST", json=search("lastmodifieddate", "0", CONTACT_PROPERTIES, "2")
                              ).respond_with_json(page("hubspot", "contacts_2"))
    pages = list(hubspot.pages())
    assert pages[0].records == [
        ("customer", {"source": "hubspot", "external_id": "151", "name": "Anna de Vries",
                      "email": "anna.devries@example.nl", "phone": "+31 6 12345678", "handles": {"twitter": "annadv"},
                      "updated_at": "2024-01-15T10:00:00.123000+00:00"}),
        ("customer", {"source": "hubspot", "external_id": "152", "name": "Bram", "email": "bram@example.com",
                      "phone": "06-98765432", "updated_at": "2024-01-16T11:00:00+00:00"}),
    ]
    assert [p.state for p in pages] == [{"contacts": "2024-01-16T11:00:00+00:00"},
                                        {"contacts": "2024-01-17T12:00:00+00:00"}]
    assert pages[1].records[0][1]["external_id"] == "153"
    assert httpserver.log[0][0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_resumes_from_the_saved_timestamp(httpserver, hubspot):
    body = search("lastmodifieddate", "1705489200000", CONTACT_PROPERTIES)
    httpserver.expect_request("/crm/v3/objects/contacts/search", method="POST", json=body).respond_with_json(
        {"total": 0, "results": []})
    pages = list(hubspot.pages({"contacts": "2024-01-17T11:00:00+00:00"}))
    assert [(p.records, p.state) for p in pages] == [([], {"contacts": "2024-01-17T11:00:00+00:00"})]


def serve_deals(httpserver, page, deals: str = "deals_1", ids=("9001", "9002", "9003"), won: bool = True,
                since: str = "1704067200000") -> None:
    """A deal search page, its associations, line items and the portal's account details."""
    httpserver.expect_request("/crm/v3/objects/deals/search", method="POST",
                              json=search("hs_lastmodifieddate", since, DEAL_PROPERTIES, won=won)
                              ).respond_with_json(page("hubspot", deals))
    inputs = {"inputs": [{"id": i} for i in ids]}
    httpserver.expect_request("/crm/v4/associations/deals/contacts/batch/read", method="POST", json=inputs
                              ).respond_with_json(page("hubspot", "deal_contacts"))
    httpserver.expect_request("/crm/v4/associations/deals/line_items/batch/read", method="POST", json=inputs
                              ).respond_with_json(page("hubspot", "deal_line_items"), status=207)
    httpserver.expect_request("/crm/v3/objects/line_items/batch/read", method="POST", json={
        "inputs": [{"id": "17808947665"}, {"id": "17808947666"}], "properties": LINE_PROPERTIES,
    }).respond_with_json(page("hubspot", "line_items"))
    httpserver.expect_request("/account-info/v3/details", method="GET").respond_with_json(
        page("hubspot", "account_info"))


def test_deals_become_one_purchase_per_line_item_or_one_of_the_deal_amount(httpserver, make_connector, page):
    hubspot = make_connector(HubSpotConnector, {"objects": ["deals"], "start_date": "2024-01-01T00:00:00Z"},
                             {"access_token": TOKEN})
    serve_deals(httpserver, page)
    [only] = list(hubspot.pages())
    # the deal and its lines name no currency (as in a real portal): the portal's company currency, never EUR
    assert only.records == [
        ("purchase", {"source": "hubspot", "order_id": "9001", "purchased_at": "2024-02-01T14:00:00+00:00",
                      "customer_external_id": "151", "external_id": "17808947665", "sku": "KB-200",
                      "product_name": "Koffiebonen 1 kg", "quantity": 1, "amount": "99.95", "currency": "USD"}),
        ("purchase", {"source": "hubspot", "order_id": "9001", "purchased_at": "2024-02-01T14:00:00+00:00",
                      "customer_external_id": "151", "external_id": "17808947666", "sku": "1642737",
                      "product_name": "Melkopschuimer", "quantity": 2, "amount": "29.95", "currency": "USD"}),
        # a won deal without line items is one purchase of its amount, product unknown (as in Salesforce)
        ("purchase", {"source": "hubspot", "order_id": "9002", "purchased_at": "2024-02-02T09:00:00+00:00",
                      "customer_external_id": "152", "external_id": "deal:9002", "amount": "3000", "quantity": 1,
                      "sku": "UNSPECIFIED", "currency": "USD"}),
    ]
    assert only.skipped == {"won deals without line items or amount": 1}  # 9003: nothing to store, counted
    assert only.state == {"deals": "2024-02-02T09:00:00+00:00"}
    assert [entry[0].path for entry in httpserver.log].count("/account-info/v3/details") == 1  # read once a run


def test_a_configured_currency_needs_no_account_info(httpserver, make_connector, page):
    hubspot = make_connector(HubSpotConnector, {"objects": ["deals"], "start_date": "2024-01-01T00:00:00Z",
                                                "currency": "GBP"}, {"access_token": TOKEN})
    serve_deals(httpserver, page)
    [only] = list(hubspot.pages())
    assert {r["currency"] for _kind, r in only.records} == {"GBP"}
    assert "/account-info/v3/details" not in [entry[0].path for entry in httpserver.log]


def test_a_portal_without_currency_is_a_source_error_not_a_guess(httpserver, make_connector, page):
    hubspot = make_connector(HubSpotConnector, {"objects": ["deals"], "start_date": "2024-01-01T00:00:00Z"},
                             {"access_token": TOKEN})
    httpserver.expect_request("/account-info/v3/details").respond_with_json({"portalId": 1})  # matched first
    serve_deals(httpserver, page)
    with pytest.raises(SourceError, match="set the connector's `currency` option"):
        list(hubspot.pages())


def test_open_deals_are_skipped_with_a_count_when_not_only_closed_won(httpserver, make_connector, page):
    hubspot = make_connector(HubSpotConnector, {"objects": ["deals"], "closed_won_only": False},
                             {"access_token": TOKEN})
    serve_deals(httpserver, page, "deals_open", ids=("9102",), won=False, since="0")
    [only] = list(hubspot.pages())
    # the open deal (no closedate) is not a purchase and is not quarantined; the won one is stored
    assert [(r["external_id"], r["currency"]) for _kind, r in only.records] == [("deal:9102", "EUR")]
    assert only.skipped == {"deals not closed won": 1}


def test_a_result_missing_its_id_is_quarantined_not_a_key_error(httpserver, hubspot):
    httpserver.expect_request("/crm/v3/objects/contacts/search", method="POST").respond_with_json(
        {"total": 2, "results": [{"properties": {"email": "x@kpnmail.nl"}}, {"id": "7", "properties": None}]})
    [only] = list(hubspot.pages())
    assert only.records == [("customer", {"_error": "hubspot: missing field 'id'", "source": "hubspot"}),
                            ("customer", {"source": "hubspot", "external_id": "7"})]


def test_reanchors_before_the_result_cap(httpserver, make_connector, page):
    class Capped(HubSpotConnector):
        result_cap = 3

    hubspot = make_connector(Capped, {"objects": ["contacts"], "page_size": 2}, {"access_token": TOKEN})
    path = "/crm/v3/objects/contacts/search"
    httpserver.expect_request(path, method="POST", json=search("lastmodifieddate", "0", CONTACT_PROPERTIES, limit=2)
                              ).respond_with_json(page("hubspot", "contacts_1"))
    anchored = search("lastmodifieddate", "1705402800000", CONTACT_PROPERTIES, limit=2)
    httpserver.expect_request(path, method="POST", json=anchored).respond_with_json(page("hubspot", "contacts_2"))
    pages = list(hubspot.pages())
    assert [p.state for p in pages] == [{"contacts": "2024-01-16T11:00:00+00:00"},
                                        {"contacts": "2024-01-17T12:00:00+00:00"}]


def test_ten_secondly_429_backs_off_by_the_interval(httpserver, hubspot, page):
    path = "/crm/v3/objects/contacts/search"
    httpserver.expect_oneshot_request(path, method="POST").respond_with_json(
        page("hubspot", "ratelimit_secondly"), status=429,
        headers={"X-HubSpot-RateLimit-Interval-Milliseconds": "10000", "X-HubSpot-RateLimit-Remaining": "0"})
    httpserver.expect_oneshot_request(path, method="POST").respond_with_json(page("hubspot", "contacts_2"))
    pages = list(hubspot.pages())
    assert hubspot.slept == [10.0] and pages[0].records[0][1]["external_id"] == "153"


def test_daily_429_is_a_throttled_source_error_without_retry(httpserver, hubspot, page, assert_safe):
    httpserver.expect_request("/crm/v3/objects/contacts/search", method="POST").respond_with_json(
        page("hubspot", "ratelimit_daily"), status=429)
    with pytest.raises(SourceError) as caught:
        list(hubspot.pages())
    assert caught.value.throttled and len(httpserver.log) == 1 and hubspot.slept == []
    assert str(caught.value) == "hubspot-main: HTTP 429 /crm/v3/objects/contacts/search: DAILY: You have reached your daily limit."


def test_401_body_is_parsed_without_the_token(httpserver, hubspot, page, assert_safe, client_log):
    httpserver.expect_request("/crm/v3/objects/contacts/search", method="POST").respond_with_json(
        page("hubspot", "error_401"), status=401)
    with pytest.raises(SourceError) as caught:
        list(hubspot.pages())
    assert str(caught.value).startswith(
        "hubspot-main: HTTP 401 /crm/v3/objects/contacts/search: INVALID_AUTHENTICATION: Authentication credentials")
    assert not caught.value.throttled
    assert_safe(str(caught.value), client_log(), secrets=(TOKEN,))


def test_5xx_on_the_search_post_is_retried(httpserver, hubspot, page):
    path = "/crm/v3/objects/contacts/search"
    httpserver.expect_oneshot_request(path, method="POST").respond_with_json(
        {"status": "error", "message": "internal error", "category": "INTERNAL_ERROR"}, status=502)
    httpserver.expect_oneshot_request(path, method="POST").respond_with_json(page("hubspot", "contacts_2"))
    assert [p.state for p in hubspot.pages()] == [{"contacts": "2024-01-17T12:00:00+00:00"}]
    assert len(httpserver.log) == 2


def test_unsupported_object_is_a_source_error(make_connector):
    hubspot = make_connector(HubSpotConnector, {"objects": ["tickets"]}, {"access_token": TOKEN})
    with pytest.raises(SourceError, match="unsupported object 'tickets'"):
        list(hubspot.pages())


def test_26_recorded_contacts_are_all_stored_and_placeholder_phones_come_back_as_warnings(
        httpserver, hubspot, page, session, hasher):
    """Shaped like a real test portal's recording: nulls, absent properties, emoji, long names, and 11 placeholder
    phones (+1234567890, +1-555-123-4567, 123-456-7890, +1 555-1234, ...), which once quarantined 11 contacts."""
    from sqlalchemy import func, select

    from insight_service.models import Customer, Identity, QuarantinedRecord
    from insight_service.services.ingest.entry import ingest_mixed

    path = "/crm/v3/objects/contacts/search"
    httpserver.expect_request(path, method="POST", json=search("lastmodifieddate", "0", CONTACT_PROPERTIES)
                              ).respond_with_json(page("hubspot", "contacts_recorded_1"))
    httpserver.expect_request(path, method="POST", json=search("lastmodifieddate", "0", CONTACT_PROPERTIES, "20")
                              ).respond_with_json(page("hubspot", "contacts_recorded_2"))
    pairs = [pair for p in hubspot.pages() for pair in p.records]
    result = ingest_mixed(session, pairs, origin="sync:hubspot-main", hasher=hasher)["customer"]
    session.commit()
    assert (result.received, result.created, result.quarantined) == (26, 26, [])
    assert session.scalar(select(func.count()).select_from(Customer)) == 26
    assert session.scalar(select(func.count()).select_from(QuarantinedRecord)) == 0
    phones = [w for entry in result.warnings for w in entry["warnings"] if w["field"] == "phone"]
    assert len(phones) == 11 and all(w["message"].endswith("not used to link") for w in phones)
    raw = page("hubspot", "contacts_recorded_1")["results"] + page("hubspot", "contacts_recorded_2")["results"]
    placeholders = {c["properties"].get("phone") or c["properties"].get("mobilephone") for c in raw} - {None}
    text = str(result.warnings)
    assert not [value for value in placeholders if value in text]  # reasons only, never the value
    assert session.scalar(select(func.count()).select_from(Identity).where(Identity.kind == "phone")) == 4
    assert session.scalar(select(Customer.name).where(Customer.external_id == "301")) == "Émilie Dubois 😊"
