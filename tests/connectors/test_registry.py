"""The registry: kind names resolve lazily to connector classes; unknown kinds fail clearly."""
from __future__ import annotations

import inspect

import pytest

from connectors import registry
from connectors.base import Connector

HTTP_KINDS = ["facebook", "hubspot", "salesforce", "trustpilot", "twitter", "zendesk"]


def test_kinds_lists_every_connector_including_files():
    assert registry.kinds() == sorted([*HTTP_KINDS, "files"])
    assert registry.CONNECTORS["files"] == "connectors.files:FilesConnector"


@pytest.mark.parametrize("kind", HTTP_KINDS)
def test_get_resolves_http_connectors_with_the_shared_constructor(kind):
    cls = registry.get(kind)
    assert issubclass(cls, Connector) and cls.kind == kind
    params = inspect.signature(cls.__init__).parameters
    assert list(params)[1:] == ["name", "options", "secrets", "base_url", "timeout", "max_retries",
                                "backoff_factor", "session"]


def test_unknown_kind_names_the_known_ones():
    with pytest.raises(registry.UnknownConnector, match="unknown connector kind 'myspace'; known kinds: facebook"):
        registry.get("myspace")
