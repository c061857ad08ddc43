"""Real nginx in front of real gunicorn, with the committed deploy/nginx/ files.

The files are copied with their placeholders filled in (paths in a temporary directory,
ports chosen here); nothing else about them changes. The test's own nginx.conf plays the part
of Debian's /etc/nginx/nginx.conf plus campaign-site.conf: plain HTTP on 127.0.0.1 (TLS is
checked separately with `nginx -t`), nginx in the foreground as the current user, with its
pid file and temporary files in the same directory.
"""

from __future__ import annotations

import contextlib
import grp
import http.client
import os
import pwd
import re
import shutil
import signal
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path

from tests import servers

DEPLOY = servers.ROOT / "deploy" / "nginx"
# What the test's server block includes; campaign-site.conf (TLS) is checked with `nginx -t`.
CONFIG_FILES = ("campaign-http.conf", "campaign-server.conf", "countable.map")
PLACEHOLDER = re.compile(r"__[A-Z][A-Z_]*[A-Z]__")
PROXY_PORTS = (8610, 8699)


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.access(found, os.X_OK) else None


def render(text: str, values: dict) -> str:
    """A committed file with its placeholders filled in; every placeholder must be known."""
    for name, value in values.items():
        text = text.replace(f"__{name}__", str(value))
    left = sorted(set(PLACEHOLDER.findall(text)))
    if left:
        raise AssertionError(f"placeholders with no value in the test: {left}")
    return text


def _main_conf(work: Path, http_body: str) -> str:
    """What /etc/nginx/nginx.conf provides in production, for a throwaway instance."""
    user = ""
    if os.geteuid() == 0:
        # Without this, a root master runs its workers as `nobody`, which cannot read the
        # test's private temporary directory.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp = work / "temp"
    return f"""
daemon off;
master_process on;
worker_processes 1;
{user}
pid {work}/nginx.pid;
error_log {work}/logs/nginx-main-error.log crit;
events {{ worker_connections 512; }}
http {{
    {mime}
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{http_body}
}}
"""


class Proxy:
    """nginx with the committed configuration, in front of one gunicorn instance."""

    def __init__(self, work: Path, *, upstream: str, admin_path: str, offline_page: Path):
        self.binary = nginx_binary()
        self.work = work
        self.conf_dir = work / "conf"
        self.log_dir = work / "logs"
        self.port = servers.free_port(*PROXY_PORTS)
        self.base = f"http://{servers.HOST}:{self.port}"
        self.values = {
            "CONF_DIR": self.conf_dir,
            "CACHE_DIR": work / "cache",
            "UPSTREAM": upstream,
            "ADMIN_PATH": admin_path,
            "STATIC_ROOT": servers.ROOT / "staticfiles",
            "OFFLINE_PAGE": offline_page,
            "LOG_DIR": self.log_dir,
        }
        self.proc = None

    @property
    def access_log(self) -> Path:
        return self.log_dir / "campaign-access.log"

    @property
    def count_log(self) -> Path:
        return self.log_dir / "campaign-count.log"

    @property
    def error_log(self) -> Path:
        return self.log_dir / "campaign-error.log"

    def write_config(self, values: dict | None = None, files=CONFIG_FILES) -> Path:
        values = {**self.values, **(values or {})}
        for directory in (self.conf_dir, self.log_dir, self.work / "temp"):
            directory.mkdir(parents=True, exist_ok=True)
        for name in files:
            (self.conf_dir / name).write_text(render((DEPLOY / name).read_text(), values))
        server = f"""
    include {self.conf_dir}/campaign-http.conf;
    server {{
        listen {servers.HOST}:{self.port};
        server_name {servers.HOST};
        include {self.conf_dir}/campaign-server.conf;
    }}"""
        main = self.conf_dir / "nginx.conf"
        main.write_text(_main_conf(self.work, server))
        return main

    def check_production_site(self, cert: Path, key: Path) -> subprocess.CompletedProcess:
        """`nginx -t` on campaign-site.conf (TLS, redirects, catch-all) as production loads it."""
        self.write_config(
            {"SERVER_NAME": "campaign.test", "TLS_CERT": cert, "TLS_KEY": key},
            files=(*CONFIG_FILES, "campaign-site.conf"),
        )
        site = self.conf_dir / "site-test.conf"
        site.write_text(_main_conf(self.work, f"    include {self.conf_dir}/campaign-site.conf;"))
        result = subprocess.run(
            [self.binary, "-t", "-p", str(self.work), "-c", str(site)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        return result

    def start(self, timeout=20):
        main = self.write_config()
        self._log = open(self.log_dir / "nginx-stderr.log", "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [self.binary, "-p", str(self.work), "-c", str(main)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"nginx exited early:\n{self.stderr()}")
            with contextlib.suppress(OSError):
                if self.request("GET", "/healthz", timeout=5).status == 200:
                    return self
            time.sleep(0.1)
        raise AssertionError(f"nginx did not answer /healthz:\n{self.stderr()}")

    def stderr(self) -> str:
        with contextlib.suppress(OSError):
            return (self.log_dir / "nginx-stderr.log").read_text(errors="replace")[-5000:]
        return ""

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)  # nginx: fast shutdown
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()
        self.proc = None

    def request(self, method, path, *, headers=None, body=None, source=servers.HOST, timeout=10):
        logged = self._size(self.access_log)
        response = request(
            servers.HOST, self.port, method, path, headers=headers, body=body, source=source, timeout=timeout
        )
        # nginx writes its log lines just after the response has gone: wait for them, so that
        # a test reading the logs next finds this request there.
        deadline = time.monotonic() + 2
        while self._size(self.access_log) == logged and time.monotonic() < deadline:
            time.sleep(0.005)
        return response

    @staticmethod
    def _size(path: Path) -> int:
        try:
            return path.stat().st_size
        except FileNotFoundError:
            return 0

    def get(self, path, **kw) -> servers.Response:
        return self.request("GET", path, **kw)

    def log_lines(self, which: Path) -> list[str]:
        with contextlib.suppress(FileNotFoundError):
            return which.read_text().splitlines()
        return []


def request(host, port, method, path, *, headers=None, body=None, source=servers.HOST, timeout=10):
    """One HTTP/1.1 request from a chosen loopback address (so nginx sees a different client).

    http.client sends no User-Agent or Accept-Encoding of its own: a test says what it sends.
    """
    connection = http.client.HTTPConnection(host, port, timeout=timeout, source_address=(source, 0))
    start = time.monotonic()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return servers.Response(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            data,
            time.monotonic() - start,
        )
    finally:
        connection.close()


def cookies_from(response: servers.Response) -> str:
    """The Cookie header a browser would send back after this response."""
    jar = SimpleCookie()
    jar.load(response.headers.get("set-cookie", ""))
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
