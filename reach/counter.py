"""Counting in memory, saving in batches, never at the visitor's expense.

A request only adds one to a number in this process's memory, under a key made of what
is counted (a page, a help link, a poster code) and the day in UK time. Nothing about the
visitor is part of the key or ever stored. A background thread (one per worker process)
saves the numbers to the database every FLUSH_SECONDS, sooner if FLUSH_BATCH counts are
waiting, and once more when the process exits.

If the database is down or refuses the write, the page has long been served: the thread
keeps the counts (up to MAX_KEYS different keys, so memory stays bounded), logs one line
with no request data, and waits RETRY_SECONDS before trying again.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import os
import re
import threading
import time

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 10
FLUSH_BATCH = 10_000
RETRY_SECONDS = 30
# Keys are a kind, a day and one of a short, fixed list of pages, help links and codes, so
# this is only reached if the database has been down for weeks.
MAX_KEYS = 10_000

PAGE, CLICK, CODE = "page", "click", "code"

# Scripts, crawlers, link previews, monitors and automated browsers (our own browser tests
# use HeadlessChrome, which is rightly not a visitor). Real browsers always send a
# User-Agent, so an empty one is not counted either. Matched against the lower-cased
# string: with re.IGNORECASE this alternation costs ~40 µs a request, without it ~2 µs.
BOT_MARKERS = (
    "bot", "crawl", "spider", "slurp", "archiv", "scan", "monitor", "uptime", "preview", "fetch",
    "curl", "wget", "httpie", "python", "java/", "go-http", "okhttp", "axios", "node", "libwww",
    "perl", "ruby", "php", "headless", "lighthouse", "phantom", "selenium", "puppeteer",
    "playwright", "facebookexternalhit", "validator", "checker", "http://", "https://",
)  # fmt: skip
_BOT = re.compile("|".join(re.escape(marker) for marker in BOT_MARKERS))


def looks_automated(agent: str) -> bool:
    return not agent or _BOT.search(agent.lower()) is not None


def countable_visitor(request) -> bool:
    """True for what looks like a person's browser: a browser User-Agent, not a prefetch."""
    if looks_automated(request.META.get("HTTP_USER_AGENT", "")):
        return False
    # Speculative prefetch and prerender are not views (the page may never be shown).
    purpose = request.META.get("HTTP_SEC_PURPOSE", "") or request.META.get("HTTP_PURPOSE", "")
    return "prefetch" not in purpose.lower()


_day = {"value": None, "from": 0.0, "until": 0.0}


def today() -> datetime.date:
    """Today's date in UK time, worked out once a day rather than on every request."""
    now = time.time()
    if not _day["from"] <= now < _day["until"]:
        zone = timezone.get_default_timezone()
        local = datetime.datetime.fromtimestamp(now, zone)
        midnight = datetime.datetime.combine(local.date(), datetime.time(0), tzinfo=zone)
        following = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), datetime.time(0), tzinfo=zone
        )
        _day.update(value=local.date(), until=following.timestamp(), **{"from": midnight.timestamp()})
    return _day["value"]


def counting_on() -> bool:
    return settings.REACH_COUNTING


def _models():
    from reach.models import DailyClickCount, DailyCodeCount, DailyPageCount

    return {
        PAGE: (DailyPageCount, "path", "views"),
        CLICK: (DailyClickCount, "slug", "clicks"),
        CODE: (DailyCodeCount, "code", "visits"),
    }


def write(batch: dict) -> None:
    """Add a batch of counts to the database in one short transaction.

    Keys are written in sorted order so that two workers flushing at once take their row
    locks in the same order (no deadlock on PostgreSQL).
    """
    kinds = _models()
    with transaction.atomic():
        for (kind, day, key), n in sorted(batch.items()):
            model, key_field, count_field = kinds[kind]
            rows = model.objects.filter(day=day, **{key_field: key})
            if rows.update(**{count_field: F(count_field) + n}):
                continue
            try:
                with transaction.atomic():
                    model.objects.create(day=day, **{key_field: key, count_field: n})
            except IntegrityError:  # another worker created the row a moment ago
                rows.update(**{count_field: F(count_field) + n})


class Counter:
    """This process's pending counts and the thread that saves them."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: dict[tuple, int] = {}
        self._total = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._thread_pid: int | None = None
        self._atexit_pid: int | None = None
        self.retry_at = 0.0
        # Tests turn this off and call flush() themselves.
        self.autostart = True

    # --- the request side: cheap, never touches the database ----------------
    def add(self, kind: str, key: str) -> None:
        item = (kind, today(), key)
        with self._lock:
            count = self._pending.get(item)
            if count is None and len(self._pending) >= MAX_KEYS:
                return
            self._pending[item] = (count or 0) + 1
            self._total += 1
            due = self._total >= FLUSH_BATCH
        if self.autostart and (self._thread_pid != os.getpid() or not self._thread.is_alive()):
            self._start_thread()
        if due and not self._wake.is_set() and time.monotonic() >= self.retry_at:
            self._wake.set()

    def pending(self) -> dict:
        with self._lock:
            return dict(self._pending)

    # --- the saving side ------------------------------------------------------
    def _take(self) -> dict:
        with self._lock:
            batch, self._pending, self._total = self._pending, {}, 0
        return batch

    def _give_back(self, batch: dict) -> None:
        with self._lock:
            for item, n in batch.items():
                if item in self._pending or len(self._pending) < MAX_KEYS:
                    self._pending[item] = self._pending.get(item, 0) + n
                    self._total += n

    def flush(self) -> bool:
        """Save what is pending. Returns False if the database failed (counts are kept)."""
        if time.monotonic() < self.retry_at:
            return False
        batch = self._take()
        if not batch:
            return True
        try:
            write(batch)
        except Exception as exc:  # the database (or anything else): never let it spread
            self.retry_at = time.monotonic() + RETRY_SECONDS
            self._give_back(batch)
            logger.warning(
                "Reach counts not saved (%s); keeping %d for another try in %d s",
                type(exc).__name__,
                sum(batch.values()),
                RETRY_SECONDS,
            )
            return False
        return True

    def reset(self) -> None:
        """Forget pending counts and any back-off (for tests)."""
        with self._lock:
            self._pending, self._total = {}, 0
        self.retry_at = 0.0

    def _start_thread(self) -> None:
        with self._lock:
            pid = os.getpid()
            if self._thread_pid == pid and self._thread is not None and self._thread.is_alive():
                return
            # A forked worker inherits neither the thread nor (usefully) the parent's counts.
            if self._thread_pid is not None and self._thread_pid != pid:
                self._pending, self._total = {}, 0
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="reach-flush", daemon=True)
            self._thread_pid = pid
            self._thread.start()
            if self._atexit_pid != pid:
                self._atexit_pid = pid
                atexit.register(self._flush_at_exit)

    def stop(self, timeout: float = 5.0) -> None:
        """Save what is pending and end the thread (tests; a clean shutdown)."""
        thread = self._thread
        if thread is None or not thread.is_alive() or self._thread_pid != os.getpid():
            return
        self._stop.set()
        self._wake.set()
        thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            wait = max(FLUSH_SECONDS, self.retry_at - time.monotonic())
            self._wake.wait(wait)
            self._wake.clear()
            self._flush_in_thread()
        connections.close_all()  # this thread's connections only

    def _flush_in_thread(self) -> None:
        # This thread has its own database connection; drop it when broken or too old.
        close_old_connections()
        try:
            self.flush()
        finally:
            close_old_connections()

    def _flush_at_exit(self) -> None:
        if os.getpid() != self._atexit_pid:
            return
        if not self.flush():
            lost = sum(self.pending().values())
            if lost:
                logger.warning("Reach counts not saved at exit; %d discarded", lost)


counter = Counter()


def record(kind: str, key: str) -> None:
    """Count one view, click or code visit. Never raises, never waits on the database."""
    try:
        counter.add(kind, key)
    except Exception:  # pragma: no cover - counting must never break a response
        logger.warning("Reach count skipped after an internal error")
