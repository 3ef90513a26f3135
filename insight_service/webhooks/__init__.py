"""Outbound events: the transactional outbox, and its delivery as signed webhooks (docs/webhooks.md)."""
