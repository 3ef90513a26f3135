"""A CRM-like client: pushes customers, purchases, consents and feedback, then exercises the privacy rules.

    python examples/crm_client.py --url http://127.0.0.1:8000 --key isk_...   (an admin or crm key)

Every step checks the service's answer against the rules in README.md and stops at the first surprise,
so it doubles as a smoke test of a running deployment. It uses its own source name, so it never touches
other data, and it can run any number of times with the same answers: the scenario ends by erasing its two
people, and an erased person is never collected again, so each run invents its own (a run tag in their CRM
ids, e-mails and handles); within a run, re-sending a batch changes nothing (everything is idempotent).
"""
from __future__ import annotations

import argparse
import secrets
import sys

import requests

SOURCE = "crm-example"


def people(tag: str) -> tuple[dict, dict]:
    """Anna (social_profiling and marketing granted) and Bert, unique to this run."""
    anna = {"source": SOURCE, "external_id": f"EX-1-{tag}", "name": "Anna Example",
            "email": f"anna.example.{tag}@mailbox.nl", "phone": f"+31 6 1{int(tag, 16) % 10**7:07d}",
            "handles": {"twitter": f"@anna_{tag}"},
            "consents": [{"purpose": "social_profiling", "status": "granted", "recorded_at": "2026-01-01T00:00:00Z"},
                         {"purpose": "marketing", "status": "granted", "recorded_at": "2026-01-01T00:00:00Z"}]}
    bert = {"source": SOURCE, "external_id": f"EX-2-{tag}", "name": "Bert Example",
            "email": f"bert.example.{tag}@mailbox.nl"}
    return anna, bert


class Client:
    """A thin API client that fails loudly."""

    def __init__(self, url: str, key: str):
        self.url, self.session = url.rstrip("/"), requests.Session()
        self.session.headers["Authorization"] = f"Bearer {key}"

    def call(self, method: str, path: str, expect: int = 200, **kwargs) -> dict:
        response = self.session.request(method, self.url + path, timeout=30, **kwargs)
        if response.status_code != expect:
            raise SystemExit(f"{method} {path}: expected {expect}, got {response.status_code}: {response.text[:500]}")
        return response.json()


def check(condition: bool, message: str) -> None:
    """Print a passed check, or stop with the failed one."""
    if not condition:
        raise SystemExit(f"FAILED: {message}")
    print(f"ok  {message}")


def run(api: Client, tag: str | None = None) -> None:
    """The scenario: push, read, withdraw, opt out, erase."""
    tag = tag or secrets.token_hex(3)
    anna_record, bert_record = people(tag)
    summary = api.call("POST", "/api/v1/customers", json={"records": [anna_record, bert_record]})
    check(summary["created"] == 2, "two customers stored")
    ids = {s["external_id"]: s["id"] for s in summary["stored"]}
    check(len(ids) == 2, "the push answer names their ids")
    order = f"EX-O1-{tag}"
    api.call("POST", "/api/v1/purchases", json={"records": [
        {"source": SOURCE, "external_id": f"{order}-1", "order_id": order, "customer_external_id": anna_record[
            "external_id"], "sku": "EX-SKU", "product_name": "Example kettle", "category": "kitchen",
         "amount": "79.00", "purchased_at": "2026-04-01T10:00:00Z"}]})
    feedback = [
        {"source": SOURCE, "external_id": f"EX-T1-{tag}", "channel": "social", "party": "third",
         "author": {"twitter": f"anna_{tag}"}, "text": "My new kettle broke after a week, really disappointed",
         "posted_at": "2026-04-10T09:00:00Z", "sku": "EX-SKU"},
        {"source": SOURCE, "external_id": f"EX-Z1-{tag}", "channel": "ticket", "party": "first",
         "author": {"email": anna_record["email"].title()}, "order_ref": order,
         "text": f"Order {order}: the kettle leaks, can I return it?", "posted_at": "2026-04-11T09:00:00Z"},
        {"source": SOURCE, "external_id": f"EX-BAD-{tag}", "channel": "social", "party": "third", "rating": 11,
         "text": "", "posted_at": "not a date"},
    ]
    summary = api.call("POST", "/api/v1/feedback", json={"records": feedback})
    check(len(summary["quarantined"]) == 1 and summary["quarantined"][0]["index"] == 2,
          "the bad record is quarantined with its fields, the others stored")
    again = api.call("POST", "/api/v1/feedback", json={"records": feedback[:2]})
    check(again["created"] == 0 and again["unchanged"] == 2, "re-sending the batch changes nothing")

    anna = api.call("GET", f"/api/v1/customers/{ids[anna_record['external_id']]}")
    check(anna["links"].get("twitter") == 1 and anna["links"].get("email") == 1, "tweet and ticket linked to Anna")
    check(anna["identifier_kinds"] == ["crm", "email", "phone", "twitter"], "identifier kinds, never values")

    api.call("POST", f"/api/v1/customers/{anna['id']}/consents", expect=201,
             json={"purpose": "social_profiling", "status": "withdrawn", "source": SOURCE})
    export = api.call("GET", f"/api/v1/customers/{anna['id']}/export")
    check(all(f["party"] != "third" for f in export["feedback"]), "withdrawal: the tweet is no longer hers")
    check("broke after a week" not in str(export), "withdrawal: the tweet text is gone")

    bert_id = ids[bert_record["external_id"]]
    opted = api.call("POST", "/api/v1/opt-outs", json={"identifiers": [{"kind": "email",
                                                                        "value": bert_record["email"]}]})
    check(opted["customers_concerned"] == 1, "opt-out names Bert")
    later = api.call("POST", "/api/v1/feedback", json={"records": [
        {"source": SOURCE, "external_id": f"EX-Z2-{tag}", "channel": "ticket", "party": "first",
         "author": {"email": bert_record["email"]}, "text": "Bert writes again", "posted_at": "2026-04-12T09:00:00Z"}]})
    check(later["suppressed"] == 1 and later["created"] == 0, "after the opt-out Bert's items keep no text")

    receipt = api.call("DELETE", f"/api/v1/customers/{anna['id']}")
    check(receipt["removed"]["customer"] == 1 and receipt["removed"]["identities"] == 4, "erasure receipt")
    api.call("GET", f"/api/v1/customers/{anna['id']}", expect=404)
    back = api.call("POST", "/api/v1/customers", json={"records": [anna_record]})
    check(back["suppressed"] == 1, "an erased person is not collected again")
    api.call("DELETE", f"/api/v1/customers/{bert_id}")
    print("all checks passed")


def main(argv=None) -> None:
    """Parse arguments and run the scenario."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--key", required=True)
    args = parser.parse_args(argv)
    run(Client(args.url, args.key))


if __name__ == "__main__":
    main(sys.argv[1:])
