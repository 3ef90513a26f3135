"""All tables of the domain model (DESIGN.md section 3)."""
from .aggregates import FeedbackDayCount, FeedbackFact, PainPointFact
from .base import Base, utcnow
from .customers import Customer, Identity
from .feedback import Feedback, FeedbackHandling, FeedbackIdentifier, FeedbackPainPoint, FeedbackTheme
from .jobs import Job
from .operations import ApiKey, ChangeCounter, QuarantinedRecord, SyncRun, SyncState, WebSession
from .privacy import AuditLog, ConsentEvent, Suppression
from .products import Product, Purchase
from .writeback import WritebackRun, WritebackState
from .webhooks import CustomerSignal, EmergingSeen, OutboxEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiKey", "AuditLog", "Base", "ChangeCounter", "ConsentEvent", "Customer", "Feedback", "FeedbackDayCount",
    "FeedbackFact", "FeedbackHandling", "FeedbackIdentifier", "FeedbackPainPoint", "FeedbackTheme", "Identity", "Job",
    "PainPointFact", "Product", "Purchase", "QuarantinedRecord", "Suppression", "SyncRun", "SyncState", "WebSession",
    "CustomerSignal", "EmergingSeen", "OutboxEvent", "WebhookAttempt", "WebhookDelivery", "WebhookEndpoint",
    "WritebackRun", "WritebackState", "utcnow",
]
