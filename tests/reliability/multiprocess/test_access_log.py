"""The access log of a real gunicorn server, as `insight-service serve` runs it: routes, never request lines.

Customer look-ups by e-mail, signed card and overview links (`?t=`, bearer credentials) and customer ids in
paths are all sent to the server; the log must hold none of them, and still say route, status, time and
request id of every call.
"""
from __future__ import annotations

import re

import pytest
import requests

from tests.records import make_customer
from tests.reliability.multiprocess.live_server import TIMEOUT, process_env, serving

EMAIL = "log.probe@mailbox.nl"
CRM_ID = "LOG-PROBE-4711"


@pytest.fixture(scope="module")
def default_server(shared_db, tmp_path_factory):
    """One gunicorn worker with the access-log format `serve` uses (to a file instead of stdout)."""
    with serving(process_env(shared_db), tmp_path_factory.mktemp("access"), 1, access_format=None) as live:
        yield live


def test_the_access_log_holds_routes_statuses_and_request_ids_but_no_query_ids_or_tokens(default_server, auth):
    crm, base = auth("crm"), default_server.url
    pushed = requests.post(f"{base}/api/v1/customers", json={"records": [make_customer(CRM_ID, email=EMAIL)]},
                           headers=crm, timeout=TIMEOUT)
    assert pushed.status_code == 200, pushed.text
    found = requests.get(f"{base}/api/v1/customers", params={"email": EMAIL}, headers=crm, timeout=TIMEOUT)
    cid = found.json()["items"][0]["id"]
    link = requests.post(f"{base}/api/v1/customers/{cid}/card-link", headers=auth("service"), timeout=TIMEOUT)
    token = re.search(r"[?&]t=([^&]+)", link.json()["url"])[1]
    sent = {"lookup": found.headers["X-Request-ID"]}
    for name, path in (("card", f"/cards/{cid}?t={token}"), ("insight", f"/api/v1/customers/{cid}/insight"),
                       ("missing", f"/api/v1/nowhere/{EMAIL}/{cid}?t={token}"),
                       ("forged", f"/cards/{cid}?t={token[:-4]}AAAA&email={EMAIL}")):
        response = requests.get(base + path, headers=crm if name == "insight" else {}, timeout=TIMEOUT)
        assert response.status_code < 500, response.text
        sent[name] = response.headers["X-Request-ID"]
    default_server.stop()  # flushes the log
    log = default_server.access_log.read_text()
    for secret in (EMAIL, EMAIL.replace("@", "%40"), token, token[:20], CRM_ID, f"/{cid} ", f"/{cid}/", "email="):
        assert secret not in log, f"{secret!r} in the access log:\n{log}"
    lines = {name: next(line for line in log.splitlines() if rid in line) for name, rid in sent.items()}
    assert '"GET /api/v1/customers HTTP/1.1" 200' in lines["lookup"]
    assert '"GET /cards/<int:customer_id> HTTP/1.1" 200' in lines["card"]
    assert '"GET /api/v1/customers/<int:customer_id>/insight HTTP/1.1" 200' in lines["insight"]
    assert '"GET /api/v1/:x/:x/:x HTTP/1.1" 404' in lines["missing"]
    assert " 403 " in lines["forged"] and re.search(r" \d+ms$", lines["forged"])
    assert re.match(r"^\[\d{2}/\w{3}/\d{4}:", lines["lookup"])  # the time, first
