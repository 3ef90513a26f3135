"""Validate a response against the schema that openapi.yaml documents for it."""
from __future__ import annotations

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:insight-service:openapi"


def _rewrite(node):
    if isinstance(node, dict):
        return {k: (SPEC_URI + v if k == "$ref" and v.startswith("#") else _rewrite(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def assert_matches(spec: dict, response, method: str, path_template: str) -> None:
    """Fail unless the status is documented and the body validates against its schema."""
    operation = spec["paths"][path_template][method.lower()]
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{method} {path_template} returned undocumented {response.status_code}"
    if "$ref" in documented:
        name = documented["$ref"].rsplit("/", 1)[-1]
        documented = spec["components"]["responses"][name]
    content = documented.get("content")
    if not content:
        return
    mimetype = response.mimetype
    assert mimetype in content, f"{mimetype} not documented for {method} {path_template} {response.status_code}"
    schema = content[mimetype].get("schema")
    if schema is None or mimetype not in ("application/json", "application/problem+json"):
        return
    registry = Registry().with_resource(SPEC_URI, Resource.from_contents(_rewrite(spec), DRAFT202012))
    Draft202012Validator(_rewrite(schema), registry=registry).validate(response.get_json())
