"""Content health: the admin home panel and `manage.py content_health` list exactly what is overdue."""

import datetime
import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command

from content import health
from content.models import Closure, FaqEntry, Figure, Helpline, HelpService, LegalPoint, SiteSettings
from tests.admin_helpers import HELPLINE_URL, change_url, errors_in, form_of, post, save, text_of
from tests.conftest import seed

TODAY = datetime.date(2030, 11, 25)
FIGURE_NAME = "1,365 people from West Yorkshire asked the charity for help…"
SEEDED = [
    "The helpline details (numbers, links and confidentiality wording) have never been checked with the charity.",
    "The helpline's opening hours have never been checked with the charity.",
    f"The figure “{FIGURE_NAME}” has never been checked against its source.",
    "The addresses and numbers of 13 help services have not been checked with the organisations in the last 12 months.",
    "8 bank holidays in 2031 are not entered as closures: 1 Jan, 11 Apr, 14 Apr, 5 May, 26 May, 25 Aug, 25 Dec, 26 Dec.",
    "3 legal details are waiting for legal review (they are not shown until approved).",
    "9 answers on the Questions page have never been reviewed.",
    "The privacy notice does not yet say who is responsible for personal data (the controller).",
    "The privacy notice does not yet give a contact email for privacy questions or how long server logs are kept.",
    "The accessibility statement has no contact yet: enter an email address or web form (not the police).",
]


@pytest.fixture
def on_25_november_2030(time_machine, empty_site):
    """The site seeded on that day (list it before the client fixtures, so the sign-in
    happens on that day too)."""
    time_machine.move_to("2030-11-25 10:00:00+00:00")
    seed()
    return time_machine


def panel(client) -> list[tuple[str, str]]:
    """(text, link) of each item in the admin home page's health panel."""
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r'<ul class="content-health">(.*?)</ul>', html, re.S)
    if found is None:
        assert "Content health: nothing needs attention" in text_of(response)
        return []
    return [
        (unescape(text), unescape(href))
        for href, text in re.findall(r'<li[^>]*><a href="([^"]+)">(.*?)</a></li>', found.group(1), re.S)
    ]


def command() -> tuple[int, list[str]]:
    out = StringIO()
    try:
        call_command("content_health", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    lines = out.getvalue().splitlines()
    return code, [line[2:] for line in lines if line.startswith("- ")]


def test_the_panel_and_the_command_list_exactly_what_is_overdue(on_25_november_2030, editor_client):
    items = panel(editor_client)
    assert [text for text, _link in items] == SEEDED
    code, listed = command()
    assert code == 1
    assert listed == SEEDED
    # Each item links to the page where it is fixed.
    links = [link for _text, link in items]
    assert links == [
        HELPLINE_URL + "#id_details_last_verified",
        HELPLINE_URL + "#id_hours_last_verified",
        change_url(Figure.objects.get()) + "#id_last_verified",
        "/admin/content/helpservice/",
        "/admin/content/closure/bank-holidays/?year=2031",
        "/admin/content/legalpoint/?status__exact=review",
        "/admin/content/faqentry/?reviewed_on__isempty=1",
        "/admin/content/sitesettings/1/change/#id_privacy_controller",
        "/admin/content/sitesettings/1/change/#id_privacy_contact_email",
        "/admin/content/sitesettings/1/change/#id_accessibility_contact_email",
    ]
    for link in links:
        page = editor_client.get(link)
        assert page.status_code == 200, link
        field = link.partition("#id_")[2]
        assert not field or f'id="id_{field}"' in page.content.decode(), link  # the field is on that page
    assert "Content health: 10 things need attention" in text_of(editor_client.get("/admin/"))


def settle_the_other_checks(day):
    """Services checked, legal details approved, answers reviewed, privacy and accessibility
    contacts entered: the checks these tests are not about."""
    HelpService.objects.update(checked_on=day)
    LegalPoint.objects.update(status="approved", reviewed_by="A lawyer", reviewed_on=day)
    FaqEntry.objects.update(reviewed_by="Comms", reviewed_on=day)
    SiteSettings.objects.update(
        privacy_controller="West Yorkshire Police",
        privacy_contact_email="privacy@example.org",
        log_retention_days=14,
        accessibility_contact_email="access@example.org",
    )


def test_fixing_everything_empties_the_list_and_the_command_succeeds(on_25_november_2030, editor_client):
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    data.update({"details_last_verified": "2030-11-25", "hours_last_verified": "2030-11-25"})
    assert save(editor_client, HELPLINE_URL, data).status_code == 302
    figure = Figure.objects.get()
    data = form_of(editor_client, change_url(figure), "figure_form")
    data["last_verified"] = "2030-11-20"
    assert save(editor_client, change_url(figure), data).status_code == 302
    assert [t for t, _l in panel(editor_client)] == SEEDED[3:]
    response = post(editor_client, "/admin/content/closure/bank-holidays/", {"year": "2031"})
    assert response.status_code == 302, errors_in(response)
    settle_the_other_checks(datetime.date(2030, 11, 25))

    assert panel(editor_client) == []
    out = StringIO()
    call_command("content_health", stdout=out)  # no SystemExit: status 0
    assert "nothing needs attention" in out.getvalue()


def test_the_edges_of_each_rule(seeded):
    settle_the_other_checks(datetime.date(2029, 11, 25))  # exactly 12 months for the services: fine
    helpline = Helpline.load()
    helpline.details_last_verified = datetime.date(2030, 5, 25)  # exactly 6 months: fine
    helpline.hours_last_verified = datetime.date(2030, 5, 24)  # a day more: overdue
    helpline.save()
    Figure.objects.update(last_verified=datetime.date(2029, 11, 25))  # exactly 12 months: fine
    site = SiteSettings.load()
    site.accessibility_next_review = TODAY  # due today, not yet passed
    site.save()
    # A closure over the Christmas period covers both bank holidays in it.
    Closure.objects.create(
        helpline=helpline,
        start_date=datetime.date(2031, 12, 24),
        end_date=datetime.date(2031, 12, 31),
        reason="Christmas",
    )
    for day in ["2031-01-01", "2031-04-11", "2031-04-14", "2031-05-05", "2031-05-26"]:
        Closure.objects.create(helpline=helpline, start_date=day, end_date=day, reason="Bank holiday")

    items = health.overdue(TODAY)
    assert [i.message for i in items] == [
        "The helpline's opening hours were last checked with the charity on 24 May 2030, more than 6 months ago.",
        "1 bank holiday in 2031 is not entered as a closure: 25 Aug.",
    ]

    Figure.objects.update(last_verified=datetime.date(2029, 11, 24))
    site.accessibility_next_review = datetime.date(2030, 11, 24)
    site.save()
    messages = [i.message for i in health.overdue(TODAY)]
    assert (
        f"The figure “{FIGURE_NAME}” was last checked against its source on 24 November 2029, more than 12 months ago."
        in messages
    )
    assert messages[-1] == "The accessibility statement was due for review on 24 November 2030."
    assert len(messages) == 4


def test_each_figure_has_its_own_review_period_and_each_new_check_clears(seeded):
    settle_the_other_checks(TODAY)
    SiteSettings.objects.update(accessibility_next_review=datetime.date(2031, 1, 1))
    Helpline.objects.update(details_last_verified=TODAY, hours_last_verified=TODAY)
    Closure.objects.all().delete()
    Figure.objects.update(last_verified=datetime.date(2030, 5, 24), review_months=6)
    assert [i.key for i in health.overdue(TODAY) if not i.key.startswith("bank")] == [
        f"figure-{Figure.objects.get().pk}"
    ]
    Figure.objects.update(review_months=12)
    HelpService.objects.filter(slug="shout").update(checked_on=None)
    SiteSettings.objects.update(
        accessibility_contact_email="", accessibility_contact_url="https://example.org/form"
    )
    assert [i.message for i in health.overdue(TODAY) if not i.key.startswith("bank")] == [
        "The address and numbers of “Shout” have not been checked with the organisation in the last 12 months."
    ]


@pytest.mark.parametrize(
    "day, months, expected",
    [
        ("2030-11-25", 6, "2030-05-25"),
        ("2030-08-31", 6, "2030-02-28"),
        ("2032-08-31", 6, "2032-02-29"),
        ("2030-03-15", 12, "2029-03-15"),
        ("2030-01-10", 1, "2029-12-10"),
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert health.months_before(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(
        expected
    )


def test_people_without_content_access_do_not_see_the_panel(client, seeded, django_user_model):
    from tests.conftest import sign_in_with_otp

    user = django_user_model.objects.create_user(
        "reader", "r@example.org", "a-long-test-password-789", is_staff=True
    )
    html = sign_in_with_otp(client, user).get("/admin/").content.decode()
    assert "Content health" not in html


def test_the_admin_home_groups_the_content_and_links_to_the_guide(editor_client):
    response = editor_client.get("/admin/")
    html = response.content.decode()
    page = text_of(response)
    for section, models in [
        ("Helpline", ["Helpline details", "Opening hours", "Closures", "Other help services"]),
        ("On the pages", ["Local figures", "Partners", "Legal details"]),
        ("Checks and settings", ["Site settings", "Wording glossary"]),
    ]:
        assert f'class="section" title="Models in the {section} application">{section}</a>' in html
        start = html.index(f">{section}</a>")
        block = html[start : html.index("</table>", start)]
        for name in models:
            assert f">{name}</a>" in block, (section, name)
    assert "Guide for editors" in page
    guide = editor_client.get("/admin/content/helpline/guide/")
    assert guide.status_code == 200
    text = text_of(guide)
    for heading in [
        "Change the helpline number",
        "Change the opening hours",
        "Closures and bank holidays",
        "Local figures",
        "Partners and logos",
        "Wording",
        "See who changed what, and undo a change",
    ]:
        assert heading in text
    # Every admin page links to it.
    assert 'href="/admin/content/helpline/guide/"' in editor_client.get(HELPLINE_URL).content.decode()
