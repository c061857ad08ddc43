"""Rebuild the public snapshot after any change to public content.

The rebuild runs after the transaction commits, so a rolled-back edit never reaches the
site.
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
    # After commit, so a rolled-back edit never reaches the site. (A form that saves
    # several rows rebuilds several times; each rebuild is a handful of small queries.)
    transaction.on_commit(_publish, using=using)


def _connect():
    from content import models

    for model in (
        models.Helpline,
        models.OpeningPeriod,
        models.Closure,
        models.HelpService,
        models.Partner,
        models.Figure,
        models.LegalPoint,
        models.SiteSettings,
    ):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"snapshot-save-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"snapshot-del-{model.__name__}")


_connect()
