"""Print nginx's copy of the bot rules: python manage.py nginx_bot_map > deploy/nginx/countable.map

The proxy decides whether a request it answered from its cache was a person's view with
the same markers the app uses (reach.counter.BOT_MARKERS). A test compares the committed
file with this command's output, so the two cannot drift apart.
"""

from django.core.management.base import BaseCommand

from reach.proxylog import nginx_countable_map


class Command(BaseCommand):
    help = "Print the nginx map (deploy/nginx/countable.map) generated from reach.counter.BOT_MARKERS."

    def handle(self, *args, **options):
        self.stdout.write(nginx_countable_map(), ending="")
