"""Rebuild the public snapshot after any change to public content.

The rebuild runs after the transaction commits, so a rolled-back edit never reaches the
site, and it runs once per transaction however many rows an admin form saved.
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


_publish.is_snapshot_publish = True


def content_changed(sender, using="default", **kwargs):
    if kwargs.get("raw"):
        return  # loaddata; the restore command publishes at the end
    conn = transaction.get_connection(using)
    # One rebuild per transaction, however many rows the form saved. (A rolled-back
    # transaction discards its callbacks, so nothing is left pending.)
    if any(getattr(item[1], "is_snapshot_publish", False) for item in conn.run_on_commit):
        return
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
