"""Export all content (with partner logo files) to one .tar.gz archive.

    manage.py export_content backups/content-2026-11-25.tar.gz

Restore it with `manage.py restore_content` (see there). User accounts and the change
history are not included.
"""

from django.core.management.base import BaseCommand

from content import backup


class Command(BaseCommand):
    help = "Export all content and logo files to one .tar.gz archive (which must not exist yet)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the new archive, for example content.tar.gz")

    def handle(self, *args, archive, **options):
        summary = backup.export(archive)
        self.stdout.write(
            f"Exported {backup.describe(summary['counts'])} and {summary['files']} logo file(s) "
            f"to {summary['path']} (content schema {summary['schema']})."
        )
