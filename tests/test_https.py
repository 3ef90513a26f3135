"""HSTS over HTTPS only, and X-Forwarded-Proto believed only from the configured number of proxies."""
import pytest

from insight_service import create_app
from tests.conftest import TEST_SECRETS


@pytest.fixture
def app_behind_proxy(db_url):
    """The app configured behind one proxy that terminates TLS."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": db_url, **TEST_SECRETS, "PROXY_HOPS": 1})
    yield application
    application.extensions["db_engine"].dispose()


def test_hsts_is_sent_over_https_and_not_over_http(client):
    secure = client.get("/login", base_url="https://insight.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert client.get("/healthz", base_url="https://insight.example").headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_a_forwarded_proto_counts_only_behind_a_configured_proxy(client, app_behind_proxy):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert "Strict-Transport-Security" not in client.get("/login", headers=forwarded).headers  # no proxy configured
    behind = app_behind_proxy.test_client().get("/login", headers=forwarded)
    assert behind.headers["Strict-Transport-Security"] == "max-age=31536000"
