"""When the shared cache or the database fails, this process leaves it alone for a while.

Every part of a public request that reads the cache or the database (the content
snapshot, poster codes, partner placements, reach counts) asks the same two pauses, so a
Redis that hangs or a database that is down costs one attempt now and then, not one per
request, and a page is served from what the process already holds.
"""

import time

from django.conf import settings

# Redis (or the file cache) is tried again this soon after failing.
CACHE_RETRY_SECONDS = 5


class Pause:
    """A pause after a failure: `active()` says whether to leave the backend alone."""

    def __init__(self, seconds=None, setting=""):
        self._seconds, self._setting = seconds, setting
        self.until = 0.0

    def active(self) -> bool:
        return time.monotonic() < self.until

    def start(self) -> None:
        seconds = getattr(settings, self._setting) if self._setting else self._seconds
        self.until = time.monotonic() + seconds

    def end(self) -> None:
        self.until = 0.0


cache = Pause(CACHE_RETRY_SECONDS)
database = Pause(setting="CONTENT_DB_RETRY_SECONDS")
