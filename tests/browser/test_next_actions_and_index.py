"""In headless chromium: the card's next actions (ranked, 'and N more', held back, handling history), the index
page and the API explorer, all under the strict CSP (any violation is a console error)."""
from __future__ import annotations

import re

import pytest
import requests

from tests.records import granted, make_customer, make_feedback, make_purchase
from tests.services.insight_data import ago

BRAM = {"email": "bram.jansen@mailbox.nl", "name": "Bram Jansen"}


def _ticket(external_id: str, text: str, days: float) -> dict:
    return make_feedback(external_id, source="zendesk", channel="ticket", author={"email": BRAM["email"]}, text=text,
                         rating=None, posted_at=ago(days))


@pytest.fixture(scope="module")
def site(live_app, serve):
    """Bram: eight old open questions, two recent complaints, a glowing review; crm and service keys; the app."""
    from sqlalchemy import select

    from insight_service import db
    from insight_service.models import Customer, Feedback
    from insight_service.services.access.keys import create_key
    from insight_service.services.identity.identifiers import hasher_from_config
    from insight_service.services.ingest.entry import ingest

    hasher = hasher_from_config(live_app.config)
    with live_app.app_context(), db.fresh_session() as session:
        ingest(session, "customer", [make_customer("BRAM-1", consents=[granted("marketing")], **BRAM)],
               origin="test", hasher=hasher)
        ingest(session, "purchase", [make_purchase("BL1", "BRAM-1", amount="720.00", purchased_at=ago(90))],
               origin="test", hasher=hasher)
        ingest(session, "feedback", [
            *[_ticket(f"b-q{i}", f"Hoe stel ik de maalgraad in, deel {i}?", 260 + 10 * i) for i in range(8)],
            _ticket("b-c19", "De machine lekt weer, erg teleurgesteld.", 19),
            _ticket("b-c4", "Kapot na een week, ik wil mijn geld terug.", 4),
            make_feedback("b-review", author={"email": BRAM["email"]}, rating=5, posted_at=ago(30)),
        ], origin="test", hasher=hasher)
        bram = session.scalar(select(Customer.id).where(Customer.external_id == "BRAM-1"))
        ids = dict(session.execute(select(Feedback.external_id, Feedback.id).where(Feedback.customer_id == bram)).all())
        _k, crm = create_key(session, "crm", "crm")
        _k, service = create_key(session, "agents", "service")
    return {"base": serve(live_app), "bram": bram, "crm": crm, "service": service, "ids": ids}


def card_url(site) -> str:
    """A signed crm card link for Bram (the crm role sees every department's actions)."""
    response = requests.post(f"{site['base']}/api/v1/customers/{site['bram']}/card-link",
                             headers={"Authorization": f"Bearer {site['crm']}"}, timeout=10)
    assert response.status_code == 201
    return response.json()["url"]


def test_next_actions_rank_recent_complaints_first_count_the_rest_and_say_what_is_held_back(
        browser, page_errors, site, artifacts):
    page, errors = page_errors(browser, 1280)
    page.goto(card_url(site))
    actions = page.locator(".area-actions")
    reasons = actions.locator("li.action-answer .action-reason").all_inner_texts()
    assert len(reasons) == 5
    assert f"complaint #{site['ids']['b-c4']}" in reasons[0] and f"complaint #{site['ids']['b-c19']}" in " ".join(
        reasons[:2])
    assert re.search(r"and 5 more open items \(10 open: 2 complaints, 8 questions", actions.inner_text())
    assert "Churn risk: high" in page.locator(".badges").inner_text()
    held = actions.locator(".held-back")
    assert held.is_visible() and "an unanswered complaint of the last 30 days" in held.inner_text()
    actions.screenshot(path=str(artifacts / "card-next-actions.png"))
    assert errors == []


def test_the_card_shows_the_handling_history(browser, page_errors, site):
    item = site["ids"]["b-c19"]
    for handler, note in (("Ria", "Sent the manual"), ("Tom", "Called, all clear now")):
        response = requests.post(f"{site['base']}/api/v1/feedback/{item}/handled", json={"handler": handler,
                                 "note": note}, headers={"Authorization": f"Bearer {site['service']}"}, timeout=10)
        assert response.status_code == 200
    assert [h["note"] for h in response.json()["history"]] == ["Sent the manual", "Called, all clear now"]
    page, errors = page_errors(browser, 1280)
    page.goto(card_url(site))
    assert "and 4 more open items" in page.locator(".area-actions").inner_text()
    history = page.locator(f"#fb-{item} .handling-history li").all_inner_texts()
    assert [h.split(" by ")[1] for h in history] == ["Ria: “Sent the manual”", "Tom: “Called, all clear now”"]
    assert errors == []


def test_the_index_links_the_contract_the_explorer_and_sign_in(browser, page_errors, site):
    page, errors = page_errors(browser, 1280)
    assert page.goto(site["base"] + "/").status == 200
    for name, path in (("API explorer", "/docs"), ("The contract", "/openapi.yaml"), ("Sign in", "/login")):
        assert page.get_by_role("link", name=name).get_attribute("href") == path
    page.get_by_role("link", name="API explorer").click()
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)  # the explorer read /openapi.yaml and drew it
    assert page.locator(".opblock-summary-path", has_text="/api/v1/service/queue").count() >= 1
    assert page.locator(".swagger-ui .btn.authorize").is_visible()
    assert errors == [], errors
