"""Property-based requests from openapi.yaml (schemathesis), with a key of every role the operation allows.

Each operation gets a bounded number of derandomised examples per role, valid and invalid ones, checked with
every schemathesis check (as `schemathesis run --checks all`): no 5xx, only documented statuses and content
types, bodies valid against their schemas, schema-valid requests accepted, schema-violating ones refused, auth
never ignored; and every error a problem document.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from insight_service.auth import ROLES
from tests.reliability.conftest import assert_problem, push_seed
from tests.spec_check import assert_matches

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
SCHEMA = schemathesis.openapi.from_path(SPEC)
SPEC_DICT = yaml.safe_load(SPEC.read_text())
load_all_checks()
ALL_CHECKS = CHECKS.get_all()  # `--checks all`
# Examples per operation and mode, shared by the roles that may use it (at least MIN_EXAMPLES each): about
# 32 operations x 2 modes keeps the run to a few minutes per database.
EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 6}
MIN_EXAMPLES = 2


def _takes_input(operation) -> bool:
    """Whether anything but the key can be sent wrong (path, query or body): otherwise no invalid case exists."""
    raw = operation.definition.raw
    return bool(raw.get("parameters") or raw.get("requestBody"))


def _cases() -> list:
    out = []
    operations = [result.ok() for result in SCHEMA.get_all_operations()]
    # erasures last, so the reads before them still find the seeded customer
    for operation in sorted(operations, key=lambda op: (op.method.upper() == "DELETE", op.path, op.method)):
        roles = operation.definition.raw.get("x-roles", [])
        modes = [m for m in EXAMPLES if m is GenerationMode.POSITIVE or _takes_input(operation)]
        for mode in modes:
            for role in roles:
                out.append(pytest.param(operation.method.upper(), operation.path, role, mode,
                                        max(MIN_EXAMPLES, EXAMPLES[mode] // len(roles)),
                                        id=f"{operation.method.upper()} {operation.path} {role} {mode.value}"))
    return out


@pytest.fixture(scope="module")
def fuzz_app(database, tmp_path_factory):
    """One seeded app per backend for the whole module (examples add to it), with a key per role."""
    import shutil

    from insight_service import create_app, db
    from insight_service.services.access.keys import create_key
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
    SCHEMA.app = app  # every request goes to this app, the checks' own probes (ignored_auth) too
    yield app, headers
    SCHEMA.app = None
    app.extensions["db_engine"].dispose()


@pytest.mark.parametrize(("method", "path", "role", "mode", "examples"), _cases())
def test_operation_with_each_allowed_role(fuzz_app, method, path, role, mode, examples):
    app, keys = fuzz_app
    operation = SCHEMA[path][method]
    headers = keys[role]

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=ALL_CHECKS, headers=headers, transport_kwargs={"app": app})
        assert response.status_code < 500
        answer = Answer(response)
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
