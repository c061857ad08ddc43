"""The active poster codes, kept in the shared cache so /c/<code>/ works in an outage.

Rebuilt after every save of a PosterCode (reach.signals). Each process keeps the last
list it saw, used when both the cache and the database are unavailable.
"""

import logging
import time

from django.core.cache import cache
from django.db import DatabaseError

logger = logging.getLogger(__name__)

CACHE_KEY = "reach:codes"
DB_RETRY_SECONDS = 30

_process = {"codes": None, "db_failed_at": 0.0}


def build() -> dict[str, str]:
    """code -> landing page path, for every active code. Raises DatabaseError if down."""
    from reach.models import PosterCode

    return {c.code: c.target_path() for c in PosterCode.objects.filter(active=True)}


def publish() -> dict[str, str]:
    codes = build()
    _process["codes"] = codes
    try:
        cache.set(CACHE_KEY, codes, timeout=None)
    except Exception:
        logger.warning("Cache unavailable while publishing the poster codes")
    return codes


def active_codes() -> dict[str, str] | None:
    """The active codes, or None if they cannot be known right now (nothing cached, no database)."""
    try:
        codes = cache.get(CACHE_KEY)
    except Exception:
        codes = None
    if codes is not None:
        _process["codes"] = codes
        return codes
    if time.monotonic() - _process["db_failed_at"] < DB_RETRY_SECONDS:
        return _process["codes"]
    try:
        return publish()
    except DatabaseError:
        _process["db_failed_at"] = time.monotonic()
        logger.error("Database unavailable: poster codes served from the last known list")
        return _process["codes"]


def forget_local():
    """For tests: drop this process's copy and the database back-off."""
    _process["codes"] = None
    _process["db_failed_at"] = 0.0
