"""Production settings pass Django's deployment checks and behave as the README promises.

Each test starts a fresh Python process with DEPLOYMENT=production and the environment a
real deployment has, because settings are read once at start-up.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
ADMIN_PATH = "staff-xyz/"


def production_env(var_dir: str, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "SECURE_", "ADMIN_", "DEBUG", "BEHIND_")
        )
    }
    env.update(
        {
            "DEPLOYMENT": "production",
            "ENV_FILE": "/dev/null",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": f"sqlite:///{var_dir}/db.sqlite3",
            "CACHE_URL": "locmemcache://",
            "ALLOWED_HOSTS": "example.org",
            "SITE_URL": "https://example.org",
            "ADMIN_PATH": ADMIN_PATH,
            "VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "campaign_site.settings",
        }
    )
    env.update(extra)
    return env


@pytest.fixture
def var_dir():
    path = tempfile.mkdtemp(prefix="sec-deploy-", dir="/tmp")
    yield path
    subprocess.run(["rm", "-rf", path], check=False)


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180
    )


def test_check_deploy_passes_with_production_settings(var_dir):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(var_dir))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_would_catch_a_weak_setting(var_dir):
    """The check is not toothless here: a short HSTS time fails it."""
    env = production_env(var_dir, SECURE_HSTS_SECONDS="0")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


@pytest.mark.parametrize("admin_path", ["admin/", "/admin", ""])
def test_production_refuses_the_default_admin_path(var_dir, admin_path):
    env = production_env(var_dir, ADMIN_PATH=admin_path)
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "ADMIN_PATH" in result.stderr


PROBE = r"""
import json, logging
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_content", verbosity=0)
from django.test import Client
from scripts.check_headers import problems

out = {}
client = Client(HTTP_HOST="example.org")
plain = client.get("/get-help/")
out["plain_status"] = plain.status_code
out["plain_location"] = plain.get("Location", "")
tls = {"HTTP_X_FORWARDED_PROTO": "https"}
page = client.get("/get-help/", **tls)
out["page_status"] = page.status_code
out["page_problems"] = problems("/get-help/", page.status_code, page.headers, https=True)
out["hsts"] = page.get("Strict-Transport-Security", "")
out["old_admin"] = client.get("/admin/", **tls).status_code
admin = client.get("/staff-xyz/", **tls)
out["admin_status"] = admin.status_code
out["admin_location"] = admin.get("Location", "")
login = client.get("/staff-xyz/login/", **tls)
cookie = login.cookies.get(settings.CSRF_COOKIE_NAME)
out["cookies"] = sorted(login.cookies)
out["cookie"] = {k: cookie[k] for k in ("secure", "httponly", "samesite", "path", "expires", "max-age")} if cookie else None
out["admin_cache"] = login.get("Cache-Control", "")
out["require_otp"] = settings.ADMIN_REQUIRE_OTP
out["debug"] = settings.DEBUG
from django.utils.log import AdminEmailHandler
handlers = [h for name in [None, *logging.root.manager.loggerDict] for h in logging.getLogger(name).handlers]
out["mail_handlers"] = [type(h).__name__ for h in handlers if isinstance(h, AdminEmailHandler)]
print("PROBE" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def production():
    var_dir = tempfile.mkdtemp(prefix="sec-deploy-", dir="/tmp")
    try:
        # ADMIN_REQUIRE_OTP=false must be ignored in production.
        result = run(["-c", PROBE], production_env(var_dir, ADMIN_REQUIRE_OTP="false"))
        assert result.returncode == 0, result.stderr[-3000:]
        line = next(line for line in result.stdout.splitlines() if line.startswith("PROBE"))
        return json.loads(line[len("PROBE") :])
    finally:
        subprocess.run(["rm", "-rf", var_dir], check=False)


def test_plain_http_is_redirected_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://example.org/get-help/"


def test_pages_over_tls_have_every_header_and_a_year_of_hsts(production):
    assert production["page_status"] == 200
    assert production["page_problems"] == []
    assert production["hsts"] == "max-age=31536000; includeSubDomains"


def test_the_admin_lives_only_at_the_configured_path(production):
    assert production["old_admin"] == 404
    assert production["admin_status"] == 302
    assert production["admin_location"].startswith(f"/{ADMIN_PATH}login/")


def test_the_sign_in_cookie_is_secure_strict_httponly_and_session_only(production):
    # Viewing the sign-in page gives its CSRF token only: no session before signing in.
    assert production["cookies"] == ["staff_csrftoken"]
    cookie = production["cookie"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == f"/{ADMIN_PATH}"
    assert not cookie["expires"] and not cookie["max-age"]
    assert production["admin_cache"] == "no-store, private"


def test_one_time_codes_cannot_be_turned_off_in_production(production):
    assert production["require_otp"] is True
    assert production["debug"] is False


def test_no_error_emails_with_request_details(production):
    assert production["mail_handlers"] == []
