"""Bring the translators' catalogues up to date with the English (needs GNU gettext).

    python manage.py update_catalogues      (or: make messages)

Two catalogues per language, in locale/<language>/LC_MESSAGES/:

* django.po: the public pages' own words (templates and the Python that the public pages
  use). Django's makemessages, limited to PUBLIC_SOURCES: the admin stays in English, so
  its words are not sent to translators.
* content.po: the seed content that comms staff can edit (help-service descriptions, FAQ,
  figure labels, helpline notes...), read by seed_content to fill a language's empty
  boxes (content.seed_translations). Made with polib; no gettext needed for this part.

Existing translations are kept. New English arrives untranslated (in django.po, changed
English arrives marked fuzzy beside the old translation), so the test suite fails until a
translator has dealt with it.
"""

from django.core.management.commands import makemessages

from content import languages, seed_translations

# Files whose translatable words appear on public pages. Anything else (the admin, the
# reach report, the partner toolkit's printed files, error text for editors) stays English.
PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/error.html",
    "templates/includes/",
    "templates/pages/",
    "pages/",
    "content/site_pages.py",
    "content/hours.py",
    "content/bank_holidays.py",
)


class Command(makemessages.Command):
    help = "Update locale/*/LC_MESSAGES/django.po and content.po from the English (needs GNU gettext)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(locale=list(languages.OTHERS), no_obsolete=True, domain="django")

    def find_files(self, root):
        return [
            found
            for found in super().find_files(root)
            if found.path.removeprefix("./").startswith(PUBLIC_SOURCES)
        ]

    def handle(self, *args, **options):
        super().handle(*args, **options)
        for code in options["locale"]:
            path = seed_translations.update_catalogue(code)
            self.stdout.write(f"updated {path}")
