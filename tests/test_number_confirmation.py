"""A change to a number people dial needs an explicit, unforgeable confirmation."""

import re

import pytest
from django.core import signing

from content.models import Helpline, HelpService
from tests.admin_forms import form_values
from tests.admin_helpers import (
    HELPLINE_URL,
    change_url,
    client_for,
    confirm_numbers,
    errors_in,
    form_of,
    history_url,
    public,
    save,
    text_of,
)

# Fixtures: later, media_root, second_editor.

NEW = "0800 123 4567"


def ask_to_change_number(client, new=NEW):
    data = form_of(client, HELPLINE_URL, "helpline_form")
    data["phone"] = new
    data["phone_display"] = ""
    return data, save(client, HELPLINE_URL, data)


def token_in(response) -> str:
    return form_values(response.content.decode())["number_confirmation_token"]


@pytest.mark.parametrize("who", ["editor_client", "superuser_client"])
def test_a_new_number_is_shown_side_by_side_and_not_saved_until_confirmed(request, who):
    client = request.getfixturevalue(who)
    data, response = ask_to_change_number(client)
    assert response.status_code == 200
    page = text_of(response)
    assert "Nothing has been saved yet" in page
    # Old and new, as the site shows them and as the tap-to-call link, side by side.
    html = response.content.decode()
    assert re.search(r'class="number old-number">0808 1000 900<', html)
    assert re.search(r'class="number new-number">0800 123 4567<', html)
    assert 'href="tel:+448081000900"' in html and 'href="tel:+448001234567"' in html
    assert "Yes, publish this number" in page
    assert Helpline.load().phone.as_e164 == "+448081000900"
    assert "0808 1000 900" in public() and "0800 123 4567" not in public()

    response = confirm_numbers(client, HELPLINE_URL, response, data)
    assert response.status_code == 302, errors_in(response)
    assert Helpline.load().phone.as_e164 == "+448001234567"
    html = public()
    assert "0800 123 4567" in html and 'href="tel:+448001234567"' in html


def test_crafted_posts_cannot_skip_the_confirmation(editor_client, editor, second_editor):
    data, first = ask_to_change_number(editor_client)
    good_token = token_in(first)

    def attempt(**extra):
        response = save(editor_client, HELPLINE_URL, {**data, **extra})
        assert response.status_code == 200
        assert "Nothing has been saved yet" in text_of(response)
        assert Helpline.load().phone.as_e164 == "+448081000900"
        return response

    # "confirm" without any token.
    attempt(confirm_number="on", confirm="1")
    # A made-up token.
    response = attempt(confirm_number="on", number_confirmation_token="made-up")
    assert "not valid" in errors_in(response)
    # A token signed with the wrong key (or salt) is refused the same way.
    forged = signing.dumps(
        {
            "m": "content.helpline",
            "pk": 1,
            "u": editor.pk,
            "c": [["phone", "+448081000900", "+448001234567"]],
        },
        salt="other",
    )
    attempt(confirm_number="on", number_confirmation_token=forged)
    # A genuine token for a different new number.
    _other_data, other = ask_to_change_number(editor_client, "0800 999 9999")
    response = attempt(confirm_number="on", number_confirmation_token=token_in(other))
    assert "different number" in errors_in(response)
    # A genuine token from another editor's confirmation page.
    _d, theirs = ask_to_change_number(client_for(second_editor))
    attempt(confirm_number="on", number_confirmation_token=token_in(theirs))
    # The right token but the box not ticked.
    attempt(number_confirmation_token=good_token)
    attempt(number_confirmation_token=good_token, confirm_number="")
    # Finally the real thing works.
    response = save(
        editor_client, HELPLINE_URL, {**data, "confirm_number": "on", "number_confirmation_token": good_token}
    )
    assert response.status_code == 302
    assert Helpline.load().phone.as_e164 == "+448001234567"
    assert Helpline.history.latest().history_user == editor


def test_an_expired_confirmation_is_refused(editor_client, time_machine):
    time_machine.move_to("2026-11-25 10:00:00+00:00")
    data, first = ask_to_change_number(editor_client)
    token = token_in(first)
    time_machine.move_to("2026-11-25 11:30:00+00:00")  # 90 minutes later
    response = save(
        editor_client, HELPLINE_URL, {**data, "confirm_number": "on", "number_confirmation_token": token}
    )
    assert "expired" in errors_in(response)
    assert Helpline.load().phone.as_e164 == "+448081000900"


def test_saving_without_changing_a_number_needs_no_confirmation(editor_client):
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    data["phone_note_en_gb"] = "Free from UK landlines and mobiles."
    response = save(editor_client, HELPLINE_URL, data)
    assert response.status_code == 302, errors_in(response)
    assert Helpline.load().phone_note == "Free from UK landlines and mobiles."


def test_removing_the_ireland_number_needs_confirmation(editor_client):
    data = form_of(editor_client, HELPLINE_URL, "helpline_form")
    data["ireland_phone"] = ""
    data["ireland_phone_display"] = ""
    response = save(editor_client, HELPLINE_URL, data)
    assert response.status_code == 200
    page = text_of(response)
    assert "+44 1372 847 161" in page and "it will no longer be shown" in page
    assert Helpline.load().ireland_phone
    response = confirm_numbers(editor_client, HELPLINE_URL, response, data)
    assert response.status_code == 302
    assert not Helpline.load().ireland_phone
    assert "1372 847 161" not in public()


def test_other_help_service_numbers_need_confirmation_too(editor_client):
    service = HelpService.objects.get(slug="samaritans")
    url = change_url(service)
    data = form_of(editor_client, url, "helpservice_form")
    data["phone"] = "116 124"
    response = save(editor_client, url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="number old-number">116 123<' in html and 'class="number new-number">116 124<' in html
    assert 'href="tel:116123"' in html and 'href="tel:116124"' in html
    assert HelpService.objects.get(slug="samaritans").phone == "116 123"
    # Crafted: ticked, no token.
    response = save(editor_client, url, {**data, "confirm_number": "on"})
    assert response.status_code == 200
    assert HelpService.objects.get(slug="samaritans").phone == "116 123"
    response = confirm_numbers(editor_client, url, response, data)
    assert response.status_code == 302
    assert HelpService.objects.get(slug="samaritans").phone == "116 124"
    assert 'href="tel:116124"' in public()


def test_regrouping_the_same_digits_needs_the_confirmation_too(editor_client):
    """Someone may dial what they read: a new way of showing the number is checked too."""
    service = HelpService.objects.get(slug="samaritans")
    url = change_url(service)
    data = form_of(editor_client, url, "helpservice_form")
    data["phone"] = "116123"
    response = save(editor_client, url, data)
    assert response.status_code == 200 and "confirm_number" in response.content.decode()
    assert HelpService.objects.get(slug="samaritans").phone == "116 123"
    assert confirm_numbers(editor_client, url, response, data).status_code == 302
    assert HelpService.objects.get(slug="samaritans").phone == "116123"


def test_undoing_a_number_change_needs_the_same_confirmation(editor_client):
    data, response = ask_to_change_number(editor_client)
    assert confirm_numbers(editor_client, HELPLINE_URL, response, data).status_code == 302
    change = Helpline.history.latest()
    undo_url = f"/admin/content/helpline/1/history/{change.history_id}/"
    page = editor_client.get(undo_url)
    html = page.content.decode()
    # A confirmation step, not an error.
    assert "Check the new number" in text_of(page) and "Please correct" not in text_of(page)
    assert (
        'class="number old-number">0800 123 4567<' in html
        and 'class="number new-number">0808 1000 900<' in html
    )
    # Crafted: no token.
    response = editor_client.post(undo_url, {"confirm_number": "on"})
    assert response.status_code == 200
    assert Helpline.load().phone.as_e164 == "+448001234567"
    # The page's token, but the box not ticked.
    values = form_values(html, "undo_form")
    from tests.admin_helpers import post

    assert post(editor_client, undo_url, values).status_code == 200
    assert Helpline.load().phone.as_e164 == "+448001234567"
    # With the page's token and the box ticked.
    response = post(editor_client, undo_url, {**values, "confirm_number": "on"})
    assert response.status_code == 302
    assert Helpline.load().phone.as_e164 == "+448081000900"
    assert "0808 1000 900" in public()
    assert editor_client.get(history_url(Helpline.load())).status_code == 200
