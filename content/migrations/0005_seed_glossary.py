"""The wording glossary as the brief sets it, and the editors' permission to keep it up to date.

Reversible: going back removes the seeded terms (only those still exactly as seeded)
and the group's glossary permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Comms editors"

ABUSE_IMAGES = (
    "sexual images of children, child sexual abuse images or, for the legal term, "
    "indecent images of children"
)
PERSON_FIRST = "someone who has viewed sexual images of children"
CONSENT_NOTE = (
    "Implies consent. The Luxembourg Terminology Guidelines and the Internet Watch "
    "Foundation ask organisations never to use it."
)
STIGMA_NOTE = (
    "Stigmatising. The site speaks about people person-first and without judgement: it is "
    "never too late to stop, and labels push people away from help."
)

TERMS = [
    ("child pornography", "banned", ABUSE_IMAGES, CONSENT_NOTE),
    ("child porn", "banned", ABUSE_IMAGES, CONSENT_NOTE),
    ("kiddie porn", "banned", ABUSE_IMAGES, CONSENT_NOTE),
    ("paedo", "warn", PERSON_FIRST, STIGMA_NOTE),
    ("monster", "warn", PERSON_FIRST, STIGMA_NOTE),
    ("beast", "warn", PERSON_FIRST, STIGMA_NOTE),
    ("nonce", "warn", PERSON_FIRST, STIGMA_NOTE),
]

PERMISSIONS = ["view_glossaryterm", "add_glossaryterm", "change_glossaryterm", "delete_glossaryterm"]


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("content", "GlossaryTerm")
    for term, kind, preferred, note in TERMS:
        if not GlossaryTerm.objects.filter(term__iexact=term).exists():
            GlossaryTerm.objects.create(term=term, kind=kind, preferred=preferred, note=note)

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="content", codename__in=PERMISSIONS)
        )


def unseed(apps, schema_editor):
    GlossaryTerm = apps.get_model("content", "GlossaryTerm")
    for term, kind, preferred, note in TERMS:
        GlossaryTerm.objects.filter(term=term, kind=kind, preferred=preferred, note=note).delete()
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="content", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_glossary"),
        ("content", "0002_comms_editors_group"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
