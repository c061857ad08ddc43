"""Compile locale/*/LC_MESSAGES/django.po to the .mo files Django reads, with polib
(pure Python: no GNU gettext needed on a server). `make run`, `make static` and
`make test` run it; the .mo files are not committed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po) to .mo files, without GNU gettext."

    def handle(self, *args, **options):
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/django.po")):
                catalogue = polib.pofile(str(po_path))
                # Like msgfmt: fuzzy entries are left out, so a page shows the English
                # rather than a translation nobody has confirmed.
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                if options["verbosity"] > 1:
                    self.stdout.write(f"compiled {po_path}")
