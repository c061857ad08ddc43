"""Real servers for the slow tests: gunicorn instances, a throwaway PostgreSQL cluster,
a socket that accepts and never answers, and a small HTTP client with a cookie jar.

Everything listens on 127.0.0.1 only and is stopped in teardown whatever happens.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"
APP_PORTS = (8410, 8499)  # 8401-8409 are left to `make bench`
PG_PORTS = (55400, 55499)


def missing(reason: str):
    """A prerequisite is missing: skip with the reason, except in CI, where it fails."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this cannot be skipped)")
    pytest.skip(reason)


def free_port(lo: int, hi: int) -> int:
    ports = list(range(lo, hi + 1))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {lo}-{hi}")


def base_env(var_dir: Path, **extra) -> dict:
    """A clean environment like `make run`'s, not inheriting the test run's cache settings."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
    env.update(
        ENV_FILE="/dev/null",
        DEPLOYMENT="local",
        SECRET_KEY=secrets.token_urlsafe(50),
        VAR_DIR=str(var_dir),
        STATIC_ROOT=str(ROOT / "staticfiles"),
        GUNICORN_ACCESS_LOG="-",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env: dict, *args: str, input: str | None = None) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def shell(env: dict, code: str) -> str:
    """Run Python inside the project (as `manage.py shell -c` would) with this environment."""
    return manage(env, "shell", "-c", code)


class Response:
    def __init__(self, status, headers, body, elapsed):
        self.status, self.headers, self.body, self.elapsed = status, headers, body, elapsed

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """urllib with a cookie jar and no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def request(self, path, data=None, headers=None, timeout=30) -> Response:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        start = time.monotonic()
        try:
            with self.opener.open(req, timeout=timeout) as r:
                body = r.read()
                return Response(
                    r.status, {k.lower(): v for k, v in r.headers.items()}, body, time.monotonic() - start
                )
        except urllib.error.HTTPError as e:
            body = e.read()
            return Response(
                e.code, {k.lower(): v for k, v in e.headers.items()}, body, time.monotonic() - start
            )

    def get(self, path, **kw) -> Response:
        return self.request(path, **kw)

    def post(self, path, fields: dict, files: dict | None = None, **kw) -> Response:
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(path, data=body, headers={"Content-Type": content_type}, **kw)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class AppServer:
    """One instance: gunicorn with the committed gunicorn.conf.py, as `make run` starts it."""

    def __init__(self, env: dict, name: str, log_dir: Path):
        self.env = env
        self.name = name
        self.port = free_port(*APP_PORTS)
        self.log_path = log_dir / f"gunicorn-{name}.log"
        self.proc = None
        self.base = f"http://{HOST}:{self.port}"

    def start(self, timeout=60):
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{self.port}", "campaign_site.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn {self.name} exited early:\n{self.log()}")
            with contextlib.suppress(OSError):
                if self.browser().get("/healthz", timeout=5).status == 200:
                    return self
            time.sleep(0.2)
        raise AssertionError(f"gunicorn {self.name} did not answer /healthz:\n{self.log()}")

    def browser(self) -> Browser:
        return Browser(self.base)

    def get(self, path, **kw) -> Response:
        return self.browser().get(path, **kw)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()
        self.proc = None


def pg_bin_dir() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own (initdb / pg_ctl) on a spare port, never the shared one."""

    def __init__(self):
        self.bin = pg_bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix="perf-pg-", dir="/tmp"))
        self.data = self.dir / "data"
        self.port = free_port(*PG_PORTS)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args, check=True):
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:  # initdb refuses to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=check)

    def init(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        return self

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses={HOST} -k {self.dir} -c fsync=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop", check=False)

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def url(self, database: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def create_database(self, name: str):
        import psycopg2

        conn = psycopg2.connect(host=HOST, port=self.port, user="postgres", dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()

    def destroy(self):
        with contextlib.suppress(Exception):
            if self.data.exists():
                self._run(
                    "pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop", check=False
                )
        shutil.rmtree(self.dir, ignore_errors=True)


class SilentServer:
    """Accepts TCP connections and never says a word: a database or cache that hangs.

    Counts the connections, so a test can see how often the site tried.
    """

    def __init__(self, ports=PG_PORTS):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((HOST, free_port(*ports)))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._held = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _addr = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted += 1
            self._held.append(conn)

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        for conn in self._held:
            with contextlib.suppress(OSError):
                conn.close()
        self.sock.close()
