"""The seven breaks an outside security test found, each with the test that now covers it.

1. a dialled number's grouping could be changed (with bidi controls or any text) without
   the confirmation step;
2. robots.txt published the secret admin path;
3. every anonymous view of the sign-in page wrote a session row;
4. slow clients starved the sync workers (fixed by the proxy: tests/test_proxy.py);
5. production started with DEBUG on or the placeholder SECRET_KEY;
6. the 400 page for a disallowed Host lacked the security headers;
7. 403, 405 and 413 were bare pages, without the helpline or the quick exit.
"""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content.models import Figure, Helpline, HelpService
from tests.admin_helpers import HELPLINE_URL, confirm_numbers, errors_in, form_of, public, save
from tests.test_security_headers import problems

SEED_NUMBER = "0808 1000 900"
RLO = "\u202e"


# --- 1. What people read off the screen and dial ------------------------------------------


@pytest.mark.parametrize(
    "grouping", [f"{RLO}0808 1000 900", "0808\u200b1000 900", "Call 0808 1000 900", "0808 1000 900 free"]
)
def test_a_grouping_holds_only_digits_spaces_and_plus_brackets_dashes(seeded, grouping):
    helpline = Helpline.load()
    helpline.phone_display = grouping
    with pytest.raises(ValidationError) as refused:
        helpline.full_clean()
    assert "phone_display" in refused.value.message_dict


def test_format_characters_are_refused_in_every_public_text_field(seeded):
    service = HelpService.objects.get(slug="samaritans")
    service.name = f"Samaritans{RLO}"
    figure = Figure.objects.first()
    figure.label = "people\u200d sought help"
    for record, field in ((service, "name"), (figure, "label")):
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        message = " ".join(refused.value.message_dict[field])
        assert "U+202E" in message or "U+200D" in message
        assert "invisible" in message


def test_a_bidi_override_in_the_grouping_is_refused_in_the_admin_and_nothing_changes(superuser_client):
    data = form_of(superuser_client, HELPLINE_URL, "helpline_form")
    data["phone_display"] = f"{RLO}0808 1000 900"
    response = save(superuser_client, HELPLINE_URL, data)
    assert response.status_code == 200
    assert "digits and spaces" in errors_in(response)
    assert Helpline.load().phone_display == SEED_NUMBER
    assert RLO not in public()


def test_a_new_grouping_of_the_same_number_needs_the_confirmation_step(superuser_client):
    data = form_of(superuser_client, HELPLINE_URL, "helpline_form")
    data["phone_display"] = "0808 100 0900"  # the same digits, read differently
    response = save(superuser_client, HELPLINE_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "confirm_number" in html and "0808 100 0900" in html and SEED_NUMBER in html
    assert Helpline.load().phone_display == SEED_NUMBER  # nothing published yet
    assert SEED_NUMBER in public() and "0808 100 0900" not in public()
    assert confirm_numbers(superuser_client, HELPLINE_URL, response, data).status_code == 302
    assert "0808 100 0900" in public()


def test_a_backup_with_a_reversed_number_is_refused_whole(seeded, tmp_path, media_root):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from tests.test_backup import export_to, resign, rewrite

    archive, _out = export_to(tmp_path)

    def reverse_the_number(members):
        records = json.loads(members["content.json"])
        for record in records:
            if record["model"] == "content.helpline":
                record["fields"]["phone_display"] = f"{RLO}0808 1000 900"
        members["content.json"] = json.dumps(records).encode()
        resign(members)

    forged = rewrite(archive, tmp_path, reverse_the_number)
    with pytest.raises(CommandError):
        call_command("restore_content", str(forged), "--replace", verbosity=0)
    assert Helpline.load().phone_display == SEED_NUMBER


# --- 2. The admin's address is in no public response ----------------------------------------


def test_no_public_response_names_the_admin_path(client, seeded):
    from tests.test_privacy import crawl

    responses = crawl(client)
    responses["/robots.txt"] = client.get("/robots.txt")
    responses["/sitemap.xml"] = client.get("/sitemap.xml")
    responses["/no-such-page/"] = client.get("/no-such-page/")
    responses["POST /get-help/"] = client.post("/get-help/", {"a": "b"})
    assert len(responses) > 10
    admin = f"/{settings.ADMIN_PATH}"
    for url, response in responses.items():
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert admin.encode() not in body, url
        assert admin not in str(response.headers), url


# --- 3. Viewing the sign-in page writes nothing ------------------------------------------------


def test_viewing_the_sign_in_page_writes_nothing_to_the_database(db):
    visitor = Client()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(50):
            response = visitor.get(f"/{settings.ADMIN_PATH}login/")
            assert response.status_code == 200
            assert 'name="csrfmiddlewaretoken"' in response.content.decode()  # still protected
    assert Session.objects.count() == 0
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_the_sign_in_form_still_refuses_a_post_without_its_token(db):
    response = Client(enforce_csrf_checks=True).post(
        f"/{settings.ADMIN_PATH}login/", {"username": "a", "password": "b"}
    )
    assert response.status_code == 403


# --- 5. Production refuses to start with debugging on or a placeholder key -------------------


def start_in_production(**overrides) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "ENV_FILE": "/dev/null",
        "DEPLOYMENT": "production",
        "SECRET_KEY": "k" * 60,
        "DATABASE_URL": "sqlite:////tmp/never-created.sqlite3",
        "ALLOWED_HOSTS": "example.org",
        "SITE_URL": "https://example.org",
        "ADMIN_PATH": "staff-xyz/",
        **overrides,
    }
    code = "import django; django.setup(); print('started')"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "campaign_site.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_real_settings():
    result = start_in_production()
    assert result.returncode == 0, result.stderr[-2000:]
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"DEBUG": "true"}, "DEBUG is on"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 49}, "SECRET_KEY"),
    ],
)
def test_production_refuses_debug_and_weak_keys(overrides, says):
    result = start_in_production(**overrides)
    assert result.returncode != 0
    assert says in result.stderr


def test_every_value_in_env_example_is_refused_as_a_production_key(tmp_path):
    from campaign_site.settings import _example_values

    assert "change-me" in _example_values()


# --- 6 and 7. Every error a person can reach: the full header set and the site's own page ------


def assert_site_page(response, status):
    assert response.status_code == status
    html = response.content.decode()
    assert SEED_NUMBER in html, status
    assert "Exit this page" in html, status
    assert 'class="helpline-strip"' in html
    assert problems(f"error {status}", status, response.headers) == []


def test_a_disallowed_host_gets_the_site_400_page_with_every_header(client, seeded):
    assert_site_page(client.get("/get-help/", HTTP_HOST="evil.example"), 400)


def test_a_public_post_gets_the_site_403_or_405_page(seeded):
    # As a browser meets it: Django's CSRF check runs before the page refuses the method.
    csrf_checked = Client(enforce_csrf_checks=True)
    assert_site_page(csrf_checked.post("/get-help/", {"a": "b"}), 403)
    assert_site_page(Client().post("/get-help/", {"a": "b"}), 405)
    assert_site_page(Client().post("/go/samaritans/"), 405)
    assert_site_page(Client().get("/go/call/ping/"), 405)
    assert_site_page(Client().generic("TRACE", "/"), 405)


def test_a_body_too_large_gets_the_site_413_page(seeded):
    response = Client().generic("POST", "/", b"x", CONTENT_LENGTH=str(10**9))
    assert_site_page(response, 413)


def test_a_head_request_for_an_error_gets_no_body(client, seeded):
    response = client.head("/no-such-page/")
    assert response.status_code == 404
    assert response.content == b""


# --- Also: `make run PORT=8123` makes the site's own absolute addresses use that port ---------


def test_the_local_site_address_follows_the_port_it_is_served_on():
    code = (
        "import django; django.setup(); from django.conf import settings; from reach import qr;"
        "print(settings.SITE_URL); print(qr.code_url('bus'))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "ENV_FILE": "/dev/null",
        "SECRET_KEY": "x",
        "DJANGO_SETTINGS_MODULE": "campaign_site.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "PORT": "8123"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["http://127.0.0.1:8123", "http://127.0.0.1:8123/c/bus/"], result.stderr[
        -1000:
    ]
    explicit = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "PORT": "8123", "SITE_URL": "https://campaign.example"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert explicit.stdout.split()[0] == "https://campaign.example"
