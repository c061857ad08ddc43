"""Bank holidays in one click, from the offline `holidays` package."""

import datetime

import holidays
import pytest
from django.test import Client

from content import bank_holidays
from content.models import Closure, Helpline
from tests.admin_helpers import HELPLINE_URL, errors_in, post, public, text_of

URL = "/admin/content/closure/bank-holidays/"
DATES_2027 = [
    "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
    "2027-08-30", "2027-12-25", "2027-12-26", "2027-12-27", "2027-12-28",
]  # fmt: skip


@pytest.mark.parametrize("year", range(2024, 2036))
def test_england_and_wales_share_their_bank_holidays_in_the_package(year):
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
    assert dict(england) == dict(wales)
    assert [d for d, _n in bank_holidays.england_and_wales(year)] == sorted(england)


def test_the_page_lists_the_year_before_anything_is_added(editor_client):
    response = editor_client.get(URL + "?year=2027")
    assert response.status_code == 200
    page = text_of(response)
    assert "Friday 1 January 2027 New Year's Day No: it will be added" in page
    assert "Monday 27 December 2027 Christmas Day (substitute day)" in page
    assert not Closure.objects.exists()


def test_one_click_adds_the_years_bank_holidays_as_closures(editor_client, editor):
    response = post(editor_client, URL, {"year": "2027"})
    assert response.status_code == 302
    assert response["Location"] == HELPLINE_URL
    assert sorted(str(c.start_date) for c in Closure.objects.all()) == DATES_2027
    assert all(c.start_date == c.end_date for c in Closure.objects.all())
    record = Closure.history.latest()
    assert record.history_user == editor and record.history_change_reason == "Bank holidays for 2027 added"
    message = text_of(editor_client.get(HELPLINE_URL))
    assert "Added 10 bank holidays in 2027 as closures (0 already entered)." in message
    assert "Friday 1 January 2027: New Year&#x27;s Day" in public("/get-help/")


def test_dates_already_closed_are_skipped(editor_client):
    helpline = Helpline.load()
    Closure.objects.create(
        helpline=helpline,
        start_date=datetime.date(2027, 12, 24),
        end_date=datetime.date(2027, 12, 31),
        reason="Christmas",
    )
    page = text_of(editor_client.get(URL + "?year=2027"))
    assert "Yes: Christmas: Fri 24 Dec 2027 to Fri 31 Dec 2027" in page
    response = post(editor_client, URL, {"year": "2027"})
    assert response.status_code == 302
    assert Closure.objects.count() == 1 + 6
    assert "Added 6 bank holidays in 2027 as closures (4 already entered)." in text_of(
        editor_client.get(HELPLINE_URL)
    )

    # Running it again adds nothing.
    response = post(editor_client, URL, {"year": "2027"})
    assert Closure.objects.count() == 7
    assert "All 10 bank holidays in 2027 were already entered. Nothing was added." in text_of(
        editor_client.get(HELPLINE_URL)
    )


@pytest.mark.parametrize("year", ["2200", "1850"])
def test_a_year_with_no_data_gets_a_clear_message_and_nothing_is_added(editor_client, year):
    response = post(editor_client, URL, {"year": year})
    assert response.status_code == 200
    assert (
        f"The bank holiday list has no dates for {year} (it covers 1872 to 2100). Nothing was added."
        in text_of(response)
    )
    assert not Closure.objects.exists()


@pytest.mark.parametrize(
    "year, message", [("next year", "Enter a whole number."), ("99", "greater than or equal to 1000")]
)
def test_a_year_that_is_not_a_year_is_refused(editor_client, year, message):
    response = post(editor_client, URL, {"year": year})
    assert response.status_code == 200
    assert message in errors_in(response)
    assert not Closure.objects.exists()


def test_only_people_who_may_add_closures_can_use_it(client, seeded, django_user_model):
    from tests.conftest import sign_in_with_otp

    user = django_user_model.objects.create_user(
        "viewer", "v@example.org", "a-long-test-password-789", is_staff=True
    )
    sign_in_with_otp(client, user)
    assert client.get(URL).status_code == 403
    assert post(client, URL, {"year": "2027"}).status_code == 403
    assert not Closure.objects.exists()


def test_the_helpline_and_closures_pages_link_to_it(editor_client):
    assert URL in editor_client.get(HELPLINE_URL).content.decode()
    assert URL in editor_client.get("/admin/content/closure/").content.decode()


def test_substitute_days_read_without_doubled_brackets_and_weekends_are_not_listed(
    editor_client, time_machine
):
    time_machine.move_to("2027-12-01 12:00:00+00:00", tick=False)
    bank_holidays.add_closures(Helpline.load(), 2027)
    page = text_of(Client().get("/get-help/"))
    # Christmas Day and Boxing Day 2027 fall on a Saturday and Sunday, when the line is closed anyway.
    assert "Monday 27 December 2027: Christmas Day (substitute day)" in page
    assert "Tuesday 28 December 2027: Boxing Day (substitute day)" in page
    assert "Saturday 25 December" not in page and "Sunday 26 December" not in page
    assert "((" not in page and "))" not in page
