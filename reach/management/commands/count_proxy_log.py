"""Add the page views nginx answered from its cache to the daily totals.

Run every few minutes from cron, on the live count log and the one logrotate last moved
aside (which may have gained lines since the previous run):

    python manage.py count_proxy_log /var/log/nginx/campaign-count.log /var/log/nginx/campaign-count.log.1

Each file is remembered by its first line and read on from where the last run stopped, so
running it again, or on a renamed file, never counts a line twice. See reach/proxylog.py.
"""

from django.core.management.base import BaseCommand

from reach import counter
from reach.proxylog import count_file


class Command(BaseCommand):
    help = "Count views that nginx served from its cache (its count log) towards the daily page views."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="Count-log files, e.g. campaign-count.log and campaign-count.log.1"
        )
        parser.add_argument(
            "--source",
            default="",
            help="With several proxies, a name for the one that wrote these files (e.g. its host name).",
        )

    def handle(self, *args, paths, source, **options):
        counting = counter.counting_on()
        if not counting:
            self.stdout.write("REACH_COUNTING is off: lines are read past but nothing is counted.")
        for path in paths:
            report = count_file(path, source=source, counting=counting)
            self.stdout.write(report.summary())
            # Bad lines mean the log format and this parser disagree: say so where cron
            # mails it, with where they are but not what they hold.
            for offset, reason in report.bad_listed:
                self.stderr.write(f"{path}: bad line at byte {offset}: {reason}")
            if report.bad > len(report.bad_listed):
                self.stderr.write(f"{path}: {report.bad - len(report.bad_listed)} more bad lines")
