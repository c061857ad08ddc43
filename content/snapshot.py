"""One immutable snapshot of everything the public sees, kept in the shared cache.

Public pages call `get_snapshot()` and never query the database themselves:

* the snapshot lives in the shared cache (Redis or the local file cache) under a
  version key, and each process keeps its own copy, so a warm request costs one small
  read of the version (with Redis, usually not even that: see _VersionWatch) and no SQL;
* every admin save rebuilds it (`publish()`, wired to model signals), bumping the
  version, so the next request on every worker and instance sees the change;
* if the database is down, the last snapshot keeps being served, and the database is
  tried again at most every CONTENT_DB_RETRY_SECONDS; with no snapshot at all (a fresh
  instance and no database) the seed defaults are used, so the helpline number is always
  on the page;
* if the cache is down, each process serves its own copy and re-reads the database every
  few seconds; when the cache is back, it is republished from the database.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from content import defaults, hours, phones

logger = logging.getLogger(__name__)

VERSION_KEY = "content:snapshot:version"
SNAPSHOT_KEY = "content:snapshot"
# After the database fails, wait this long before trying it again from a public page.
DB_RETRY_SECONDS = 30


@dataclass(frozen=True)
class HelplineInfo:
    name: str
    phone_display: str
    phone_tel: str
    phone_note: str
    ireland_display: str
    ireland_tel: str
    selfhelp_name: str
    selfhelp_url: str
    live_chat_url: str
    secure_email_url: str
    languages_note: str
    interpreter_note: str
    confidentiality_text: str
    details_last_verified: datetime.date | None
    hours_last_verified: datetime.date | None


@dataclass(frozen=True)
class ServiceInfo:
    slug: str
    name: str
    group: str
    url: str
    phone: str
    phone_tel: str


@dataclass(frozen=True)
class PartnerInfo:
    name: str
    url: str
    logo_url: str
    logo_width: int | None
    logo_height: int | None
    alt_text: str


@dataclass(frozen=True)
class FigureInfo:
    value: int
    label: str
    period: str
    source: str
    source_url: str
    last_verified: datetime.date | None
    show_on_home: bool


@dataclass(frozen=True)
class LegalInfo:
    title: str
    body: str


@dataclass(frozen=True)
class SiteInfo:
    accessibility_contact_email: str
    accessibility_prepared_on: datetime.date
    accessibility_reviewed_on: datetime.date
    accessibility_next_review: datetime.date


@dataclass(frozen=True)
class Snapshot:
    version: str
    source: str  # "database" or "defaults"
    helpline: HelplineInfo
    periods: tuple[hours.Period, ...]
    closures: tuple[hours.ClosureDates, ...]
    services: dict[str, ServiceInfo] = field(default_factory=dict)
    partners: tuple[PartnerInfo, ...] = ()
    figures: tuple[FigureInfo, ...] = ()
    legal_points: tuple[LegalInfo, ...] = ()
    site: SiteInfo | None = None

    def status(self, moment: datetime.datetime) -> hours.Status:
        return hours.status_at(moment, self.periods, self.closures)

    @property
    def home_figures(self):
        return tuple(f for f in self.figures if f.show_on_home)

    def services_in(self, group: str):
        return tuple(s for s in self.services.values() if s.group == group)


def _helpline_info(h) -> HelplineInfo:
    """Build HelplineInfo from a Helpline model instance or the defaults dict."""
    get = (lambda k: h.get(k)) if isinstance(h, dict) else (lambda k: getattr(h, k))
    phone = get("phone")
    ireland = get("ireland_phone")
    return HelplineInfo(
        name=get("name"),
        phone_display=phones.grouped(phone, get("phone_display")),
        phone_tel=phones.tel_href(phone),
        phone_note=get("phone_note"),
        ireland_display=phones.grouped(ireland, get("ireland_phone_display")) if ireland else "",
        ireland_tel=phones.tel_href(ireland) if ireland else "",
        selfhelp_name=get("selfhelp_name"),
        selfhelp_url=get("selfhelp_url"),
        live_chat_url=get("live_chat_url"),
        secure_email_url=get("secure_email_url"),
        languages_note=get("languages_note"),
        interpreter_note=get("interpreter_note"),
        confidentiality_text=get("confidentiality_text"),
        details_last_verified=get("details_last_verified"),
        hours_last_verified=get("hours_last_verified"),
    )


def _service(slug, name, group, url, phone) -> ServiceInfo:
    return ServiceInfo(
        slug=slug,
        name=name,
        group=group,
        url=url,
        phone=phone,
        phone_tel=phones.short_tel_href(phone) if phone else "",
    )


def default_snapshot() -> Snapshot:
    """The seed content as a snapshot: the floor the site never falls below."""
    return Snapshot(
        version="defaults",
        source="defaults",
        helpline=_helpline_info(defaults.HELPLINE),
        periods=tuple(hours.Period(*p) for p in defaults.OPENING_PERIODS),
        closures=(),
        services={s[0]: _service(*s[:5]) for s in defaults.HELP_SERVICES},
        partners=tuple(PartnerInfo(name, url, "", None, None, "") for name, url, _o in defaults.PARTNERS),
        figures=tuple(FigureInfo(**{k: v for k, v in f.items() if k != "order"}) for f in defaults.FIGURES),
        legal_points=(),
        site=SiteInfo(
            "", datetime.date(2026, 11, 25), datetime.date(2026, 11, 25), datetime.date(2027, 11, 25)
        ),
    )


def _logo_url(name: str) -> str:
    """Logos are served by the app itself (pages.media), whatever the storage: a URL on
    this site, never the bucket's, so public pages make no request to another host."""
    from django.urls import reverse

    return reverse("upload", kwargs={"name": name})


def build_from_database(version: str | None = None) -> Snapshot:
    """Read every public record in a handful of queries. Raises DatabaseError if down."""
    from content.models import (
        Closure,
        Figure,
        Helpline,
        HelpService,
        LegalPoint,
        OpeningPeriod,
        Partner,
        SiteSettings,
    )

    helpline = Helpline.objects.filter(pk=1).first()
    if helpline is None:
        # Not seeded yet: show the defaults rather than an empty page.
        return dataclasses.replace(default_snapshot(), version=version or uuid.uuid4().hex)
    site = SiteSettings.objects.filter(pk=1).first()
    return Snapshot(
        version=version or uuid.uuid4().hex,
        source="database",
        helpline=_helpline_info(helpline),
        periods=tuple(
            hours.Period(p.weekday, p.opens, p.closes)
            for p in OpeningPeriod.objects.filter(helpline=helpline)
        ),
        closures=tuple(
            hours.ClosureDates(c.start_date, c.end_date, c.reason)
            for c in Closure.objects.filter(helpline=helpline)
        ),
        services={
            s.slug: _service(s.slug, s.name, s.group, s.url, s.phone) for s in HelpService.objects.all()
        },
        partners=tuple(
            PartnerInfo(
                p.name,
                p.url,
                _logo_url(p.logo.name) if p.logo else "",
                p.logo_width,
                p.logo_height,
                p.alt_text,
            )
            for p in Partner.objects.filter(visible=True)
        ),
        figures=tuple(
            FigureInfo(f.value, f.label, f.period, f.source, f.source_url, f.last_verified, f.show_on_home)
            for f in Figure.objects.all()
        ),
        legal_points=tuple(
            LegalInfo(lp.title, lp.body)
            for lp in LegalPoint.objects.filter(status=LegalPoint.Status.APPROVED)
        ),
        site=(
            SiteInfo(
                site.accessibility_contact_email,
                site.accessibility_prepared_on,
                site.accessibility_reviewed_on,
                site.accessibility_next_review,
            )
            if site
            else default_snapshot().site
        ),
    )


_lock = threading.Lock()
_process = {
    "snapshot": None,  # this process's copy
    "local_built_at": 0.0,  # when this process last built it from the database
    "db_failed_at": 0.0,
    "cache_failed_at": 0.0,
    "republish": False,  # the cache failed since this process last published
}
# With the shared cache down: retry it at most this often (a dead Redis must not cost
# every request a connection attempt), and meanwhile re-read the database at most this
# often, so a save made during the outage still reaches every process within seconds.
CACHE_RETRY_SECONDS = 2
CACHE_DOWN_REFRESH_SECONDS = 5
# Publishing (read the database, then write the cache) runs under a shared lock, so two
# saves made at the same moment on different instances cannot end with the older
# content written last.
PUBLISH_LOCK_KEY = "content:snapshot:publish-lock"
PUBLISH_LOCK_WAIT_SECONDS = 5


def _db_retry_seconds() -> float:
    """After the database fails, wait this long before a public page tries it again."""
    return getattr(settings, "CONTENT_DB_RETRY_SECONDS", DB_RETRY_SECONDS)


class CacheDown(Exception):
    pass


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # the cache server itself is down: keep serving from memory
        if not _process["cache_failed_at"]:
            logger.warning("Shared cache unavailable: serving this process's copy of the content")
        _process["cache_failed_at"] = time.monotonic()
        # Saves made while it is down reach only the database; once it is back, what it
        # holds may be older than that, so this process publishes afresh first.
        _process["republish"] = True
        raise CacheDown from None


def _cache_set_many(values) -> bool:
    try:
        cache.set_many(values, timeout=None)
        return True
    except Exception:
        logger.warning("Shared cache unavailable while publishing the content snapshot")
        return False


class _PublishLock:
    """A best-effort lock shared by every process (cache.add is atomic in Redis).

    If the cache is down or the lock is not released in time, publishing goes ahead
    anyway: a rare double publish is better than a save that never shows.
    """

    def __enter__(self):
        self.token = uuid.uuid4().hex
        self.held = False
        deadline = time.monotonic() + PUBLISH_LOCK_WAIT_SECONDS
        try:
            while not (held := cache.add(PUBLISH_LOCK_KEY, self.token, timeout=30)):
                if time.monotonic() > deadline:
                    logger.warning("Publishing the content snapshot without the lock (timed out)")
                    break
                time.sleep(0.02)
            self.held = held
        except Exception:
            logger.warning("Publishing the content snapshot without the lock (cache unavailable)")
        return self

    def __exit__(self, *exc):
        if self.held:
            try:
                if cache.get(PUBLISH_LOCK_KEY) == self.token:
                    cache.delete(PUBLISH_LOCK_KEY)
            except Exception:
                logger.warning("Could not release the snapshot publishing lock; it expires by itself")


# --- Redis only: knowing the version is unchanged without asking --------------------
ANNOUNCE_CHANNEL = "content:snapshot:published"
# Without an announcement, a worker still re-reads the version key this often: the net
# under a subscription that died without a word.
WATCH_TRUST_SECONDS = 1.0
# After trouble with the subscription, read the version key on every request for this
# long before subscribing again.
WATCH_RETRY_SECONDS = 10.0


def _redis_client():
    """The redis-py client behind Django's cache, or None for any other backend."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None, None
    return backend._cache.get_client(write=True), backend.make_key(ANNOUNCE_CHANNEL)


class _VersionWatch:
    """Saves a Redis round trip on every page view, without giving up "the next request".

    Reading the version key costs a round trip to Redis on every request: more than the
    rest of a page-cache hit put together. Instead, publish() announces each new version
    on a Redis channel right after writing it, and each worker process keeps one
    subscription. On a page view the worker looks, without waiting, for an announcement
    already delivered to its socket: Redis sends it out no later than its reply to the
    publisher, so it is there before the editor's browser can even ask for the next
    page. No announcement, and the version key was read less than WATCH_TRUST_SECONDS
    ago: this process's copy is current. An announcement, an older read, or any trouble
    with the subscription: read the version key, as with every other cache backend.
    """

    def __init__(self):
        self.pid = None
        self.pubsub = None
        self.checked_at = 0.0  # when the version key last matched this process's copy
        self.failed_at = 0.0
        self.reconnected = False
        self.lock = threading.Lock()

    def unchanged(self, now: float) -> bool:
        if not self.lock.acquire(blocking=False):
            return False  # another thread is looking (threaded workers): just ask Redis
        try:
            return self._unchanged(now)
        except Exception:
            self._drop(now)
            return False
        finally:
            self.lock.release()

    def _unchanged(self, now: float) -> bool:
        if self.pid != os.getpid():  # a forked worker: its parent's socket is not its own
            self.pid, self.pubsub, self.checked_at = os.getpid(), None, 0.0
        if self.pubsub is None:
            if (
                now - self.failed_at < WATCH_RETRY_SECONDS
                or now - _process["cache_failed_at"] < CACHE_RETRY_SECONDS
            ):
                return False
            self._subscribe()
            return False  # read the version key once, now that announcements are heard
        heard = False
        while self.pubsub.get_message(timeout=0) is not None:
            heard = True  # an announcement, or the re-subscription after a reconnect
        if not self.pubsub.connection.is_connected:
            raise ConnectionError("the subscription's connection is gone")
        if self.reconnected:  # announcements made meanwhile were lost
            self.reconnected = False
            return False
        return not heard and now - self.checked_at < WATCH_TRUST_SECONDS

    def _subscribe(self):
        client, channel = _redis_client()
        if client is None:
            self.failed_at = float("inf")  # not Redis: never watch
            return
        self.checked_at = 0.0  # only a read made after subscribing counts
        pubsub = client.pubsub()
        pubsub.subscribe(channel)
        # Wait for Redis to confirm, so that no announcement can fall between the
        # subscription and the version read that follows it.
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=0.1)
            if message and message.get("type") == "subscribe":
                self.pubsub, self.reconnected = pubsub, False
                pubsub.connection.register_connect_callback(self._on_reconnect)
                return
        pubsub.close()
        raise TimeoutError("no confirmation of the subscription")

    def _on_reconnect(self, connection):
        self.reconnected = True

    def checked(self, now: float):
        self.checked_at = now

    def _drop(self, now: float):
        if self.pubsub is not None:
            try:
                self.pubsub.close()
            except Exception:
                logger.debug("Closing the snapshot subscription failed", exc_info=True)
        self.pubsub, self.checked_at, self.failed_at = None, 0.0, now
        logger.warning("Snapshot announcements unavailable: reading the version on each request")

    def forget(self):
        if self.pubsub is not None and self.pid == os.getpid():
            try:
                self.pubsub.close()
            except Exception:
                logger.debug("Closing the snapshot subscription failed", exc_info=True)
        self.pubsub, self.checked_at, self.failed_at, self.pid = None, 0.0, 0.0, None


_watch = _VersionWatch()


def _announce(version: str):
    client, channel = _redis_client()
    if client is None:
        return
    try:
        client.publish(channel, version)
    except Exception:
        # Other workers then see the change within WATCH_TRUST_SECONDS.
        logger.warning("Could not announce the new content snapshot")


def publish() -> Snapshot:
    """Rebuild the snapshot from the database and share it. Called after every admin save.

    Raises DatabaseError if the database is unavailable (the shared snapshot is then left
    as it was).
    """
    with _lock, _PublishLock():
        snap = build_from_database()
        # The snapshot is written before its version, so a reader that sees the new
        # version also finds the new snapshot (Redis writes both at once anyway).
        shared = _cache_set_many({SNAPSHOT_KEY: snap, VERSION_KEY: snap.version})
    _process["snapshot"] = snap
    _process["local_built_at"] = time.monotonic()
    if shared:
        _process.update(cache_failed_at=0.0, republish=False)
        _announce(snap.version)
    # Drop this process's rendered pages at once; other processes notice the new version.
    from pages import page_cache

    page_cache.clear()
    return snap


def _shared(version):
    """The shared snapshot if it is the given version, else None."""
    try:
        shared = _cache_get(SNAPSHOT_KEY)
    except CacheDown:
        return None
    if shared is not None and shared.version == version:
        _process["snapshot"] = shared
        _watch.checked(time.monotonic())
        return shared
    return None


def get_snapshot() -> Snapshot:
    """The current public content. Never raises; never waits long on a dead database.

    Warm path: one read of the shared version key, compared with this process's copy
    (with Redis, a look at the announcements already received instead).
    """
    local = _process["snapshot"]
    now = time.monotonic()
    if local is not None and not _process["republish"] and _watch.unchanged(now):
        return local  # Redis only: no new version announced, and the last read is recent
    version = None
    cache_up = False
    if now - _process["cache_failed_at"] >= CACHE_RETRY_SECONDS:
        try:
            version = _cache_get(VERSION_KEY)
            cache_up = True
        except CacheDown:
            pass
    db_resting = now - _process["db_failed_at"] < _db_retry_seconds()
    if cache_up and version is not None and (not _process["republish"] or db_resting):
        if local is not None and local.version == version:
            _watch.checked(now)
            return local
        if _process["republish"] and local is not None:
            return local  # fresher than the cache's copy; publish once the database answers
        if (shared := _shared(version)) is not None:
            return shared
    elif not cache_up:
        if local is not None and now - _process["local_built_at"] < CACHE_DOWN_REFRESH_SECONDS:
            return local
    # Nothing usable in the cache (first start, flushed, down, or back after an outage).
    if db_resting:
        return local or default_snapshot()
    try:
        return publish()
    except Exception as error:  # DatabaseError above all; a public page must never fail here
        _process["db_failed_at"] = time.monotonic()
        if isinstance(error, DatabaseError):
            logger.error("Database unavailable: serving the last known content")
        else:
            logger.exception("Could not build the content snapshot")
        return local or default_snapshot()


def forget_local():
    """For tests: drop this process's copy and every back-off."""
    _process.update(snapshot=None, local_built_at=0.0, db_failed_at=0.0, cache_failed_at=0.0, republish=False)
    _watch.forget()
