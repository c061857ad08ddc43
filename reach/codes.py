"""Where each active poster code lands: kept in the shared cache (cache-aside), so a visit
from a poster costs no query, and dropped after every change to a code."""

import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

CACHE_KEY = "reach:codes"
# Visits to a retired or unknown code are counted under this key (not a code anyone can make).
RETIRED = "retired"


def landing_path(code: str) -> str | None:
    """The page an active code leads to; "" for a code that is not active; None when it
    cannot be known right now (neither the cache nor the database answers)."""
    from reach.models import PosterCode

    try:
        codes = cache.get(CACHE_KEY)
    except Exception:
        codes = None
    if codes is None:
        try:
            codes = {c.code: c.target_path() for c in PosterCode.objects.filter(active=True)}
        except DatabaseError:
            logger.error("Database unavailable: a poster code could not be looked up")
            return None
        try:
            cache.set(CACHE_KEY, codes, timeout=None)
        except Exception:
            logger.warning("Cache unavailable while keeping the poster codes")
    return codes.get(code, "")


def codes_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        cache.delete(CACHE_KEY)


def connect():
    from reach.models import PosterCode

    post_save.connect(codes_changed, sender=PosterCode, dispatch_uid="reach-codes-save")
    post_delete.connect(codes_changed, sender=PosterCode, dispatch_uid="reach-codes-delete")
