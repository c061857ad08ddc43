"""Helpers for driving the content admin as an editor would (shared by the issue-6 tests)."""

import re
from html import unescape

import pytest
from django.test import Client, TestCase

from tests.admin_forms import form_values
from tests.conftest import sign_in_with_otp

HELPLINE_URL = "/admin/content/helpline/1/change/"


def change_url(obj) -> str:
    return f"/admin/content/{obj._meta.model_name}/{obj.pk}/change/"


def history_url(obj_or_model, pk=None) -> str:
    if pk is None:
        model_name, pk = obj_or_model._meta.model_name, obj_or_model.pk
    else:
        model_name = obj_or_model._meta.model_name
    return f"/admin/content/{model_name}/{pk}/history/"


def text_of(response) -> str:
    """The page as text, tags removed and whitespace collapsed, for "does it say X" checks."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def errors_in(response) -> str:
    html = response.content.decode()
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", f) for f in found))


def post(client, url, data, **kwargs):
    """POST and run what a real commit would run (the snapshot refresh)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, **kwargs)


def form_of(client, url, form_id=None) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    return form_values(response.content.decode(), form_id)


def save(client, url, data):
    """Submit a change form with "Save"."""
    data = dict(data)
    data.pop("_continue", None)
    data.pop("_addanother", None)
    data["_save"] = "Save"
    return post(client, url, data)


def confirm_numbers(client, url, response, data):
    """Tick "Yes, publish this number" on a confirmation page and save again."""
    again = form_values(response.content.decode(), None)
    merged = {**data, **{k: v for k, v in again.items() if k.startswith("number_") or k == "confirm_number"}}
    merged["confirm_number"] = "on"
    return save(client, url, merged)


def public(path="/get-help/") -> str:
    """A public page as an anonymous visitor sees it."""
    return Client().get(path).content.decode()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a throwaway folder for the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def second_editor(seeded, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "second-editor", "second@example.org", "a-long-test-password-456", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Comms editors"))
    return user


def client_for(user) -> Client:
    return sign_in_with_otp(Client(), user)


LATER = "2030-01-09 12:00:00+00:00"  # a Wednesday, midday


@pytest.fixture
def later(time_machine):
    """Run the test on a Wednesday midday in 2030, the clock ticking. List it before the
    client fixtures, so the seed content and the sign-in happen at that time too."""
    time_machine.move_to(LATER)
    return time_machine
