"""Restore content exported by `export_content`.

    manage.py restore_content content.tar.gz            # into an empty site (after migrate)
    manage.py restore_content content.tar.gz --replace  # replace all content in one step

The whole archive is checked first (damage, checksums, schema, only content records,
logos are real images); the database work is one transaction and logo files written
are removed again if it fails, so a failed restore changes nothing. The public site is
refreshed at the end.
"""

from django.core.management.base import BaseCommand

from content import backup


class Command(BaseCommand):
    help = "Restore content and logo files from an export_content archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz made by export_content")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the site's current content (in one transaction) instead of requiring an empty site.",
        )

    def handle(self, *args, archive, replace, **options):
        checked = backup.read(archive)
        summary = backup.restore(checked, replace=replace)
        self.stdout.write(
            f"Restored {backup.describe(summary['counts'])} and {summary['files']} new logo file(s) "
            f"from a backup made {summary['made']} (content schema {summary['schema']})."
        )
