"""The pain-point overview: access by link or session, de-identified exactly like the API, filters, exports."""
import io
import re
import time

import pandas as pd
import pytest
from sqlalchemy import select

from insight_service.card_tokens import sign
from insight_service.models import AuditLog
from tests.leaks import assert_absent
from tests.services.pain_data import load_pain_points

SECRET = "test-secret-key-" + "x9" * 16
PERSONAL = ["klant.c1", "Klant C1", "06-12345678", "jan@mailbox.nl", "ORD-12345", "vreemde1", "kt1@"]


@pytest.fixture
def loaded(ingest_into):
    """The known pain-point data set: CM-100 'defect' by 5 authors, KT-200 by only 4 (suppressed)."""
    load_pain_points(ingest_into)


def overview_url(client, auth, role="rnd") -> str:
    """A signed overview link from the API, as a path."""
    response = client.post("/api/v1/pain-points/overview-link", headers=auth(role))
    assert response.status_code == 201
    return re.sub(r"^https?://[^/]+", "", response.get_json()["url"])


def test_overview_by_signed_link_is_de_identified(client, auth, session, loaded, check_response):
    response = client.post("/api/v1/pain-points/overview-link", headers=auth("rnd"))
    body = check_response(response, "post", "/api/v1/pain-points/overview-link").get_json()
    assert body["view"] == "overview" and body["customer_id"] is None and body["role"] == "rnd"
    page = client.get(re.sub(r"^https?://[^/]+", "", body["url"]))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "Pain-point overview" in html and "CM-100" in html and "Product defect or breakage" in html
    assert "KT-200" not in html  # 4 authors: under k, suppressed
    assert re.search(r'<span class="kpi-value">1</span><span class="kpi-label">groups under 5', html)
    assert_absent(html, PERSONAL)
    assert "[phone]" in html or "kapot" in html  # quotes are the scrubbed spans
    session.expire_all()
    [entry] = session.scalars(select(AuditLog).where(AuditLog.action == "pain_points.read")).all()
    assert entry.actor.startswith("card-link:rnd:") and entry.detail["view"] == "overview"


def test_charts_have_text_alternatives(client, auth, loaded):
    html = client.get(overview_url(client, auth)).get_data(as_text=True)
    assert html.count('role="img"') >= 3 and "<title id=" in html and "<desc id=" in html
    assert html.count('<div class="sr-only"><table>') >= 3


@pytest.mark.parametrize("role", ["crm", "admin"])
def test_overview_link_roles(client, auth, role):
    status = client.post("/api/v1/pain-points/overview-link", headers=auth(role)).status_code
    assert status == (403 if role == "crm" else 201)


def test_refused_without_the_pain_points_area(client, make_key):
    crm_token, _e = sign(SECRET, "overview", "crm", None, 900)
    assert client.get(f"/pain-points?t={crm_token}").status_code == 403
    card_token, _e = sign(SECRET, "card", "rnd", 1, 900)
    assert client.get(f"/pain-points?t={card_token}").status_code == 403
    expired, _e = sign(SECRET, "overview", "rnd", None, 900, now=time.time() - 1000)
    assert client.get(f"/pain-points?t={expired}").status_code == 410
    page = client.get("/pain-points")
    assert page.status_code == 401 and "/login?next=/pain-points" in page.get_data(as_text=True)
    form = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert client.post("/login", data={"api_key": make_key("crm"), "csrf": csrf}).status_code == 303
    assert client.get("/pain-points").status_code == 403


def test_signed_in_session_with_filters_in_the_url(client, make_key, loaded):
    form = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    response = client.post("/login", data={"api_key": make_key("sales"), "csrf": csrf})
    assert response.headers["Location"] == "/pain-points"
    html = client.get("/pain-points?weeks=52&sku=CM-100&source=webshop&language=").get_data(as_text=True)
    assert '<option value="52" selected>' in html and '<option value="CM-100" selected>' in html
    assert "/pain-points/export.csv?weeks=52&amp;sku=CM-100&amp;source=webshop" in html
    empty = client.get("/pain-points?sku=NOPE").get_data(as_text=True)
    assert "CM-100 · Product defect" not in empty and "nothing to show for these filters" in empty
    bad = client.get("/pain-points?weeks=7")
    assert bad.status_code == 400 and bad.mimetype == "text/html" and "weeks" in bad.get_data(as_text=True)


@pytest.mark.parametrize("fmt, mimetype", [("csv", "text/csv"), ("parquet", "application/vnd.apache.parquet"),
                                           ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml"
                                                    ".sheet")])
def test_exports_from_the_overview(client, auth, session, loaded, fmt, mimetype):
    url = overview_url(client, auth).replace("/pain-points?", f"/pain-points/export.{fmt}?sku=CM-100&")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == mimetype
    assert f'.{fmt}"' in response.headers["Content-Disposition"]
    raw = response.get_data()
    if fmt == "csv":
        assert pd.read_csv(io.BytesIO(raw), comment="#")["mentions"].tolist() == [5]
    assert_absent(raw.decode("latin-1"), PERSONAL)
    session.expire_all()
    [entry] = session.scalars(select(AuditLog).where(AuditLog.action == "pain_points.export")).all()
    assert entry.detail == {"format": fmt, "via": "overview"}


def test_overview_shows_themes_beyond_the_taxonomy_and_the_versions(client, auth, ingest_into):
    from datetime import datetime, timedelta, timezone

    from insight_service import analysis
    from tests.services.theme_data import theme_records

    records = theme_records(5)
    for i, record in enumerate(records):
        record["posted_at"] = (datetime.now(timezone.utc) - timedelta(days=3, hours=i)).isoformat()
    ingest_into("feedback", records)
    html = client.get(overview_url(client, auth)).get_data(as_text=True)
    section = html[html.index('id="h-themes"'):html.index('id="h-quotes"')]
    assert "hinge snaps" in section and "app logs" in section and "fan rattles" in section
    assert "sticker" not in section and "strap" not in section  # one-off noise
    assert "[phone]" in section or "The hinge snaps" in section
    assert f"analyzer {analysis.ANALYZER_VERSION}" in html and f"taxonomy {analysis.taxonomy().version}" in html
    assert_absent(html, ["06-12345678", "jan@mailbox.nl", "hinge0@", "www.example.com"])


def test_an_end_day_before_the_calendar_can_hold_the_trends_is_400(client, auth):
    """Year 1 minus 52 weeks leaves the calendar: a refused filter, not a 500."""
    response = client.get(overview_url(client, auth) + "&weeks=52&until=0001-01-02")
    assert response.status_code == 400
