"""The R&D routes: aggregate, trends and the streamed export; no person anywhere."""
import io
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from insight_service.services.identity.identifiers import hasher_from_config
from insight_service.services.ingest.entry import ingest
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


@pytest.fixture
def themed(app, session):
    """The theme data set (tests/services/theme_data.py), posted days ago."""
    from tests.services.theme_data import theme_records

    hasher = hasher_from_config(app.config)
    records = theme_records(5)
    for i, record in enumerate(records):  # relative to now, so the default window holds them
        record["posted_at"] = (datetime.now(timezone.utc) - timedelta(days=3, hours=i)).isoformat()
    ingest(session, "feedback", records, origin="test", hasher=hasher)
    session.commit()


def test_themes_for_rnd(client, auth, check_response, themed):
    response = client.get("/api/v1/pain-points/themes?weeks=4", headers=auth("rnd"))
    body = check_response(response, "get", "/api/v1/pain-points/themes").get_json()
    assert {(t["sku"], t["label"]) for t in body["themes"]} >= {("LP-1", "hinge snaps"), ("PH-2", "app logs")}
    assert body["k"] == 5 and body["analyzer_version"] and body["taxonomy_version"] and "emerging" in body["rule"]
    assert_absent(response.get_data(as_text=True), ["06-12345678", "jan@mailbox.nl", "hinge0@", "mailbox"])


def test_themes_follow_the_pain_point_roles(client, auth, check_response):
    """Every role that may read the de-identified pain points may read themes; the CRM's key may not."""
    response = client.get("/api/v1/pain-points/themes", headers=auth("crm"))
    assert check_response(response, "get", "/api/v1/pain-points/themes").status_code == 403
    assert client.get("/api/v1/pain-points/themes", headers=auth("marketing")).status_code == 200


def test_themes_bad_window_is_422(client, auth, check_response):
    response = client.get("/api/v1/pain-points/themes?weeks=0", headers=auth("rnd"))
    assert check_response(response, "get", "/api/v1/pain-points/themes").status_code == 422


def test_export_lists_themes_beside_the_codes(client, auth, themed):
    response = client.get("/api/v1/pain-points/export?format=csv", headers=auth("rnd"))
    text = response.get_data(as_text=True)
    frame = pd.read_csv(io.StringIO(text), comment="#")
    themes = frame[frame["code"].str.startswith("theme:")]
    assert set(themes["code"]) >= {"theme:hing snap", "theme:app log", "theme:fan rattl"}
    assert (themes["distinct_authors"] >= 5).all() and "hinge snaps" in set(themes["code_label"])
    assert "# themes:" in text and "# analyzer_version:" in text
    assert_absent(text, ["06-12345678", "jan@mailbox.nl", "hinge0@", "www.example.com"])
    by_period = client.get("/api/v1/pain-points/export?format=csv&group_by=period,code", headers=auth("rnd"))
    assert "\"theme:" not in by_period.get_data(as_text=True)  # a theme has no period: only the note names it


@pytest.mark.parametrize("path", ["/api/v1/pain-points/themes", "/api/v1/pain-points/trends"])
def test_an_until_before_the_calendar_can_hold_the_series_is_422(client, auth, check_response, path):
    """The series reach 112 weeks back from `until`: year 1 would leave the calendar (it was a 500)."""
    response = client.get(f"{path}?weeks=104&until=0001-03-01T00:00:00Z", headers=auth("rnd"))
    assert check_response(response, "get", path).status_code == 422
    assert "until" in response.get_data(as_text=True)
    # the earliest instant every API timestamp accepts (year 0011) leaves room for the series: no 500, as documented
    earliest = client.get(f"{path}?weeks=104&until=0011-01-01T00:00:00Z", headers=auth("rnd"))
    assert check_response(earliest, "get", path).status_code == 200
