"""Logs hold no address, user agent or query string.

A real gunicorn (gunicorn.conf.py, one worker, 127.0.0.1:8301-8399) serves the site while
this test sends it public pages with query strings, forwarded addresses and a telltale
user agent, a 404, a crash (500), a failed staff sign-in, and malformed requests that
gunicorn itself rejects. Then every line it wrote is scanned.
"""

import http.client
import http.cookiejar
import ipaddress
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from pages.logging import RedactFilter, redact

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
AGENT = "SecretProbeBrowser/4.2 (X11; Linux; like Gecko)"
QUERY_WORD = "find-me-query-8472"
FORWARDED = ["203.0.113.45", "198.51.100.23", "2001:db8::beef"]

pytestmark = pytest.mark.slow


# --- The app gunicorn runs: the real site plus one view that crashes -----------


def _boom(request):
    # An exception message that quotes the request, as careless code might.
    raise RuntimeError(
        f"crash for {request.META.get('REMOTE_ADDR')} via {request.META.get('HTTP_X_FORWARDED_FOR')} "
        f"at {request.get_full_path()}"
    )


def logging_app():
    """gunicorn factory: campaign_site's WSGI app with /boom/ added."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_site.settings")
    from django.core.wsgi import get_wsgi_application
    from django.urls import path

    application = get_wsgi_application()
    from campaign_site import urls

    urls.urlpatterns.insert(0, path("boom/", _boom))
    return application


# --- Helpers ----------------------------------------------------------------------


def free_port() -> int:
    for port in range(8301, 8400):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8301-8399")


def ip_addresses(text: str) -> list[str]:
    """Every IPv4 or IPv6 address in the text (checked independently of pages.logging)."""
    found = re.findall(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])", text)
    for candidate in re.findall(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*", text):
        for option in (candidate, candidate.strip(":."), candidate.rstrip(":.")):
            try:
                if ipaddress.ip_address(option).version == 6:
                    found.append(option)
                    break
            except ValueError:
                continue
    return found


def raw_request(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def server():
    var_dir = Path(tempfile.mkdtemp(prefix="sec-var-", dir="/tmp"))
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
    env.update(
        ENV_FILE="/dev/null",
        DEPLOYMENT="local",
        SECRET_KEY=secrets.token_urlsafe(50),
        VAR_DIR=str(var_dir),
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="-",
        PYTHONDONTWRITEBYTECODE="1",
        # The test reaches gunicorn directly, so it plays the one proxy in front.
        TRUSTED_PROXY_COUNT="1",
        CREATE_EDITOR_PASSWORD="a-long-password-for-the-log-test",
    )
    python = str(BIN / "python")
    for args in (
        ["migrate", "--noinput"],
        ["seed_content"],
        ["create_editor", "--username", "logtest", "--superuser", "--no-input"],
    ):
        subprocess.run(
            [python, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=180
        )
    port = free_port()
    stdout, stderr = open(var_dir / "out.log", "wb"), open(var_dir / "err.log", "wb")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "tests.test_logging:logging_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((var_dir / "err.log").read_text()) from None
                time.sleep(0.2)
        yield {"port": port, "process": process, "var_dir": var_dir}
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        stdout.close()
        stderr.close()
        shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def logs(server):
    """Drive traffic, stop the server (flushing its logs) and return everything it wrote."""
    port = server["port"]
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    statuses = {}

    def get(path, data=None, **headers):
        headers = {
            "User-Agent": AGENT,
            "X-Forwarded-For": ", ".join(FORWARDED[:2]),
            "Referer": f"https://search.example/?q={QUERY_WORD}",
            **headers,
        }
        request = urllib.request.Request(base + path, data=data, headers=headers)
        try:
            with opener.open(request, timeout=30) as response:
                statuses[path] = response.status
                return response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            statuses[path] = error.code
            return error.read().decode("utf-8", "replace")

    for path in ("/", "/get-help/", "/privacy/"):
        get(f"{path}?q={QUERY_WORD}&utm_source=leak")
        get(f"{path}?q={QUERY_WORD}", **{"X-Forwarded-For": FORWARDED[2]})
    get(f"/no-such-page/?q={QUERY_WORD}")
    get(f"/boom/?q={QUERY_WORD}")
    get(f"/static/css/site.css?v={QUERY_WORD}")
    get(f"/go/samaritans/?q={QUERY_WORD}")

    # A failed staff sign-in (axes logs it) with the address in X-Forwarded-For.
    login = f"/admin/login/?next=/admin/&q={QUERY_WORD}"
    html = get(login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": "logtest",
            "password": "wrong-password",
            "otp_token": "123456",
        }
    ).encode()
    get(login, data=form, **{"Content-Type": "application/x-www-form-urlencoded", "Origin": base})

    # Requests gunicorn itself rejects (it would log the client address).
    raw_request(port, f"GET /?q={QUERY_WORD} HTTP/1.1\r\nHost: x\r\nBad header line\r\n\r\n".encode())
    raw_request(port, b"GET /" + b"a" * 5000 + f"?q={QUERY_WORD} HTTP/1.1\r\nHost: x\r\n\r\n".encode())

    # Paths that must never serve a file, sent unnormalised.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for path in ("/static/../.env", "/static/../campaign_site/settings.py", "/.git/config", "/manage.py"):
        connection.request("GET", path)
        response = connection.getresponse()
        statuses[path] = response.status
        response.read()
    connection.close()

    time.sleep(0.5)
    process = server["process"]
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
    var_dir = server["var_dir"]
    text = (var_dir / "out.log").read_text() + (var_dir / "err.log").read_text()
    return {"text": text, "statuses": statuses}


def test_the_traffic_really_happened_and_was_logged(logs):
    """The scan below only means something if the log holds these requests."""
    text, statuses = logs["text"], logs["statuses"]
    assert statuses["/no-such-page/?q=" + QUERY_WORD] == 404
    assert statuses["/boom/?q=" + QUERY_WORD] == 500
    assert '"GET /get-help/" 200' in text  # the access log, path only
    assert '"GET /boom/" 500' in text
    assert "Internal Server Error: /boom/" in text and "RuntimeError" in text
    assert "Invalid request from ip=" in text  # gunicorn's own rejection was logged
    assert "login failure by someone at" in text  # axes logged the failed sign-in


def test_logs_hold_no_ip_address(logs):
    assert ip_addresses(logs["text"]) == []


def test_logs_hold_no_user_agent_query_string_or_referrer(logs):
    text = logs["text"]
    assert "SecretProbeBrowser" not in text
    assert QUERY_WORD not in text
    assert "utm_source" not in text
    assert "search.example" not in text


def test_secret_files_were_not_served_by_the_real_server(logs):
    for path in ("/static/../.env", "/static/../campaign_site/settings.py", "/.git/config", "/manage.py"):
        assert logs["statuses"][path] == 404, path


def test_the_address_scan_can_fail():
    sample = "x 203.0.113.9 y [2001:db8::1]:80 ip=::1: z ::ffff:10.0.0.1 [25/Nov/2025:13:05:00 +0000]"
    assert set(ip_addresses(sample)) >= {"203.0.113.9", "2001:db8::1", "::1"}
    assert ip_addresses(redact(sample)) == []
    assert "13:05:00" in redact(sample)  # times are not addresses


def test_django_logging_redacts_tracebacks_and_sends_no_email(caplog):
    from django.utils.log import AdminEmailHandler

    handlers = [
        h for name in [None, *logging.root.manager.loggerDict] for h in logging.getLogger(name).handlers
    ]
    assert not [h for h in handlers if isinstance(h, AdminEmailHandler)]

    record = None
    try:
        raise ValueError("bad input from 203.0.113.9 at /x/?token=abc")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Error at %s", ("/x/?q=1",), sys.exc_info()
        )
    record.request = object()
    RedactFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "203.0.113.9" not in formatted and "token=abc" not in formatted and "q=1" not in formatted
    assert record.request is None
