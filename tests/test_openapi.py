"""openapi.yaml is the published contract: every route is in it, nothing else, and it is current."""
import re

from insight_service.openapi import build_spec


def test_published_file_is_generated_from_routes(app, openapi_spec):
    import yaml

    assert yaml.safe_load(build_spec(app).to_yaml()) == openapi_spec, \
        "openapi.yaml is stale: run `make openapi`"


def test_every_route_is_documented_and_every_documented_route_exists(app, openapi_spec):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(p, m) for p, ops in openapi_spec["paths"].items() for m in ops}
    assert routes == documented


def test_every_operation_documents_problem_responses(openapi_spec):
    for path, ops in openapi_spec["paths"].items():
        for method, op in ops.items():
            assert "401" in op["responses"] and "403" in op["responses"], (path, method)


def test_responses_match_their_schemas(client, auth, check_response):
    check_response(client.get("/api/v1/keys", headers=auth()), "get", "/api/v1/keys")
    check_response(client.get("/api/v1/audit", headers=auth()), "get", "/api/v1/audit")
    check_response(client.get("/api/v1/audit?limit=0", headers=auth()), "get", "/api/v1/audit")
    check_response(client.get("/api/v1/keys", headers=auth("rnd")), "get", "/api/v1/keys")


def _longest_query(parameters: list[dict]) -> int | None:
    """Characters of the longest query string the parameters allow, percent-encoded (None when unbounded)."""
    total = 0
    for parameter in (p for p in parameters if p["in"] == "query"):
        schema = parameter["schema"]
        kind = next(t for t in (schema.get("type") if isinstance(schema.get("type"), list) else [schema.get("type")])
                    if t != "null")
        repeat = 1
        if kind == "array":
            repeat, schema = schema.get("maxItems"), schema["items"]
            kind = schema.get("type")
        if repeat is None:
            return None
        if "enum" in schema:
            value = max(len(str(e)) for e in schema["enum"]) * 3
        elif kind in ("integer", "number", "boolean") or schema.get("format") in ("date", "date-time"):
            value = 40 * 3
        elif "maxLength" in schema:
            value = schema["maxLength"] * 12  # a 4-byte UTF-8 character is 12 characters percent-encoded
        else:
            return None
        total += repeat * (len(parameter["name"]) + 2 + value)
    return total


def test_no_query_the_contract_allows_is_too_long_for_the_server(openapi_spec):
    """A valid request must never meet gunicorn's 414 (undocumented, and not a problem document)."""
    from insight_service.serving import REQUEST_LINE_LIMIT

    for path, ops in openapi_spec["paths"].items():
        for method, op in ops.items():
            longest = _longest_query(op.get("parameters", []))
            assert longest is not None, f"{method} {path}: a query parameter has no length bound"
            line = len(f"{method.upper()} {path}? HTTP/1.1") + 20 + longest  # path ids up to 20 digits
            assert line <= REQUEST_LINE_LIMIT, (method, path, line)


def test_the_server_reads_request_lines_up_to_the_bound():
    from insight_service.serving import REQUEST_LINE_LIMIT, gunicorn_command

    argv = gunicorn_command("127.0.0.1:9000", 1)
    assert argv[argv.index("--limit-request-line") + 1] == str(REQUEST_LINE_LIMIT) == "8190"
