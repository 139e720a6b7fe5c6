"""A real PostgreSQL server for the tests: initdb in a temporary folder, loopback, a free port, pg_ctl."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

USER = "news"
PASSWORD = "news-test-secret"
SERVER_USER = "postgres"
"""Who runs the server when the tests run as root (initdb refuses root)."""


def server_bin() -> Path | None:
    """The folder of initdb/pg_ctl: ``$NEWS_SEARCH_PG_BIN``, Debian's newest, or PATH."""
    given = os.environ.get("NEWS_SEARCH_PG_BIN")
    if given:
        return Path(given)
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if Path(folder, "initdb").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    """One server: ``start()``, ``stop()`` (the data stays, so it can start again), ``remove()``."""

    def __init__(self, bindir: Path, root: Path, port: int | None = None) -> None:
        self.bindir, self.root = bindir, root
        self.data = root / "data"
        self.port = port or free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120,
                              env={**os.environ, **(env or {})})

    def init(self) -> PgServer:
        self.root.mkdir(parents=True, exist_ok=True)
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self.as_root:
            shutil.chown(self.root, SERVER_USER)
            shutil.chown(pwfile, SERVER_USER)
        self._run("initdb", "-D", str(self.data), "-U", USER, "--pwfile", str(pwfile), "-A", "scram-sha-256",
                  "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                       f"unix_socket_directories = '{self.root}'\nfsync = off\nsynchronous_commit = off\n"
                       "full_page_writes = off\nshared_buffers = 32MB\nmax_connections = 40\n")
        return self

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def standby(self, root: Path) -> PgServer:
        """A streaming read replica of this server (``pg_basebackup -R``), started, on its own port."""
        replica = PgServer(self.bindir, root)
        root.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(root, SERVER_USER)
        self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, "-D", str(replica.data),
                  "-R", "-X", "stream", "-c", "fast", "--no-sync", env={"PGPASSWORD": PASSWORD})
        with open(replica.data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {replica.port}\nunix_socket_directories = '{root}'\n")
        replica.start()
        return replica

    def location(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its location."""
        import psycopg

        with psycopg.connect(self.location(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.location(name)


def start_server() -> PgServer:
    """A started server in a new temporary folder; skips (fails on CI) when there is no server binary."""
    bindir = server_bin()
    if bindir is None:
        message = "no PostgreSQL server binaries (initdb) found: install postgresql or set NEWS_SEARCH_PG_BIN"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # /tmp itself, not pytest's folder: the server user must be able to enter it.
    server = PgServer(bindir, Path(tempfile.mkdtemp(prefix="news-pg-"))).init()
    server.start()
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole session."""
    server = start_server()
    try:
        yield server
    finally:
        server.remove()


_DATABASES = iter(range(1, 1_000_000))


@pytest.fixture
def pg_location(pg_server: PgServer) -> str:
    """The location of a new, empty database on the session's server."""
    return pg_server.create_database(f"t{next(_DATABASES)}")
