"""Poster and advert codes as the public side needs them: where each active code lands,
and which placements partners may choose in the toolkit. Kept in the shared cache
(cache-aside) so a visit from a poster costs no query, and dropped after every change to
a code. While the cache or the database is failing, they are left alone for a while
(content.outages) and the visitor still lands on the site.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save

from content import outages

logger = logging.getLogger(__name__)

CACHE_KEY = "reach:codes"
# Visits to a retired or unknown code are counted under this key (not a code anyone can make).
RETIRED = "retired"
# What a partner's poster carries when they choose no placement (made by a migration).
TOOLKIT_CODE = "toolkit"


def _active_codes() -> dict | None:
    """{code: (landing path, label, offered to partners)} for every active code, or None
    when neither the cache nor the database can answer right now."""
    from reach.models import PosterCode

    if not outages.cache.active():
        try:
            codes = cache.get(CACHE_KEY)
        except Exception:
            outages.cache.start()
            codes = None
        if codes is not None:
            return codes
    if outages.database.active():
        return None
    try:
        codes = {
            c.code: (c.target_path(), c.label, c.for_partners) for c in PosterCode.objects.filter(active=True)
        }
    except DatabaseError:
        outages.database.start()
        logger.error("Database unavailable: poster codes could not be looked up")
        return None
    if not outages.cache.active():
        try:
            cache.set(CACHE_KEY, codes, timeout=None)
        except Exception:
            outages.cache.start()
            logger.warning("Cache unavailable while keeping the poster codes")
    return codes


def landing_path(code: str) -> str | None:
    """The page an active code leads to; "" for a code that is not active; None when it
    cannot be known right now."""
    codes = _active_codes()
    if codes is None:
        return None
    return codes[code][0] if code in codes else ""


def partner_placements() -> dict[str, str]:
    """{code: label} of the active codes offered to partners, plus TOOLKIT_CODE when it is
    active; {} when it cannot be known right now."""
    codes = _active_codes() or {}
    return {code: label for code, (_path, label, offered) in codes.items() if offered or code == TOOLKIT_CODE}


def codes_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        cache.delete(CACHE_KEY)


def connect():
    from reach.models import PosterCode

    post_save.connect(codes_changed, sender=PosterCode, dispatch_uid="reach-codes-save")
    post_delete.connect(codes_changed, sender=PosterCode, dispatch_uid="reach-codes-delete")
