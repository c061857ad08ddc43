"""The wording glossary as the brief sets it (editors' permissions: content.editors).

Reversible: going back removes the seeded terms (only those still exactly as seeded).
"""

from django.db import migrations

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


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("content", "GlossaryTerm")
    for term, kind, preferred, note in TERMS:
        if not GlossaryTerm.objects.filter(term__iexact=term).exists():
            GlossaryTerm.objects.create(term=term, kind=kind, preferred=preferred, note=note)


def unseed(apps, schema_editor):
    GlossaryTerm = apps.get_model("content", "GlossaryTerm")
    for term, kind, preferred, note in TERMS:
        GlossaryTerm.objects.filter(term=term, kind=kind, preferred=preferred, note=note).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_glossary"),
        ("content", "0002_comms_editors_group"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
