"""Let the "Comms editors" group see the reach report and manage poster codes.

Viewing the figures needs reach.view_reachreport; the counter tables themselves are
read-only for everyone (nothing in the admin edits them).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Comms editors"

EDITOR_PERMISSIONS = {
    "reachreport": ["view"],
    "dailypagecount": ["view"],
    "dailyclickcount": ["view"],
    "dailycodecount": ["view"],
    "postercode": ["view", "add", "change", "delete"],
}


def _codenames():
    return [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("reach")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="reach", codename__in=_codenames()))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="reach", codename__in=_codenames())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reach", "0001_initial"),
        ("content", "0002_comms_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
