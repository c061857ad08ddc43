"""The "Comms editors" group: exactly the permissions to edit content, derived from the models.

Granted after every `migrate` (a post_migrate handler, see content.apps), so a new content
model is editable by the group without a hand-kept list. No permission on users, groups,
sign-in records or anything outside content, so an editor's account cannot be used to
create or promote other accounts. (The reach app grants its own report and poster-code
permissions in its migrations.)
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

GROUP_NAME = "Comms editors"


def editor_codenames():
    """Every content model: view and change; add and delete too unless it is a single record."""
    from content.models import SingletonModel, content_models

    codenames = []
    for model in content_models():
        actions = (
            ["view", "change"] if issubclass(model, SingletonModel) else ["view", "add", "change", "delete"]
        )
        codenames += [f"{action}_{model._meta.model_name}" for action in actions]
    return codenames


def grant_permissions(sender=None, using="default", **kwargs):
    group, _created = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    content_types = ContentType.objects.db_manager(using).filter(app_label="content")
    permissions = Permission.objects.using(using).filter(
        content_type__in=content_types, codename__in=editor_codenames()
    )
    group.permissions.add(*permissions)
