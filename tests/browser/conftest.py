"""A real server on a seeded database and Debian's chromium, for the end-to-end tests (one server per module)."""
from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _missing_chromium() -> None:
    message = (f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
               "(run `make browser`, or apt-get install chromium)")
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """Headless chromium through Playwright; fails under CI and skips locally when chromium is missing."""
    if not CHROMIUM.exists():
        _missing_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ (gitignored): screenshots and downloads of the browser tests."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def live_app(database, tmp_path_factory):
    """The app on a database of this module's own (a copy of the SQLite template, or a truncated PostgreSQL)."""
    from insight_service import create_app
    from tests.conftest import TEST_SECRETS, _clean_postgres

    backend, where = database
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("live") / "live.sqlite"
        shutil.copy(where, path)
        url = f"sqlite:///{path}"
    else:
        _clean_postgres(where)
        url = where
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": url, **TEST_SECRETS})
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def serve():
    """Start a werkzeug server for an app on 127.0.0.1 (a free port) in a thread; returns its base URL."""
    from werkzeug.serving import make_server

    servers = []
    quiet = logging.getLogger("werkzeug")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # request lines would carry the signed links

    def _serve(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield _serve
    for server in servers:
        server.shutdown()
    quiet.setLevel(level)


@pytest.fixture
def page_errors():
    """Open pages that record console errors, page errors and dialogs; the test asserts the list is empty."""
    opened = []

    def _open(browser, width: int, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}")
                if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
        page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        opened.append(context)
        return page, errors

    yield _open
    for context in opened:
        context.close()
