"""The route decorator: authorise, load, call one service, dump, and describe it for OpenAPI."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from flask import Blueprint, Response, abort, current_app, json, jsonify, request
from marshmallow import Schema

from ..auth import require
from ..errors import ApiError
from ..schemas.dumping import compiled_dump
from ..schemas.nul_characters import nul_fields
from ..schemas.surrogates import ESCAPE, MESSAGE, surrogate_fields

MAX_ID = 2**31 - 1  # ids are INTEGER columns (int4 on PostgreSQL): a bigger id names nothing, and would overflow


@dataclass(frozen=True)
class ApiDoc:
    """What OpenAPI needs to know about one route."""

    method: str
    area: str | None
    summary: str
    tag: str
    body: type[Schema] | Schema | None = None
    body_doc: type[Schema] | Schema | None = None
    query: type[Schema] | None = None
    response: type[Schema] | Schema | None = None
    status: int = 200
    content_type: str | tuple[str, ...] = "application/json"
    description: str = ""
    errors: tuple[int, ...] = field(default_factory=tuple)


_INSTANCES: dict[type, Schema] = {}


def _instance(schema):
    """The one instance of a schema class (load and dump keep no state on it)."""
    # making one deep-copies its fields, then each nested schema's on first use: about 3 ms of an insight call
    if not isinstance(schema, type):
        return schema
    found = _INSTANCES.get(schema)
    return found if found is not None else _INSTANCES.setdefault(schema, schema())


def dump(schema: Schema, result) -> object:
    """The schema's dump of a view's result (compiled: schemas/dumping.py); in testing mode, checked against
    marshmallow's own dump, byte for byte as JSON, so every API test checks the compiled dump too."""
    data = compiled_dump(schema)(result)
    if current_app.testing:
        expected = schema.dump(result)
        if json.dumps(data, sort_keys=False) != json.dumps(expected, sort_keys=False):
            raise AssertionError(f"the compiled dump of {type(schema).__name__} differs from marshmallow's")
    return data


def load_json_body(schema) -> object:
    """Parse and validate the JSON body; 415 for another type, 400 for malformed JSON."""
    if not request.is_json:
        raise ApiError(415, "Unsupported Media Type", "Send the body as application/json.",
                       [{"field": "Content-Type", "message": "must be application/json"}])
    limit = request.max_content_length
    if limit and request.content_length is None and len(request.get_data(cache=True)) >= limit:
        # werkzeug silently cuts a body without Content-Length (chunked) off at the limit: 413, never parse a stump
        abort(413)
    try:
        data = request.get_json(silent=False)
    except Exception:  # werkzeug raises BadRequest; deep nesting raises RecursionError
        data = None
    if data is None:
        raise ApiError(400, "Bad Request", "The body is not valid JSON (UTF-8).",
                       [{"field": "body", "message": "malformed JSON"}], "malformed-json")
    raw = request.get_data(cache=True)
    # a body whose records the ingest checks one by one (`checked_inside`) sends a record with a NUL or a lone
    # surrogate to quarantine instead of refusing the whole body
    inside = getattr(schema, "checked_inside", ())
    outside = {k: v for k, v in data.items() if k not in inside} if inside and isinstance(data, dict) else data
    # JSON strings hold a NUL only as the escape \u0000 (a raw control character is invalid JSON, and a
    # UTF-16 or UTF-32 body has zero bytes anyway), so a body with neither cannot hold one: skip the walk.
    if b"\x00" in raw or b"\\u0000" in raw:
        refuse_nul(outside)
    if ESCAPE.search(raw):
        refuse_surrogates(outside)
    return _instance(schema).load(data)


def load_query(schema) -> dict:
    """Validate query parameters (unknown parameters are errors, repeated ones are lists)."""
    args = {k: (v if len(v) > 1 else v[0]) for k, v in request.args.lists()}
    refuse_nul(args)
    return _instance(schema).load(args)


def refuse_nul(data) -> None:
    """422 for NUL characters anywhere: PostgreSQL refuses them in text and JSON, so they would end as a 500."""
    fields = nul_fields(data)
    if fields:
        raise ApiError(422, "Unprocessable Content", "The request did not validate.",
                       [{"field": f, "message": "must not contain NUL characters"} for f in fields[:20]], "validation")


def refuse_surrogates(data) -> None:
    """400 for lone surrogates (no encoder takes them); the caller leaves out what batches quarantine."""
    fields = surrogate_fields(data)
    if fields:
        raise ApiError(400, "Bad Request", "The body holds text that is not valid Unicode.",
                       [{"field": f, "message": MESSAGE} for f in fields[:20]], "invalid-unicode")


def endpoint(bp: Blueprint, rule: str, *, method: str = "GET", area: str | None, summary: str,
             body=None, body_doc=None, query=None, response=None, status: int = 200,
             content_type: str | tuple[str, ...] = "application/json", description: str = "", errors: tuple = ()):
    """Register a view whose arguments are the path params plus loaded `body` and `query`.

    `body_doc` documents the body when what is loaded is looser (batches quarantine bad records).
    """

    def decorator(fn):
        @wraps(fn)
        def view(**path):
            if area is not None:
                require(area)
            kwargs = dict(path)
            for name, value in path.items():
                if isinstance(value, int) and value > MAX_ID:
                    raise ApiError(404, "Not Found", f"No such {name}.", [{"field": name, "message": "unknown"}])
            if body is not None:
                kwargs["body"] = load_json_body(body)
            if query is not None:
                kwargs["query"] = load_query(query)
            result = fn(**kwargs)
            if isinstance(result, Response):
                return result
            code = status
            if isinstance(result, tuple):
                result, code = result
            data = dump(_instance(response), result) if response is not None else result
            return jsonify(data), code

        view.api_doc = ApiDoc(method, area, summary, bp.name, body, body_doc or body, query, response, status,
                              content_type, description or (fn.__doc__ or "").strip(), tuple(errors))
        bp.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=[method])
        return view

    return decorator
