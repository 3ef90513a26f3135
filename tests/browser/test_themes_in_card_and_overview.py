"""End to end in headless chromium: clause quotes, themes beyond the taxonomy and the analysis versions on the card
and the overview."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
import requests

from insight_service import analysis
from tests.records import make_customer, make_feedback
from tests.services.theme_data import theme_records

TICKET = "Mooi toestel, maar de batterij is na een week leeg, bel 06-12345678. Verder prima!"


def _seed(app) -> dict:
    """Five authors per theme (hinge0 is customer H0, who also sent a battery ticket), keys for service and R&D."""
    from sqlalchemy import select

    from insight_service import db
    from insight_service.models import Customer
    from insight_service.services.access.keys import create_key
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.ingest.entry import ingest

    hasher = hasher_from_config(app.config)
    records = theme_records(5)
    for i, record in enumerate(records):
        record["posted_at"] = (datetime.now(timezone.utc) - timedelta(days=3, hours=i)).isoformat()
    records.append(make_feedback("h0-ticket", source="zendesk", channel="ticket", author={"email": "hinge0@mailbox.nl"},
                                 text=TICKET, rating=None, sku="LP-1",
                                 posted_at=(datetime.now(timezone.utc) - timedelta(days=1)).isoformat()))
    with app.app_context(), db.fresh_session() as session:
        ingest(session, "customer", [make_customer("H0", name="Henk Nul", email="hinge0@mailbox.nl")], origin="test",
               hasher=hasher)
        ingest(session, "feedback", records, origin="test", hasher=hasher)
        customer = session.scalar(select(Customer.id).where(Customer.external_id == "H0"))
        _k, service = create_key(session, "agent", "service")
        _k, rnd = create_key(session, "lab", "rnd")
        session.commit()
    return {"customer": customer, "service": service, "rnd": rnd}


@pytest.fixture(scope="module")
def site(live_app, serve):
    """The seeded app served on a free port."""
    seeded = _seed(live_app)
    return {"base": serve(live_app), **seeded}


def test_card_quotes_clauses_and_shows_themes_and_versions(browser, page_errors, site, artifacts):
    response = requests.post(f"{site['base']}/api/v1/customers/{site['customer']}/card-link",
                             headers={"Authorization": f"Bearer {site['service']}"}, timeout=10)
    page, errors = page_errors(browser, 1280)
    assert page.goto(response.json()["url"]).status == 200
    pains = page.locator(".area-pains")
    battery = pains.locator("li.pain").filter(has_text="Battery")
    assert battery.locator("blockquote").inner_text() == "de batterij is na een week leeg, bel [phone]"
    assert battery.locator("blockquote mark").inner_text() == "batterij"
    theme = pains.locator("li.theme")
    assert theme.count() == 1 and "hinge snaps" in theme.locator(".chip-theme").inner_text()
    assert "LP-1 · reported by 5 customers" in theme.inner_text()
    assert theme.locator("blockquote").inner_text() == "The hinge snaps, call me at [phone]"
    theme.locator("a.src-link").click()
    assert page.evaluate("location.hash").startswith("#fb-")
    versions = page.locator("p.versions").inner_text()
    assert f"analyzer {analysis.ANALYZER_VERSION}" in versions and analysis.taxonomy().version in versions
    page.screenshot(path=str(artifacts / "card-themes.png"), full_page=True)
    assert errors == []


def test_overview_lists_themes_beyond_the_taxonomy(browser, page_errors, site, artifacts):
    response = requests.post(f"{site['base']}/api/v1/pain-points/overview-link",
                             headers={"Authorization": f"Bearer {site['rnd']}"}, timeout=10)
    page, errors = page_errors(browser, 1280)
    assert page.goto(response.json()["url"].replace("?t=", "?weeks=4&t=")).status == 200
    table = page.get_by_role("region", name="Themes table")
    rows = table.locator("tbody tr")
    labels = [rows.nth(i).locator("strong").inner_text() for i in range(rows.count())]
    assert set(labels) == {"hinge snaps", "app logs", "fan rattles"}
    hinge = rows.filter(has_text="hinge snaps")
    assert hinge.locator("td.num").all_inner_texts() == ["5", "5"] and hinge.locator("code").inner_text() == "hing snap"
    assert "06-12345678" not in page.content() and "hinge0@" not in page.content() and "Henk" not in page.content()
    head = page.locator(".ov-head").inner_text()
    assert f"analyzer {analysis.ANALYZER_VERSION}" in head and f"taxonomy {analysis.taxonomy().version}" in head
    quotes = page.locator("section[aria-labelledby='h-quotes'] blockquote").all_inner_texts()
    assert quotes and all(len(q.split()) > 1 for q in quotes)  # clauses, not bare keywords
    assert re.search(r"\d", page.locator(".kpis").inner_text())
    page.screenshot(path=str(artifacts / "overview-themes.png"), full_page=True)
    assert errors == []
