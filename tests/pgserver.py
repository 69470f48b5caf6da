"""A real PostgreSQL server for the tests: initdb in a temporary folder, postgres on a free
loopback port, stopped at the end. PostgreSQL refuses to run as root, so as root (CI) it runs
as the ``postgres`` user in a folder that user owns."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ADMIN = "piiscan_admin"
ADMIN_PASSWORD = "admin-pw-not-the-canary"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: ``PG_BIN``, the PATH, or Debian's versioned folders."""
    if folder := os.environ.get("PG_BIN"):
        return Path(folder)
    if found := shutil.which("initdb"):
        return Path(found).parent
    found_all = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(found_all[0]).parent if found_all else None


@dataclass
class Server:
    bin: Path
    folder: Path
    port: int
    user: str | None
    """The system user that runs postgres (``postgres`` when we are root), or None."""

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(
        self, user: str = ADMIN, password: str | None = ADMIN_PASSWORD, db: str = "postgres"
    ) -> str:
        auth = f"{user}:{password}" if password is not None else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{db}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def start(self) -> None:
        (self.folder / "pw").write_text(ADMIN_PASSWORD + "\n")
        if self.user is not None:
            shutil.chown(self.folder, self.user)
            shutil.chown(self.folder / "pw", self.user)
        self._run(
            "initdb", "-D", str(self.data), "-U", ADMIN, "--pwfile", str(self.folder / "pw"),
            "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def execute(self, *statements: str, db: str = "postgres") -> None:
        """Run SQL as the superuser, each statement committed."""
        import adbc_driver_postgresql.dbapi as dbapi

        with (
            dbapi.connect(self.url(db=db), autocommit=True) as connection,
            connection.cursor() as cursor,
        ):
            for statement in statements:
                cursor.execute(statement)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> Server:
    """A running server; raises when it cannot start (no binaries: check ``binaries()``)."""
    bin_folder = binaries()
    assert bin_folder is not None
    folder = Path(tempfile.mkdtemp(prefix="piiscan-pg-"))
    os.chmod(folder, 0o755)
    user = "postgres" if os.geteuid() == 0 else None
    server = Server(bin_folder, folder, free_port(), user)
    try:
        server.start()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server
