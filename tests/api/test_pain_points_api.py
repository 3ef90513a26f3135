"""The R&D routes: aggregate, trends and the streamed export; no person anywhere."""
import io

import pandas as pd
import pytest

from insight_service.services.identifiers import hasher_from_config
from insight_service.services.ingest import ingest
from tests.leaks import assert_absent
from tests.services.pain_data import load_pain_points

PERSONAL = ["klant.c1", "Klant C1", "06-12345678", "jan@mailbox.nl", "ORD-12345", "customer_id"]


@pytest.fixture
def loaded(app, session):
    """The known pain-point data set (tests/services/pain_data.py)."""
    hasher = hasher_from_config(app.config)

    def _ingest(kind, records):
        ingest(session, kind, records, origin="test", hasher=hasher)
        session.commit()

    load_pain_points(_ingest)


def test_aggregate_for_rnd(client, auth, check_response, loaded):
    response = client.get("/api/v1/pain-points?group_by=product,code", headers=auth("rnd"))
    body = check_response(response, "get", "/api/v1/pain-points").get_json()
    assert body["k"] == 5 and body["suppressed_cells"] == 1 and body["taxonomy_version"]
    # 3 of its 10 buyers reported it: fewer than k, so the incidence is not published
    assert [(r["sku"], r["code"], r["buyers"], r["incidence_among_buyers"]) for r in body["rows"]] == \
        [("CM-100", "defect", 10, None)]
    assert_absent(response.get_data(as_text=True), PERSONAL)


def test_bad_dimension_is_422(client, auth, check_response):
    response = client.get("/api/v1/pain-points?group_by=person", headers=auth("rnd"))
    assert check_response(response, "get", "/api/v1/pain-points").status_code == 422


def test_trends(client, auth, check_response, loaded):
    response = client.get("/api/v1/pain-points/trends?weeks=8", headers=auth("rnd"))
    body = check_response(response, "get", "/api/v1/pain-points/trends").get_json()
    assert "8 weeks" in body["rule"] and body["emerging"] == []


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "parquet"])
def test_export_is_a_named_stream(client, auth, loaded, fmt):
    response = client.get(f"/api/v1/pain-points/export?format={fmt}&sku=CM-100", headers=auth("rnd"))
    assert response.status_code == 200 and response.is_streamed
    assert f'.{fmt}"' in response.headers["Content-Disposition"]
    raw = response.get_data()
    if fmt == "csv":
        assert b'"sku": "CM-100"' in raw.split(b"\n\n")[0] or b"CM-100" in raw
        assert pd.read_csv(io.BytesIO(raw), comment="#")["mentions"].tolist() == [5]
    assert_absent(raw.decode("latin-1"), PERSONAL[:-1])


def test_csv_export_matches_the_contract(client, auth, check_response, loaded):
    response = client.get("/api/v1/pain-points/export", headers=auth("sales"))
    assert check_response(response, "get", "/api/v1/pain-points/export").status_code == 200
