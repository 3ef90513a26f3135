"""Property-based requests from openapi.yaml (schemathesis), with a key of every role the operation allows.

Each operation gets a fixed number of derandomised examples per role: no 5xx, only documented statuses,
bodies valid against their schemas, and every error a problem document.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, \
    status_code_conformance

from insight_service.auth import ROLES
from insight_service.services.exports import FORMATS as EXPORT_TYPES
from tests.reliability.conftest import assert_problem, push_seed
from tests.spec_check import assert_matches

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
SCHEMA = schemathesis.openapi.from_path(SPEC)
SPEC_DICT = yaml.safe_load(SPEC.read_text())
EXAMPLES = 12
MIN_EXAMPLES = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXPORT = ("GET", "/api/v1/pain-points/export")
EXPORT_DOCUMENTED = set(EXPORT_TYPES.values()) <= set(
    SPEC_DICT["paths"][EXPORT[1]]["get"]["responses"]["200"].get("content", {}))
# Until openapi.yaml documents every export format, the export's type is checked against `format` instead;
# test_export_documents_every_format records the gap.
ONE_TYPE_DOCUMENTED = set() if EXPORT_DOCUMENTED else {EXPORT}
PARTIAL = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _cases() -> list:
    out = []
    operations = [result.ok() for result in SCHEMA.get_all_operations()]
    # erasures last, so the reads before them still find the seeded customer
    for operation in sorted(operations, key=lambda op: (op.method.upper() == "DELETE", op.path, op.method)):
        roles = operation.definition.raw.get("x-roles", [])
        for role in roles:
            # about EXAMPLES per operation, shared by the roles that may use it (at least MIN_EXAMPLES each)
            out.append(pytest.param(operation.method.upper(), operation.path, role,
                                    max(MIN_EXAMPLES, EXAMPLES // len(roles)),
                                    id=f"{operation.method.upper()} {operation.path} {role}"))
    return out


@pytest.fixture(scope="module")
def fuzz_app(database, tmp_path_factory):
    """One seeded app per backend for the whole module (examples add to it), with a key per role."""
    import shutil

    from insight_service import create_app, db
    from insight_service.services.keys import create_key
    from tests.conftest import TEST_SECRETS, _clean_postgres

    backend, where = database
    tmp = tmp_path_factory.mktemp("fuzz")
    if backend == "sqlite":
        shutil.copy(where, tmp / "fuzz.sqlite")
        url = f"sqlite:///{tmp / 'fuzz.sqlite'}"
    else:
        _clean_postgres(where)
        url = where
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": url, **TEST_SECRETS, "INSTANCE_TMP": str(tmp)})
    headers = {}
    with app.app_context(), db.fresh_session() as sess:
        for role in ROLES:
            headers[role] = {"Authorization": f"Bearer {create_key(sess, 'fuzz', role)[1]}"}
    push_seed(app.test_client(), headers["crm"])
    yield app, headers
    app.extensions["db_engine"].dispose()


@pytest.mark.parametrize(("method", "path", "role", "examples"), _cases())
def test_operation_with_each_allowed_role(fuzz_app, method, path, role, examples):
    app, keys = fuzz_app
    operation = SCHEMA[path][method]
    headers = keys[role]

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS if (method, path) not in ONE_TYPE_DOCUMENTED else PARTIAL)
        assert response.status_code < 500
        answer = Answer(response)
        if (method, path) in ONE_TYPE_DOCUMENTED and response.status_code == 200:
            assert answer.mimetype == EXPORT_TYPES[case.query.get("format", "csv")], answer.mimetype
        else:
            assert_matches(SPEC_DICT, answer, method, path)
        if response.status_code >= 400:
            assert_problem(answer)

    check()


class Answer:
    """A schemathesis response seen through the small interface the shared checks use."""

    def __init__(self, response):
        self.status_code = response.status_code
        content_type = (response.headers.get("content-type") or [""])[0]
        self.mimetype = content_type.split(";")[0].strip()
        self.content = response.content

    def get_json(self):
        """The body parsed as JSON."""
        return json.loads(self.content)


@pytest.mark.xfail(not EXPORT_DOCUMENTED, strict=True, reason="contract gap: openapi.py documents only text/csv for the export; the "
                   "route also answers json, xlsx and parquet (reported; openapi.py is outside this suite's paths)")
def test_export_documents_every_format():
    assert EXPORT_DOCUMENTED
