"""Which invalid fields a record can do without (dropped with a warning) and which quarantine it."""
import pytest

from insight_service.services.identity.identifiers import IdentityHasher
from insight_service.services.ingest.salvage import salvage, unusable_identifiers

H = IdentityHasher(b"k" * 32, "NL")


def test_optional_fields_are_dropped_with_one_warning_each():
    record = {"source": "crm", "external_id": "C1", "email": "nope", "handles": {"myspace": "x", "twitter": "ok"}}
    errors = [{"field": "email", "message": "Not a valid email address."},
              {"field": "handles.myspace.key", "message": "Must be one of: twitter."},
              {"field": "email", "message": "Not a valid email address."}]
    kept, warnings = salvage("customer", record, errors)
    assert kept == {"source": "crm", "external_id": "C1", "handles": {"twitter": "ok"}}
    assert warnings == [{"field": "email", "message": "Not a valid email address."},
                        {"field": "handles.myspace", "message": "Must be one of: twitter."}]
    assert record["email"] == "nope"  # the caller's record is left as it came


@pytest.mark.parametrize("kind, field", [("customer", "external_id"), ("customer", "consents.0.status"),
                                         ("purchase", "amount"), ("purchase", "currency"), ("purchase", "quantity"),
                                         ("feedback", "text"), ("feedback", "posted_at"), ("feedback", None)])
def test_a_required_or_meaningful_field_at_fault_quarantines(kind, field):
    errors = [{"field": "name", "message": "Longer than maximum length 200."}, {"field": field, "message": "bad"}]
    assert salvage(kind, {"source": "s"}, errors) is None


def test_unusable_identifiers_are_reasons_never_values():
    values = [("phone", "phone", "+1-555-123-4567"), ("email", "email", "anna@kpnmail.nl"),
              ("twitter", "handles.twitter", "n/a"), ("phone", "author.phone", None), ("email", "x", "")]
    hashes, warnings = unusable_identifiers(values, H)
    assert list(hashes) == ["email"] and hashes["email"] == H.hash("email", "anna@kpnmail.nl")
    assert warnings == [{"field": "phone", "message": "not a valid phone number: not used to link"},
                        {"field": "handles.twitter", "message": "a placeholder value: not used to link"}]
