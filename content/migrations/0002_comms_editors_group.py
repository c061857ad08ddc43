"""The "Comms editors" group: exactly the permissions to edit public content.

No permission on users, groups, sign-in records or anything outside the content app, so
an editor's account cannot be used to create or promote other accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Comms editors"

# model name -> actions editors may take
EDITOR_PERMISSIONS = {
    "helpline": ["view", "change"],
    "openingperiod": ["view", "add", "change", "delete"],
    "closure": ["view", "add", "change", "delete"],
    "helpservice": ["view", "add", "change", "delete"],
    "partner": ["view", "add", "change", "delete"],
    "figure": ["view", "add", "change", "delete"],
    "legalpoint": ["view", "add", "change", "delete"],
    "sitesettings": ["view", "change"],
}


def add_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    perms = Permission.objects.filter(content_type__app_label="content", codename__in=codenames)
    group.permissions.set(perms)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
