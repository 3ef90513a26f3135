"""A CRM-like client: pushes customers, purchases, consents and feedback, then exercises the privacy rules.

    python examples/crm_client.py --url http://127.0.0.1:8000 --key isk_...   (an admin or crm key)

Every step checks the service's answer against the rules in README.md and stops at the first surprise,
so it doubles as a smoke test of a running deployment. It uses its own source name, so it never touches
other data; running it twice gives the same answers (everything is idempotent).
"""
from __future__ import annotations

import argparse
import sys

import requests

SOURCE = "crm-example"
ANNA = {"source": SOURCE, "external_id": "EX-1", "name": "Anna Example", "email": "anna.example@mailbox.nl",
        "phone": "+31 6 1111 2222", "handles": {"twitter": "@anna_example"},
        "consents": [{"purpose": "social_profiling", "status": "granted", "recorded_at": "2026-01-01T00:00:00Z"},
                     {"purpose": "marketing", "status": "granted", "recorded_at": "2026-01-01T00:00:00Z"}]}
BERT = {"source": SOURCE, "external_id": "EX-2", "name": "Bert Example", "email": "bert.example@mailbox.nl"}


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


def run(api: Client) -> None:
    """The scenario: push, read, withdraw, opt out, erase."""
    summary = api.call("POST", "/api/v1/customers", json={"records": [ANNA, BERT]})
    check(summary["created"] + summary["unchanged"] + summary["updated"] == 2, "two customers stored")
    api.call("POST", "/api/v1/purchases", json={"records": [
        {"source": SOURCE, "external_id": "EX-O1-1", "order_id": "EX-O1", "customer_external_id": "EX-1",
         "sku": "EX-SKU", "product_name": "Example kettle", "category": "kitchen", "amount": "79.00",
         "purchased_at": "2026-04-01T10:00:00Z"}]})
    feedback = [
        {"source": SOURCE, "external_id": "EX-T1", "channel": "social", "party": "third",
         "author": {"twitter": "anna_example"}, "text": "My new kettle broke after a week, really disappointed",
         "posted_at": "2026-04-10T09:00:00Z", "sku": "EX-SKU"},
        {"source": SOURCE, "external_id": "EX-Z1", "channel": "ticket", "party": "first",
         "author": {"email": "Anna.Example@mailbox.nl"}, "order_ref": "EX-O1",
         "text": "Order EX-O1: the kettle leaks, can I return it?", "posted_at": "2026-04-11T09:00:00Z"},
        {"source": SOURCE, "external_id": "EX-BAD", "channel": "social", "party": "third", "rating": 11,
         "text": "", "posted_at": "not a date"},
    ]
    summary = api.call("POST", "/api/v1/feedback", json={"records": feedback})
    check(len(summary["quarantined"]) == 1 and summary["quarantined"][0]["index"] == 2,
          "the bad record is quarantined with its fields, the others stored")
    again = api.call("POST", "/api/v1/feedback", json={"records": feedback[:2]})
    check(again["created"] == 0 and again["unchanged"] == 2, "re-sending the batch changes nothing")

    anna = api.call("GET", f"/api/v1/customers?crm_id=EX-1&source={SOURCE}")["items"][0]
    check(anna["links"].get("twitter") == 1 and anna["links"].get("email") == 1, "tweet and ticket linked to Anna")
    check(anna["identifier_kinds"] == ["crm", "email", "phone", "twitter"], "identifier kinds, never values")

    api.call("POST", f"/api/v1/customers/{anna['id']}/consents", expect=201,
             json={"purpose": "social_profiling", "status": "withdrawn", "source": SOURCE})
    export = api.call("GET", f"/api/v1/customers/{anna['id']}/export")
    check(all(f["party"] != "third" for f in export["feedback"]), "withdrawal: the tweet is no longer hers")
    check("broke after a week" not in str(export), "withdrawal: the tweet text is gone")

    bert = api.call("GET", f"/api/v1/customers?crm_id=EX-2&source={SOURCE}")["items"][0]
    opted = api.call("POST", "/api/v1/opt-outs", json={"identifiers": [{"kind": "email", "value": BERT["email"]}]})
    check(opted["customers_concerned"] == 1, "opt-out names Bert")
    later = api.call("POST", "/api/v1/feedback", json={"records": [
        {"source": SOURCE, "external_id": "EX-Z2", "channel": "ticket", "party": "first",
         "author": {"email": BERT["email"]}, "text": "Bert writes again", "posted_at": "2026-04-12T09:00:00Z"}]})
    check(later["suppressed"] == 1 and later["created"] == 0, "after the opt-out Bert's items keep no text")

    receipt = api.call("DELETE", f"/api/v1/customers/{anna['id']}")
    check(receipt["removed"]["customer"] == 1 and receipt["removed"]["identities"] == 4, "erasure receipt")
    api.call("GET", f"/api/v1/customers/{anna['id']}", expect=404)
    back = api.call("POST", "/api/v1/customers", json={"records": [ANNA]})
    check(back["suppressed"] == 1, "an erased person is not collected again")
    api.call("DELETE", f"/api/v1/customers/{bert['id']}")
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
