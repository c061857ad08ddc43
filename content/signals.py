"""Republish the public snapshot after any committed change to content.

The rebuild runs after the transaction commits, so a rolled-back edit never reaches the
site. Every `ContentModel` is connected (content.models.content_models).
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


def _publish():
    from content import snapshot

    try:
        snapshot.publish()
    except DatabaseError:
        logger.exception("Could not rebuild the content snapshot after a save")


def content_changed(sender, using="default", **kwargs):
    if kwargs.get("raw"):
        return  # loaddata; the restore command publishes at the end
    # A form that saves several rows publishes once per row; each is a handful of small queries.
    transaction.on_commit(_publish, using=using)


def connect():
    from content.models import content_models

    for model in content_models():
        post_save.connect(content_changed, sender=model, dispatch_uid=f"snapshot-save-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"snapshot-del-{model.__name__}")
