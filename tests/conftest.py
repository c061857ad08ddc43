"""Shared fixtures. Run the suite with `make test` (it sets a throwaway SECRET_KEY and a
per-process cache)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from content import snapshot
from pages import page_cache


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with an empty shared cache, page cache and snapshot copy."""
    cache.clear()
    page_cache.clear()
    snapshot.forget_local()
    yield
    cache.clear()
    page_cache.clear()
    snapshot.forget_local()


@pytest.fixture
def seeded(db):
    """The brief's seed content, as `make run` loads it."""
    call_command("seed_content", verbosity=0)
    snapshot.forget_local()
    cache.clear()
    page_cache.clear()
    return db
