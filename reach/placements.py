"""The placements partners may choose in the public toolkit (poster codes offered to them),
kept in the shared cache (cache-aside) and dropped after every change to a poster code."""

import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

CACHE_KEY = "reach:placements"
# What a partner's poster carries when they choose no placement (made by a migration).
TOOLKIT_CODE = "toolkit"


def partner_placements() -> dict[str, str]:
    """{code: label} of the active codes offered to partners, plus TOOLKIT_CODE when it is
    active; {} when neither the cache nor the database can answer."""
    from reach.models import PosterCode

    try:
        found = cache.get(CACHE_KEY)
    except Exception:
        found = None
    if found is None:
        try:
            rows = PosterCode.objects.filter(active=True).values_list("code", "label", "for_partners")
            found = {code: label for code, label, offered in rows if offered or code == TOOLKIT_CODE}
        except DatabaseError:
            logger.error("Database unavailable: partner placements could not be read")
            return {}
        try:
            cache.set(CACHE_KEY, found, timeout=None)
        except Exception:
            logger.warning("Cache unavailable while keeping the partner placements")
    return found


def placements_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        cache.delete(CACHE_KEY)


def connect():
    from reach.models import PosterCode

    post_save.connect(placements_changed, sender=PosterCode, dispatch_uid="reach-placements-save")
    post_delete.connect(placements_changed, sender=PosterCode, dispatch_uid="reach-placements-delete")
