"""Shared set-up for the reach tests (registered in tests/conftest.py)."""

import pytest
from django.test import Client

from reach import counter

# A real browser's user agent: anything that does not look like one is not counted.
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


@pytest.fixture
def counting(settings):
    """Counting on, nothing pending, no flush at the end of requests: tests flush when they choose."""
    settings.REACH_COUNTING = True
    settings.REACH_FLUSH_SECONDS = 10**9
    counter.reset()
    yield counter
    counter.reset()


@pytest.fixture
def browser():
    """A test client that presents itself as a person's browser."""
    return Client(HTTP_USER_AGENT=BROWSER)
