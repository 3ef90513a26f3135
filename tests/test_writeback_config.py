"""The writeback table of a connector: defaults, limits, and errors that name the key."""
from __future__ import annotations

import pytest

from insight_service.connector_config import ConnectorConfigError, parse_connectors


def parse(kind: str, writeback: dict):
    """One connector of a kind with this writeback table, parsed without checking the environment."""
    table = {"kind": kind, "secrets": {"access_token": "env:CRM_TOKEN"}, "writeback": writeback}
    if kind == "salesforce":
        table["options"] = {"instance_url": "https://acme.my.salesforce.com"}
    if kind == "zendesk":
        table["options"] = {"subdomain": "acme"}
    return parse_connectors({"connectors": {"crm": table}}, check_env=False)["crm"]


def test_defaults_write_every_field_but_the_card_link_in_full_batches():
    config = parse("hubspot", {"enabled": True})
    wb = config.writeback
    assert wb.enabled and not wb.tasks and wb.purpose is None and wb.source == "hubspot"
    assert wb.fields == ("sentiment", "risk_level", "top_pain_point", "last_complaint_date")
    assert wb.batch_size == 100 and wb.schedule.text == "every 1h"
    assert wb.names["sentiment"] == "insight_sentiment"


def test_salesforce_names_and_batches_of_200():
    wb = parse("salesforce", {"enabled": True, "card_base_url": "https://insight.example.com/",
                              "properties": {"sentiment": "Mood__c"}}).writeback
    assert wb.batch_size == 200 and wb.card_base_url == "https://insight.example.com"
    assert wb.names["sentiment"] == "Mood__c" and wb.names["card_link"] == "Insight_Card_URL__c"


def test_no_table_means_no_writeback():
    config = parse_connectors({"connectors": {"crm": {"kind": "hubspot"}}}, check_env=False)["crm"]
    assert config.writeback is None


@pytest.mark.parametrize("kind, table, says", [
    ("zendesk", {"enabled": True}, "CRM connectors only"),
    ("hubspot", {"enabled": "yes"}, "'enabled' must be true or false"),
    ("hubspot", {"fields": ["sentiment", "mood"]}, "'fields' must be a non-empty list"),
    ("hubspot", {"fields": ["card_link"]}, "'card_link' needs 'card_base_url'"),
    ("hubspot", {"batch_size": 101}, "between 1 and 100"),
    ("salesforce", {"batch_size": 201}, "between 1 and 200"),
    ("hubspot", {"purpose": "profiling"}, "'purpose' must be one of"),
    ("hubspot", {"properties": {"sentiment": "bad name!"}}, "'properties.sentiment'"),
    ("hubspot", {"card_base_url": "https://user:pw@insight.example.com"}, "'card_base_url'"),
    ("hubspot", {"schedule": "sometimes"}, "'schedule'"),
    ("hubspot", {"enable": True}, "unknown key 'enable'"),
])
def test_errors_name_the_connector_and_the_key(kind, table, says):
    with pytest.raises(ConnectorConfigError) as caught:
        parse(kind, table)
    assert "connector 'crm', key 'writeback'" in str(caught.value) and says in str(caught.value)
