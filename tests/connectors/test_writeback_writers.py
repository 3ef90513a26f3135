"""The CRM writers alone (no database): per-record outcomes from the wire formats, safe reasons, careful creates."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from connectors.errors import SourceError
from connectors.hubspot_writeback import HubSpotWriter
from connectors.salesforce_writeback import SalesforceWriter

HS = {"access_token": "pat-eu1-writer-unit-secret"}
SF = {"access_token": "00D-writer-unit-secret"}


def test_hubspot_errors_by_trace_id_and_records_without_result_fail(make_connector, httpserver, page):
    """A 207 may name a failed input by objectWriteTraceId; an input neither written nor named is not trusted."""
    body = page("hubspot_writeback", "batch_update_207")
    body["results"] = body["results"][:1]  # 101 only
    body["errors"] = [{"status": "error", "category": "VALIDATION_ERROR", "message": "Jan Jansen is not valid",
                       "context": {"objectWriteTraceId": ["103"]}}]
    httpserver.expect_request("/crm/v3/objects/contacts/batch/update", method="POST").respond_with_json(body, 207)
    writer = make_connector(HubSpotWriter, secrets=HS)
    result = writer.update({"101": {"insight_sentiment": "negative"}, "102": {"insight_sentiment": None},
                            "103": {"insight_sentiment": "positive"}})
    assert result.ok == ["101"]
    assert result.failed == {"103": "VALIDATION_ERROR", "102": "no result for this record"}
    sent = json.loads(httpserver.log[0][0].get_data())["inputs"]
    assert sent[1] == {"id": "102", "objectWriteTraceId": "102", "properties": {"insight_sentiment": ""}}


def test_salesforce_results_are_matched_by_position(make_connector, httpserver):
    """SaveResults come back in request order; a missing one is a failure, field names are kept, messages not."""
    httpserver.expect_request("/services/data/v59.0/composite/sobjects", method="PATCH").respond_with_json([
        {"success": False, "errors": [{"statusCode": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                                       "message": "bad value for restricted picklist field: Jan", "fields":
                                       ["Insight_Sentiment__c"]}]}])
    writer = make_connector(SalesforceWriter, secrets=SF)
    result = writer.update({"003A": {"Insight_Sentiment__c": "x"}, "003B": {"Insight_Sentiment__c": None}})
    assert result.ok == []
    assert result.failed == {"003A": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST (fields: Insight_Sentiment__c)",
                             "003B": "no result for this record"}
    sent = json.loads(httpserver.log[0][0].get_data())
    assert sent["allOrNone"] is False and sent["records"][1] == {"attributes": {"type": "Contact"}, "id": "003B",
                                                                 "Insight_Sentiment__c": None}


def test_a_create_is_not_retried_after_a_5xx(make_connector, httpserver):
    """The case may exist after a 500: no second POST (an update would be retried)."""
    httpserver.expect_request("/services/data/v59.0/composite/sobjects", method="POST").respond_with_data(
        "", status=503)
    writer = make_connector(SalesforceWriter, secrets=SF)
    with pytest.raises(SourceError) as caught:
        writer.create_followups([{"crm_id": "003A", "subject": "s", "body": "b",
                                  "when": datetime(2026, 3, 20, tzinfo=timezone.utc)}])
    assert caught.value.status == 503 and len(httpserver.log) == 1
