"""Every API error is an RFC 9457 problem document without internals."""
import pytest

from insight_service.errors import flatten_messages


def _is_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert {"type", "title", "status", "detail", "errors"} <= body.keys() and body["status"] == status
    return body


def test_unknown_route_is_a_problem(client):
    _is_problem(client.get("/api/v1/nope"), 404)


def test_wrong_method_is_a_problem_with_allow(client, auth):
    response = client.delete("/api/v1/keys", headers=auth())
    _is_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_body_over_limit_is_413(app, client, auth):
    app.config["MAX_CONTENT_LENGTH"] = 100
    _is_problem(client.post("/api/v1/keys", data="x" * 1000, headers=auth(), content_type="application/json"), 413)


def test_invalid_query_lists_the_field(client, auth):
    body = _is_problem(client.get("/api/v1/audit?limit=0&bogus=1", headers=auth()), 422)
    assert {e["field"] for e in body["errors"]} == {"limit", "bogus"}


def test_unexpected_error_is_500_without_internals(app, client, caplog):
    @app.get("/api/v1/boom-test")
    def boom():
        raise RuntimeError("secret-value jan@example.com")

    app.testing = False  # production logging: the type and request id, no traceback or message
    body = _is_problem(client.get("/api/v1/boom-test"), 500)
    assert "secret-value" not in str(body) and "jan@example.com" not in str(body)
    assert "jan@example.com" not in caplog.text and "secret-value" not in caplog.text


@pytest.mark.parametrize("messages, expected", [
    ({"a": ["bad"]}, [{"field": "a", "message": "bad"}]),
    ({"0": {"email": ["Not a valid email."]}}, [{"field": "0.email", "message": "Not a valid email."}]),
    (["whole"], [{"field": None, "message": "whole"}]),
])
def test_nested_messages_flatten_to_dotted_fields(messages, expected):
    assert flatten_messages(messages) == expected
