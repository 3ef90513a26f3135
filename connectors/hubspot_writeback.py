"""Write insight into HubSpot: a property group and custom contact properties, batch contact updates, tasks."""
from __future__ import annotations

from datetime import datetime, timezone

from connectors.errors import SourceError
from connectors.hubspot import HubSpotConnector
from connectors.pagination import Request, dig
from connectors.writeback import BATCH_REFUSED, Writer, WriteResult, reason, refused

GROUP = {"name": "insight_service", "label": "Insight service", "displayOrder": -1}
PROPERTY_NAMES = {"sentiment": "insight_sentiment", "risk_level": "insight_risk_level",
                  "top_pain_point": "insight_top_pain_point", "last_complaint_date": "insight_last_complaint_date",
                  "card_link": "insight_card_url"}


def _options(*values: str) -> list[dict]:
    return [{"label": v.capitalize(), "value": v, "displayOrder": i, "hidden": False} for i, v in enumerate(values)]


# type and fieldType per field (HubSpot needs both); enumerations list their options.
DEFINITIONS = {
    "sentiment": {"label": "Sentiment", "type": "enumeration", "fieldType": "select",
                  "options": _options("positive", "neutral", "negative"),
                  "description": "Average sentiment of the customer's feedback (last 90 days, else all)."},
    "risk_level": {"label": "Churn risk", "type": "enumeration", "fieldType": "select",
                   "options": _options("low", "medium", "high"),
                   "description": "Churn risk from recent negative feedback and unanswered complaints."},
    "top_pain_point": {"label": "Top pain point", "type": "string", "fieldType": "text",
                       "description": "The pain point the customer mentions most."},
    "last_complaint_date": {"label": "Last complaint", "type": "date", "fieldType": "date",
                            "description": "Date of the customer's latest negative feedback."},
    "card_link": {"label": "Insight card", "type": "string", "fieldType": "text",
                  "description": "Link to the customer's insight card (sign-in needed)."},
}
TASK_TO_CONTACT = 204  # HUBSPOT_DEFINED association type: task -> contact
PATH = "/crm/v3/objects/contacts/batch/update"


class HubSpotWriter(Writer, HubSpotConnector):
    """Contacts' insight properties through the CRM v3 API; 429 waits as the connector's reads do."""

    max_batch = 100

    def retry_delay(self, status, headers, body, attempt):
        # a Retry-After, when a gateway or HubSpot sends one, says exactly how long; else the policy's interval
        after = headers.get("Retry-After") if status == 429 else None
        if after and str(after).isdigit():
            return float(after)
        return super().retry_delay(status, headers, body, attempt)

    def setup(self, properties: dict[str, str]) -> list[str]:
        """Create the property group and each property (field -> name) unless it exists (409); the names made."""
        group = str(self.options.get("property_group") or GROUP["name"])
        self.ensure(Request("POST", "/crm/v3/properties/contacts/groups", json={**GROUP, "name": group}))
        made = []
        for key, name in properties.items():
            if self.ensure(Request("POST", "/crm/v3/properties/contacts",
                                   json={**DEFINITIONS[key], "name": name, "groupName": group})):
                made.append(name)
        return made

    def ensure(self, request: Request) -> bool:
        """Create something once: True when made now, False when it existed (409 Conflict)."""
        try:
            self.fetch(request)
        except SourceError as exc:
            if exc.status == 409:
                return False
            raise
        return True

    @staticmethod
    def value(value):
        """HubSpot property values are strings; an empty string clears a property."""
        return "" if value is None else str(value)

    def update(self, changes: dict[str, dict]) -> WriteResult:
        """One batch update (<= 100 contacts: id -> {property: value}); 200 all written, 207 some failed."""
        inputs = [{"id": cid, "objectWriteTraceId": cid, "properties": {k: self.value(v) for k, v in props.items()}}
                  for cid, props in changes.items()]
        body = self.fetch(Request("POST", PATH, json={"inputs": inputs})) or {}
        result = WriteResult()
        for error in [e for e in body.get("errors") or [] if isinstance(e, dict)]:
            context = error.get("context") if isinstance(error.get("context"), dict) else {}
            ids = [*(context.get("ids") or []), *(context.get("objectWriteTraceId") or [])]
            if error.get("id"):
                ids.append(error["id"])
            for cid in ids:
                if str(cid) in changes:
                    result.failed[str(cid)] = reason(self.codes_of(error))
        written = {str(dig(r, ("id",))) for r in body.get("results") or [] if isinstance(r, dict)}
        for cid in changes:
            if cid in result.failed:
                continue
            if cid in written:
                result.ok.append(cid)
            else:  # neither a result nor an error names it: not known to be written, so try again next run
                result.failed[cid] = "no result for this record"
        return result

    def create_task(self, contact_id: str, subject: str, body: str, when: datetime) -> str:
        """A to-do task on the contact (associated at creation); the new task's id."""
        stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        created = self.create(Request("POST", "/crm/v3/objects/tasks", json={
            "properties": {"hs_timestamp": stamp, "hs_task_subject": subject, "hs_task_body": body,
                           "hs_task_status": "NOT_STARTED", "hs_task_priority": "HIGH", "hs_task_type": "TODO"},
            "associations": [{"to": {"id": contact_id},
                              "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                         "associationTypeId": TASK_TO_CONTACT}]}],
        }))
        task = dig(created, ("id",))
        if not task:
            raise self.fail(200, "/crm/v3/objects/tasks", "the created task has no id")
        return str(task)

    def create_followups(self, followups: list[dict]) -> list[tuple[str | None, str | None]]:
        """A task per follow-up ({crm_id, subject, body, when}); per one (task id, None) or (None, reason)."""
        out: list[tuple[str | None, str | None]] = []
        for item in followups:
            try:
                out.append((self.create_task(item["crm_id"], item["subject"], item["body"], item["when"]), None))
            except SourceError as exc:
                if exc.status not in BATCH_REFUSED:
                    raise
                out.append((None, refused(exc)))
        return out
