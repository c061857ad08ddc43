"""Print what comms staff need to check or update, for a scheduled check.

Exits with status 1 when anything is overdue (so cron or CI can alert), 0 otherwise.
The admin home page shows the same list.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from content import health


class Command(BaseCommand):
    help = "List content that needs checking (exit status 1 when anything is overdue)."

    def handle(self, *args, **options):
        items = health.overdue()
        if not items:
            self.stdout.write("Content health: nothing needs attention.")
            return
        noun = "thing needs" if len(items) == 1 else "things need"
        self.stdout.write(f"Content health: {len(items)} {noun} attention.")
        for item in items:
            self.stdout.write(f"- {item.message}")
            self.stdout.write(f"  {settings.SITE_URL}{item.url}")
        self.stdout.flush()
        sys.exit(1)
