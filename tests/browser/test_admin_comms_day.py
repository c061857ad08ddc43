"""The comms officer's day in a real browser, on a 390 px phone and at desktop width.

A comms editor (not a superuser) signs in with a password and a one-time code, changes
Friday's hours, adds a Christmas closure, undoes the Friday change without touching the
closure, uploads a 12 MB, 6,000 px logo, hides a partner, follows content health to the
1,365 figure and updates it, makes a poster code and downloads its QR code, reads the reach
report and marks the helpline closed today, and after each step the public site shows it. Every admin page on the way must fit
the screen without sideways scrolling.
"""

import datetime
import io
import os
import re

import pytest

from tests.browser.test_admin_journey import current_code, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-browser-test-password-43"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_NAME = (  # 120 characters, the longest a partner's name may be
    "West Yorkshire Police and the Office of the Mayor of West Yorkshire (policing and crime), "
    "with the safeguarding partners"
)


@pytest.fixture(scope="module")
def print_logo(tmp_path_factory):
    """A real 6,000 x 6,000 px PNG of about 12 MB: noise in three grey levels, which PNG
    cannot squeeze much (a plain image would compress to almost nothing)."""
    from PIL import Image

    side = 6000
    levels = bytes((b % 3) * 80 for b in range(256))
    image = Image.frombytes("L", (side, side), os.urandom(side * side).translate(levels))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    path = tmp_path_factory.mktemp("logos") / "print-logo.png"
    path.write_bytes(out.getvalue())
    assert 11 * 1024 * 1024 < path.stat().st_size < 14 * 1024 * 1024
    return path


@pytest.fixture
def editor_account(site, django_user_model):
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = django_user_model.objects.create_user("ann", "ann@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Comms editors"))
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def signed_in(new_page, site, settings, editor_account, viewport):
    user, device = editor_account
    page, _guard = new_page(viewport=viewport)
    sign_in(page, site, settings, user.username, PASSWORD, current_code(device))
    page.get_by_role("heading", name=re.compile("^Content health")).wait_for()
    return page, f"{site}/{settings.ADMIN_PATH}"


def assert_fits(page):
    """No sideways scrolling: the page is no wider than the window."""
    page.wait_for_load_state()
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert width <= inner, f"{page.url} is {width} px wide in a {inner} px window: {wide}"


def save_and_wait(page, button="input[name=_save]"):
    page.locator(button).click()
    page.locator(".messagelist .success").wait_for()


def public_text(page, url):
    page.goto(url)
    return " ".join(page.locator("main").inner_text().split())


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_comms_officers_day(site, editor_account, new_page, settings, viewport, print_logo):
    page, admin = signed_in(new_page, site, settings, editor_account, viewport)
    assert_fits(page)

    # Friday's hours: the helpline now closes at 4pm, typed the way people say it.
    page.goto(f"{admin}content/helpline/1/change/")
    assert_fits(page)
    friday = page.locator(".inline-related", has=page.locator("select option[value='4'][selected]"))
    friday.locator("input[name$='-closes']").fill("4pm")
    save_and_wait(page)
    assert "Friday 9am to 4pm" in public_text(page, f"{site}/get-help/")

    # A Christmas closure, added from the Closures list.
    page.goto(f"{admin}content/closure/")
    assert_fits(page)
    page.get_by_role("link", name="Add closure").click()
    assert_fits(page)
    page.get_by_label("First day closed").fill("24/12/2026")
    page.get_by_label("Last day closed").fill("31/12/2026")
    page.get_by_label("Reason:", exact=True).fill("Christmas")
    save_and_wait(page)

    # Undo Friday's change from the helpline's history: the later closure stays.
    page.goto(f"{admin}content/helpline/1/history/")
    assert_fits(page)
    row = page.locator("tr.history-entry", has_text="Opening period: Friday").filter(
        has_text="Closes: 5pm → 4pm"
    )
    row.get_by_role("link", name="Undo this change").click()
    preview = " ".join(page.locator("#content-main").inner_text().split())
    assert "Closes 4pm 5pm" in preview and "Christmas" not in preview
    assert_fits(page)
    page.get_by_role("button", name="Undo this change").click()
    page.locator(".messagelist .success").wait_for()
    help_page = public_text(page, f"{site}/get-help/")
    assert "Friday 9am to 5pm" in help_page
    assert "Thursday 24 December 2026 to Thursday 31 December 2026: Christmas" in help_page

    # A print-quality logo: 12 MB, 6,000 px, accepted and shown small on the public site.
    page.goto(f"{admin}content/partner/add/")
    assert_fits(page)
    page.get_by_label("Name:", exact=True).fill("Safer Yorkshire")
    page.get_by_label("Logo description").fill("Safer Yorkshire")
    page.locator("input[name=logo]").set_input_files(print_logo)
    save_and_wait(page)
    page.goto(f"{site}/")
    logo = page.get_by_role("img", name="Safer Yorkshire")
    assert re.fullmatch(r"/media/logos/[0-9a-f]{32}\.png", logo.get_attribute("src"))
    logo.scroll_into_view_if_needed()  # footer logos load lazily
    logo.evaluate("img => img.decode()")
    assert 0 < logo.evaluate("img => img.naturalWidth") <= 480  # made smaller, not refused

    # Hide a partner.
    page.goto(f"{admin}content/partner/")
    assert_fits(page)
    page.get_by_role("link", name="West Yorkshire's local councils").click()
    page.get_by_label("Shown on the site").uncheck()
    save_and_wait(page)
    assert (
        "West Yorkshire's local councils"
        not in public_text(page, f"{site}/") + page.locator("footer").inner_text()
    )

    # Content health says the 1,365 figure was never checked; its link opens the figure,
    # where the editor enters this year's number and the date it was checked.
    page.goto(admin)
    assert_fits(page)
    page.locator(".content-health a", has_text="1,365").click()
    assert_fits(page)
    page.locator("#id_value").fill("1412")
    page.locator("#id_year").fill("2025")
    page.locator("#id_last_verified").fill(datetime.date.today().strftime("%d/%m/%Y"))
    save_and_wait(page)
    home = public_text(page, f"{site}/")
    assert "In 2025, 1,412 people" in home and "1,365" not in home
    page.goto(admin)
    assert page.locator(".content-health a", has_text="1,412").count() == 0  # no longer flagged

    # A poster code for bus shelters, typed as a name, and its QR code for an A4 poster.
    page.goto(f"{admin}reach/postercode/add/")
    assert_fits(page)
    page.locator("#id_code").fill("Leeds Bus")
    page.locator("#id_label").fill("Bus shelter posters, Leeds")
    page.locator("#id_target").select_option("get_help")
    save_and_wait(page)
    row = page.locator("tr", has_text="/c/leeds-bus/")
    with page.expect_download() as download:
        row.get_by_role("link", name="A4 poster (PNG)").click()
    qr_png = open(download.value.path(), "rb").read()
    assert qr_png.startswith(b"\x89PNG\r\n\x1a\n") and download.value.suggested_filename.endswith(".png")
    page.goto(f"{site}/c/leeds-bus/")  # a scan of the poster lands on the help page
    assert page.url.rstrip("/").endswith("/get-help")

    # The reach report: totals, then per page, per language, per help link and per code.
    page.goto(f"{admin}reach/reachreport/")
    assert_fits(page)
    page.get_by_role("heading", name="Per poster or advert code").wait_for()
    assert page.get_by_role("heading", name=re.compile("^Totals from")).is_visible()

    # The helpline is closed today: one tap from the admin home page.
    page.goto(admin)
    page.get_by_label("Reason shown to the public").fill("staff training")
    page.get_by_role("button", name="Closed today").click()
    page.locator(".messagelist .success").wait_for()
    page.goto(f"{site}/")
    assert page.locator("#helpline-status").inner_text().strip().startswith("Closed today: staff training.")


def test_every_editor_page_fits_a_phone_and_long_titles_clear_the_buttons(
    site, editor_account, new_page, settings
):
    from content.models import Partner
    from reach.models import PosterCode

    partner = Partner.objects.order_by("pk").first()
    partner.name = LONG_NAME
    partner.save()
    code = PosterCode.objects.create(code="leeds-bus", label="Leeds buses", target="get_help")
    page, admin = signed_in(new_page, site, settings, editor_account, PHONE)
    pages = [
        "",
        "content/helpline/",
        "content/helpline/1/history/",
        "content/helpline/guide/",
        "content/openingperiod/",
        "content/closure/",
        "content/closure/add/",
        "content/closure/bank-holidays/?year=2027",
        "content/partner/",
        "content/partner/add/",
        f"content/partner/{partner.pk}/change/",
        "content/helpservice/",
        "content/figure/",
        "reach/postercode/",
        f"reach/postercode/{code.pk}/change/",
        "reach/reachreport/",
    ]
    for path in pages:
        page.goto(admin + path)
        assert page.locator("#content").count() == 1, path
        assert_fits(page)

    # The number check, a confirmation step, fits too and says so calmly.
    page.goto(f"{admin}content/helpline/1/change/")
    page.get_by_label("Helpline number").fill("0800 123 4567")
    page.get_by_label("How the number is grouped on the site").fill("")
    page.locator("input[name=_save]").click()
    page.get_by_role("heading", name="Check the new number").wait_for()
    assert page.locator(".errornote").count() == 0
    assert_fits(page)

    # A long title never lies under the History and View on site buttons.
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{admin}content/partner/{partner.pk}/change/")
        title = page.locator("#content h2, #content h1").filter(has_text=LONG_NAME[:40]).first.bounding_box()
        for button in page.locator(".object-tools a").all():
            box = button.bounding_box()
            overlaps = not (
                box["y"] >= title["y"] + title["height"]
                or box["y"] + box["height"] <= title["y"]
                or box["x"] >= title["x"] + title["width"]
                or box["x"] + box["width"] <= title["x"]
            )
            assert not overlaps, (viewport, button.inner_text())


def test_a_file_over_the_limit_is_stopped_before_it_is_sent(
    site, editor_account, new_page, settings, print_logo
):
    settings.MAX_STAFF_UPLOAD_BYTES = 5 * 1024 * 1024
    page, admin = signed_in(new_page, site, settings, editor_account, PHONE)
    page.goto(f"{admin}content/partner/add/")
    sent = []
    page.on("request", lambda request: sent.append(request.method))
    page.locator("input[name=logo]").set_input_files(print_logo)
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert re.search(r"This file is 1[23] MB; the limit is 5\.0 MB\.", alert.inner_text())
    assert page.locator("input[name=logo]").evaluate("input => input.files.length") == 0
    assert "POST" not in sent
    assert_fits(page)
