"""The gunicorn command line the CLI, the load benchmark and the live-server tests share."""
from __future__ import annotations

import sys

import gunicorn

from .access_log import ACCESS_FORMAT

APP = "insight_service:create_app()"
# 120 s: a large export can take longer than gunicorn's default 30 s
TIMEOUT_SECONDS = 120
LOGGER_CLASS = "insight_service.access_log.RedactingLogger"
# gunicorn's largest request line (its default is 4094): every query the contract allows fits, so no request the
# contract calls valid meets an undocumented 414 (tests/test_openapi.py checks the bound)
REQUEST_LINE_LIMIT = 8190


def gunicorn_command(bind: str, workers: int, *options: str) -> list[str]:
    """argv that serves the app factory with `workers` sync workers on `bind`, logging no personal data.

    The access log names routes, never request lines (they carry e-mails, ids and signed-link tokens); a format
    among `options` replaces the default one, the redacting logger stays.
    """
    argv = [sys.executable, "-m", "gunicorn", "--bind", bind, "--workers", str(workers),
            "--timeout", str(TIMEOUT_SECONDS), "--limit-request-line", str(REQUEST_LINE_LIMIT),
            "--logger-class", LOGGER_CLASS, "--access-logformat", ACCESS_FORMAT, *options]
    if gunicorn.version_info >= (25, 1):
        # its control socket has one default path per user: a second server on the machine would take it over
        argv.append("--no-control-socket")
    return [*argv, APP]
