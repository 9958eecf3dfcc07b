"""A throw-away PostgreSQL on 127.0.0.1: initdb in a temp dir, pg_ctl start on a free port, stop.

Used by the store tests (a pytest fixture in tests/conftest.py) and by benchmarks/. PostgreSQL refuses
to run as root, so when euid is 0 the server runs as an unprivileged user (``postgres`` if it exists,
else ``nobody``) via ``runuser``, in a directory that user owns.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def find_bin(name: str) -> str | None:
    """initdb/pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<version>/bin (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    return None


def available() -> bool:
    return find_bin("initdb") is not None and find_bin("pg_ctl") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """One PostgreSQL cluster; ``url`` is a postgresql:// URL to its ``postgres`` database."""

    def __init__(self, base: Path | None = None) -> None:
        self._own_base = base is None
        self.base = Path(base or tempfile.mkdtemp(prefix="factbot-pg-"))
        self.datadir = self.base / "data"
        self.logfile = self.base / "server.log"
        self.port = free_port()
        self.initdb = find_bin("initdb")
        self.pg_ctl = find_bin("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise RuntimeError("initdb/pg_ctl not found (apt-get install postgresql)")
        self.user: str | None = None
        if os.geteuid() == 0:
            for candidate in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(candidate)
                except KeyError:
                    continue
                self.user = candidate
                break
            if self.user is None:
                raise RuntimeError("running as root and no unprivileged user (postgres/nobody) to run PostgreSQL")
        self.db_user = "factbot"

    @property
    def url(self) -> str:
        return f"postgresql://{self.db_user}@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = list(argv)
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=check, cwd=self.base)

    def init(self) -> "PgServer":
        self.base.mkdir(parents=True, exist_ok=True)
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.base, pw.pw_uid, pw.pw_gid)
            os.chmod(self.base, 0o700)
        try:
            self._run(self.initdb, "-D", str(self.datadir), "-U", self.db_user, "--auth=trust",
                      "--encoding=UTF8", "--locale=C", "--no-sync")
        except subprocess.CalledProcessError as e:
            raise RuntimeError(f"initdb failed: {e.stderr or e.stdout}") from e
        return self

    def start(self) -> "PgServer":
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
                "-c fsync=off -c max_connections=50 -c shared_buffers=32MB")
        try:
            self._run(self.pg_ctl, "-D", str(self.datadir), "-l", str(self.logfile), "-o", opts, "-w", "-t", "60",
                      "start")
        except subprocess.CalledProcessError as e:
            log = self.logfile.read_text(errors="replace") if self.logfile.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {e.stderr or e.stdout}\n{log[-2000:]}") from e
        self._wait_accepting()
        return self

    def _wait_accepting(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"PostgreSQL not accepting on port {self.port}")

    def stop(self, mode: str = "fast") -> None:
        self._run(self.pg_ctl, "-D", str(self.datadir), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def cleanup(self) -> None:
        self.stop()
        if self._own_base:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> "PgServer":
        return self.init().start()

    def __exit__(self, *exc: object) -> None:
        self.cleanup()
