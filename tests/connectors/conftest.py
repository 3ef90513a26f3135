"""Shared fixtures for the HTTP connector tests: JSON pages on disk and connectors aimed at httpserver."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PAGES = Path(__file__).parent / "pages"


@pytest.fixture
def page() -> Callable[[str, str], Any]:
    """Load a wire-format JSON page from tests/connectors/pages/<source>/<name>.json."""
    def load(source: str, name: str) -> Any:
        return json.loads((PAGES / source / f"{name}.json").read_text())
    return load


@pytest.fixture
def make_connector(httpserver) -> Callable[..., Any]:
    """Build a connector aimed at the test server: no backoff, short timeout, sleeps recorded not slept."""
    def make(cls: type, options: dict | None = None, secrets: dict | None = None, **kw: Any) -> Any:
        settings = {"timeout": 2.0, "max_retries": 2, "backoff_factor": 0, **kw}
        connector = cls(name=f"{cls.kind or 'test'}-main", options=options or {}, secrets=secrets or {},
                        base_url=httpserver.url_for("/"), **settings)
        connector.slept = []
        connector.sleep = connector.slept.append
        return connector
    return make


@pytest.fixture
def assert_safe() -> Callable[..., None]:
    """Check that texts (error messages, log output) hold no secret value and no query string."""
    def check(*texts: str, secrets: tuple[str, ...] = (), queries: tuple[str, ...] = ()) -> None:
        for text in texts:
            for needle in (*secrets, *queries):
                assert needle not in text, f"{needle!r} leaked into {text!r}"
    return check


@pytest.fixture
def client_log(caplog) -> Callable[[], str]:
    """Capture DEBUG logs and return the client side's text (the test server's werkzeug log is not ours)."""
    caplog.set_level(logging.DEBUG)
    return lambda: "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))
