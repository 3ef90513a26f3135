"""A real gunicorn server with several worker processes on loopback, and CLI processes, for the multi-process suite.

The server runs `insight_service:create_app()` exactly as `insight-service serve` does (sync workers, no
preload), configured only through the environment, on a port the kernel picks (bound to 127.0.0.1:0 and read
back from gunicorn's log). Every request is logged with the worker's pid and the X-Request-ID the client sent,
so a test can tell which worker process answered what. Stopping always takes the whole process group down.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import uuid

import requests

from insight_service.serving import gunicorn_command
from tests.conftest import TEST_SECRETS

START_SECONDS = 90  # workers import the app in parallel: slow on a busy 2-core machine, bounded all the same
TIMEOUT = 60  # seconds for any one request or process: generous on a busy machine, never asserted on
ACCESS_FORMAT = "%(p)s %({x-request-id}i)s %(s)s"
# short engine periods, so schedules, heartbeats and hand-overs happen within seconds
FAST_JOBS = {"JOBS_TICK_SECONDS": "1", "JOBS_HEARTBEAT_SECONDS": "0.5", "JOBS_STALE_SECONDS": "3",
             "JOBS_POLL_MAX_SECONDS": "0.2"}


def process_env(db_url: str, **extra: str) -> dict[str, str]:
    """The environment of a server or CLI process on the test database (real secrets: no testing mode)."""
    return {**os.environ, "DATABASE_URL": db_url, "LOG_LEVEL": "WARNING", **TEST_SECRETS, **extra}


class LiveServer:
    """A running gunicorn master and its workers: the base URL and who answered which request."""

    def __init__(self, proc: subprocess.Popen, url: str, access_log: Path, error_log: Path) -> None:
        self.proc, self.url, self.access_log, self.error_log = proc, url, access_log, error_log

    def workers_for(self, request_ids) -> dict[str, int]:
        """Request id -> pid of the worker process that answered it (from the access log)."""
        wanted, found = set(request_ids), {}
        for line in self.access_log.read_text().splitlines():
            pid, rid, _status = line.split(" ", 2)
            if rid in wanted:
                found[rid] = int(pid.strip("<>"))
        return found

    def log_tail(self, chars: int = 3000) -> str:
        """The end of gunicorn's and the app's log, for failure messages."""
        return self.error_log.read_text()[-chars:] if self.error_log.exists() else ""

    def stop(self) -> None:
        """SIGTERM the master (workers finish their request), then SIGKILL whatever of the group is left."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # workers that outlived their master
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=15)


def _listening_url(error_log: Path, proc: subprocess.Popen) -> str:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and proc.poll() is None:
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", error_log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start:\n{error_log.read_text()[-3000:]}")


def _wait_ready(server: LiveServer, workers: int) -> None:
    """Until /readyz answers and every worker has booted (its pid logged), so no request waits on an import."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and server.proc.poll() is None:
        booted = len(re.findall(r"Booting worker with pid", server.error_log.read_text()))
        try:
            if booted >= workers and requests.get(f"{server.url}/readyz", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn workers did not get ready:\n{server.log_tail()}")


@contextmanager
def serving(env: dict[str, str], directory: Path, workers: int = 3, access_format: str | None = ACCESS_FORMAT):
    """Run gunicorn with `workers` processes on a free loopback port for the length of a block.

    `access_format` None keeps the access-log format `insight-service serve` writes.
    """
    access_log, error_log = directory / "access.log", directory / "gunicorn.log"
    formats = ("--access-logformat", access_format) if access_format else ()
    argv = gunicorn_command("127.0.0.1:0", workers, "--graceful-timeout", "5", "--access-logfile", str(access_log),
                            *formats)
    with error_log.open("w") as log:  # gunicorn's log and the app's, both on stderr
        proc = subprocess.Popen(argv, env=env, start_new_session=True,
                                stdout=log, stderr=subprocess.STDOUT)
    server = None
    try:
        server = LiveServer(proc, _listening_url(error_log, proc), access_log, error_log)
        _wait_ready(server, workers)
        yield server
    finally:
        (server or LiveServer(proc, "", access_log, error_log)).stop()


class Client:
    """Requests to the live server with a key, each tagged with an X-Request-ID to find its worker later."""

    def __init__(self, server: LiveServer, headers: dict) -> None:
        self.server, self.headers, self.sent = server, headers, []

    def call(self, method: str, path: str, retry_conflicts: bool = True, **kwargs) -> requests.Response:
        """One request (retried while it is a 409 conflict, as the API asks); the final response."""
        for _attempt in range(10):
            rid = uuid.uuid4().hex
            self.sent.append(rid)
            response = requests.request(method, self.server.url + path, timeout=TIMEOUT,
                                        headers={**self.headers, "X-Request-ID": rid}, **kwargs)
            assert response.status_code < 500, (response.status_code, response.text, self.server.log_tail())
            if response.status_code != 409 or not retry_conflicts:
                return response
            assert response.headers["Content-Type"] == "application/problem+json", response.text
        return response

    def workers(self) -> set[int]:
        """The worker processes that answered this client's requests."""
        return set(self.server.workers_for(self.sent).values())


def cli(env: dict[str, str], *args: str) -> subprocess.Popen:
    """Start an `insight-service` command as a process of its own (output captured as text)."""
    command = Path(sys.executable).with_name("insight-service")
    return subprocess.Popen([str(command), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


@contextmanager
def consumers(env: dict[str, str], count: int, workers: int = 2):
    """`count` job consumer processes (`insight-service worker`) for the length of a block; always killed."""
    command = Path(sys.executable).with_name("insight-service")
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: nobody reads it while the consumer runs
        procs = [subprocess.Popen([str(command), "worker", "--workers", str(workers)], env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True) for _ in range(count)]
        try:
            yield procs
        finally:
            for proc in procs:
                kill(proc)


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL a process and its group (a crash, as far as the process can tell)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=15)
