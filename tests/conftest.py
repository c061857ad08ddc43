"""Shared fixtures. Run the suite with `make test` (it sets a throwaway SECRET_KEY and a
per-process cache)."""

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import translation

from content import snapshot

# Shared fixtures: signing in to the admin and reading its forms; the reach counter.
pytest_plugins = ["tests.admin_helpers", "tests.reach_helpers"]


def fresh_caches():
    """An empty shared cache, page cache and snapshot copy: a newly started site."""
    cache.clear()
    caches["pages"].clear()
    snapshot.reset_process_copy()


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    """Every test starts with empty caches, and password hashing fast (tests only: a real
    hash costs most of a second by design)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    fresh_caches()
    # A request in one test leaves its language active in the thread; start in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    fresh_caches()


def seed():
    call_command("seed_content", "--without-bank-holidays", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the test database once, after its migrations: each test then starts from the
    seed inside its own transaction, rolled back afterwards, instead of seeding anew."""
    with django_db_blocker.unblock():
        seed()


@pytest.fixture
def seeded(db):
    """The brief's seed content, as `make run` loads it, but with no closures entered
    (tests that need closures add their own; the default seed's bank holidays are tested
    in test_content_admin.py). The database holds it from the start of the run, and again
    after each browser test (tests/browser/conftest.py)."""
    fresh_caches()
    return db


def wipe_content():
    """Delete every content record, children first; the glossary stays (a migration fills it)."""
    from content.models import GlossaryTerm, content_models

    for model in reversed(content_models()):
        if model is not GlossaryTerm:
            model.objects.all().delete()


@pytest.fixture
def empty_site(db):
    """No content at all, as before the first `make run`."""
    wipe_content()
    fresh_caches()
    return db


def sign_in_with_otp(client, user):
    """Sign a test client in as a user who has passed the one-time-code step."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_user_verified(seeded, django_user_model):
    return django_user_model.objects.create_superuser("lead", "lead@example.org", "a-long-test-password-123")


@pytest.fixture
def superuser_client(client, admin_user_verified):
    """A superuser signed in with password and one-time code."""
    return sign_in_with_otp(client, admin_user_verified)


@pytest.fixture
def editor(seeded, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "a-long-test-password-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Comms editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    """A comms editor signed in with password and one-time code."""
    return sign_in_with_otp(client, editor)
