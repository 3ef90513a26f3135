"""After erasure, opt-out and withdrawal: no table, API response, export or log line holds what must be gone.

Eva has a CRM record, a purchase, a review, a ticket with a handling note, a tweet, a Facebook comment and a
quarantined record; six other authors make the pain-point cells large enough (k) to carry quotes. The needles
per action follow DESIGN.md section 4: an erasure removes everything about her; an opt-out removes her texts
and the identifiers that came with them (her CRM record stays: she is still a customer); a withdrawal of
social_profiling removes her public posts and handles. Logs must never hold any of it, at any time.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import re

import pytest

from tests.leaks import assert_absent, table_dump
from tests.records import granted, make_customer, make_feedback, make_purchase

EMAIL, CRM_ID, NAME = "eva.mulder@mailbox.nl", "CRM-EVA-4711", "Eva Mulder"
PHONES = ["+31 6 3816 2947", "+31638162947", "0638162947", "06-38162947", "06 3816 2947", "0031638162947"]
TWITTER, FACEBOOK = "evamulder42", "eva.mulder.77"
TWEET_URL = f"https://x.com/{TWITTER}/status/42"
REVIEW = "Eerste review: het melkreservoir lekt en de machine is kapot binnen een week"
TICKET = "Ticket: de bonenmolen is kapot en maakt een piepend geluid, graag een oplossing"
TWEET = "Tweet: mijn espressomachine lekt alweer, slechte kwaliteit #nooitmeer"
COMMENT = "Commentaar: de stoompijp is kapot, wat een teleurstelling"
NOTE = "Eva teruggebeld op 0638162947, nieuwe molen gestuurd"
QUARANTINED = "Quarantaine: mijn machine is kapot en lekt water"
SOCIAL = [TWEET, COMMENT, TWITTER, FACEBOOK, TWEET_URL]
TEXTS = [REVIEW, TICKET, TWEET, COMMENT, NOTE, QUARANTINED]
IDENTIFIERS = [EMAIL, CRM_ID, NAME, TWITTER, FACEBOOK, TWEET_URL, *PHONES]
NEEDLES = {
    "erasure": TEXTS + IDENTIFIERS,
    "opt_out": [REVIEW, TICKET, TWEET, COMMENT, NOTE, QUARANTINED, TWITTER, FACEBOOK, TWEET_URL],
    "withdrawal": SOCIAL,
}


def others() -> list[dict]:
    """Six other reviewers of the same product with the same pain points, so cells reach k."""
    out = []
    for i in range(6):
        out.append(make_feedback(f"o{i}", author={"email": f"ander{i}@mailbox.nl"}, rating=2,
                                 text=f"De machine lekt en is kapot na {i + 2} weken, jammer"))
        out.append(make_feedback(f"os{i}", source="twitter", channel="social", party="third", rating=None,
                                 author={"twitter": f"ander{i}"}, text=f"Espressomachine lekt alweer ({i})"))
    return out


@pytest.fixture
def eva(client, auth, caplog):
    """Eva's full history pushed through the API, plus the other authors; returns her customer id."""
    caplog.set_level(logging.DEBUG)
    crm = auth("crm")
    consents = [granted(), granted("marketing"), granted("testimonial")]
    batches = {
        "customers": [make_customer(CRM_ID, name=NAME, email=EMAIL, phone=PHONES[0],
                                    handles={"twitter": TWITTER, "facebook": FACEBOOK}, consents=consents)],
        "purchases": [make_purchase("EVA-L1", CRM_ID, order_id="EVA-O1")],
        "feedback": [
            make_feedback("e1", author={"email": EMAIL, "name": NAME}, text=REVIEW, rating=1),
            make_feedback("e2", source="zendesk", channel="ticket", author={"phone": PHONES[2]}, rating=None,
                          text=TICKET),
            make_feedback("e3", source="twitter", channel="social", party="third", author={"twitter": "@" + TWITTER},
                          rating=None, text=TWEET, url=TWEET_URL),
            make_feedback("e4", source="facebook", channel="social", party="third", author={"facebook": FACEBOOK},
                          rating=None, text=COMMENT),
            make_feedback("e5", channel="carrier-pigeon", author={"email": EMAIL}, text=QUARANTINED),
            *others(),
        ],
    }
    for route, records in batches.items():
        response = client.post(f"/api/v1/{route}", json={"records": records}, headers=crm)
        assert response.status_code == 200, response.get_json()
    cid = client.get(f"/api/v1/customers?email={EMAIL}", headers=crm).get_json()["items"][0]["id"]
    feedback = client.get(f"/api/v1/customers/{cid}/feedback?limit=50", headers=auth("admin")).get_json()["items"]
    ticket = next(item["id"] for item in feedback if item["channel"] == "ticket")
    assert client.post(f"/api/v1/feedback/{ticket}/handled", json={"note": NOTE},
                       headers=auth("service")).status_code == 200
    assert len(feedback) == 4, feedback  # all four of hers are linked before the privacy action
    return cid


def act(client, auth, action: str, cid: int) -> None:
    """Erase Eva, opt her out (by one notation of her phone) or withdraw her social_profiling consent."""
    if action == "erasure":
        response = client.delete(f"/api/v1/customers/{cid}", headers=auth("crm"))
    elif action == "opt_out":
        response = client.post("/api/v1/opt-outs", json={"identifiers": [{"kind": "phone", "value": PHONES[3]}]},
                               headers=auth("crm"))
    else:
        response = client.post(f"/api/v1/customers/{cid}/consents",
                               json={"purpose": "social_profiling", "status": "withdrawn"}, headers=auth("crm"))
    assert response.status_code in (200, 201), response.get_json()


def arrive_again(client, auth) -> None:
    """New items from Eva after the action (as connectors would keep delivering them)."""
    records = [
        make_feedback("n1", source="twitter", channel="social", party="third", author={"twitter": TWITTER},
                      rating=None, text=TWEET + " (weer)", url=TWEET_URL + "0"),
        make_feedback("n2", source="facebook", channel="social", party="third", author={"facebook": FACEBOOK},
                      rating=None, text=COMMENT + " (weer)"),
    ]
    assert client.post("/api/v1/feedback", json={"records": records}, headers=auth("crm")).status_code == 200


def get_routes(app, cid: int) -> list[str]:
    """Every documented GET route, with Eva's customer id filled in (other ids as 1)."""
    urls = []
    for rule in app.url_map.iter_rules():
        doc = getattr(app.view_functions[rule.endpoint], "api_doc", None)
        if doc is None or doc.method != "GET" or "<name>" in rule.rule:
            continue
        urls.append(re.sub(r"<int:\w+>", "1", rule.rule.replace("<int:customer_id>", str(cid))))
    return sorted(urls)


AGGREGATE_QUERIES = ["", "?group_by=code", "?group_by=source,language", "?group_by=product,code,period&period=week"]


def decode_export(fmt: str, data: bytes) -> str:
    """Every value of an export file as text (CSV, JSON, XLSX cells, Parquet rows and metadata)."""
    if fmt == "csv":
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(data.decode())))
    if fmt == "json":
        return json.dumps(json.loads(data), ensure_ascii=False)
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for v in row)
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(data))
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    return json.dumps(table.to_pylist(), default=str, ensure_ascii=False) + json.dumps(meta, ensure_ascii=False)


def everything_readable(app, client, auth, cid: int) -> str:
    """Every GET response (every role that may read it) and every export format, as one text."""
    from insight_service.auth import PERMISSIONS, ROLES

    parts = []
    for url in get_routes(app, cid):
        doc = app.view_functions[app.url_map.bind("localhost").match(url, method="GET")[0]].api_doc
        for role in ROLES:
            if role not in PERMISSIONS[doc.area]:
                continue
            for query in (AGGREGATE_QUERIES if url.startswith("/api/v1/pain-points") and "export" not in url
                          else [""]):
                response = client.get(url + query, headers=auth(role))
                parts.append(response.get_data(as_text=True))
                response.close()
    for fmt in ("csv", "json", "xlsx", "parquet"):
        for query in AGGREGATE_QUERIES:
            sep = "&" if query else "?"
            response = client.get(f"/api/v1/pain-points/export{query}{sep}format={fmt}", headers=auth("rnd"))
            assert response.status_code == 200
            parts.append(decode_export(fmt, response.get_data()))
            response.close()
    return "\n".join(parts)


def test_the_scan_sees_eva_before_any_action(app, client, auth, session, eva):
    dump, readable = table_dump(session), everything_readable(app, client, auth, eva)
    for needle in (REVIEW, TICKET, TWEET, NOTE, NAME, CRM_ID):
        assert needle.lower() in (dump + readable).lower(), needle  # the scans would find a leak
    assert any(word in readable for word in ("lekt", "kapot")), "no quotes in the aggregates: k not reached"


def assert_no_copy_left(session, cid: int, action: str) -> None:
    """The aggregate facts copy authors and spans: de-identified items keep neither, an erased id is nowhere."""
    from sqlalchemy import select

    from insight_service.models import Feedback, PainPointFact
    from tests.services.fact_checks import assert_in_step

    assert_in_step(session)
    copies = session.execute(select(PainPointFact.author_key, PainPointFact.span_start).join(
        Feedback, Feedback.id == PainPointFact.feedback_id).where(Feedback.deidentified_at.is_not(None))).all()
    assert copies and all(row == (None, None) for row in copies)
    keys = set(session.scalars(select(PainPointFact.author_key)))
    assert (f"c{cid}" in keys) == (action == "withdrawal")  # her first-party items stay linked after a withdrawal


@pytest.mark.parametrize("action", ["erasure", "opt_out", "withdrawal"])
def test_nothing_of_eva_survives(app, client, auth, session, caplog, eva, action):
    act(client, auth, action, eva)
    arrive_again(client, auth)
    needles = NEEDLES[action]
    assert_absent(table_dump(session), needles)
    assert_no_copy_left(session, eva, action)
    assert_absent(everything_readable(app, client, auth, eva), needles)
    assert_absent(caplog.text, TEXTS + IDENTIFIERS)
    if action == "erasure":
        for url in get_routes(app, eva):
            if f"/customers/{eva}" in url:
                assert client.get(url, headers=auth("admin")).status_code == 404, url
    if action == "withdrawal":  # first-party feedback serves the relationship and stays
        readable = client.get(f"/api/v1/customers/{eva}/feedback", headers=auth("admin")).get_data(as_text=True)
        assert REVIEW in readable and TICKET in readable
