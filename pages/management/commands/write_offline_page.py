"""Write the page the reverse proxy shows when the app cannot answer at all.

The proxy (deploy/nginx/) serves cached pages when the app is down; for an address it has
never cached it falls back to this file. It is rendered from the current content (the
helpline number, hours, self-help link), so run it after every release and every few
minutes from cron: `python manage.py write_offline_page /srv/campaign/offline.html`.
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.template.loader import render_to_string

from pages.views import error_context


class Command(BaseCommand):
    help = "Write a static HTML page with the helpline, for the proxy to show when the app is down."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the page, for example /srv/campaign/offline.html")

    def handle(self, *args, path, **options):
        # Shown when the app is down, so help links go straight out rather than via /go/.
        html = render_to_string("error.html", error_context(None, 503, direct_links=True))
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed, so the proxy never reads half a file.
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".offline-", suffix=".html")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(html)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        self.stdout.write(f"Wrote {target} ({len(html.encode())} bytes).")
