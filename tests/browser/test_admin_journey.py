"""The newcomer's journey in a real browser: sign in with password and one-time code,
change the helpline's hours, and see the public status change.

This also proves that staff forms work in a real browser under the site's headers (with
`Referrer-Policy: no-referrer` on staff pages, Chromium would send `Origin: null` and
Django's CSRF check would refuse every admin form, which Django's test client cannot see).
"""

import re
import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-browser-test-password-42"


def current_code(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def staff_account(site, django_user_model):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = django_user_model.objects.create_superuser("newcomer", "newcomer@example.org", PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def sign_in(page, site, settings, username, password, code):
    page.goto(f"{site}/{settings.ADMIN_PATH}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("input[name=otp_token]").fill(code)
    page.get_by_role("button", name="Sign in").click()


def test_a_newcomer_signs_in_changes_the_hours_and_sees_the_status_change(
    site, staff_account, new_page, settings
):
    user, device = staff_account
    page, _guard = new_page()

    # The public site first: Tuesday 10am, open.
    page.goto(f"{site}/")
    assert page.locator("#helpline-status").inner_text().strip().startswith("Usually open now")

    # A password without the code is not enough.
    sign_in(page, site, settings, user.username, PASSWORD, "000000")
    assert "/login/" in page.url
    assert page.get_by_role("heading", name=re.compile("^Content health")).count() == 0

    # django-otp throttles a device for a second after a wrong code.
    page.wait_for_timeout(2500)
    sign_in(page, site, settings, user.username, PASSWORD, current_code(device))
    page.get_by_role("heading", name=re.compile("^Content health")).wait_for()
    assert "staff_session" in {c["name"] for c in page.context.cookies()}

    # Tuesday's period becomes 11am to 9pm.
    page.goto(f"{site}/{settings.ADMIN_PATH}content/helpline/1/change/")
    tuesday = page.locator(".inline-related", has=page.locator("select option[value='1'][selected]"))
    tuesday.locator("input[name$='-opens']").fill("11:00")
    page.locator("input[name=_save]").click()
    page.locator(".messagelist .success").wait_for()

    # The public page shows the new status on the very next view.
    page.goto(f"{site}/")
    status = page.locator("#helpline-status").inner_text().strip()
    assert status == "Usually closed now. Opens today at 11am (hours being confirmed)."


def test_staff_cookie_never_reaches_public_pages(site, staff_account, new_page, settings):
    user, device = staff_account
    page, _guard = new_page()
    sign_in(page, site, settings, user.username, PASSWORD, current_code(device))
    page.get_by_role("heading", name=re.compile("^Content health")).wait_for()

    sent = []
    page.on("request", lambda request: sent.append((request.url, request.headers.get("cookie"))))
    page.goto(f"{site}/get-help/")
    public = [cookie for url, cookie in sent if "/get-help/" in url or "/static/" in url]
    assert public and all(cookie is None for cookie in public)
