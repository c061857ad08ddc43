"""Delete staff sign-in records (which hold addresses) past their retention, and expired sessions.

Run hourly from cron or a scheduler:  python manage.py prune_security_records
Records are also pruned whenever someone signs in or fails to; this catches quiet spells.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from content.staff_security import prune_security_records


class Command(BaseCommand):
    help = "Delete failed sign-in records older than AXES_RECORD_RETENTION_HOURS and expired staff sessions."

    def handle(self, *args, **options):
        counts = prune_security_records()
        summary = ", ".join(f"{number} {what}" for what, number in counts.items())
        self.stdout.write(
            f"Deleted {summary} (older than {settings.AXES_RECORD_RETENTION_HOURS} hours); "
            "expired staff sessions cleared."
        )
