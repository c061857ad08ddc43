"""What the admin accepts and refuses, and what the public then sees."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from content.models import Closure, Figure, Helpline, HelpService, OpeningPeriod, Partner
from content.site_pages import PAGES
from tests.admin_forms import form_values
from tests.admin_helpers import HELPLINE_URL, confirm_numbers, errors_in, form_of, post, public, save, text_of
from tests.conftest import sign_in_with_otp


def helpline_form(client):
    return form_of(client, HELPLINE_URL, "helpline_form")


def post_helpline(client, data):
    return save(client, HELPLINE_URL, data)


@pytest.mark.parametrize("bad", ["12345", "0808 1000 90", "not a number", "+1 202 555 0100"])
def test_invalid_helpline_numbers_are_refused_and_nothing_changes(superuser_client, bad):
    before = Helpline.load().phone
    data = helpline_form(superuser_client)
    data["phone"] = bad
    response = post_helpline(superuser_client, data)
    assert response.status_code == 200
    assert "UK" in errors_in(response) or "valid" in errors_in(response)
    assert Helpline.load().phone == before
    assert "0808 1000 900" in public()


def test_a_display_grouping_with_other_digits_is_refused(superuser_client):
    data = helpline_form(superuser_client)
    data["phone_display"] = "0808 1000 901"
    response = post_helpline(superuser_client, data)
    assert "different digits" in errors_in(response)
    assert Helpline.load().phone_display == "0808 1000 900"


@pytest.mark.parametrize(
    "bad_url", ["javascript:alert(1)", "ftp://example.org/", "data:text/html,hi", "http://"]
)
def test_links_must_be_http_or_https(superuser_client, bad_url):
    data = helpline_form(superuser_client)
    data["selfhelp_url"] = bad_url
    response = post_helpline(superuser_client, data)
    assert "Enter a valid URL" in errors_in(response)
    assert Helpline.load().selfhelp_url == "https://get-help.stopitnow.org.uk/"

    service = HelpService.objects.get(slug="samaritans")
    form = form_values(
        superuser_client.get(f"/admin/content/helpservice/{service.pk}/change/").content.decode(),
        "helpservice_form",
    )
    form["url"] = bad_url
    response = superuser_client.post(f"/admin/content/helpservice/{service.pk}/change/", form)
    assert "Enter a valid URL" in errors_in(response)
    assert (
        HelpService.objects.get(slug="samaritans").url
        == "https://www.samaritans.org/how-we-can-help/contact-samaritan/"
    )


@pytest.mark.parametrize(
    "bad_value, message",
    [("-5", "greater than or equal to 0"), ("lots", "whole number"), ("12.5", "whole number")],
)
def test_figures_must_be_whole_non_negative_numbers(superuser_client, bad_value, message):
    figure = Figure.objects.get()
    url = f"/admin/content/figure/{figure.pk}/change/"
    data = form_values(superuser_client.get(url).content.decode(), "figure_form")
    data["value"] = bad_value
    response = superuser_client.post(url, data)
    assert message in errors_in(response)
    assert Figure.objects.get().value == 1365
    assert "1,365" in public("/")


def test_a_closure_that_ends_before_it_starts_is_refused(superuser_client):
    data = helpline_form(superuser_client)
    data.update(
        {
            "closures-TOTAL_FORMS": "1",
            "closures-0-start_date": "2026-12-25",
            "closures-0-end_date": "2026-12-24",
            "closures-0-reason": "Christmas",
            "closures-0-helpline": "1",
        }
    )
    response = post_helpline(superuser_client, data)
    assert "cannot be before the first day" in errors_in(response)
    assert not Closure.objects.exists()


def test_overlapping_opening_periods_are_refused(superuser_client):
    data = helpline_form(superuser_client)
    total = int(data["opening_periods-TOTAL_FORMS"])
    data.update(
        {
            "opening_periods-TOTAL_FORMS": str(total + 1),
            f"opening_periods-{total}-weekday": "0",
            f"opening_periods-{total}-opens": "20:00",
            f"opening_periods-{total}-closes": "22:00",
            f"opening_periods-{total}-helpline": "1",
        }
    )
    response = post_helpline(superuser_client, data)
    assert "overlap" in errors_in(response)
    assert OpeningPeriod.objects.count() == total


def test_a_period_that_closes_before_it_opens_is_refused(superuser_client):
    data = helpline_form(superuser_client)
    data["opening_periods-0-closes"] = "08:00"
    response = post_helpline(superuser_client, data)
    assert "later than the opening time" in errors_in(response)
    assert OpeningPeriod.objects.filter(closes="08:00").count() == 0


def test_a_logo_without_alt_text_is_refused(superuser_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.images import png_bytes

    data = form_values(superuser_client.get("/admin/content/partner/add/").content.decode(), "partner_form")
    data.update({"name_en_gb": "Test partner", "alt_text": "", "order": "9"})
    data["logo"] = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = superuser_client.post("/admin/content/partner/add/", data)
    assert "Describe the logo" in errors_in(response)
    assert not Partner.objects.filter(name="Test partner").exists()


def test_a_new_helpline_number_shows_on_every_page_at_once(superuser_client, client):
    # Warm every page in the cache first, so the test proves the cache is refreshed.
    for name in [page.name for page in PAGES]:
        assert "0808 1000 900" in client.get(reverse(f"pages:{name}")).content.decode()
    data = helpline_form(superuser_client)
    data["phone"] = "0800 123 4567"
    data["phone_display"] = ""
    response = post_helpline(superuser_client, data)
    # A number people dial goes live only after an explicit confirmation.
    assert response.status_code == 200
    page = text_of(response)
    assert "Check the new number" in page
    assert "Please correct" not in page and "Error:" not in page  # a step, not a mistake
    assert "0808 1000 900" in public("/")
    response = confirm_numbers(superuser_client, HELPLINE_URL, response, data)
    assert response.status_code == 302, errors_in(response)
    superuser_client.logout()
    for name in [page.name for page in PAGES]:
        html = superuser_client.get(reverse(f"pages:{name}")).content.decode()
        assert "0800 123 4567" in html, name
        assert 'href="tel:+448001234567"' in html, name
        assert "0808 1000 900" not in html, name


def test_changing_the_hours_changes_the_status(admin_user_verified, client, time_machine):
    # Saturday midday: closed under the seeded hours.
    time_machine.move_to("2026-11-28 12:00:00+00:00", tick=False)
    assert "closed now" in client.get("/").content.decode().lower()
    superuser_client = sign_in_with_otp(client, admin_user_verified)
    data = helpline_form(superuser_client)
    total = int(data["opening_periods-TOTAL_FORMS"])
    data.update(
        {
            "opening_periods-TOTAL_FORMS": str(total + 1),
            f"opening_periods-{total}-weekday": "5",
            f"opening_periods-{total}-opens": "10:00",
            f"opening_periods-{total}-closes": "14:00",
            f"opening_periods-{total}-helpline": "1",
        }
    )
    response = post_helpline(superuser_client, data)
    assert response.status_code == 302, errors_in(response)
    html = client.get("/").content.decode()
    assert "open now" in html.lower() and "until 2pm" in html


def test_comms_editors_can_edit_content_but_not_manage_users(editor_client, editor):
    assert editor_client.get(HELPLINE_URL).status_code == 200
    assert editor_client.get("/admin/content/figure/").status_code == 200
    for url in [
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/auth/group/",
        f"/admin/auth/user/{editor.pk}/change/",
    ]:
        assert editor_client.get(url).status_code == 403, url
    response = editor_client.post(
        "/admin/auth/user/add/",
        {
            "username": "intruder",
            "password1": "a-long-test-password-123",
            "password2": "a-long-test-password-123",
        },
    )
    assert response.status_code == 403
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="intruder").exists()
    editor.refresh_from_db()
    assert not editor.is_superuser
    assert not editor.user_permissions.exists()


def test_seed_command_run_twice_changes_nothing(seeded, capsys):
    from io import StringIO

    def dump():
        out = StringIO()
        models = [
            "helpline",
            "openingperiod",
            "closure",
            "helpservice",
            "partner",
            "figure",
            "legalpoint",
            "sitesettings",
        ]
        call_command("dumpdata", *[f"content.{m}" for m in models], stdout=out)
        return out.getvalue()

    before = dump()
    out = StringIO()
    call_command("seed_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert dump() == before


def test_seed_does_not_overwrite_what_editors_changed(seeded):
    helpline = Helpline.load()
    helpline.phone_note = "Edited by comms"
    helpline.save()
    Figure.objects.update(value=2000)
    call_command("seed_content", verbosity=0)
    assert Helpline.load().phone_note == "Edited by comms"
    assert Figure.objects.get().value == 2000


def test_a_new_site_is_seeded_with_this_and_next_years_bank_holidays(empty_site, time_machine):
    time_machine.move_to("2026-06-01 12:00:00+01:00", tick=False)
    call_command("seed_content", verbosity=0)
    days = set(Closure.objects.values_list("start_date", flat=True))
    import datetime

    assert datetime.date(2026, 12, 25) in days  # Christmas Day
    assert datetime.date(2027, 3, 26) in days  # Good Friday next year
    assert Closure.objects.filter(start_date__year=2028).count() == 0


# --- Opening times as people say them ------------------------------------------------


def add_saturday(client, opens, closes="11pm"):
    data = helpline_form(client)
    total = int(data["opening_periods-TOTAL_FORMS"])
    data.update(
        {
            "opening_periods-TOTAL_FORMS": str(total + 1),
            f"opening_periods-{total}-weekday": "5",
            f"opening_periods-{total}-opens": opens,
            f"opening_periods-{total}-closes": closes,
            f"opening_periods-{total}-helpline": "1",
        }
    )
    return post_helpline(client, data)


@pytest.mark.parametrize(
    "typed, stored, shown",
    [
        ("9", "09:00:00", "9am"),
        ("9am", "09:00:00", "9am"),
        ("09:00", "09:00:00", "9am"),
        ("9.30pm", "21:30:00", "9:30pm"),
        ("21:00", "21:00:00", "9pm"),
        ("5:30 PM", "17:30:00", "5:30pm"),
        ("midday", "12:00:00", "midday"),
    ],
)
def test_times_are_typed_as_people_say_them_and_shown_as_the_site_writes_them(
    superuser_client, typed, stored, shown
):
    response = add_saturday(superuser_client, typed)
    assert response.status_code == 302, errors_in(response)
    assert str(OpeningPeriod.objects.get(weekday=5).opens) == stored
    assert f'value="{shown}"' in superuser_client.get(HELPLINE_URL).content.decode()


@pytest.mark.parametrize("typed", ["25:00", "nine", "9:75", "13pm", "9-5"])
def test_a_time_that_is_not_a_time_is_refused_clearly(superuser_client, typed):
    response = add_saturday(superuser_client, typed)
    assert f"“{typed}” is not a time. Type it as you would say it, for example 9am" in errors_in(response)
    assert not OpeningPeriod.objects.filter(weekday=5).exists()


def test_the_hours_list_uses_the_public_time_format(superuser_client):
    page = text_of(superuser_client.get("/admin/content/openingperiod/"))
    assert "Monday 9am to 9pm" in page and "09:00" not in page


# --- Closures ------------------------------------------------------------------------

CLOSURES_URL = "/admin/content/closure/"


@pytest.fixture
def december(time_machine):
    """Tuesday 1 December 2026, 10am (the helpline open). Listed before the client fixtures,
    so the sign-in happens at that time too."""
    time_machine.move_to("2026-12-01 10:00:00+00:00")
    return time_machine


def closure(start, end=None, reason="Closed"):
    import datetime

    start = datetime.date.fromisoformat(start)
    end = datetime.date.fromisoformat(end) if end else start
    return Closure.objects.create(helpline=Helpline.load(), start_date=start, end_date=end, reason=reason)


def add_closure(client, start, end="", reason="Staff training", **extra):
    data = form_of(client, CLOSURES_URL + "add/", "closure_form")
    data.update({"start_date": start, "end_date": end, "reason_en_gb": reason, **extra})
    return save(client, CLOSURES_URL + "add/", data)


def test_the_closures_list_shows_coming_ones_first_and_hides_past_ones(december, editor_client):
    closure("2026-11-02", reason="Past training")
    closure("2026-12-28", reason="Boxing Day (substitute day)")
    closure("2026-12-25", reason="Christmas Day")
    page = text_of(editor_client.get(CLOSURES_URL))
    assert "Past training" not in page
    assert page.index("Christmas Day") < page.index("Boxing Day")
    assert "Past closures are hidden. Show past closures" in page
    assert "Past training" in text_of(editor_client.get(CLOSURES_URL + "?when=past"))
    assert 'href="/admin/content/closure/add/"' in editor_client.get(CLOSURES_URL).content.decode()


def test_a_closure_is_added_from_the_closures_list_for_a_single_day(december, editor_client):
    response = add_closure(editor_client, "2026-12-09")  # a Wednesday; no last day given
    assert response.status_code == 302, errors_in(response)
    added = Closure.objects.get()
    assert (str(added.start_date), str(added.end_date), added.helpline_id) == ("2026-12-09", "2026-12-09", 1)
    assert "Wednesday 9 December 2026: Staff training" in text_of(Client().get("/get-help/"))


def test_a_closure_that_ends_before_it_starts_is_refused_on_the_list_too(editor_client):
    response = add_closure(editor_client, "2026-12-10", "2026-12-09")
    assert "cannot be before the first day" in errors_in(response)
    assert not Closure.objects.exists()


def test_an_overlapping_closure_is_a_warning_the_editor_can_accept(december, editor_client):
    closure("2026-12-24", "2026-12-31", "Christmas")
    response = add_closure(editor_client, "2026-12-29", reason="Training")
    page = text_of(response)
    assert "Check the dates" in page and "The helpline is already closed on some of these days" in page
    assert "Please correct" not in page
    assert Closure.objects.count() == 1
    ack = form_values(response.content.decode(), "closure_form")
    assert "closure_checked" not in ack  # not ticked for the editor
    value = re.search(r'name="closure_checked"[^>]*value="([^"]+)"', response.content.decode()).group(1)
    response = add_closure(editor_client, "2026-12-29", reason="Training", closure_checked=value)
    assert response.status_code == 302, errors_in(response)
    assert Closure.objects.count() == 2


def test_a_closure_only_on_days_the_line_is_closed_anyway_is_warned_about(december, editor_client):
    response = add_closure(editor_client, "2026-12-05", "2026-12-06")  # Saturday and Sunday
    assert "does not open on Saturday 5 December, Sunday 6 December anyway" in text_of(response)
    assert not Closure.objects.exists()


def test_the_public_list_never_shows_a_day_twice_or_a_day_the_line_is_closed_anyway(december, seeded):
    closure("2026-12-24", "2026-12-31", "Christmas")
    closure("2026-12-25", reason="Christmas Day")  # inside the Christmas closure
    closure("2026-12-26", reason="Boxing Day")  # a Saturday
    closure("2026-12-12", "2026-12-14", "Training")  # Saturday to Monday
    page = text_of(Client().get("/get-help/"))
    assert "Thursday 24 December 2026 to Thursday 31 December 2026: Christmas" in page
    assert "Christmas Day" not in page and "Boxing Day" not in page
    assert "Monday 14 December 2026: Training" in page and "Saturday 12 December" not in page
    assert "((" not in page and "))" not in page


def test_closed_today_takes_one_tap_from_the_admin_home(december, editor_client):
    client = Client()
    assert "open now" in client.get("/").content.decode().lower()
    home = editor_client.get("/admin/")
    form = re.search(
        r'<form method="post" action="(/admin/content/closure/closed-today/)">', home.content.decode()
    )
    assert (
        form and "Helpline closed today?" in text_of(home) and 'value="Closed today"' in home.content.decode()
    )
    response = post(editor_client, form.group(1), {"reason": "staff illness"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "now shows as closed today (staff illness)" in text_of(editor_client.get("/admin/"))
    status = text_of(client.get("/"))
    assert "Closed today: staff illness." in status and "Opens tomorrow at 9am" in status
    assert "open now" not in status.lower()
    # A second tap adds nothing.
    post(editor_client, form.group(1), {"reason": ""})
    assert Closure.objects.count() == 1
    assert "already closed" in text_of(editor_client.get("/admin/"))


def test_closed_today_refuses_banned_wording_and_get(editor_client):
    assert editor_client.get("/admin/content/closure/closed-today/").status_code == 405
    post(editor_client, "/admin/content/closure/closed-today/", {"reason": "child porn"})
    assert not Closure.objects.exists()
    assert "must never be used" in text_of(editor_client.get("/admin/"))
