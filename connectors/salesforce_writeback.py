"""Write insight into Salesforce: custom Contact fields through sObject Collections, and optional Cases."""
from __future__ import annotations

from connectors.pagination import Request
from connectors.salesforce import SalesforceConnector
from connectors.errors import SourceError
from connectors.writeback import BATCH_REFUSED, Writer, WriteResult, reason, refused

FIELD_NAMES = {"sentiment": "Insight_Sentiment__c", "risk_level": "Insight_Risk_Level__c",
               "top_pain_point": "Insight_Top_Pain_Point__c", "last_complaint_date": "Insight_Last_Complaint_Date__c",
               "card_link": "Insight_Card_URL__c"}


class SalesforceWriter(Writer, SalesforceConnector):
    """Contact fields by PATCH /composite/sobjects (allOrNone false: each record succeeds or fails alone)."""

    max_batch = 200

    def collections(self) -> str:
        """The sObject Collections path of the configured API version."""
        return f"/services/data/{self.options.get('api_version', self.api_version)}/composite/sobjects"

    def setup(self, properties: dict[str, str]) -> list[str]:
        """Check that the custom fields exist on Contact (an admin creates them; the API user cannot): a missing
        one fails the run naming it, before any record is sent. Returns nothing made."""
        version = self.options.get("api_version", self.api_version)
        body = self.fetch(Request("GET", f"/services/data/{version}/sobjects/Contact/describe")) or {}
        known = {f.get("name") for f in body.get("fields") or [] if isinstance(f, dict)}
        missing = [name for name in properties.values() if name not in known]
        if missing:
            raise self.fail(200, "/sobjects/Contact/describe",
                            f"Contact has no field {', '.join(missing)}: create the custom fields first "
                            "(docs/writeback.md), or map the fields to existing ones")
        return []

    def update(self, changes: dict[str, dict]) -> WriteResult:
        """One collection update (<= 200 contacts: id -> {field: value}; None clears a field)."""
        ids = list(changes)
        records = [{"attributes": {"type": "Contact"}, "id": cid, **changes[cid]} for cid in ids]
        body = self.fetch(Request("PATCH", self.collections(), json={"allOrNone": False, "records": records}))
        return self.outcomes(ids, body)

    def outcomes(self, ids: list[str], body) -> WriteResult:
        """SaveResults come back in the order of the records sent."""
        result = WriteResult()
        results = body if isinstance(body, list) else []
        for index, cid in enumerate(ids):
            saved = results[index] if index < len(results) and isinstance(results[index], dict) else None
            if saved is None:
                result.failed[cid] = "no result for this record"
            elif saved.get("success") is True:
                result.ok.append(cid)
            else:
                errors = [e for e in saved.get("errors") or [] if isinstance(e, dict)]
                fields = [f for e in errors for f in e.get("fields") or []]
                result.failed[cid] = reason(self.codes_of(errors), fields=fields)
        return result

    def create_cases(self, cases: list[dict]) -> list[tuple[str | None, str | None]]:
        """Create Cases (each {ContactId, Subject, Description, ...}); per case (new id, None) or (None, reason)."""
        records = [{"attributes": {"type": "Case"}, **case} for case in cases]
        body = self.create(Request("POST", self.collections(), json={"allOrNone": False, "records": records}))
        results = body if isinstance(body, list) else []
        out = []
        for index in range(len(cases)):
            saved = results[index] if index < len(results) and isinstance(results[index], dict) else {}
            if saved.get("success") is True and saved.get("id"):
                out.append((str(saved["id"]), None))
            else:
                errors = [e for e in saved.get("errors") or [] if isinstance(e, dict)]
                out.append((None, reason(self.codes_of(errors), fields=[f for e in errors for f in e.get("fields") or []])
                            if saved else "no result for this record"))
        return out

    def create_followups(self, followups: list[dict]) -> list[tuple[str | None, str | None]]:
        """A Case per follow-up ({crm_id, subject, body, when}) on the contact; (case id, None) or (None, reason)."""
        cases = [{"ContactId": item["crm_id"], "Subject": item["subject"], "Description": item["body"],
                  "Origin": str(self.options.get("case_origin") or "Web"), "Priority": "High"} for item in followups]
        try:
            return self.create_cases(cases)
        except SourceError as exc:
            if exc.status not in BATCH_REFUSED:
                raise
            return [(None, refused(exc))] * len(cases)
