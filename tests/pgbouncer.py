"""Run a real PgBouncer (Debian's `pgbouncer`) in transaction pooling mode in front of the test PostgreSQL."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

BINARY = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
# Fewer server connections than the app's pool holds clients, so transactions really share them.
SERVER_POOL_SIZE = 4


@dataclass
class Bouncer:
    """A running PgBouncer: its port, its log, and the process to stop."""

    port: int
    log: Path
    process: subprocess.Popen

    def url(self, database_url: str) -> str:
        """The same database as `database_url`, reached through this PgBouncer."""
        return make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    def stop(self) -> None:
        """Stop it (SIGTERM), wait, and remove its folder."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.log.parent, ignore_errors=True)


def available() -> bool:
    """Whether the pgbouncer program is installed (`make pgbouncer` installs it)."""
    return os.path.exists(BINARY)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(database_url: str) -> Bouncer:
    """Start PgBouncer on a free port, forwarding every database to the server of `database_url`."""
    target = make_url(database_url)
    folder = Path(tempfile.mkdtemp(prefix="insight-pgbouncer-"))
    folder.chmod(0o755)  # it drops root for the postgres user, who must read its files and write its log
    user = target.username or "postgres"
    (folder / "users.txt").write_text(f'"{user}" ""\n')
    log = folder / "pgbouncer.log"
    log.touch()
    server = f"host={target.host or '127.0.0.1'} port={target.port or 5432}"
    if target.password:
        server += f" user={user} password={target.password}"
    port = free_port()
    lines = ["[databases]", f"* = {server}", "[pgbouncer]", "listen_addr = 127.0.0.1", f"listen_port = {port}",
             "unix_socket_dir =", "auth_type = trust", f"auth_file = {folder / 'users.txt'}",
             "pool_mode = transaction", f"default_pool_size = {SERVER_POOL_SIZE}", "max_client_conn = 200",
             f"logfile = {log}", "server_reset_query ="]
    if os.geteuid() == 0:  # PgBouncer will not run as root
        lines.append("user = postgres")
        shutil.chown(log, "postgres")
    ini = folder / "pgbouncer.ini"
    ini.write_text("\n".join(lines) + "\n")
    for path in folder.iterdir():
        path.chmod(0o644)
    process = subprocess.Popen([BINARY, str(ini)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return Bouncer(port, log, process)
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"pgbouncer exited with {process.returncode}: {log.read_text()[-2000:]}")
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"pgbouncer did not listen on {port}: {log.read_text()[-2000:]}")
