"""End to end in headless chromium: the card through a signed link, escaping, expiry, marking handled, the overview."""
from __future__ import annotations

import re
import time

import pytest
import requests

from insight_service.card_tokens import sign
from tests.conftest import TEST_SECRETS
from tests.records import granted, make_customer, make_feedback, make_purchase
from tests.services.insight_data import ago

XSS = 'Kapot na een week <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> slecht!'
ANNA = {"email": "anna.devries@mailbox.nl", "handles": {"twitter": "AnnaDV"}, "name": "Anna de Vries"}


def _seed(app) -> dict:
    """A generated data set through the real ingest pipeline, plus Anna: a complaint, an XSS text, a hidden post."""
    from insight_service import db
    from insight_service.generator import generate
    from insight_service.services.access.keys import create_key
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.ingest.entry import ingest
    from insight_service.services.ingest.loading import load_dataset
    from insight_service.services.privacy.consent_changes import append_consent
    from insight_service.web.demo import latest_feedback_day

    hasher = hasher_from_config(app.config)
    with app.app_context():
        load_dataset(db.fresh_session, generate(120, 1500, 7), origin="demo", hasher=hasher, batch_size=500)
        with db.fresh_session() as session:
            ingest(session, "customer", [make_customer("ANNA-1", consents=[granted(), granted("marketing")],
                                                       **ANNA)], origin="test", hasher=hasher)
            ingest(session, "purchase", [make_purchase("AL1", "ANNA-1", amount="649.00", purchased_at=ago(60)),
                                         make_purchase("AL2", "ANNA-1", sku="KT-200", product_name="Ketel",
                                                       category="kitchen", amount="89.00", purchased_at=ago(20))],
                   origin="test", hasher=hasher)
            ingest(session, "feedback", [
                make_feedback("a-review", author={"email": ANNA["email"]}, rating=5, posted_at=ago(50)),
                make_feedback("a-ticket", source="zendesk", channel="ticket", author={"email": ANNA["email"]},
                              text="Mijn koffiemachine lekt en de accu is na een week leeg, wat nu?", rating=None,
                              posted_at=ago(9)),
                make_feedback("a-xss", source="zendesk", channel="ticket", author={"email": ANNA["email"]},
                              text=XSS, rating=None, posted_at=ago(3)),
                make_feedback("a-tweet", source="twitter", channel="social", party="third", sku=None, rating=None,
                              author={"twitter": "AnnaDV"}, text="@vonk secret tweet kapot", posted_at=ago(5)),
            ], origin="test", hasher=hasher)
            from sqlalchemy import select

            from insight_service.models import Customer

            anna = session.scalar(select(Customer.id).where(Customer.external_id == "ANNA-1"))
            append_consent(session, anna, "social_profiling", "withdrawn", "test")
            _k, service = create_key(session, "agent", "service")
            _k, rnd = create_key(session, "lab", "rnd")
            until = latest_feedback_day(session)
    return {"anna": anna, "service": service, "rnd": rnd, "until": until}


@pytest.fixture(scope="module")
def site(live_app, serve):
    """The seeded app served on a free port: base URL, Anna's id, a service and an R&D key."""
    seeded = _seed(live_app)
    return {"base": serve(live_app), **seeded}


def card_link(site) -> str:
    """A signed card link for Anna from the API, as a service agent's CRM would ask for it."""
    response = requests.post(f"{site['base']}/api/v1/customers/{site['anna']}/card-link",
                             headers={"Authorization": f"Bearer {site['service']}"}, timeout=10)
    assert response.status_code == 201
    return response.json()["url"]


@pytest.mark.parametrize("width", [360, 1280])
def test_card_through_a_signed_link(browser, page_errors, site, artifacts, width):
    page, errors = page_errors(browser, width)
    response = page.goto(card_link(site))
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Anna de Vries"
    assert "ANNA-1" in page.locator(".ids").inner_text()
    sparkline = page.locator("figure.chart-sparkline svg")
    assert sparkline.is_visible() and sparkline.locator("title").text_content() == "Monthly sentiment"
    assert page.locator("figure.chart-gauge svg").is_visible()
    note = page.locator(".privacy-note")
    assert "public posts not shown: no social_profiling consent" in note.inner_text()
    assert "secret tweet" not in page.content()
    # the XSS payload shows as text and never runs
    # (in the timeline and in the pain point's quoted clause, both escaped text)
    assert page.get_by_text("<script>window.__xss = 1</script>", exact=False).count() == 2
    assert page.evaluate("window.__xss") is None
    assert page.locator(".timeline img, .timeline script").count() == 0
    # keyboard: the first Tab lands on the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.screenshot(path=str(artifacts / f"card-{width}.png"), full_page=True)
    assert errors == []


def test_expired_link_is_refused(browser, page_errors, site):
    page, errors = page_errors(browser, 1280)
    token, _e = sign(TEST_SECRETS["SECRET_KEY"], "card", "service", site["anna"], 900, now=time.time() - 901)
    response = page.goto(f"{site['base']}/cards/{site['anna']}?t={token}")
    assert response.status == 410
    assert page.locator("h1").inner_text() == "Link expired"
    assert page.get_by_role("link", name="Sign in with an API key").is_visible()
    assert [e for e in errors if "status of 410" not in e] == []  # chromium logs the refused document itself


def test_mark_a_complaint_handled(browser, page_errors, site):
    page, errors = page_errors(browser, 1280)
    page.goto(card_link(site))
    action = page.locator(".area-actions li.action-answer").first
    ticket = int(re.search(r"#(\d+)", action.locator(".action-reason").inner_text()).group(1))
    action.locator("summary").click()
    action.get_by_label("Note for the record").fill("Called Anna, a new seal is on its way")
    action.get_by_role("button", name=f"Mark #{ticket} handled").click()
    page.wait_for_url(re.compile(rf"handled={ticket}"))
    assert f"Complaint #{ticket} is marked handled" in page.locator(".notice").inner_text()
    assert "Called Anna, a new seal is on its way" in page.locator(f"#fb-{ticket}").inner_text()
    queue = requests.get(f"{site['base']}/api/v1/service/queue?limit=500",
                         headers={"Authorization": f"Bearer {site['service']}"}, timeout=10).json()["items"]
    assert ticket not in [item["id"] for item in queue]
    assert errors == []


def test_overview_and_an_export(browser, page_errors, site, artifacts):
    response = requests.post(f"{site['base']}/api/v1/pain-points/overview-link",
                             headers={"Authorization": f"Bearer {site['rnd']}"}, timeout=10)
    url = response.json()["url"].replace("?t=", f"?weeks=26&until={site['until']}&t=")
    page, errors = page_errors(browser, 1280)
    assert page.goto(url).status == 200
    assert page.locator("h1").inner_text() == "Pain-point overview"
    assert page.locator("figure.chart-bars svg").count() >= 2 and page.locator("figure.chart-lines svg").count() == 1
    assert "Anna de Vries" not in page.content() and "anna.devries" not in page.content()
    page.get_by_label("Period").select_option("52")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"weeks=52"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    saved = artifacts / download.suggested_filename
    download.save_as(str(saved))
    text = saved.read_text()
    assert "# taxonomy_version" in text and "mentions" in text and "anna" not in text.lower()
    page.screenshot(path=str(artifacts / "overview.png"), full_page=True)
    assert errors == []
