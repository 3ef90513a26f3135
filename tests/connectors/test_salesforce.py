"""Salesforce: SOQL pages through nextRecordsUrl, SystemModstamp state, purchases and the error list body."""
from __future__ import annotations

import pytest

from connectors.errors import SourceError
from connectors.salesforce import ACCOUNT_CONTACTS, ORG_CURRENCY, QUERIES, SalesforceConnector

TOKEN = "00D5g000000secret!AQ4AQFakeSessionToken"
QUERY = "/services/data/v59.0/query"


@pytest.fixture
def salesforce(make_connector):
    """A Salesforce connector for Contacts only."""
    return make_connector(SalesforceConnector, {"objects": ["Contact"]}, {"access_token": TOKEN})


def test_contacts_follow_next_records_url_until_done(httpserver, salesforce, page):
    soql = QUERIES["Contact"].format(since="1970-01-01T00:00:00Z")
    httpserver.expect_request(QUERY, query_string={"q": soql}).respond_with_json(page("salesforce", "contacts_1"))
    httpserver.expect_request("/services/data/v59.0/query/0r8xx5R2yRjYJoUASW-2", query_string=""
                              ).respond_with_json(page("salesforce", "contacts_2"))
    pages = list(salesforce.pages())
    assert pages[0].records == [
        ("customer", {"source": "salesforce", "external_id": "0035g00000AbCdEAAV", "name": "Sanne Bakker",
                      "email": "sanne.bakker@example.nl", "phone": "+31 20 123 4567",
                      "updated_at": "2026-05-01T07:25:37+00:00"}),
        ("customer", {"source": "salesforce", "external_id": "0035g00000AbCdFAAV", "name": "Visser",
                      "phone": "06 11122233", "updated_at": "2026-05-02T08:00:00+00:00"}),
    ]
    assert [p.state for p in pages] == [{"Contact": "2026-05-02T08:00:01Z"}, {"Contact": "2026-05-03T09:00:00Z"}]
    assert httpserver.log[1][0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_resume_uses_the_saved_modstamp(httpserver, salesforce):
    soql = QUERIES["Contact"].format(since="2026-05-03T09:00:00Z")
    httpserver.expect_request(QUERY, query_string={"q": soql}).respond_with_json(
        {"totalSize": 0, "done": True, "records": []})
    pages = list(salesforce.pages({"Contact": "2026-05-03T09:00:00Z"}))
    assert [(p.records, p.state) for p in pages] == [([], {"Contact": "2026-05-03T09:00:00Z"})]


def test_closed_won_opportunities_become_purchases(httpserver, make_connector, page):
    salesforce = make_connector(SalesforceConnector, {"objects": ["Opportunity"], "currency": "EUR",
                                                      "start_date": "2026-04-01T00:00:00+00:00"},
                                {"access_token": TOKEN})
    soql = QUERIES["Opportunity"].format(since="2026-04-01T00:00:00Z")
    httpserver.expect_request(QUERY, query_string={"q": soql}).respond_with_json(page("salesforce", "opportunities"))
    # won opportunities naming no contact (no ContactId, no primary role): their accounts' first contacts
    accounts = ACCOUNT_CONTACTS.format(ids="'0015g00000AcCt2AAB', '0015g00000AcCt3AAB'")
    httpserver.expect_request(QUERY, query_string={"q": accounts}).respond_with_json(
        page("salesforce", "account_contacts"))
    [only] = list(salesforce.pages())
    common = {"source": "salesforce", "currency": "EUR"}
    whole = {**common, "purchased_at": "2026-05-01T00:00:00+00:00", "quantity": 1, "sku": "UNSPECIFIED"}
    assert only.records == [
        ("purchase", {**common, "order_id": "0065g00000XyZaBAAV", "customer_external_id": "0035g00000AbCdEAAV",
                      "purchased_at": "2026-04-28T00:00:00+00:00", "external_id": "00k5g00000LiNe1AAB",
                      "sku": "ESP-900", "product_name": "Espresso machine 900", "quantity": 1, "amount": 599.0}),
        ("purchase", {**common, "order_id": "0065g00000XyZaBAAV", "customer_external_id": "0035g00000AbCdEAAV",
                      "purchased_at": "2026-04-28T00:00:00+00:00", "external_id": "00k5g00000LiNe2AAB",
                      "sku": "DESC-01", "product_name": "Descaler", "quantity": 2, "amount": 50.0}),
        # without lines: one purchase of the amount, product unknown (the same rule as HubSpot's deals)
        ("purchase", {**common, "order_id": "0065g00000XyZaCAAV", "customer_external_id": "0035g00000AbCdGAAV",
                      "purchased_at": "2026-04-30T00:00:00+00:00", "external_id": "0065g00000XyZaCAAV",
                      "quantity": 1, "sku": "UNSPECIFIED", "amount": 120.0}),
        ("purchase", {**whole, "order_id": "0065g00000XyZaDAAV", "customer_external_id": "0035g00000AbCdHAAV",
                      "external_id": "0065g00000XyZaDAAV", "amount": 3000.0}),
        # an account without contacts: kept unlinked (the ingest stores it with a warning), not quarantined
        ("purchase", {**whole, "order_id": "0065g00000XyZaEAAV", "external_id": "0065g00000XyZaEAAV",
                      "amount": 4500.0}),
    ]
    assert only.skipped == {"won opportunities or orders without lines or amount": 1}
    assert only.state == {"Opportunity": "2026-05-01T10:00:00Z"}


def test_an_unlinked_won_opportunity_is_stored_with_a_warning(httpserver, make_connector, page, session, hasher):
    from insight_service.services.ingest.entry import ingest_mixed

    salesforce = make_connector(SalesforceConnector, {"objects": ["Opportunity"], "currency": "EUR"},
                                {"access_token": TOKEN})
    httpserver.expect_request(QUERY, query_string={"q": QUERIES["Opportunity"].format(since="1970-01-01T00:00:00Z")}
                              ).respond_with_json(page("salesforce", "opportunities"))
    httpserver.expect_request(QUERY).respond_with_json(page("salesforce", "account_contacts"))
    pairs = [pair for p in salesforce.pages() for pair in p.records]
    result = ingest_mixed(session, pairs, origin="sync:salesforce-main", hasher=hasher)["purchase"]
    assert result.created == 5 and not result.quarantined
    assert result.warnings == [{"index": 4, "external_id": "0065g00000XyZaEAAV", "warnings": [
        {"field": "customer_external_id",
         "message": "no usable buyer (customer_external_id or customer_email): stored unlinked"}]}]


def test_without_a_configured_currency_the_orgs_default_is_used(httpserver, make_connector, page):
    salesforce = make_connector(SalesforceConnector, {"objects": ["Order"]}, {"access_token": TOKEN})
    httpserver.expect_request(QUERY, query_string={"q": ORG_CURRENCY}).respond_with_json(
        {**page("salesforce", "organization"), "records": [{"DefaultCurrencyIsoCode": "CHF"}]})
    httpserver.expect_request(QUERY).respond_with_json(page("salesforce", "orders"))
    [only] = list(salesforce.pages())
    assert {r["currency"] for _kind, r in only.records} == {"CHF"}
    assert sum("Organization" in entry[0].args["q"] for entry in httpserver.log) == 1


def test_request_limit_exceeded_is_a_throttle_error_not_retried(httpserver, salesforce, page, assert_safe):
    httpserver.expect_request(QUERY).respond_with_json(page("salesforce", "limit_exceeded"), status=403,
                                                       headers={"Sforce-Limit-Info": "api-usage=15000/15000"})
    with pytest.raises(SourceError) as caught:
        list(salesforce.pages())
    assert caught.value.throttled and len(httpserver.log) == 1
    assert str(caught.value) == ("salesforce-main: HTTP 403 /services/data/v59.0/query: "
                                 "REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.")
    assert_safe(str(caught.value), secrets=(TOKEN,), queries=("SELECT", "q="))


@pytest.mark.parametrize("name, status, code", [("invalid_session", 401, "INVALID_SESSION_ID"),
                                                ("malformed_query", 400, "MALFORMED_QUERY")])
def test_error_list_bodies(httpserver, salesforce, page, client_log, assert_safe, name, status, code):
    httpserver.expect_request(QUERY).respond_with_json(page("salesforce", name), status=status)
    with pytest.raises(SourceError) as caught:
        list(salesforce.pages())
    assert caught.value.status == status and f"/services/data/v59.0/query: {code}: " in str(caught.value)
    assert not caught.value.throttled
    assert_safe(str(caught.value), client_log(), secrets=(TOKEN,), queries=("SELECT Id",))


def test_repeated_next_records_url(httpserver, salesforce, page):
    looping = {**page("salesforce", "contacts_2"), "done": False,
               "nextRecordsUrl": "/services/data/v59.0/query/0r8xx5R2yRjYJoUASW-2"}
    httpserver.expect_request(QUERY).respond_with_json(looping)
    httpserver.expect_request("/services/data/v59.0/query/0r8xx5R2yRjYJoUASW-2").respond_with_json(looping)
    with pytest.raises(SourceError, match="repeated a page cursor"):
        list(salesforce.pages())


def test_missing_instance_url_is_a_source_error():
    with pytest.raises(SourceError, match="missing option 'instance_url'"):
        SalesforceConnector(name="sf", options={}, secrets={"access_token": TOKEN})


def test_unsupported_object_is_a_source_error(make_connector):
    salesforce = make_connector(SalesforceConnector, {"objects": ["Lead"]}, {"access_token": TOKEN})
    with pytest.raises(SourceError, match="unsupported object 'Lead' \\(supported: Contact, Opportunity, Order\\)"):
        list(salesforce.pages())


def test_activated_orders_become_purchases(httpserver, make_connector, page):
    salesforce = make_connector(SalesforceConnector, {"objects": ["Order"]}, {"access_token": TOKEN})
    soql = QUERIES["Order"].format(since="1970-01-01T00:00:00Z")
    httpserver.expect_request(QUERY, query_string={"q": soql}).respond_with_json(page("salesforce", "orders"))
    httpserver.expect_request(QUERY, query_string={"q": ORG_CURRENCY}).respond_with_json(
        page("salesforce", "organization"))
    [only] = list(salesforce.pages())
    assert only.records == [("purchase", {
        "source": "salesforce", "currency": "EUR", "order_id": "8015g00000OrDr1AAB",
        "customer_external_id": "0035g00000AbCdFAAV",
        "purchased_at": "2026-05-02T00:00:00+00:00", "external_id": "8025g00000ItEm1AAB", "sku": "KB-200",
        "product_name": "Koffiebonen 1 kg", "quantity": 2, "amount": 35.9})]
    assert only.state == {"Order": "2026-05-02T12:00:00Z"}
