"""The published contract: OpenAPI generated from the routes and their marshmallow schemas."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

from .auth import PERMISSIONS
from .schemas.common import ProblemSchema
from .schemas.ingest import RECORD_COMPONENTS

API_PREFIX = "/api/v1"
ERROR_TEXT = {400: "Malformed request", 401: "Missing or invalid API key", 403: "Role not allowed",
              404: "Not found", 409: "Conflict (already done, or a concurrent change: retry)", 413: "Body too large", 415: "Wrong content type",
              422: "Invalid input", 500: "Unexpected error (logged with the request id)",
              503: "The database or the job engine is unreachable or did not answer in time: retry after Retry-After"}
CONVERTER_TYPES = {"int": "integer", "string": "string", "default": "string", "path": "string"}
# No input string may hold NUL (no database column takes one; the server answers 422): the contract says so on
# every string a request carries. Strings with an enum, a pattern or a format exclude it already.
NO_NUL = "^[^\\u0000]*$"
COMPOSITES = ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "not")


class Contract(APISpec):
    """The spec, with what the route walk cannot say added to the generated dict."""

    def to_dict(self) -> dict:
        return forbid_nul(super().to_dict())


def forbid_nul(spec: dict) -> dict:
    """Add the no-NUL pattern to every plain string reachable from a request's parameters or body."""
    schemas = spec.get("components", {}).get("schemas", {})
    seen: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(schemas.get(name))
            return
        types = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
        if "string" in types and not {"enum", "pattern", "format"} & node.keys():
            low, high = node.get("minLength"), node.get("maxLength")
            # the lengths repeated in the pattern let generators build such strings instead of filtering for them
            node["pattern"] = NO_NUL if low is None and high is None else \
                NO_NUL.replace("*", f"{{{low or 0},{'' if high is None else high}}}")
        for key in COMPOSITES:
            walk(node.get(key))
        for value in (node.get("properties") or {}).values():
            walk(value)

    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                walk(parameter.get("schema"))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                walk(media.get("schema"))
    return spec


def _path_and_params(rule) -> tuple[str, list[dict]]:
    params = []
    path = re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", r"{\2}", rule.rule)
    for match in re.finditer(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule):
        kind = CONVERTER_TYPES.get(match.group(1) or "default", "string")
        params.append({"in": "path", "name": match.group(2), "required": True, "schema": {"type": kind}})
    return path, params


def _operation(doc, params: list[dict]) -> dict:
    op: dict = {"summary": doc.summary, "tags": [doc.tag], "operationId": None}
    if doc.description and doc.description != doc.summary:
        op["description"] = doc.description
    if doc.area is not None:
        op["security"] = [{"bearerAuth": []}]
        op["x-roles"] = sorted(PERMISSIONS[doc.area])
    parameters = list(params)
    if doc.query is not None:
        parameters.append({"in": "query", "schema": doc.query})
    if parameters:
        op["parameters"] = parameters
    if doc.body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": doc.body_doc}}}
    types = (doc.content_type,) if isinstance(doc.content_type, str) else tuple(doc.content_type)
    if doc.response is not None:
        content = {t: {"schema": doc.response} for t in types}
    elif types != ("application/json",):
        content = {t: {"schema": {"type": "object"} if t == "application/json" else
                       {"type": "string", "format": "binary"}} for t in types}
    else:
        content = None
    success = {"description": "OK" if doc.status < 300 else "Done"}
    if content:
        success["content"] = content
    responses = {str(doc.status): success}
    codes = set(doc.errors) | {500} | ({422} if (doc.body or doc.query) else set())
    if doc.area is not None:
        codes |= {401, 403, 503}  # the key is checked in the database
    if doc.body is not None:
        codes |= {400, 413, 415}
    if doc.method != "GET":
        codes |= {409}  # a write that loses a race with another is a conflict to retry
    for code in sorted(codes):
        responses[str(code)] = {"$ref": f"#/components/responses/Problem{code}"}
    op["responses"] = responses
    return op


def build_spec(app: Flask) -> APISpec:
    """Walk the /api/v1 routes and describe each from its ApiDoc."""
    spec = Contract(
        title="insight-service", version=app.config.get("API_VERSION", "1.0.0"), openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": "Customer feedback and social insight for CRM systems, with consent built in. "
                             "Every error is an RFC 9457 problem document (application/problem+json)."},
    )
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Problem", schema=ProblemSchema)
    for name, schema in RECORD_COMPONENTS.items():  # batches refer to them from loosely typed items
        spec.components.schema(name, schema=schema)
    for code, text in ERROR_TEXT.items():
        response = {"description": text,
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        if code == 503:
            response["headers"] = {"Retry-After": {"description": "seconds to wait before retrying",
                                                   "schema": {"type": "integer"}}}
        spec.components.response(f"Problem{code}", response)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, sorted(r.methods or []))):
        if not rule.rule.startswith(API_PREFIX):
            continue
        doc = getattr(app.view_functions[rule.endpoint], "api_doc", None)
        if doc is None:
            raise RuntimeError(f"route {rule.rule} has no API description; register it with endpoint()")
        path, params = _path_and_params(rule)
        op = _operation(doc, params)
        op["operationId"] = rule.endpoint.replace(".", "_")
        spec.path(path=path, operations={doc.method.lower(): op})
    return spec


def spec_yaml(app: Flask) -> str:
    """The contract as YAML, cached per app."""
    if "openapi_yaml" not in app.extensions:
        app.extensions["openapi_yaml"] = build_spec(app).to_yaml()
    return app.extensions["openapi_yaml"]
