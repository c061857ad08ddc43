"""The "Comms editors" group.

Its permissions are granted after every migrate from the content models themselves
(content.editors), so that no list of models is kept by hand here.
"""

from django.db import migrations

GROUP_NAME = "Comms editors"


def add_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
