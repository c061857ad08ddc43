"""Counting without tracking, and without threads.

`record()` adds one to a daily total, keyed by what is counted (a page's address, a help
link, a poster code) and the day in UK time. Nothing about the visitor is part of the key
or ever stored. Keys come from short fixed lists (public pages, help links, active codes),
so what waits to be saved stays small.

* With Redis (settings.REDIS_URL) each count is one HINCRBY in Redis, at once: nothing is
  held in the worker, so a worker that is killed loses nothing already counted.
* Without Redis (one machine, the local file cache) counts wait in this process's memory;
  gunicorn's worker_exit hook saves them when a worker stops.

At the end of a request (Django's request_finished signal, sent once the response has been
handed to the server) a process that has not saved for REACH_FLUSH_SECONDS moves what is
pending into the database in one short transaction. If that fails the counts stay pending,
and the process leaves the database alone for RETRY_SECONDS, twice as long after each
further failure (at most MAX_RETRY_SECONDS), so a database that hangs costs a worker a few
seconds now and then, not on every request.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
import uuid
from collections import Counter
from functools import cache

import redis
from django.conf import settings
from django.core.signals import request_finished
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from content import outages

logger = logging.getLogger(__name__)

RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 600
# Counts taken from Redis by a worker that died before saving them are put back after this.
ORPHAN_SECONDS = 300

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


def counting_on() -> bool:
    return settings.REACH_COUNTING


def write(batch: dict) -> None:
    """Add {(kind, day, key): n} to the database in one short transaction.

    Keys are written in sorted order so that two workers saving at once take their row
    locks in the same order (no deadlock on PostgreSQL).
    """
    from reach.models import DailyClickCount, DailyCodeCount, DailyPageCount

    tables = {PAGE: (DailyPageCount, "path", "views"), CLICK: (DailyClickCount, "slug", "clicks")}
    tables[CODE] = (DailyCodeCount, "code", "visits")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # counting is never worth a stuck worker
                cursor.execute("SET LOCAL statement_timeout = '2s'")
        for (kind, day, key), n in sorted(batch.items()):
            model, key_field, count_field = tables[kind]
            rows = model.objects.filter(day=day, **{key_field: key})
            if rows.update(**{count_field: F(count_field) + n}):
                continue
            try:
                with transaction.atomic():
                    model.objects.create(day=day, **{key_field: key, count_field: n})
            except IntegrityError:  # another worker created the row a moment ago
                rows.update(**{count_field: F(count_field) + n})


@cache
def _client(url: str):
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def _redis():
    """A client of our own (not the cache backend's private one), or None without Redis or
    while Redis is failing (content.outages: the same pause as the shared cache's)."""
    return _client(settings.REDIS_URL) if settings.REDIS_URL and not outages.cache.active() else None


def _pending_key() -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:reach:pending"


class _Process:
    local = Counter()  # waiting in this process (no Redis, or Redis failing)
    saved_at = 0.0
    resting_until = 0.0
    failures = 0


def record(kind: str, key: str) -> None:
    """Count one view, click or code visit. Never raises, never waits on the database."""
    item = (kind, timezone.localdate(timezone=timezone.get_default_timezone()), key)
    if client := _redis():
        try:
            client.hincrby(_pending_key(), f"{kind}|{item[1].isoformat()}|{key}", 1)
            return
        except redis.RedisError:
            outages.cache.start()
            logger.warning("Reach count kept in memory: Redis unavailable")
    _Process.local[item] += 1


def _take_from_redis(client) -> tuple[Counter, list[str]]:
    """Take what is pending in Redis, renamed away so that no count is taken twice, with
    anything a worker that died took and never saved."""
    pending, now = _pending_key(), int(time.time())
    names = [f"{pending}:taken:{now}:{uuid.uuid4().hex}"]
    try:
        client.rename(pending, names[0])
    except redis.ResponseError:  # nothing pending
        names = []
    for orphan in client.scan_iter(match=f"{pending}:taken:*"):
        if now - int(orphan.decode().split(":")[-2]) > ORPHAN_SECONDS:
            names.append(f"{pending}:taken:{now}:{uuid.uuid4().hex}")
            try:
                client.rename(orphan, names[-1])  # only one worker can claim it
            except redis.ResponseError:
                names.pop()
    taken = Counter()
    for name in names:
        for field, n in client.hgetall(name).items():
            kind, day, key = field.decode().split("|", 2)
            taken[(kind, datetime.date.fromisoformat(day), key)] += int(n)
    return taken, names


def flush() -> bool:
    """Save what is pending now. Returns False if it could not be saved (it stays pending)."""
    _Process.saved_at = time.monotonic()
    local, _Process.local = _Process.local, Counter()
    client, taken, names = _redis(), Counter(), []
    if client:
        try:
            taken, names = _take_from_redis(client)
        except redis.RedisError:
            outages.cache.start()
            logger.warning("Reach counts in Redis not saved this time: Redis unavailable")
    try:
        if local or taken:
            write(local + taken)
    except Exception as exc:  # the database (or anything else): never let it spread
        _Process.failures += 1
        rest = min(MAX_RETRY_SECONDS, RETRY_SECONDS * 2 ** (_Process.failures - 1))
        _Process.resting_until = time.monotonic() + rest
        _Process.local.update(local)
        logger.warning("Reach counts not saved (%s); kept for later", type(exc).__name__)
        saved = False
    else:
        _Process.failures, saved = 0, True
    for name in names:
        try:  # saved: forget them; not saved: back where every worker can save them
            if not saved:
                for field, n in client.hgetall(name).items():
                    client.hincrby(_pending_key(), field, int(n))
            client.delete(name)
        except redis.RedisError:  # left as it is: claimed again once ORPHAN_SECONDS pass
            logger.warning("Could not settle reach counts taken from Redis")
    return saved


def flush_if_due(**kwargs) -> None:
    now = time.monotonic()
    if now - _Process.saved_at >= settings.REACH_FLUSH_SECONDS and now >= _Process.resting_until:
        flush()


def pending() -> dict:
    """What this process holds in memory, not yet saved (for tests and the report)."""
    return dict(_Process.local)


def reset() -> None:
    """Forget this process's pending counts and any back-off (tests)."""
    _Process.local, _Process.resting_until, _Process.failures, _Process.saved_at = Counter(), 0.0, 0, 0.0


request_finished.connect(flush_if_due, dispatch_uid="reach-flush")
