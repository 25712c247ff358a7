"""A private PostgreSQL cluster a test may stop and start again: the database going away in the
middle of a session, for real (no fake driver).

``Cluster`` runs Debian's ``initdb``/``pg_ctl`` (the newest /usr/lib/postgresql/*/bin) on a
free loopback port in a folder of its own, as .ci/postgres.sh does; as root, the binaries run
as the ``postgres`` user (initdb refuses root). ``stop()`` is ``pg_ctl stop -m fast`` (open
connections are cut, as when a server goes down), ``start()`` brings it back on the same port
with the same data. ``fresh_database()`` makes an empty database and returns its URL.

Without PostgreSQL's binaries the tests using it skip, with the reason; with
``GROUNDWORK_REQUIRE_POSTGRES=1`` (set by .ci/run) that is a failure instead.
"""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

REQUIRE_ENV = "GROUNDWORK_REQUIRE_POSTGRES"


def pg_bin() -> Path | None:
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "initdb").exists()]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
               default=None)


def require_pg_bin() -> Path:
    found = pg_bin()
    if found is None:
        message = "PostgreSQL's server binaries (/usr/lib/postgresql/*/bin/initdb) are not installed"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {message}")
        pytest.skip(message)
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="groundwork-pgtest-"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = _free_port()
        self.password = secrets.token_hex(16)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth-local=trust",
                  "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()
        self._psql(f"CREATE ROLE groundwork LOGIN PASSWORD '{self.password}'")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.dir)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}")

    def _psql(self, sql: str) -> None:
        self._run("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.dir), "-p", str(self.port),
                  "-U", "postgres", "-d", "postgres", "-c", sql)

    def start(self) -> None:
        """Start (again) on the same port and data; returns once it accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w",
                  "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} "
                        f"-c unix_socket_directories={self.dir}", "start")

    def stop(self) -> None:
        """Stop at once, cutting every open connection (``-m fast``)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def fresh_database(self) -> str:
        name = f"gw_{secrets.token_hex(6)}"
        self._psql(f"CREATE DATABASE {name} OWNER groundwork")
        return f"postgresql+psycopg://groundwork:{self.password}@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
