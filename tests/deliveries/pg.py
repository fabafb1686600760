"""A throw-away PostgreSQL server for the database tests (Debian's ``postgresql`` package, installed
by ``scripts/ensure_postgres.sh``): ``initdb`` into a temporary folder, ``pg_ctl start`` on a free
port, ``pg_ctl stop`` at the end. PostgreSQL refuses to run as root, so under root the server runs
as the unprivileged ``postgres`` user (``runuser``), which owns the temporary cluster."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def binaries() -> Path | None:
    """The folder of ``initdb``/``pg_ctl``: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return Path(dirs[-1]) if dirs else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    folder: Path
    port: int
    bin: Path
    as_user: str | None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_of(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    @classmethod
    def start(cls) -> PostgresServer:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL not found (pg_ctl); run scripts/ensure_postgres.sh")
        as_user = None
        folder = Path(tempfile.mkdtemp(prefix="zof-pg-"))
        if os.geteuid() == 0:
            as_user = "postgres"
            user = pwd.getpwnam(as_user)
            os.chmod(folder, 0o755)
            os.chown(folder, user.pw_uid, user.pw_gid)
        server = cls(folder, _free_port(), bin_dir, as_user)
        data, sock = folder / "data", folder / "sock"
        for path in (data, sock):
            path.mkdir()
            if as_user:
                os.chown(path, user.pw_uid, user.pw_gid)
        os.chmod(data, 0o700)
        server._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        opts = f"-p {server.port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
        server._run("pg_ctl", "-D", str(data), "-o", opts, "-l", str(folder / "log"), "-w", "start")
        return server

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
