"""The admin controls the helpline number, so signing in must be hard to abuse.

Password plus a one-time code; lockout after repeated failures (wrong codes included);
short-lived, staff-only session cookies; admin pages never cached; failed sign-in
records pruned; and the commands that set up a staff member.
"""

import datetime
import logging
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from content.staff_security import client_ip, prune_security_records
from tests.conftest import sign_in_with_otp

PASSWORD = "correct-horse-battery-staple-42"


def code_for(device, at=None):
    """The code an authenticator app would show now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at or time.time()
    return str(totp.token()).zfill(device.digits)


@pytest.fixture
def staff(seeded, django_user_model):
    user = django_user_model.objects.create_superuser("alex", "alex@example.org", PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def login_url():
    return reverse("admin:login")


def sign_in(client, username="alex", password=PASSWORD, code=None, **extra):
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    if code is not None:
        data["otp_token"] = code
    return client.post(login_url(), data, **extra)


# --- Password and one-time code ---------------------------------------------


def test_the_admin_path_comes_from_settings(settings):
    assert reverse("admin:index") == f"/{settings.ADMIN_PATH}"
    assert login_url().startswith(f"/{settings.ADMIN_PATH}")


def test_the_sign_in_page_asks_for_the_code(client, staff):
    html = client.get(login_url()).content.decode()
    assert 'name="otp_token"' in html
    assert "Code from your authenticator app" in html


def test_a_password_alone_does_not_reach_the_admin(client, staff):
    response = sign_in(client)
    assert response.status_code == 200  # the form again, not a redirect into the admin
    assert "Enter the six-digit code" in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(login_url())


def test_a_session_signed_in_by_password_only_is_turned_away(client, staff):
    """Even a logged-in session (e.g. from another sign-in route) needs the code step."""
    user, _device = staff
    client.force_login(user)
    for url in (reverse("admin:index"), reverse("admin:content_helpline_change", args=[1])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login_url())


def test_a_wrong_code_does_not_reach_the_admin(client, staff):
    _user, device = staff
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    response = sign_in(client, code=wrong)
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_password_and_current_code_reach_the_admin(client, staff):
    _user, device = staff
    response = sign_in(client, code=code_for(device))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_cannot_be_used_twice(client, staff):
    _user, device = staff
    code = code_for(device)
    assert sign_in(client, code=code).status_code == 302
    client.logout()
    assert sign_in(client, code=code).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_someone_elses_device_cannot_be_chosen(client, staff, django_user_model):
    other = django_user_model.objects.create_superuser("bo", "bo@example.org", PASSWORD)
    other_device = TOTPDevice.objects.create(user=other, name="bo's phone", confirmed=True)
    TOTPDevice.objects.create(user=staff[0], name="second phone", confirmed=True)
    response = client.post(
        login_url(),
        {
            "username": "alex",
            "password": PASSWORD,
            "otp_device": other_device.persistent_id,
            "otp_token": code_for(other_device),
        },
    )
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_staff_member_without_an_authenticator_cannot_get_in(client, seeded, django_user_model):
    django_user_model.objects.create_superuser("nodevice", "n@example.org", PASSWORD)
    response = sign_in(client, username="nodevice", code="123456")
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_developer_can_turn_codes_off_locally(client, staff, settings):
    """ADMIN_REQUIRE_OTP=false (never honoured in production, see test_deploy_check)."""
    settings.ADMIN_REQUIRE_OTP = False
    assert 'name="otp_token"' not in client.get(login_url()).content.decode()
    assert sign_in(client).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


# --- Lockout (django-axes) --------------------------------------------------


def test_repeated_wrong_passwords_lock_the_account_out(client, staff, settings):
    _user, device = staff
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, password=f"wrong-password-{attempt}")
        assert response.status_code == 200, f"attempt {attempt} should show the form again"
    response = sign_in(client, password="wrong-password-last")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many sign-in attempts" in html
    assert "Traceback" not in html
    assert response["Cache-Control"] == "no-store, private"
    # Now even the right password and code are refused until the cool-off ends.
    response = sign_in(client, code=code_for(device))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_codes_lock_the_account_out(client, staff, settings):
    """Someone who has the password cannot keep guessing codes."""
    _user, device = staff
    wrong = str((int(code_for(device)) + 500_000) % 1_000_000).zfill(6)
    statuses = [sign_in(client, code=wrong).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    assert sign_in(client, code=code_for(device)).status_code == 429


def test_the_lockout_follows_the_real_client_behind_the_proxy(client, staff, settings):
    """Behind one proxy, a forged X-Forwarded-For entry does not escape the lockout, and
    one address being locked out does not lock the same person out everywhere."""
    settings.TRUSTED_PROXY_COUNT = 1
    _user, device = staff
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The attacker changes the part of the header it controls on every attempt;
        # our proxy appends the real address (203.0.113.5) last.
        forged = f"198.51.100.{attempt + 1}, 203.0.113.5"
        response = sign_in(client, password="guess", HTTP_X_FORWARDED_FOR=forged)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}

    other = client.__class__()
    response = sign_in(other, code=code_for(device), HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 302


def test_client_ip_counts_trusted_proxies_from_the_right(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7, 10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 4  # a shorter header than expected: do not trust it
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    bad = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(bad) == "10.0.0.2"


def test_failed_attempts_never_store_the_password_or_code(client, staff):
    sign_in(client, password="my-secret-guess-123", code="654321")
    attempt = AccessAttempt.objects.get()
    assert "my-secret-guess-123" not in attempt.post_data
    assert "654321" not in attempt.post_data


def test_sign_in_failures_are_logged_without_address_or_browser(client, staff, caplog):
    with caplog.at_level(logging.INFO):
        for _ in range(2):
            sign_in(client, password="wrong", REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="ProbeBrowser/7.1")
    assert "login failure by someone at" in caplog.text  # axes did log the failures
    assert "203.0.113.77" not in caplog.text
    assert "ProbeBrowser" not in caplog.text


def test_old_sign_in_records_are_pruned(staff, settings):
    now = timezone.now()
    old = AccessAttempt.objects.create(
        username="x",
        ip_address="203.0.113.1",
        user_agent="ua",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    recent = AccessAttempt.objects.create(
        username="y",
        ip_address="203.0.113.2",
        user_agent="ua",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    hours = settings.AXES_RECORD_RETENTION_HOURS
    AccessAttempt.objects.filter(pk=old.pk).update(
        attempt_time=now - datetime.timedelta(hours=hours, minutes=1)
    )
    AccessAttempt.objects.filter(pk=recent.pk).update(attempt_time=now - datetime.timedelta(minutes=5))
    call_command("prune_security_records", verbosity=0)
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["y"]


def test_records_are_never_pruned_before_the_lockout_ends(staff, settings):
    settings.AXES_RECORD_RETENTION_HOURS = 0
    settings.AXES_COOLOFF_TIME = 1.0
    AccessAttempt.objects.create(
        username="x",
        ip_address="203.0.113.1",
        user_agent="ua",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    prune_security_records(now=timezone.now() + datetime.timedelta(minutes=30))
    assert AccessAttempt.objects.count() == 1
    prune_security_records(now=timezone.now() + datetime.timedelta(minutes=61))
    assert AccessAttempt.objects.count() == 0


def test_a_failed_sign_in_also_prunes_old_records(client, staff, settings):
    AccessAttempt.objects.create(
        username="old",
        ip_address="203.0.113.1",
        user_agent="ua",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(days=3))
    sign_in(client, password="wrong")
    assert not AccessAttempt.objects.filter(username="old").exists()


# --- Staff pages and cookies ------------------------------------------------


def test_admin_pages_are_never_stored_and_have_their_own_policy(superuser_client, settings):
    from django.test import Client

    pages = [
        superuser_client.get(reverse("admin:index")),
        superuser_client.get(reverse("admin:content_helpline_change", args=[1])),
        Client().get(login_url()),
    ]
    for response in pages:
        url = response.request["PATH_INFO"]
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store, private", url
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        csp = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["default-src"] == "'none'"
        assert directives["script-src"] == "'self'"  # no inline or eval'd script, even here
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-eval" not in csp
        assert response["X-Frame-Options"] == "DENY"


def _staff_only_cookie(morsel, settings):
    assert morsel["httponly"]
    assert morsel["samesite"] == "Strict"
    assert morsel["path"] == f"/{settings.ADMIN_PATH}"  # never sent to public pages
    assert not morsel["expires"] and not morsel["max-age"]  # a browser-session cookie


def test_the_staff_cookies_are_strict_httponly_and_end_with_the_browser(client, staff, settings):
    response = client.get(login_url())
    # Before signing in: only the sign-in form's CSRF token, and no session.
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
    _staff_only_cookie(response.cookies[settings.CSRF_COOKIE_NAME], settings)

    _user, device = staff
    response = sign_in(client, code=code_for(device))
    assert response.status_code == 302
    _staff_only_cookie(response.cookies[settings.SESSION_COOKIE_NAME], settings)
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() <= 2 * 60 * 60


def test_saving_in_the_admin_sets_no_other_cookie(superuser_client, settings):
    from tests.admin_forms import form_values

    url = reverse("admin:content_figure_changelist")
    response = superuser_client.get(url)
    change = re.search(r'href="([^"]+/change/)"', response.content.decode()).group(1)
    data = form_values(superuser_client.get(change).content.decode(), "figure_form")
    response = superuser_client.post(change, data)
    staff_cookies = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    assert response.status_code == 302
    assert set(response.cookies) <= staff_cookies
    followed = superuser_client.get(response["Location"])
    assert "was changed successfully" in followed.content.decode()  # message kept in the session
    assert set(followed.cookies) <= staff_cookies
    for morsel in followed.cookies.values():
        assert morsel["path"] == f"/{settings.ADMIN_PATH}"


def test_passwords_must_be_long():
    with pytest.raises(ValidationError):
        validate_password("Short-but-ok1")  # 13 characters
    with pytest.raises(ValidationError):
        validate_password("password123456")  # common
    validate_password("a-long-staff-passphrase")


# --- Commands ---------------------------------------------------------------


def test_create_editor_then_setup_totp_gives_a_working_sign_in(client, seeded, monkeypatch, capsys):
    monkeypatch.setenv("CREATE_EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", "--username", "sam", "--email", "sam@example.org", "--no-input")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="sam")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Comms editors"]

    call_command("setup_totp", "sam")
    out = capsys.readouterr().out
    uri = re.search(r"otpauth://totp/\S+", out).group(0)
    assert "█" in out or "▀" in out or "▄" in out  # the QR code is drawn
    query = parse_qs(urlparse(uri).query)
    assert query["issuer"] == ["Campaign site admin"]
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    # The secret in the printed link is the one the site checks codes against.
    import base64

    assert base64.b32decode(query["secret"][0] + "=" * (-len(query["secret"][0]) % 8)) == device.bin_key

    response = sign_in(client, username="sam", code=code_for(device))
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_setup_totp_replaces_the_old_authenticator(seeded, staff, capsys):
    _user, old = staff
    call_command("setup_totp", "alex", "--no-qr")
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user__username="alex").count() == 1
    assert "no longer works" in capsys.readouterr().out


def test_setup_totp_refuses_unknown_and_non_staff_users(seeded, django_user_model):
    with pytest.raises(CommandError, match="No user"):
        call_command("setup_totp", "nobody")
    django_user_model.objects.create_user("visitor", password=PASSWORD)
    with pytest.raises(CommandError, match="not staff"):
        call_command("setup_totp", "visitor")
    assert not TOTPDevice.objects.exists()


def test_create_editor_refuses_a_weak_password(seeded, monkeypatch, django_user_model):
    monkeypatch.setenv("CREATE_EDITOR_PASSWORD", "short1")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", "--username", "weak", "--no-input")
    assert not django_user_model.objects.filter(username="weak").exists()


def test_create_editor_superuser(seeded, monkeypatch, django_user_model):
    monkeypatch.setenv("CREATE_EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", "--username", "root2", "--superuser", "--no-input")
    user = django_user_model.objects.get(username="root2")
    assert user.is_superuser and user.is_staff


def test_signed_in_helper_still_needs_a_device(client, staff):
    """The suite's own sign-in helper goes through the code step (sanity for other tests)."""
    user, _device = staff
    sign_in_with_otp(client, user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_create_editor_asks_until_the_password_is_long_and_confirmed(seeded, monkeypatch, django_user_model):
    answers = iter(["kim", "kim@example.org"])
    passwords = iter(["short", "short", PASSWORD, "typo", PASSWORD, PASSWORD])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(passwords))
    call_command("create_editor", "--superuser")
    user = django_user_model.objects.get(username="kim")
    assert user.check_password(PASSWORD) and user.is_superuser
    assert next(passwords, None) is None  # it asked three times: too short, mismatch, good
