"""axe-core on the staff pages a comms editor uses, at phone and desktop widths.

Same rules and tags as the public pages (`run_axe`); a serious or critical violation fails.
What Django's own admin markup still gets wrong, and we cannot reasonably fix by overriding
a template, is listed in docs/admin-accessibility.md and allowed here by rule id on exactly
the page it is on (`DJANGO_MARKUP`): any other violation, or that rule on another page,
still fails. One browser, one signed-in session; each page is visited once per width.
"""

import datetime
import re

import pytest

from tests.browser.conftest import describe_violations, run_axe
from tests.browser.test_admin_journey import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-browser-test-password-44"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SERIOUS = {"serious", "critical"}

# Rule ids allowed on one page each, because they come from Django's admin markup
# (docs/admin-accessibility.md says why and what the plan is). Keep the two in step.
DJANGO_MARKUP: dict[str, set[str]] = {}


def editor_pages(figure, faq, partner, undo_url) -> dict[str, str]:
    """The pages a comms editor uses, by name: path under the admin."""
    return {
        "home": "",
        "helpline details": "content/helpline/1/change/",
        "closures list": "content/closure/",
        "add a closure": "content/closure/add/",
        "partners list": "content/partner/",
        "partner form": f"content/partner/{partner.pk}/change/",
        "figures list": "content/figure/",
        "figure form": f"content/figure/{figure.pk}/change/",
        "questions list": "content/faqentry/",
        "question form": f"content/faqentry/{faq.pk}/change/",
        "helpline history": "content/helpline/1/history/",
        "undo preview": undo_url,
        "reach report": "reach/reachreport/",
        "guide for editors": "content/helpline/guide/",
    }


@pytest.fixture
def editor_account(site, django_user_model):
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = django_user_model.objects.create_user("axel", "axel@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Comms editors"))
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def assert_the_pictures_load(page):
    """The guide's pictures (committed PNGs, served as static files) load when scrolled to."""
    pictures = page.locator(".guide-shot img")
    assert pictures.count() >= 10
    for picture in pictures.all():
        picture.scroll_into_view_if_needed()
        picture.evaluate("img => img.decode()")
        assert picture.evaluate("img => img.naturalWidth") > 0, picture.get_attribute("src")


def serious(violations, allowed=frozenset()) -> list[dict]:
    return [v for v in violations if v.get("impact") in SERIOUS and v["id"] not in allowed]


def test_the_editors_admin_pages_have_no_serious_axe_violations(
    site, editor_account, new_page, axe_source, settings
):
    from content.models import FaqEntry, Figure, OpeningPeriod, Partner

    # A change in the helpline's history, so its page has an "Undo this change" button.
    friday = OpeningPeriod.objects.get(weekday=OpeningPeriod.Weekday.FRIDAY)
    friday.closes = datetime.time(16, 0)
    friday._change_reason = "Closes earlier on Fridays"
    friday.save()
    undo_url = f"content/openingperiod/{friday.pk}/history/{friday.history.latest().history_id}/"
    pages = editor_pages(
        Figure.objects.order_by("pk").first(),
        FaqEntry.objects.order_by("pk").first(),
        Partner.objects.order_by("pk").first(),
        undo_url,
    )
    admin = f"{site}/{settings.ADMIN_PATH}"
    page, _guard = new_page(viewport=WIDTHS["phone"])
    found: dict[tuple[str, str], list[dict]] = {}

    # The sign-in page, at each width, before signing in.
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.goto(admin)
        assert page.locator("input[name=otp_token]").count() == 1
        found["sign-in", width] = run_axe(page, axe_source)

    user, device = editor_account
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("input[name=otp_token]").fill(current_code(device))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=re.compile("^Content health")).wait_for()

    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        for name, path in pages.items():
            response = page.goto(admin + path)
            assert response.status == 200, (name, response.status)
            if name == "helpline history":
                assert page.get_by_role("link", name="Undo this change").count() >= 1
            found[name, width] = run_axe(page, axe_source)
            if name == "guide for editors" and width == "desktop":
                assert_the_pictures_load(page)

    failures = [
        f"--- {name} at {width} width ({'/' + settings.ADMIN_PATH + pages.get(name, '')}):\n"
        + describe_violations(bad)
        for (name, width), violations in found.items()
        if (bad := serious(violations, DJANGO_MARKUP.get(name, frozenset())))
    ]
    assert not failures, "\n".join(failures)
    # An allowance nobody needs any more is taken out of the list (and the document).
    unused = {
        (name, rule)
        for name, rules in DJANGO_MARKUP.items()
        for rule in rules
        if not any(v["id"] == rule for width in WIDTHS for v in found[name, width])
    }
    assert not unused, f"these allowed violations no longer occur: remove them: {sorted(unused)}"
