"""Refresh the cached list of poster codes after any change, once the change commits."""

import logging

from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


def _publish():
    from reach import codes

    try:
        codes.publish()
    except DatabaseError:
        logger.exception("Could not rebuild the poster-code list after a save")


def codes_changed(sender, using="default", **kwargs):
    if kwargs.get("raw"):
        return
    transaction.on_commit(_publish, using=using)


def _connect():
    from reach.models import PosterCode

    post_save.connect(codes_changed, sender=PosterCode, dispatch_uid="reach-codes-save")
    post_delete.connect(codes_changed, sender=PosterCode, dispatch_uid="reach-codes-delete")


_connect()
