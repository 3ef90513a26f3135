"""SourceError text and the parsing of every vendor error body into a short, safe message."""
from __future__ import annotations

import logging

import pytest

from connectors.errors import SourceError, error_codes, error_message, redact, safe_path


def test_str_names_source_status_and_path_only():
    error = SourceError("fb", 400, "https://user:pw@graph.facebook.com/v19.0/1/comments?access_token=EAAsecret#x",
                        "OAuthException 190: expired")
    assert str(error) == "fb: HTTP 400 /v19.0/1/comments: OAuthException 190: expired"
    assert "EAAsecret" not in repr(error.args) and "pw" not in str(error)


def test_message_loses_query_strings_and_newlines():
    error = SourceError("x", None, "/p", "failed for https://h/p?token=abc\nsee docs")
    assert str(error) == "x: no response /p: failed for https://h/p see docs"


def test_redact_replaces_secret_values():
    assert redact("token abcd1234 rejected", ["abcd1234", "", "ab"]) == "token *** rejected"


def test_safe_path():
    assert safe_path("https://h.example/a/b?c=d") == "/a/b" and safe_path("https://h.example") == "/"


@pytest.mark.parametrize("body, expected", [
    ([{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}],
     "REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded."),
    ({"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190,
                "fbtrace_id": "A1"}}, "OAuthException 190: Invalid OAuth access token."),
    ({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
     "Unauthorized: Unauthorized"),
    ({"errors": [{"code": 88, "message": "Rate limit exceeded"}]}, "88: Rate limit exceeded"),
    ({"error": "RecordNotFound", "description": "Not found"}, "RecordNotFound: Not found"),
    ({"status": "error", "message": "Authentication credentials not found.", "correlationId": "c",
      "category": "INVALID_AUTHENTICATION"}, "INVALID_AUTHENTICATION: Authentication credentials not found."),
    ({"unexpected": True}, "Bad Request"),
    (None, "Bad Request"),
    ("plain text", "Bad Request"),
])
def test_error_message_shapes(body, expected):
    assert error_message(body, "Bad Request") == expected


def test_urllib3_log_records_lose_query_strings(caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("urllib3.connectionpool").debug('"%s %s" %s', "GET", "/2/tweets?query=secret+terms", 200)
    assert "secret" not in caplog.text and "/2/tweets?<redacted>" in caplog.text


@pytest.mark.parametrize("body, expected", [
    ([{"statusCode": "ENTITY_IS_DELETED", "message": "entity is deleted", "fields": []}], ("ENTITY_IS_DELETED",)),
    ([{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}], ("REQUEST_LIMIT_EXCEEDED",)),
    ({"status": "error", "message": "Property values were not valid: [... Jan Jansen ...]", "category": "VALIDATION_ERROR",
      "errors": [{"message": "Jan Jansen was not one of the allowed options", "code": "INVALID_OPTION"}]},
     ("VALIDATION_ERROR", "INVALID_OPTION")),
    ({"status": "error", "message": "You have reached your daily limit.", "policyName": "DAILY"}, ("DAILY",)),
    ({"category": "not a code: it has spaces"}, ()),
    ("<html>Bad gateway</html>", ()),
    (None, ()),
])
def test_error_codes_keep_codes_and_never_messages(body, expected):
    assert error_codes(body) == expected
