"""Liveness, readiness, the served contract and request ids."""


def test_healthz_is_up(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_reports_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["database"] == "ok"


def test_served_contract_equals_published_file(client):
    from pathlib import Path

    published = Path(__file__).resolve().parents[2].joinpath("openapi.yaml").read_text()
    assert client.get("/openapi.yaml").get_data(as_text=True) == published


def test_request_id_is_echoed_or_assigned(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    assigned = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"}).headers["X-Request-ID"]
    assert len(assigned) == 32 and " " not in assigned
