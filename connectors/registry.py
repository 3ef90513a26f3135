"""Connector kinds by name, resolved lazily so a deployment only imports the connectors it uses."""
from __future__ import annotations

import importlib

CONNECTORS: dict[str, str] = {
    "hubspot": "connectors.hubspot:HubSpotConnector",
    "salesforce": "connectors.salesforce:SalesforceConnector",
    "twitter": "connectors.twitter:TwitterConnector",
    "facebook": "connectors.facebook:FacebookConnector",
    "trustpilot": "connectors.trustpilot:TrustpilotConnector",
    "zendesk": "connectors.zendesk:ZendeskConnector",
    "files": "connectors.files:FilesConnector",
}

# The kinds that can also write insight back (the write-back section of a connector).
WRITERS: dict[str, str] = {
    "hubspot": "connectors.hubspot_writeback:HubSpotWriter",
    "salesforce": "connectors.salesforce_writeback:SalesforceWriter",
}


class UnknownConnector(LookupError):
    """A connector kind that is not registered."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown connector kind {kind!r}; known kinds: {', '.join(kinds())}")
        self.kind = kind


def kinds() -> list[str]:
    """The registered kind names, sorted."""
    return sorted(CONNECTORS)


def get(kind: str) -> type:
    """The connector class for a kind; every class takes the same keyword constructor and has pages()."""
    try:
        module_name, _, class_name = CONNECTORS[kind].partition(":")
    except (KeyError, TypeError):
        raise UnknownConnector(kind) from None
    return getattr(importlib.import_module(module_name), class_name)


def writer(kind: str) -> type:
    """The writer class of a CRM kind (same constructor as its connector, plus setup() and update())."""
    if kind not in WRITERS:
        raise UnknownConnector(kind)
    module_name, _, class_name = WRITERS[kind].partition(":")
    return getattr(importlib.import_module(module_name), class_name)
