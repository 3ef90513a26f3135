"""The access-log redaction: gunicorn's atoms and the development server's request line."""
import logging
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from insight_service.access_log import ROUTE_KEY, DevServerFilter, RedactingLogger, redact_path

TOKEN = "eyJzZWNyZXQiOiJ0b2tlbiJ9.c2lnbmF0dXJl"
CUSTOMER = "918273645"


def test_gunicorn_atoms_hold_the_route_and_no_query_credential_or_personal_header():
    # an id of 9 digits: no timestamp, pid or duration atom can hold it by chance ("42" matched 08:42:38)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/cards/{CUSTOMER}?t={TOKEN}", "PATH_INFO": f"/cards/{CUSTOMER}",
               "QUERY_STRING": f"t={TOKEN}", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_REFERER": f"https://crm/?t={TOKEN}",
               "HTTP_AUTHORIZATION": "Basic YTpi", ROUTE_KEY: "/cards/<int:customer_id>"}
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[("Set-Cookie", "insight_session=abc"),
                                                              ("X-Request-ID", "rid-1")])
    req = SimpleNamespace(headers=[("Cookie", "insight_session=abc"), ("Authorization", "Bearer k"),
                                   ("User-Agent", "probe")])
    atoms = RedactingLogger(Config()).atoms(resp, req, environ, timedelta(milliseconds=12))
    text = repr(atoms)
    for secret in (TOKEN, CUSTOMER, "insight_session=abc", "Bearer k", "YTpi"):
        assert secret not in text, secret
    assert atoms["r"] == "GET /cards/<int:customer_id> HTTP/1.1" and atoms["{x-request-id}o"] == "rid-1"
    assert atoms["{user-agent}i"] == "probe" and atoms["M"] == 12


def test_unmatched_paths_keep_only_words_that_routes_use():
    words = frozenset({"api", "v1", "customers"})
    assert redact_path("/api/v1/customers/jan@example.nl/7", words) == "/api/v1/customers/:x/:x"


def test_the_development_server_line_loses_its_query_and_ids():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s %s',
                               (f"GET /cards/42?t={TOKEN}&email=a@b.nl HTTP/1.1", "200", "-"), None)
    DevServerFilter().filter(record)
    assert record.getMessage() == '"GET /cards/:x HTTP/1.1" 200 -'
